"""Bulk import of introductions and of flexible talents' working periods from .xlsx (第十二条), and
export of the same lists.

How an import runs (tasks.run_import → jobs.run_import_job → domain), and the choices made:

- The app hands out the template (templates.py): Chinese headers, an example row, drop-down lists
  from the enums and the channel / industry-chain tables, date columns formatted as dates.
- Reading (parsing.py) maps the header row to columns by their Chinese label, so the order of the
  columns does not matter; the template's example row is skipped.
- Checking (domain.py) first looks everything up in bulk (talents by ID number, units by credit
  code, channels, chains, current introductions), then runs the domain's own declaration
  (`declare_introduction`, `log_work_period`) for every row inside a transaction that is rolled
  back, one savepoint per row, so 第七条/第八条 are checked by the same code as the form and no rule
  is written twice. Progress is saved every CHUNK rows, between those transactions.
- Only when no row is wrong are the rows written, all in one transaction: one bad row, nothing
  written. While that transaction runs its progress is not visible in the database, so it is
  published through huey's key-value store (progress.py).
- The talent must already be in the registry and at the importing unit: a unit cannot create a
  person from a name and an ID number alone (the registry needs education and more, and a person
  registered elsewhere may only be linked by the talent office). Such a row is refused with a
  reason.
- A person twice in one file, or a talent who already has an introduction at that unit that has not
  ended, is refused: importing the same file twice must not double the records. For working
  periods, the same period twice (in the file or already logged) is refused likewise.
- Imported introductions are drafts: the unit uploads the contract (全职) and submits each one for
  review on the introduction's page.
"""
