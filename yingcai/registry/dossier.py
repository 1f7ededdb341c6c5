"""一人一档: one record per person, gathered from every flow that knows the talent.

The registry sits below the policy apps and never imports them. Each app that holds records of a
talent contributes a *section* instead, by registering a function when Django starts:

    # yingcai/<app>/dossier.py
    from yingcai.registry.dossier import DossierEvent, DossierRow, DossierSection, register_dossier_section

    @register_dossier_section
    def section(talent, viewer) -> DossierSection | None:
        ...

    # yingcai/<app>/apps.py, in AppConfig.ready():
    from yingcai.<app> import dossier  # noqa: F401  (registers the 一人一档 section)

A section function takes the talent and the user looking (`viewer`) and returns a `DossierSection`
(or None when the app has nothing to say about this talent):

- `title`: the heading (Chinese, through gettext);
- `rows`: one `DossierRow` per record — a label, the record's state label, its date, and the url of
  its own page *only if `viewer.has_perm(...)` on that very object allows opening it* (else None).
  A record the viewer may not open is listed without a link and without amounts or personal data;
  a draft the viewer may not open is left out (a draft stays with its unit until submitted);
- `events`: `DossierEvent`s (date, label, url or None) that the page merges into one timeline,
  newest first;
- `facts`: a few `DossierFact`s worth stating above the rows (this year's working days against the
  required days, what awaits the talent's confirmation), computed by the app's own domain functions.

A section must read its records with a constant number of queries (select_related /
prefetch_related, and permission checks that need no query per row): the talent page is tested
with `django_assert_max_num_queries`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class DossierRow:
    label: str
    state: str
    date: datetime.date | None
    url: str | None = None
    # The record waits for the talent's own action (a confirmation): flagged on their workspace.
    awaits_talent: bool = False
    note: str = ""


@dataclass(frozen=True)
class DossierEvent:
    date: datetime.date
    label: str
    url: str | None = None


@dataclass(frozen=True)
class DossierFact:
    label: str
    value: str
    warning: bool = False


@dataclass(frozen=True)
class DossierSection:
    key: str
    title: str
    rows: list[DossierRow] = field(default_factory=list)
    events: list[DossierEvent] = field(default_factory=list)
    facts: list[DossierFact] = field(default_factory=list)
    order: int = 50

    @property
    def awaiting_talent(self) -> list[DossierRow]:
        return [row for row in self.rows if row.awaits_talent]


@dataclass(frozen=True)
class Dossier:
    sections: list[DossierSection]
    timeline: list[DossierEvent]

    def section(self, key: str) -> DossierSection | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def awaiting_talent(self) -> list[DossierRow]:
        return [row for section in self.sections for row in section.awaiting_talent]


SectionFunction = Callable[..., DossierSection | None]
_sections: list[SectionFunction] = []


def register_dossier_section(function: SectionFunction) -> SectionFunction:
    """Add a section to every talent's dossier; usable as a decorator. Registering twice is a no-op
    (an app's ready() may run more than once in tests)."""
    key = (function.__module__, function.__qualname__)
    if all((f.__module__, f.__qualname__) != key for f in _sections):
        _sections.append(function)
    return function


def registered_sections() -> list[SectionFunction]:
    return list(_sections)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def dossier_of(*, talent, viewer) -> Dossier:
    """Every section the apps contribute for `talent` as `viewer` may see it, and their events
    merged into one timeline, newest first. The caller has checked `registry.view_talent`."""
    sections = [s for fn in _sections if (s := fn(talent, viewer)) is not None]
    sections.sort(key=lambda s: (s.order, s.key))
    events = [DossierEvent(_as_date(e.date), e.label, e.url) for s in sections for e in s.events if e.date]
    events.sort(key=lambda e: e.date, reverse=True)
    return Dossier(sections=sections, timeline=events)
