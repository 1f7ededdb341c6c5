"""The audit log read as a record: one renderer for the log page, its export and every history.

An entry's `changes` is stored as it was written ({"state": ["draft", "submitted"]}, storage paths,
ISO dates, decimals as strings). `present` turns entries into what a person reads, in the active
language: each key becomes the label of the target model's field (its verbose_name), or a label
registered for keys that are not model fields; each value is formatted by the field's type —
choice labels, 是/否, dates as 2026-12-04, money with thousands separators, a file as its name
(with a link only where the app that owns it says the viewer may open it), a foreign key as the
object's name, lists joined — and a value [old, new] reads "old → new".

Hooks for the apps above (audit never imports them), called from their AppConfig.ready():

    register_labels({"funding_grant": _("拨付经费")}, model="projects.project")
    register_labels({"winners": KeyLabel(_("获奖人"), kind=LIST)})   # every model, and entries
                                                                       # without a target
    register_file_link("introductions.introduction", "contract_file", link)

`link(user, target, stored_name)` returns the URL of the file for that viewer, or None (no
permission, or the file is no longer the one the target holds). `target` is the model instance
(None when it is gone); targets are read once per page, one query per kind of object.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingcai.audit.models import AuditEntry

# Kinds of value a registered key holds (model fields take theirs from the field's type).
TEXT = "text"
DATE = "date"
DATETIME = "datetime"
MONEY = "money"
BOOL = "bool"
LIST = "list"  # a plain list (names, numbers), never read as [old, new]
FILE = "file"
FIELDS = "fields"  # a list of the target model's field names (what was viewed)
MODEL = "model"  # a model's label ("registry.Talent"): what was exported
KINDS = {TEXT, DATE, DATETIME, MONEY, BOOL, LIST, FILE, FIELDS, MODEL}

EMPTY = "—"
ARROW = " → "


def _join(items: Iterable[str]) -> str:
    return gettext("、").join(items)


def _label_value(label: Any, value: Any) -> str:
    return f"{label}{gettext('：')}{value}"


def _all(items: Iterable[str]) -> str:
    return gettext("；").join(items)


@dataclass(frozen=True)
class KeyLabel:
    """What a key that is not a model field means: its label and the kind of value it holds."""

    label: Any
    kind: str = TEXT

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of audit value: {self.kind!r}")


# (model label or "", key) → KeyLabel. The audit's own keys, those that several apps write.
_LABELS: dict[tuple[str, str], KeyLabel] = {}
_FILE_LINKS: dict[tuple[str, str], Callable[[Any, models.Model | None, str], str | None]] = {}


def register_labels(labels: Mapping[str, Any], *, model: str = "") -> None:
    """Labels for keys of `changes` that are not model fields (a label or a `KeyLabel` each).

    `model` ("app_label.modelname") limits them to entries about that kind of object; without it
    they apply to every entry whose target has no such field, and to entries without a target."""
    for key, label in labels.items():
        _LABELS[(model.lower(), key)] = label if isinstance(label, KeyLabel) else KeyLabel(label)


def register_file_link(
    model: str, field_name: str, link: Callable[[Any, models.Model | None, str], str | None]
) -> None:
    """How a viewer opens a file a change names: `link(user, target, stored_name)` → URL or None."""
    _FILE_LINKS[(model.lower(), field_name)] = link


register_labels(
    {
        "reason": _("原因"),
        "outcome": _("办理结果"),
        "rule": _("适用规则"),
        "rules": _("适用规则"),
        "instalments": KeyLabel(_("发放安排"), LIST),
        "stopped_instalments": KeyLabel(_("停止发放的期次"), LIST),
        "task_due_on": KeyLabel(_("办理期限"), DATE),
        "holidays": _("法定节假日"),
        "make_up_workdays": _("调休上班日"),
        "effective_from": KeyLabel(_("生效日期"), DATE),
        "effective_to": KeyLabel(_("失效日期"), DATE),
        "starts_on": KeyLabel(_("开始日期"), DATE),
        "ends_on": KeyLabel(_("结束日期"), DATE),
        "stopped_on": KeyLabel(_("停止日期"), DATE),
        "ended_on": KeyLabel(_("结束日期"), DATE),
        "certified_on": KeyLabel(_("认定日期"), DATE),
        "valid_until": KeyLabel(_("有效期至"), DATE),
        "locked_until": KeyLabel(_("锁定至"), DATETIME),
        "amount": KeyLabel(_("金额（元）"), MONEY),
        "username": _("用户名"),
        "fields": KeyLabel(_("查看的信息"), FIELDS),
        "file": KeyLabel(_("文件"), FILE),
        "evidence": _("认定材料"),
        "attachments": _("附件"),
        "affiliation": _("任职单位"),
        "affiliation_end": _("离开单位"),
        "work_period": _("在岗时段"),
        "version": _("版本"),
        "year": _("年度"),
        "days": _("天数"),
        "working_days": _("公示工作日数"),
        "entries": KeyLabel(_("公示对象"), LIST),
        "entry": _("公示对象"),
        "publicity": _("公示"),
        "passed": KeyLabel(_("公示通过"), LIST),
        "removed": KeyLabel(_("公示不通过"), LIST),
        "overdue": _("超期"),
        "what": KeyLabel(_("导出内容"), MODEL),
        "rows": _("行数"),
        "filters": _("筛选条件"),
        "found": _("查到"),
        "id_number": _("公民身份号码"),
        "recovery_codes": _("恢复码数量"),
        "devices": _("移除的设备数"),
        "must_change_password": KeyLabel(_("须修改密码"), BOOL),
        "archive": _("归档月份"),
        "month": _("月份"),
        "ok": KeyLabel(_("校验通过"), BOOL),
        "problems": KeyLabel(_("发现的问题"), LIST),
        "first_seq": _("首条序号"),
        "last_seq": _("末条序号"),
        "last_hash": _("末条哈希"),
        "timed_out": _("超时"),
        "deleted": _("已删除"),
        "field_keys_rotated": _("重新加密的记录"),
        "shortlisted": KeyLabel(_("入围人选"), LIST),
        "selected": KeyLabel(_("入选人选"), LIST),
        "scores": _("评分"),
        "comments": _("评语"),
        "before": _("修改前"),
        "assignments": _("专家分配"),
        "shortfalls": _("未能分配"),
        "withdrawn_expert": _("回避/退出的专家"),
        "replacements": _("替换分配"),
        "replaces": _("替换的专家"),
        "criteria": KeyLabel(_("评审指标"), LIST),
        "final_score": _("最终得分"),
        "final_rank": _("最终排名"),
        "method": _("汇总方法"),
        "co_applicants": KeyLabel(_("共同申请人"), LIST),
        "period": KeyLabel(_("期间"), LIST),
        "tier_code": _("适用层次"),
        "value": _("数值"),
        "status": _("状态"),
        "kind": _("类别"),
        "name": _("名称"),
    }
)


# --- what a page gets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A formatted value: its text, and the URL of the file it names, where the viewer may open it."""

    text: str
    url: str | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Change:
    label: str
    new: Value
    old: Value | None = None  # set for a change [old, new]

    @property
    def is_pair(self) -> bool:
        return self.old is not None

    @property
    def text(self) -> str:
        value = f"{self.old}{ARROW}{self.new}" if self.old is not None else str(self.new)
        return _label_value(self.label, value)


@dataclass
class PresentedEntry:
    entry: AuditEntry
    changes: list[Change] = field(default_factory=list)

    @property
    def object_type(self) -> str:
        return self.entry.content_type.name if self.entry.content_type_id else ""

    @property
    def changes_text(self) -> str:
        return _all(c.text for c in self.changes)

    def __getattr__(self, name: str) -> Any:  # the entry's own fields, for templates
        if name == "entry":
            raise AttributeError(name)
        return getattr(self.entry, name)


def present(entries: Iterable[AuditEntry], *, user: Any = None) -> list[PresentedEntry]:
    """The entries as people read them, in the active language. Related objects named by id and
    targets with file links are read in one query per kind of object, whatever the count."""
    entries = list(entries)
    context = _Context(user)
    plans = [(entry, list(_plan(entry, context))) for entry in entries]
    context.resolve()
    return [PresentedEntry(entry, [step(context) for step in steps]) for entry, steps in plans]


def present_one(entry: AuditEntry, *, user: Any = None) -> PresentedEntry:
    return present([entry], user=user)[0]


def role_label(value: str) -> str:
    """The label of an actor's role as kept in the entry (the code when the role no longer exists)."""
    if not value:
        return ""
    try:
        choices = dict(get_user_model()._meta.get_field("role").flatchoices)
    except FieldDoesNotExist:
        return value
    return str(choices.get(value, value))


# --- the work ----------------------------------------------------------------------------------


class _Context:
    """What `present` must read from the database, gathered first and read once."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, models.Model]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        self.wanted[model].add(pk)

    def resolve(self) -> None:
        for model, pks in self.wanted.items():
            keys = {_to_pk(model, pk) for pk in pks} - {None}
            self.found[model] = {str(k): v for k, v in model._default_manager.in_bulk(list(keys)).items()}

    def get(self, model: type[models.Model], pk: Any) -> models.Model | None:
        return self.found.get(model, {}).get(str(pk))


def _to_pk(model: type[models.Model], value: Any) -> Any:
    try:
        return model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):  # an id that cannot be one finds nothing
        return None


def _model_of(entry: AuditEntry) -> type[models.Model] | None:
    if not entry.content_type_id:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _plan(entry: AuditEntry, context: _Context):
    """One step per change of the entry; a step formats once the context has read what it needs."""
    changes = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
    model = _model_of(entry)
    model_label = model._meta.label_lower if model is not None else ""
    # A file kept under a random name beside its original one (contract_file + contract_file_name):
    # one row, the file shown by the name it was uploaded with.
    original_names = {
        key.removesuffix("_name"): raw
        for key, raw in changes.items()
        if str(key).endswith("_name")
        and str(key).removesuffix("_name") in changes
        and isinstance(_field(model, str(key).removesuffix("_name")), models.FileField)
    }
    for key, raw in changes.items():
        if str(key).endswith("_name") and str(key).removesuffix("_name") in original_names:
            continue
        base, _sep, detail = str(key).partition(":")
        model_field = _field(model, base)
        registered = _LABELS.get((model_label, base)) or (None if model_field else _LABELS.get(("", base)))
        if registered is not None:
            label, kind = registered.label, registered.kind
        elif model_field is not None:
            label, kind = model_field.verbose_name, None
        else:
            label, kind = _fallback_label(base), None
        label = _label_value(label, detail) if detail else label
        pair = _is_pair(raw, model_field, kind)
        values = list(raw) if pair else [raw]
        formatter = _Formatter(model, model_field, kind, entry, context)
        if base in original_names:
            names = original_names[base]
            names = list(names) if pair and isinstance(names, list) and len(names) == 2 else [names]
            formatter.names = {str(v): n for v, n in zip(values, names, strict=False) if v and n}
        for value in values:
            formatter.prepare(value)

        def step(ctx, label=label, values=values, pair=pair, formatter=formatter) -> Change:
            shown = [formatter.format(v) for v in values]
            return Change(str(label), old=shown[0], new=shown[1]) if pair else Change(str(label), new=shown[0])

        yield step


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None or not name:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if getattr(found, "concrete", False) or found.many_to_many else None


def _fallback_label(key: str) -> str:
    """A key nobody labelled: its words, readable ("some_key" → "some key")."""
    return key.replace("_", " ").strip() or gettext("变更内容")


def _is_pair(raw: Any, model_field: models.Field | None, kind: str | None) -> bool:
    """[old, new] — the shape every change is written in. A key that holds a list (labelled LIST or
    FIELDS, a many-to-many or JSON field) changes as a pair of lists; a list of two names is not a pair."""
    if not isinstance(raw, list) or len(raw) != 2:
        return False
    holds_lists = kind in (LIST, FIELDS) or (
        model_field is not None and (model_field.many_to_many or isinstance(model_field, models.JSONField))
    )
    if holds_lists:  # a change of a list is a pair of lists (or None, before or after)
        return all(v is None or isinstance(v, (list, dict)) for v in raw)
    return True


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Formatter:
    def __init__(self, model, model_field, kind, entry, context: _Context) -> None:
        self.model, self.field, self.kind, self.entry, self.context = model, model_field, kind, entry, context
        self.names: dict[str, str] = {}  # a stored file's original name, where the change has it

    # Before the queries: note what must be read.
    def prepare(self, value: Any) -> None:
        f = self.field
        if f is not None and (f.many_to_one or f.one_to_one) and _is_id(value):
            self.context.want(f.related_model, value)
        elif f is not None and f.many_to_many and isinstance(value, list):
            for item in value:
                if _is_id(item):
                    self.context.want(f.related_model, item)
        if self._is_file() and value and self._file_link() is not None and self.entry.object_id:
            self.context.want(self.model, self.entry.object_id)

    # After them.
    def format(self, value: Any) -> Value:
        if value is None or value == "" or value == []:
            return Value(EMPTY)
        if self._is_file():
            return self._file(value)
        if self.kind == FIELDS:
            return Value(_join(self._field_label(v) for v in _as_list(value)))
        if isinstance(value, list):
            return Value(_join(self._one(v).text for v in value) or EMPTY)
        if isinstance(value, dict):
            return Value(_all(_label_value(k, self._plain(v)) for k, v in value.items()) or EMPTY)
        return self._one(value)

    def _one(self, value: Any) -> Value:
        f, kind = self.field, self.kind
        if value is None or value == "":
            return Value(EMPTY)
        if f is not None:
            if f.is_relation:
                if _is_id(value):
                    found = self.context.get(f.related_model, value)
                    return Value(str(found) if found is not None else f"#{value}")
                return Value(str(value))
            if f.choices:
                return Value(_choice_label(f, value))
            if isinstance(f, models.BooleanField):
                return Value(_yes_no(value))
            if isinstance(f, models.DecimalField):
                return Value(_money(value))
            if isinstance(f, models.DateTimeField):
                return Value(_datetime(value))
            if isinstance(f, models.DateField):
                return Value(_date(value))
        if kind == MONEY:
            return Value(_money(value))
        if kind == DATE:
            return Value(_date(value))
        if kind == DATETIME:
            return Value(_datetime(value))
        if kind == BOOL:
            return Value(_yes_no(value))
        if kind == MODEL:
            return Value(_model_name(value))
        return Value(self._plain(value))

    def _plain(self, value: Any) -> str:
        if isinstance(value, bool):
            return _yes_no(value)
        if isinstance(value, (list, tuple)):
            return _join(self._plain(v) for v in value) or EMPTY
        if isinstance(value, dict):
            return _all(_label_value(k, self._plain(v)) for k, v in value.items()) or EMPTY
        if isinstance(value, Decimal):
            return _money(value)
        if isinstance(value, str) and _ISO_DATETIME.match(value):
            return _datetime(value)
        if value is None or value == "":
            return EMPTY
        return str(value)

    def _field_label(self, name: Any) -> str:
        model_field = _field(self.model, str(name))
        if model_field is not None:
            return str(model_field.verbose_name)
        registered = _LABELS.get(("", str(name)))
        return str(registered.label) if registered else _fallback_label(str(name))

    def _is_file(self) -> bool:
        return isinstance(self.field, models.FileField) or self.kind == FILE

    def _file_link(self):
        if self.model is None or self.field is None:
            return None
        return _FILE_LINKS.get((self.model._meta.label_lower, self.field.name))

    def _file(self, value: Any) -> Value:
        stored = str(value)
        name = self.names.get(stored) or PurePosixPath(stored.replace("\\", "/")).name or stored
        link = self._file_link()
        if link is None or self.context.user is None:
            return Value(name)
        target = self.context.get(self.model, self.entry.object_id) if self.entry.object_id else None
        return Value(name, link(self.context.user, target, stored) or None)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _choice_label(model_field: models.Field, value: Any) -> str:
    choices = {str(k): v for k, v in model_field.flatchoices}
    if str(value) in choices:
        return str(choices[str(value)])
    # Some entries were written with the label itself (in Chinese): show it in the reader's language.
    with translation.override("zh-hans"):
        by_text = {str(v): v for v in choices.values()}
    found = by_text.get(str(value))
    return str(found) if found is not None else str(value)


def _model_name(value: Any) -> str:
    try:
        return str(django_apps.get_model(str(value))._meta.verbose_name)
    except (LookupError, ValueError):
        return str(value)


def _yes_no(value: Any) -> str:
    if isinstance(value, str):
        value = value.strip().lower() in ("true", "1", "yes", "是")
    return gettext("是") if value else gettext("否")


def _money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    return f"{amount:,}"


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat() if timezone.is_aware(value) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _ISO_DATETIME.match(text):
        return _datetime(text)
    parsed = parse_date(text) if _ISO_DATE.match(text) else None
    return parsed.isoformat() if parsed else text


def _datetime(value: Any) -> str:
    moment = value if isinstance(value, datetime) else None
    if moment is None:
        try:
            moment = parse_datetime(str(value))
        except ValueError:
            moment = None
    if moment is None:
        return _date(value) if _ISO_DATE.match(str(value)) else str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")
