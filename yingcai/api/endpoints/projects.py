"""Leading talents' projects over JSON (第三条): list, one project with where its money stands,
granting funding (the office), reporting and correcting spending (the unit or the talent).

The same domain functions, scopes and permissions as the pages: a project outside the caller's
scope is 404, an action the caller may not take is 403, a refusal by the rules is 422. Spending
past the money granted is never refused: the answer carries the warning.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import ERRORS, LIST_ERRORS, READ_ERRORS
from yingcai.api.schemas_projects import (
    GrantIn,
    GrantOut,
    ProjectDetailOut,
    ProjectOut,
    SpendingIn,
    SpendingOut,
    SpendingPatch,
    SpendingResultOut,
)
from yingcai.api.types import Id, Year
from yingcai.projects.domain import projects as domain
from yingcai.projects.domain.queries import projects_for_list, visible_projects
from yingcai.projects.models import Project

router = Router(tags=["项目"])


def _visible(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(projects_for_list(visible_projects(request.user)), pk=pk)


@router.get("", response={200: list[ProjectOut], **LIST_ERRORS})
@paginate(Pagination)
def list_projects(
    request: HttpRequest,
    year: Year | None = None,
    unit_id: Id | None = None,
    state: str = "",
    over_spent: bool | None = None,
):
    """The projects the caller may see: the office all, a county or department those of units in its
    jurisdiction, a unit its own, a talent their own; experts none. `year` keeps the projects
    carried out in that year."""
    projects = visible_projects(request.user)
    if year is not None:
        projects = projects.filter(start_year__lte=year, end_year__gte=year)
    if unit_id is not None:
        projects = projects.filter(unit_id=unit_id)
    if state:
        projects = projects.filter(state=state)
    if over_spent is not None:
        projects = projects.filter(over_spent_since__isnull=not over_spent)
    return projects_for_list(projects).order_by("-start_year", "-pk")


@router.get("/{project_id}", response={200: ProjectDetailOut, **READ_ERRORS})
def get_project(request: HttpRequest, project_id: Id):
    return _visible(request, project_id)


@router.post("/{project_id}/grants", response={201: GrantOut, **ERRORS})
def grant_funding(request: HttpRequest, project_id: Id, payload: GrantIn):
    """The office grants a year's funding (one grant per year; all grants within the total)."""
    grant = domain.grant_funding(by=request.user, project=_visible(request, project_id), **payload.dict())
    return 201, grant


@router.get("/{project_id}/spending", response={200: list[SpendingOut], **READ_ERRORS})
def list_spending(request: HttpRequest, project_id: Id):
    project = _visible(request, project_id)
    return list(project.spending_reports.select_related("reported_by").order_by("-year", "-reported_at", "-pk"))


@router.post("/{project_id}/spending", response={201: SpendingResultOut, **ERRORS})
def report_spending(request: HttpRequest, project_id: Id, payload: SpendingIn):
    """Record what was spent in a year under a broad category. No approval; the answer's `funding`
    says whether the project is now over-spent (a warning, not a refusal)."""
    project = _visible(request, project_id)
    report = domain.report_spending(by=request.user, project=project, **payload.dict())
    return 201, {"report": report, "funding": domain.funding_status(project)}


@router.patch("/{project_id}/spending/{report_id}", response={200: SpendingResultOut, **ERRORS})
def correct_spending(request: HttpRequest, project_id: Id, report_id: Id, payload: SpendingPatch):
    """Its reporter corrects a report, until the end of the year it was reported in. `version` is
    the one read: a stale copy is refused."""
    project = _visible(request, project_id)
    report = get_object_or_404(project.spending_reports.all(), pk=report_id)
    report = domain.correct_spending(by=request.user, report=report, **payload.dict())
    return 200, {"report": report, "funding": domain.funding_status(project)}
