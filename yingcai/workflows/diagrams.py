"""Each flow as a Mermaid state diagram (stateDiagram-v2), its states and steps named in Chinese
as declared: printed by `manage.py workflow_diagrams` and kept in the README, which a test compares
with this output so the two cannot drift apart."""

from django.utils import translation

from yingcai.workflows.checks import discover
from yingcai.workflows.engine import BY_THE_PLATFORM, Workflow

# The README keeps the diagrams between these two lines.
BEGIN = "<!-- workflow-diagrams:begin (manage.py workflow_diagrams) -->"
END = "<!-- workflow-diagrams:end -->"


def _text(value) -> str:
    # Mermaid ends a label at a line break and reads a double quote as the end of a state's name.
    return str(value).replace('"', "'").replace("\n", " ")


def mermaid(workflow: Workflow) -> str:
    lines = ["stateDiagram-v2"]
    for state in workflow.states:
        lines.append(f'    state "{_text(state.label)}" as {state.value}')
    lines.append(f"    [*] --> {workflow.initial}")
    for state in workflow.entry_states:
        lines.append(f"    [*] --> {state}")
    for t in workflow.transitions:
        label = _text(t.label) + ("（系统）" if t.allowed is BY_THE_PLATFORM else "")
        for source in t.sources:
            lines.append(f"    {source} --> {t.target}: {label}")
    for state in workflow.final_states:
        lines.append(f"    {state} --> [*]")
    return "\n".join(lines)


def markdown() -> str:
    """Every registered flow, by name, as a heading and a ```mermaid block."""
    with translation.override("zh-hans"):
        blocks = [
            f"### {_text(w.title) or w.name} (`{w.name}`)\n\n```mermaid\n{mermaid(w)}\n```"
            for w in sorted(discover(), key=lambda w: w.name)
        ]
    return "\n\n".join(blocks) + "\n"
