"""Each decision returns its reasons: one `Decision` type for every check the platform makes.

A decision is a verdict and the conditions behind it, each condition with whether it passed, why
(`detail`), the article it comes from and, when a versioned policy rule decided it, the rule's
version; the decision lists the rule versions it applied. The eligibility engine (policy), the
certification check, the 第三条 nomination check (selection) and the review engine's ranking
explanations all answer with one, the API shows it through one schema (`api.schemas.DecisionOut`)
and the pages through one partial (`templates/core/_decision.html`).

A condition keeps its sentences as their data (`Text`: the untranslated message and
language-neutral parameters), so a decision stored today reads in the language of whoever opens it
later. `Decision.of` and `render_decision` read a stored decision back whatever code wrote it: one
stored before conditions kept their data shows the sentences it stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext

# Choice enums a parameter may name (kind → TextChoices), registered by the app that owns them.
_CHOICES: dict[str, Any] = {}


def register_choices(choices: Mapping[str, Any]) -> None:
    """Let a parameter `choice(kind, value)` render as the label of `kind`'s enum (idempotent)."""
    _CHOICES.update(choices)


def choice(kind: str, value: str) -> dict:
    """A choice kept as its code (rendered as its label in the reader's language)."""
    return {"choice": kind, "value": value}


def listing(items: Iterable) -> dict:
    return {"list": [str(i) for i in items]}


@dataclass(frozen=True, eq=False)
class Text:
    """A sentence kept as its data — the untranslated message and language-neutral parameters —
    so a decision stored today reads in the language of whoever opens it later (issue 17).
    A parameter is a plain value, a choice (`choice(...)`), a list (`listing(...)`) or a Text."""

    msgid: str
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        text = gettext(self.msgid)
        return text % {k: _render_param(v) for k, v in self.params.items()} if self.params else text

    def __str__(self) -> str:
        return self.render()

    def as_dict(self) -> dict:
        return {"msgid": self.msgid, "params": {k: _param_data(v) for k, v in self.params.items()}}

    @classmethod
    def of(cls, data: dict) -> Text:
        return cls(data["msgid"], data.get("params") or {})


def _param_data(value):
    return {"text": value.as_dict()} if isinstance(value, Text) else value


def _render_param(value):
    if isinstance(value, Text):
        return value.render()
    if isinstance(value, dict) and "text" in value:
        return Text.of(value["text"]).render()
    if isinstance(value, dict) and "choice" in value:
        enum = _CHOICES.get(value["choice"])
        return str(enum(value["value"]).label) if enum and value["value"] in enum.values else value["value"]
    if isinstance(value, dict) and "list" in value:
        return "、".join(value["list"])
    return value


@dataclass(frozen=True)
class Condition:
    """One condition of a decision. `label` and `detail` are the sentences rendered when decided;
    `label_text` / `detail_text` the same as data, to render them again in another language.
    `group` names the part of the check it belongs to, if any; `rule_version` the version of the
    policy rule that decided it, if one did."""

    code: str
    label: str
    passed: bool
    detail: str
    article: str
    citation: str = ""
    label_text: Text | None = field(default=None, compare=False)
    detail_text: Text | None = field(default=None, compare=False)
    group: str = ""
    rule_version: int | None = None

    @classmethod
    def of(
        cls,
        code: str,
        label: Text,
        passed: bool,
        detail: Text,
        article: str,
        citation: str = "",
        *,
        group: str = "",
        rule_version: int | None = None,
    ) -> Condition:
        return cls(
            code,
            label.render(),
            bool(passed),
            detail.render(),
            article,
            citation,
            label,
            detail,
            group=group,
            rule_version=rule_version,
        )

    def rendered(self) -> Condition:
        """The same condition with its sentences rendered in the active language."""
        return replace(
            self,
            label=self.label_text.render() if self.label_text is not None else self.label,
            detail=self.detail_text.render() if self.detail_text is not None else self.detail,
        )

    def as_dict(self) -> dict:
        data = {
            "code": self.code,
            "label": self.label,
            "passed": self.passed,
            "detail": self.detail,
            "article": self.article,
            "citation": self.citation,
        }
        if self.group:
            data = {"group": self.group, **data}
        if self.rule_version is not None:
            data["rule_version"] = self.rule_version
        if self.label_text is not None:
            data["label_text"] = self.label_text.as_dict()
        if self.detail_text is not None:
            data["detail_text"] = self.detail_text.as_dict()
        return data

    @classmethod
    def from_dict(cls, stored: Mapping) -> Condition:
        """A stored condition, from whichever version of the code wrote it (missing keys default)."""
        label_text = Text.of(stored["label_text"]) if stored.get("label_text") else None
        detail_text = Text.of(stored["detail_text"]) if stored.get("detail_text") else None
        return cls(
            code=str(stored.get("code", "")),
            label=str(stored.get("label", "")),
            passed=bool(stored.get("passed", False)),
            detail=str(stored.get("detail", "")),
            article=str(stored.get("article") or ""),
            citation=str(stored.get("citation") or ""),
            label_text=label_text,
            detail_text=detail_text,
            group=str(stored.get("group") or ""),
            rule_version=stored.get("rule_version"),
        )


@dataclass(frozen=True)
class RuleVersion:
    """A policy rule version a decision applied."""

    key: str
    version: int


@dataclass(frozen=True)
class Decision:
    """The verdict (True: the check passed) and every condition behind it, with the rule versions
    applied. `article` is the article the check as a whole comes from, when there is one."""

    verdict: bool
    conditions: tuple[Condition, ...] = ()
    rules: tuple[RuleVersion, ...] = ()
    article: str = ""

    @classmethod
    def of_conditions(
        cls, conditions: Iterable[Condition], *, rules: Iterable[RuleVersion] = (), article: str = ""
    ) -> Decision:
        """Passed only if every condition passed."""
        conditions = tuple(conditions)
        return cls(all(c.passed for c in conditions), conditions, tuple(rules), article)

    @property
    def failed(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if not c.passed)

    def rendered(self) -> Decision:
        return replace(self, conditions=tuple(c.rendered() for c in self.conditions))

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "article": self.article,
            "conditions": [c.as_dict() for c in self.conditions],
            "failed": [c.code for c in self.failed],
            "rules": [{"key": r.key, "version": r.version} for r in self.rules],
        }

    @classmethod
    def of(cls, stored: Mapping | Decision | None) -> Decision | None:
        """A decision read back from what any version of the code stored: `verdict` or the older
        `eligible`; conditions with or without their sentences' data; rules as {key, version} (a
        stored rule's other fields are ignored)."""
        if stored is None or isinstance(stored, Decision):
            return stored
        if not stored:
            return None
        verdict = stored.get("verdict", stored.get("eligible", False))
        conditions = tuple(Condition.from_dict(c) for c in stored.get("conditions") or ())
        rules = tuple(
            RuleVersion(str(r.get("key", "")), int(r.get("version") or 0))
            for r in stored.get("rules") or ()
            if isinstance(r, Mapping)
        )
        return cls(bool(verdict), conditions, rules, str(stored.get("article") or ""))


def render_condition(stored: dict) -> dict:
    """A stored condition (Condition.as_dict) with its label and detail rendered again in the active
    language from the data it kept; a condition stored before it kept its data is returned as is."""
    rendered = dict(stored)
    for name in ("label", "detail"):
        data = stored.get(f"{name}_text")
        if data:
            rendered[name] = Text.of(data).render()
    return rendered


def render_decision(stored: dict | None) -> dict | None:
    """A stored decision (any shape the code ever stored: certification's explanation object, a
    verdict's as_dict) with every condition rendered again in the active language and `verdict`
    and `eligible` both present; its other keys (the tier, the day, the rules) are kept as stored."""
    if not stored:
        return stored
    rendered = dict(stored)
    verdict = bool(stored.get("verdict", stored.get("eligible", False)))
    rendered["verdict"] = rendered["eligible"] = verdict
    rendered["conditions"] = [render_condition(c) for c in stored.get("conditions") or ()]
    return rendered
