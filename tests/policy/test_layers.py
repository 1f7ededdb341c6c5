"""The policy engine sits below the policy areas: it imports none of them, and learns a talent's
introductions through the hook the introductions app registers."""

import ast
import datetime
import pathlib

import pytest

import yingcai
from tests.introductions.factories import IntroductionFactory
from yingcai.introductions.engagements import introductions_in_force
from yingcai.policy import engagements
from yingcai.policy.eligibility import INTRODUCED, profile_of

POLICY_AREAS = {"introductions", "selection", "publicity", "projects", "certification", "support", "policylib"}
ROOT = pathlib.Path(yingcai.__file__).parent


def _imported_apps(path: pathlib.Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
        apps |= {name.split(".")[1] for name in names if name.startswith("yingcai.") and name.count(".") >= 1}
    return apps


def test_the_policy_app_imports_no_policy_area():
    found = {
        str(path.relative_to(ROOT)): sorted(_imported_apps(path) & POLICY_AREAS)
        for path in (ROOT / "policy").rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: apps for path, apps in found.items() if apps} == {}


@pytest.mark.django_db
def test_without_a_registered_provider_a_talent_has_no_introduction(monkeypatch):
    introduction = IntroductionFactory(introduced_on=datetime.date(2024, 3, 1))
    on = datetime.date(2025, 1, 1)
    registered = profile_of(introduction.talent, on)  # the provider IntroductionsConfig registered
    assert registered.basis == INTRODUCED and registered.basis_date == introduction.introduced_on
    monkeypatch.setattr(engagements, "_provider", [])
    unknown = profile_of(introduction.talent, on)
    assert unknown.basis is None and not unknown.introduction_confirmed
    monkeypatch.setattr(engagements, "_provider", [introductions_in_force])
    assert profile_of(introduction.talent, on) == registered
