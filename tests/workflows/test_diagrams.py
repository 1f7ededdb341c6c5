"""The README's diagrams are the command's output: they cannot drift from the flows."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import models

from yingcai.workflows.diagrams import BEGIN, END, markdown, mermaid
from yingcai.workflows.engine import Transition, Workflow


class Door(models.TextChoices):
    SHUT = "shut", "已关闭"
    OPEN = "open", "已打开"
    LOCKED = "locked", "已锁定"


def test_a_flow_is_drawn_with_its_chinese_labels_its_start_and_its_ends():
    door = Workflow(
        name="door",
        states=Door,
        initial=Door.SHUT,
        entry_states=(Door.OPEN,),
        final_states=(Door.LOCKED,),
        transitions=(
            Transition("open", "开门", (Door.SHUT,), Door.OPEN, allowed=lambda user: True),
            Transition("close", "关门", (Door.OPEN,), Door.SHUT, allowed=lambda user: True),
            Transition("lock", "锁门", (Door.SHUT, Door.OPEN), Door.LOCKED),
        ),
    )
    assert mermaid(door) == "\n".join(
        [
            "stateDiagram-v2",
            '    state "已关闭" as shut',
            '    state "已打开" as open',
            '    state "已锁定" as locked',
            "    [*] --> shut",
            "    [*] --> open",
            "    shut --> open: 开门",
            "    open --> shut: 关门",
            "    shut --> locked: 锁门（系统）",
            "    open --> locked: 锁门（系统）",
            "    locked --> [*]",
        ]
    )


def test_the_command_prints_every_flow_in_chinese():
    out = io.StringIO()
    call_command("workflow_diagrams", stdout=out)
    printed = out.getvalue()
    assert printed == markdown()
    assert printed.count("```mermaid") >= 12
    assert "### 遴选批次 (`selection_round`)" in printed
    assert '    state "待本人确认" as awaiting_confirmation' in printed
    assert "    open --> concluded: 结束公示" in printed


def test_the_readme_holds_the_diagrams_the_command_prints():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "## 状态流转 / Workflows" in readme
    between = readme.split(BEGIN, 1)[1].split(END, 1)[0]
    assert between.strip("\n") == markdown().strip("\n"), "run: manage.py workflow_diagrams, paste into README"
