"""Checking and writing imported rows through the domain's own declarations.

`validate_*_rows` say what is wrong with every row without writing anything; `apply_*_rows` write
every row in one transaction or, if any row is refused, none. Both look the people, units, channels
and chains up in bulk first, then hand each row to `declare_introduction` / `log_work_period`, so
the rules of 第七条 and 第八条 are decided by the same code as the declaration form. Running them
as a background job is jobs.py.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingcai.accounts.rules import is_unit_staff
from yingcai.introductions.domain.declarations import declare_introduction, log_work_period
from yingcai.introductions.domain.queries import visible_introductions
from yingcai.introductions.enums import IntroductionManner, IntroductionMode, ServiceForm
from yingcai.introductions.imports.columns import MULTI_SEPARATORS, column_label
from yingcai.introductions.imports.parsing import (
    CellError,
    RowError,
    SheetRow,
    cell_credit_code,
    cell_date,
    cell_id_number,
)
from yingcai.introductions.models import Channel, Introduction, WorkPeriod
from yingcai.introductions.models.imports import ImportKind
from yingcai.registry.domain.queries import talents_with_id_numbers, visible_talents, visible_units
from yingcai.registry.models import IndustryChain, Talent, Unit
from yingcai.registry.validators import validate_credit_code, validate_id_number

CHUNK = 200  # rows per checking transaction, and how often progress is saved
LOOKUP_BATCH = 2000  # values per IN (...) lookup

Progress = Callable[[int], None]


class ImportRejected(Exception):
    """Some rows cannot be imported: nothing was written. `errors` says which and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors


@dataclass
class _Planned:
    """A row that passed the import's own checks, ready for the domain function."""

    number: int
    name: str
    unit: Unit
    args: dict[str, Any]


# ---------------------------------------------------------------------------- introductions


def validate_introduction_rows(*, by, rows: Sequence[SheetRow], on_progress: Progress | None = None) -> list[RowError]:
    """Every reason a row of an introductions file cannot be declared; nothing is written."""
    require_import_permission(by)
    planned, errors = _plan_introductions(by, rows)
    errors += _check(ImportKind.INTRODUCTIONS, planned, _declare(by), _shifted(on_progress, len(rows) - len(planned)))
    return _sorted(errors)


def apply_introduction_rows(*, by, rows: Sequence[SheetRow], on_progress: Progress | None = None) -> int:
    """Declare every row as a draft introduction, all in one transaction; raise ImportRejected
    (nothing written) if any row is refused. Returns the number of introductions declared."""
    require_import_permission(by)
    with transaction.atomic():
        planned, errors = _plan_introductions(by, rows, lock=True)
        if errors:
            raise ImportRejected(_sorted(errors))
        return _write(ImportKind.INTRODUCTIONS, planned, _declare(by), on_progress)


def _declare(by) -> Callable[[_Planned], Any]:
    return lambda row: declare_introduction(by=by, unit=row.unit, **row.args)


def _plan_introductions(by, rows: Sequence[SheetRow], *, lock: bool = False) -> tuple[list[_Planned], list[RowError]]:
    kind = ImportKind.INTRODUCTIONS
    choices = _Choices.load()
    talents = _visible_talents_by_id_number(by, rows)
    units = _units_by_credit_code(by, rows, lock=lock)
    ongoing = set(
        Introduction.objects.filter(talent_id__in=[t.pk for t in talents.values()], ended_on__isnull=True).values_list(
            "talent_id", "unit_id"
        )
    )
    first_row_of: dict[str, int] = {}
    planned, errors = [], []
    for row in rows:
        found = _RowErrors(kind, row)
        talent = _talent_of(by, row, talents, found, first_row_of)
        unit = _unit_of(by, row, units, found)
        data: dict[str, Any] = {
            "mode": found.choice(row, "mode", choices.modes),
            "manner": found.choice(row, "manner", choices.manners),
            "introduced_on": found.date(row, "introduced_on", required=True),
            "channel": found.choice(row, "channel", choices.channels, required=False),
            "chain": found.choice(row, "chain", choices.chains, required=False),
            "personnel_transferred_on": found.date(row, "personnel_transferred_on"),
            "transferred_from": row.text("transferred_from"),
            "contract_start": found.date(row, "contract_start"),
            "contract_end": found.date(row, "contract_end"),
            "service_forms": found.several(row, "service_forms", choices.service_forms),
            "agreement_start": found.date(row, "agreement_start"),
            "agreement_end": found.date(row, "agreement_end"),
        }
        if talent is not None and unit is not None and (talent.pk, unit.pk) in ongoing:
            found.add(
                "id_number",
                _(
                    "该人才在该单位已有未结束的引进记录，不能重复导入；如需变更（如柔性转全职、离开），请在引进记录页面办理。"
                ),
            )
        if found.errors:
            errors += found.errors
        else:
            planned.append(_Planned(row.number, row.text("name"), unit, {"talent": talent, "data": data}))
    return planned, errors


def _unit_of(by, row: SheetRow, units: dict[str, Unit], found: "_RowErrors") -> Unit | None:
    try:
        code = cell_credit_code(row.values.get("credit_code"))
    except CellError as error:
        found.add("credit_code", str(error))
        return None
    if is_unit_staff(by):
        if code and code != by.unit.credit_code:
            found.add("credit_code", _("只能导入本单位的引进记录：该统一社会信用代码不是本单位的代码（可留空）。"))
            return None
        return by.unit
    if not code:
        found.add("credit_code", _("请填写用人单位统一社会信用代码。"))
        return None
    if code not in units:
        try:
            validate_credit_code(code)
        except ValidationError as error:
            found.add("credit_code", error.messages[0])
        else:
            found.add("credit_code", _("系统中没有统一社会信用代码为%(code)s的用人单位。") % {"code": code})
        return None
    return units[code]


def _units_by_credit_code(by, rows: Sequence[SheetRow], *, lock: bool) -> dict[str, Unit]:
    if is_unit_staff(by):
        units = Unit.objects.filter(pk=by.unit_id)
    else:
        codes = set()
        for row in rows:
            try:
                codes.add(cell_credit_code(row.values.get("credit_code")))
            except CellError:
                continue
        units = visible_units(by).filter(credit_code__in=codes - {""})
    if lock:
        # Two imports for the same unit at once are written one after the other, so the second
        # sees the first one's records (and refuses them as duplicates).
        units = units.select_for_update()
    return {u.credit_code: u for u in units.order_by("pk")}


# ---------------------------------------------------------------------------- working periods


def validate_work_period_rows(*, by, rows: Sequence[SheetRow], on_progress: Progress | None = None) -> list[RowError]:
    """Every reason a row of a working-periods file cannot be logged; nothing is written."""
    require_import_permission(by)
    planned, errors = _plan_work_periods(by, rows)
    errors += _check(ImportKind.WORK_PERIODS, planned, _log(by), _shifted(on_progress, len(rows) - len(planned)))
    return _sorted(errors)


def apply_work_period_rows(*, by, rows: Sequence[SheetRow], on_progress: Progress | None = None) -> int:
    """Log every row as a working period, all in one transaction; raise ImportRejected (nothing
    written) if any row is refused. Returns the number of periods logged."""
    require_import_permission(by)
    with transaction.atomic():
        planned, errors = _plan_work_periods(by, rows)
        if not errors:
            # Lock the units first, then look again: a concurrent import of the same periods is
            # written before this one is planned, and its periods are refused as already logged.
            list(Unit.objects.select_for_update().filter(pk__in={p.unit.pk for p in planned}).order_by("pk"))
            planned, errors = _plan_work_periods(by, rows)
        if errors:
            raise ImportRejected(_sorted(errors))
        return _write(ImportKind.WORK_PERIODS, planned, _log(by), on_progress)


def _log(by) -> Callable[[_Planned], Any]:
    return lambda row: log_work_period(by=by, **row.args)


def _plan_work_periods(by, rows: Sequence[SheetRow]) -> tuple[list[_Planned], list[RowError]]:
    kind = ImportKind.WORK_PERIODS
    talents = _visible_talents_by_id_number(by, rows)
    flexible: dict[int, list[Introduction]] = defaultdict(list)
    for introduction in (
        visible_introductions(by)
        .filter(mode=IntroductionMode.FLEXIBLE, talent_id__in=[t.pk for t in talents.values()])
        .select_related("unit")
        .order_by("-introduced_on", "-pk")
    ):
        flexible[introduction.talent_id].append(introduction)
    logged = set(
        WorkPeriod.objects.filter(introduction_id__in=[i.pk for group in flexible.values() for i in group]).values_list(
            "introduction_id", "start", "end"
        )
    )
    first_row_of: dict[tuple, int] = {}
    planned, errors = [], []
    for row in rows:
        found = _RowErrors(kind, row)
        talent = _talent_of(by, row, talents, found, None)
        start = found.date(row, "start", required=True)
        end = found.date(row, "end", required=True)
        description = row.text("description")
        if not description:
            found.add("description", _("请填写%(column)s。") % {"column": column_label(kind, "description")})
        introduction = None
        if talent is not None and start and end:
            key = (talent.pk, start, end)
            if key in first_row_of:
                found.add("start", _("与第%(row)s行是同一人的同一时段，重复了。") % {"row": first_row_of[key]})
            first_row_of.setdefault(key, row.number)
            introduction = _introduction_for_period(flexible[talent.pk], start, end, found)
            if introduction is not None and (introduction.pk, start, end) in logged:
                found.add("start", _("该人才的这一时段已经登记过，不能重复导入。"))
        if found.errors:
            errors += found.errors
        else:
            args = {"introduction": introduction, "start": start, "end": end, "description": description}
            planned.append(_Planned(row.number, row.text("name"), introduction.unit, args))
    return planned, errors


def _introduction_for_period(
    candidates: list[Introduction], start: datetime.date, end: datetime.date, found: "_RowErrors"
) -> Introduction | None:
    """The flexible introduction a period belongs to: the one whose agreement covers it. With no
    such one, the talent's only current one, so that the domain says why the dates do not fit."""
    if not candidates:
        found.add("id_number", _("该人才没有柔性引进记录：请先填报柔性引进记录，再登记在岗工作时段。"))
        return None
    covering = [i for i in candidates if _covers(i, start, end)]
    if len({i.unit_id for i in covering}) > 1:
        units = "、".join(sorted({i.unit.name for i in covering}))
        found.add(
            "id_number",
            _("该人才在多个单位（%(units)s）的柔性引进协议都覆盖这一时段，请由用人单位各自导入。") % {"units": units},
        )
        return None
    if covering:
        return covering[0]
    current = [i for i in candidates if i.ended_on is None] or candidates
    if len(current) == 1:
        return current[0]
    found.add("start", _("工作时段不在该人才任何一项柔性引进的协议期内。"))
    return None


def _covers(introduction: Introduction, start: datetime.date, end: datetime.date) -> bool:
    last = min((d for d in (introduction.agreement_end, introduction.ended_on) if d), default=None)
    first = introduction.agreement_start
    return (first is None or first <= start) and (last is None or end <= last)


# ---------------------------------------------------------------------------- shared checks


def require_import_permission(by) -> None:
    if by is None or not by.has_perm("introductions.import"):
        raise PermissionDenied(_("您无权导入引进记录或工作时段。"))


def _visible_talents_by_id_number(by, rows: Sequence[SheetRow]) -> dict[str, Talent]:
    numbers = set()
    for row in rows:
        try:
            numbers.add(cell_id_number(row.values.get("id_number")))
        except CellError:
            continue
    numbers.discard("")
    found: dict[str, Talent] = {}
    ordered = sorted(numbers)
    talents = visible_talents(by)
    for offset in range(0, len(ordered), LOOKUP_BATCH):
        for talent in talents_with_id_numbers(talents, ordered[offset : offset + LOOKUP_BATCH]):
            found[talent.id_number] = talent
    return found


def _talent_of(
    by, row: SheetRow, talents: dict[str, Talent], found: "_RowErrors", first_row_of: dict[str, int] | None
) -> Talent | None:
    kind = found.kind
    name = row.text("name")
    if not name:
        found.add("name", _("请填写%(column)s。") % {"column": column_label(kind, "name")})
    try:
        number = cell_id_number(row.values.get("id_number"))
    except CellError as error:
        found.add("id_number", str(error))
        return None
    if not number:
        found.add("id_number", _("请填写%(column)s。") % {"column": column_label(kind, "id_number")})
        return None
    if first_row_of is not None:
        if number in first_row_of:
            found.add(
                "id_number", _("与第%(row)s行是同一人：同一文件中每人只能有一行。") % {"row": first_row_of[number]}
            )
        first_row_of.setdefault(number, row.number)
    talent = talents.get(number)
    if talent is None:
        try:
            validate_id_number(number)
        except ValidationError as error:
            found.add("id_number", error.messages[0])
        else:
            found.add("id_number", _not_in_registry_message(by))
        return None
    if name and name != talent.name:
        found.add(
            "name",
            _("姓名“%(name)s”与人才库中该公民身份号码登记的姓名“%(registered)s”不一致。")
            % {"name": name, "registered": talent.name},
        )
    return talent


def _not_in_registry_message(by) -> str:
    # Says nothing of whether the person is registered elsewhere: a unit may not learn that.
    if is_unit_staff(by):
        return _(
            "本单位人才库中没有该公民身份号码的人才：请先在人才库登记并关联到本单位；如其已在其他单位登记，请联系市委人才办关联。"
        )
    return _("人才库中没有该公民身份号码的人才：请先在人才库登记该人才并关联到用人单位。")


class _Choices:
    """What the choice columns accept: the labels of the template's drop-down lists (and the codes)."""

    def __init__(self, modes, manners, service_forms, channels, chains) -> None:
        self.modes, self.manners, self.service_forms = modes, manners, service_forms
        self.channels, self.chains = channels, chains

    @classmethod
    def load(cls) -> "_Choices":
        channels: dict[str, Any] = {}
        names: dict[str, list[Channel]] = defaultdict(list)
        for channel in Channel.objects.filter(is_active=True):
            names[channel.name].append(channel)
            channels[channel_label(channel, unique=False)] = channel
        for name, same in names.items():
            # A name two kinds of channel share must be written with its kind (类别·名称).
            channels[name] = same[0] if len(same) == 1 else _AMBIGUOUS
        chains: dict[str, Any] = {}
        for chain in IndustryChain.objects.all():
            chains[chain.name] = chains[chain.code] = chain
        return cls(
            modes=_enum_lookup(IntroductionMode),
            manners=_enum_lookup(IntroductionManner),
            service_forms=_enum_lookup(ServiceForm),
            channels=channels,
            chains=chains,
        )


_AMBIGUOUS = object()


def channel_label(channel: Channel, *, unique: bool) -> str:
    """How a channel is written in the template: its name, or 类别·名称 when names repeat."""
    return channel.name if unique else str(channel)


def _enum_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[str(label)] = lookup[value] = value
        short = str(label).removesuffix("引进")
        lookup.setdefault(short, value)
    return lookup


class _RowErrors:
    """The refusals of one row, and the readers that add to them."""

    def __init__(self, kind: str, row: SheetRow) -> None:
        self.kind, self.row = kind, row
        self.errors: list[RowError] = []

    def add(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, column_label(self.kind, key), message, self.row.text("name")))

    def date(self, row: SheetRow, key: str, *, required: bool = False) -> datetime.date | None:
        try:
            value = cell_date(row.values.get(key))
        except CellError as error:
            self.add(key, str(error))
            return None
        if value is None and required:
            self.add(key, _("请填写%(column)s。") % {"column": column_label(self.kind, key)})
        return value

    def choice(self, row: SheetRow, key: str, lookup: dict[str, Any], *, required: bool = True) -> Any:
        text = row.text(key)
        if not text:
            if required:
                self.add(key, _("请填写%(column)s。") % {"column": column_label(self.kind, key)})
            return None
        value = lookup.get(text)
        if value is _AMBIGUOUS:
            self.add(key, _("有多个同名的“%(value)s”，请按“类别·名称”填写（见下拉列表）。") % {"value": text})
            return None
        if value is None:
            self.add(key, _("“%(value)s”不是可选的值，请从下拉列表中选择。") % {"value": text})
        return value

    def several(self, row: SheetRow, key: str, lookup: dict[str, str]) -> list[str]:
        text = row.text(key)
        values: list[str] = []
        for part in _split(text):
            value = lookup.get(part)
            if value is None:
                self.add(key, _("“%(value)s”不是可选的服务方式（项目合作、技术咨询、兼职服务）。") % {"value": part})
            elif value not in values:
                values.append(value)
        return values


def _split(text: str) -> list[str]:
    parts = [text]
    for separator in MULTI_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [p.strip() for p in parts if p.strip()]


def _check(kind: str, planned: list[_Planned], run_one, on_progress: Progress) -> list[RowError]:
    """Run the domain for every row in transactions that are rolled back, CHUNK rows at a time;
    progress is saved between them, outside any transaction, so the page sees it."""
    errors: list[RowError] = []
    on_progress(0)
    for offset in range(0, len(planned), CHUNK):
        chunk = planned[offset : offset + CHUNK]
        with transaction.atomic():
            for row in chunk:
                errors += _attempt(kind, row, run_one)
            transaction.set_rollback(True)
        on_progress(offset + len(chunk))
    return errors


def _write(kind: str, planned: list[_Planned], run_one, on_progress: Progress | None) -> int:
    """Run the domain for every row in one transaction; any refusal rolls all of them back."""
    errors: list[RowError] = []
    with transaction.atomic():
        for done, row in enumerate(planned, start=1):
            errors += _attempt(kind, row, run_one)
            if on_progress is not None and done % CHUNK == 0:
                on_progress(done)
        if errors:
            raise ImportRejected(_sorted(errors))
    if on_progress is not None:
        on_progress(len(planned))
    return len(planned)


def _attempt(kind: str, row: _Planned, run_one) -> list[RowError]:
    # A savepoint per row: whatever a refused row did is undone, and on PostgreSQL the
    # transaction stays usable for the rows after it.
    try:
        with transaction.atomic():
            run_one(row)
    except ValidationError as error:
        return _refusals(kind, row, error)
    except PermissionDenied as error:
        return [RowError(row.number, "", str(error) or _("您无权导入该行。"), row.name)]
    return []


def _refusals(kind: str, row: _Planned, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(row.number, "", message, row.name) for message in error.messages]
    return [
        RowError(row.number, "" if field == NON_FIELD_ERRORS else column_label(kind, field), message, row.name)
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _shifted(on_progress: Progress | None, already: int) -> Progress:
    """Progress in rows of the file: the rows refused before the domain ran count as done."""
    if on_progress is None:
        return lambda done: None
    return lambda done: on_progress(already + done)


def _sorted(errors: Iterable[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: e.row)
