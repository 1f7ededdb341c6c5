"""The audit log belongs to the audit administrator (三员分立): reading, exporting, verifying and
archiving it. Per-record history on business pages (`history_of`) follows the record's own rules."""

import rules

from yingcai.accounts.rules import is_audit_admin

rules.add_perm("audit.view_log", is_audit_admin)
rules.add_perm("audit.export_log", is_audit_admin)
rules.add_perm("audit.verify_log", is_audit_admin)
rules.add_perm("audit.archive_log", is_audit_admin)
