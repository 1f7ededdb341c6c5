"""The flows moved by `advance` set no state by hand: every move of theirs goes through the engine,
so the declared flow (and its diagram) is the whole story."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ENGINE_MOVED = [
    "yingcai/selection/domain",
    "yingcai/publicity/domain.py",
    "yingcai/support/domain",
    "yingcai/registry/domain/exports.py",
    "yingcai/introductions/imports/jobs.py",
]
# `x.state = …`, `x.status, x.errors = …`, `.update(state=…)`: a move made by hand.
BY_HAND = re.compile(
    r"^\s*[\w.]+\.(state|status)\s*(,\s*[\w.]+\s*)*=[^=]|\.update\([^)]*\b(state|status)\s*=", re.MULTILINE
)


def sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for name in ENGINE_MOVED:
        path = base / name
        found.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    return found


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_state_is_set_by_hand(path):
    text = path.read_text(encoding="utf-8")
    lines = [text[: m.start()].count("\n") + 1 for m in BY_HAND.finditer(text)]
    assert lines == [], f"state set by hand at lines {lines}: use yingcai.workflows.engine.advance"


def test_the_pattern_finds_a_move_by_hand():
    assert BY_HAND.search("        round.state = RoundState.APPROVED\n")
    assert BY_HAND.search("    job.status, job.errors = status, stored\n")
    assert BY_HAND.search("future.update(state=InstalmentState.STOPPED)")
    assert not BY_HAND.search("    if round.state == RoundState.OPEN:\n")
    assert not BY_HAND.search("    Entitlement.objects.create(state=ENTITLEMENT.start(state))\n")
