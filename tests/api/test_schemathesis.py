"""Schemathesis against the API's own OpenAPI document, signed in as the talent office and as a unit.

Every operation is called with generated input, valid and invalid (examples, coverage and fuzzing
phases; the requests as a browser sends them: session cookie and CSRF token): no answer may be a
server error, and every answer must match what the document says (status codes, content types,
bodies, the 4xx bodies the one error schema), invalid input must be refused, and calls without the
session must be 401. Valid cases are partly aimed at records of a small demo data set (seed_demo),
so that the operations also run on real data. Deterministic generation and derandomized hypothesis:
the same cases on every run, on SQLite and PostgreSQL alike.

Left out on purpose: `positive_data_acceptance` (the domain refuses schema-valid input with 422 for
business reasons: unknown codes, dates in the wrong order, states) and the stateful phase.
"""

import zlib
from io import StringIO

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from yingcai.accounts.models import User
from yingcai.certification.models import Certification, Evidence
from yingcai.introductions.models import Introduction, WorkPeriod
from yingcai.projects.models import Project, SpendingReport
from yingcai.publicity.models import Objection, Publicity
from yingcai.registry.models import Talent, Unit
from yingcai.selection.models import Assignment, Nomination, SelectionRound
from yingcai.support.models import DecisionTask, Entitlement, Instalment
from yingcai.wsgi import application

CSRF_TOKEN = "schemathesis0csrf0token000000000"  # 32 characters: Django's unmasked secret form
EXAMPLES = 10


def config(session_key: str) -> schemathesis.Config:
    """Repeatable runs (deterministic generation), the session as the API's one security scheme so
    that schemathesis also tries the calls without it."""
    return schemathesis.Config.from_dict(
        {
            "generation": {"deterministic": True, "max-examples": EXAMPLES},
            "phases": {"stateful": {"enabled": False}},
            "auth": {"openapi": {"SessionAuth": {"api_key": session_key}}},
            "checks": {"positive_data_acceptance": {"enabled": False}},
        }
    )


@pytest.fixture(params=["office", "unit"])
def signed_in(request, db, settings, tmp_path) -> Client:
    """The demo data set, and a client signed in as one of its logins (office or unit)."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", talents=60, stdout=StringIO())
    client = Client()
    client.force_login(User.objects.get(username=request.param))
    return client


# Path parameters and the records they name: valid generated cases are sometimes aimed at records of
# the demo data set, so that the operations run on real data too, not only into 404.
RECORDS = {
    "unit_id": Unit,
    "talent_id": Talent,
    "introduction_id": Introduction,
    "period_id": WorkPeriod,
    "round_id": SelectionRound,
    "nomination_id": Nomination,
    "assignment_id": Assignment,
    "project_id": Project,
    "report_id": SpendingReport,
    "publicity_id": Publicity,
    "objection_id": Objection,
    "certification_id": Certification,
    "evidence_id": Evidence,
    "entitlement_id": Entitlement,
    "task_id": DecisionTask,
    "instalment_id": Instalment,
}


def aim_at_records(loaded) -> None:
    ids = {name: list(model.objects.order_by("pk").values_list("pk", flat=True)[:4]) for name, model in RECORDS.items()}

    @loaded.hook
    def map_case(context, case):
        if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
            return case
        for name in list(case.path_parameters or {}):
            choices = ids.get(name)
            if choices:
                # Repeatable: the same generated case is always aimed at the same record (or none).
                pick = zlib.crc32(f"{name}={case.path_parameters[name]}".encode()) % (len(choices) + 1)
                if pick < len(choices):
                    case.path_parameters[name] = choices[pick]
        return case


@pytest.fixture
def api_schema(signed_in):
    """The OpenAPI document as the app serves it to a signed-in user, run against the WSGI app."""
    response = signed_in.get("/api/v1/openapi.json")
    assert response.status_code == 200
    session_key = signed_in.cookies[django_settings.SESSION_COOKIE_NAME].value
    loaded = schemathesis.openapi.from_dict(response.json(), config=config(session_key))
    loaded.app = application
    aim_at_records(loaded)
    # Django closes "old" connections as a request starts and ends, which inside the test's
    # transaction closes it on PostgreSQL; its test client switches that off around each request
    # (and back on after), and so must a run against the plain WSGI app.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield loaded
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(cookies={django_settings.CSRF_COOKIE_NAME: CSRF_TOKEN}, headers={"X-CSRFToken": CSRF_TOKEN})
