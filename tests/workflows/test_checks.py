"""Every registered flow is checked at start-up: a broken one stops `manage.py check`."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import models

from yingcai.workflows.checks import check_workflows, discover, problems_of
from yingcai.workflows.engine import Transition, Workflow, register, unregister

EVERY_FLOW = {
    "introduction",
    "introduction_import",
    "certification",
    "project",
    "selection_nomination",
    "selection_round",
    "selection_assignment",
    "publicity",
    "support_entitlement",
    "support_task",
    "support_instalment",
    "registry_export",
}


class Light(models.TextChoices):
    RED = "red", "红"
    AMBER = "amber", "黄"
    GREEN = "green", "绿"


def flow(**overrides) -> Workflow:
    """A well-formed flow (red → green → amber → red, amber final is not declared), with overrides."""
    fields = {
        "name": "test_light",
        "states": Light,
        "initial": Light.RED,
        "transitions": (
            Transition("go", "通行", (Light.RED,), Light.GREEN),
            Transition("slow", "减速", (Light.GREEN,), Light.AMBER),
        ),
        "final_states": (Light.AMBER,),
    }
    return Workflow(**{**fields, **overrides})


def ids(workflow: Workflow) -> list[str]:
    return [check_id for check_id, _ in problems_of(workflow)]


def test_every_flow_of_the_platform_is_registered_and_well_formed():
    flows = {w.name: w for w in discover()}
    assert set(flows) >= EVERY_FLOW
    assert {name: problems_of(w) for name, w in flows.items()} == {name: [] for name in flows}
    call_command("check")  # raises SystemCheckError on any error


def test_the_well_formed_example_passes():
    assert problems_of(flow()) == []


def test_an_initial_state_that_is_not_a_state_fails():
    assert "workflows.E001" in ids(flow(initial="blue"))


def test_a_final_or_entry_state_that_is_not_a_state_fails():
    assert ids(flow(final_states=(Light.AMBER, "blue"))) == ["workflows.E001"]
    assert ids(flow(entry_states=("blue",))) == ["workflows.E001"]


def test_a_transition_to_an_undeclared_state_fails():
    broken = flow(transitions=(*flow().transitions, Transition("flash", "闪烁", (Light.GREEN,), "blinking")))
    assert ids(broken) == ["workflows.E002"]


def test_a_transition_from_an_undeclared_state_fails():
    broken = flow(transitions=(*flow().transitions, Transition("wake", "启动", ("off",), Light.RED)))
    assert ids(broken) == ["workflows.E002"]


def test_a_transition_without_sources_or_declared_twice_fails():
    assert ids(flow(transitions=(*flow().transitions, Transition("none", "无", (), Light.RED)))) == ["workflows.E002"]
    twice = flow(transitions=(*flow().transitions, Transition("go", "再通行", (Light.GREEN,), Light.AMBER)))
    assert ids(twice) == ["workflows.E002"]


def test_a_final_state_with_an_exit_fails():
    broken = flow(transitions=(*flow().transitions, Transition("stop", "停车", (Light.AMBER,), Light.RED)))
    assert ids(broken) == ["workflows.E003"]


def test_a_state_that_cannot_be_reached_fails():
    broken = flow(transitions=flow().transitions[:1], final_states=())
    assert ids(broken) == ["workflows.E004"]  # amber: nothing leads there
    # An entry state counts as a way in for the diagram, not for the check: it must be reachable too.
    assert ids(flow(transitions=flow().transitions[:1], final_states=(), entry_states=(Light.AMBER,))) == [
        "workflows.E004"
    ]


@pytest.fixture
def broken_flow_registered():
    register(flow(final_states=(Light.RED,)))  # red is initial and has an exit
    yield
    unregister("test_light")


def test_a_broken_registered_flow_stops_the_start_up_check(broken_flow_registered):
    errors = check_workflows()
    assert [(e.id, e.obj) for e in errors] == [("workflows.E003", "test_light")]
    with pytest.raises(SystemCheckError, match="test_light"):
        call_command("check")
