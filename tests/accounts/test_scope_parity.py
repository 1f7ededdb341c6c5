"""Every declared scope, for every role: an object is in `scope.visible_to(user)` exactly when
`user.has_perm(scope.permission, obj)` (issue 9). The data holds, for each model, rows inside and
outside each user's scope; the users include the edge cases (a county account with no county, a
unit account that is also linked to a talent)."""

import datetime

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from tests import factories
from tests.introductions.factories import IntroductionFactory
from tests.policylib.factories import PolicyFactory
from tests.projects.factories import ProjectFactory
from tests.selection.factories import ExpertFactory, NominationFactory
from tests.support.factories import CertificationFactory, SupportItemFactory
from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import declared_scopes
from yingcai.certification.enums import CertificationState
from yingcai.introductions.enums import IntroductionState
from yingcai.registry.enums import ProfileChangeState
from yingcai.registry.models import Affiliation, ProfileChange
from yingcai.selection.enums import AssignmentState
from yingcai.selection.models import Assignment
from yingcai.support.enums import EntitlementState
from yingcai.support.models import DecisionTask, Entitlement

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"


class World:
    """Two counties and a line department, a unit in each county (the first answering to the
    department too), a talent at each unit, a talent who left, and a bureau that decides."""

    def __init__(self):
        self.county = factories.JurisdictionFactory()
        self.other_county = factories.JurisdictionFactory()
        self.department = factories.DepartmentFactory()
        self.bureau = factories.DepartmentFactory()
        self.unit = factories.UnitFactory(county=self.county, department=self.department)
        self.other_unit = factories.UnitFactory(county=self.other_county)
        self.talent = factories.TalentFactory(unit=self.unit)
        self.other_talent = factories.TalentFactory(unit=self.other_unit)
        self.former_talent = factories.TalentFactory()
        Affiliation.objects.create(talent=self.former_talent, unit=self.unit, end_date=datetime.date(2025, 1, 1))
        self.expert = ExpertFactory()
        self.other_expert = ExpertFactory()

    def users(self, role) -> list:
        """Users of `role`: one per kind of scope the role can have, and one with none."""
        u = factories.UserFactory
        if role == ANONYMOUS:
            return [AnonymousUser()]
        if role == Role.TALENT_OFFICE:
            return [factories.office_user()]
        if role == Role.JURISDICTION:
            return [
                factories.jurisdiction_user(self.county),
                factories.jurisdiction_user(self.department),
                factories.jurisdiction_user(self.other_county),
                factories.jurisdiction_user(self.bureau),
                u(role=Role.JURISDICTION),
            ]
        if role == Role.UNIT:
            return [
                factories.unit_user(self.unit),
                factories.unit_user(self.other_unit),
                factories.unit_user(self.unit, talent=self.other_talent),
                u(role=Role.UNIT),
            ]
        if role == Role.TALENT:
            return [
                factories.talent_user(self.talent),
                factories.talent_user(self.former_talent),
                u(role=Role.TALENT),
            ]
        if role == Role.EXPERT:
            return [self.expert.user, self.other_expert.user, u(role=Role.EXPERT, talent=self.talent)]
        return [u(role=role), u(role=role, talent=self.talent, unit=self.unit)]

    # The rows of each model, inside and outside the scopes above.

    def units(self):
        return [self.unit, self.other_unit, factories.UnitFactory(county=self.bureau)]

    def talents(self):
        return [self.talent, self.other_talent, self.former_talent]

    def introductions(self):
        return [
            IntroductionFactory(unit=unit, talent=talent, state=state)
            for unit, talent in ((self.unit, self.talent), (self.other_unit, self.other_talent))
            for state in (IntroductionState.DRAFT, IntroductionState.SUBMITTED, IntroductionState.CONFIRMED)
        ]

    def certifications(self):
        return [
            CertificationFactory(unit=unit, talent=talent, state=state)
            for unit, talent in ((self.unit, self.talent), (self.other_unit, self.other_talent))
            for state in (CertificationState.DRAFT, CertificationState.SUBMITTED, CertificationState.CERTIFIED)
        ]

    def projects(self):
        return [
            ProjectFactory(nomination__unit=self.unit, nomination__talent=self.talent),
            ProjectFactory(nomination__unit=self.other_unit, nomination__talent=self.other_talent),
        ]

    def nominations(self):
        mine = NominationFactory(unit=self.unit, talent=self.talent)
        withdrawn = NominationFactory(unit=self.unit)
        other = NominationFactory(unit=self.other_unit, talent=self.other_talent)
        Assignment.objects.create(nomination=mine, expert=self.expert, state=AssignmentState.ASSIGNED)
        Assignment.objects.create(nomination=withdrawn, expert=self.expert, state=AssignmentState.WITHDRAWN)
        Assignment.objects.create(nomination=other, expert=self.expert, state=AssignmentState.CONFLICT_DECLARED)
        return [mine, withdrawn, other]

    def policies(self):
        return [
            PolicyFactory(is_published=True),
            PolicyFactory(is_published=True, region=self.other_county),
            PolicyFactory(is_published=False),
            PolicyFactory(is_published=False, region=self.county),
        ]

    def entitlements(self):
        item = SupportItemFactory()
        rows = []
        for unit, talent in ((self.unit, self.talent), (self.other_unit, self.other_talent)):
            certification = CertificationFactory(unit=unit, talent=talent)
            rows.append(
                Entitlement.objects.create(
                    certification=certification,
                    talent=talent,
                    item=item,
                    kind=item.kind,
                    name=item.name,
                    state=EntitlementState.ACTIVE,
                )
            )
        # Decided by the bureau, whose jurisdiction holds neither unit.
        DecisionTask.objects.create(entitlement=rows[1], office=self.bureau, due_on=datetime.date(2026, 6, 1))
        return rows


def profile_changes(world):
    def change(talent, unit, state=ProfileChangeState.PENDING):
        return ProfileChange.objects.create(
            talent=talent, unit=unit, proposed={"phone": "13800000000"}, base_version=1, state=state
        )

    return [
        change(world.talent, world.unit),
        change(world.former_talent, world.unit),  # left the unit since: the office decides
        change(world.other_talent, world.other_unit),
        change(world.former_talent, None, ProfileChangeState.REJECTED),
    ]


ROWS = {
    "registry.ProfileChange": profile_changes,
    "registry.Unit": World.units,
    "registry.Talent": World.talents,
    "introductions.Introduction": World.introductions,
    "certification.Certification": World.certifications,
    "projects.Project": World.projects,
    "selection.Nomination": World.nominations,
    "policylib.Policy": World.policies,
    "support.Entitlement": World.entitlements,
}
ROLES = [*Role, ANONYMOUS]
SCOPES = {scope.permission: scope for scope in declared_scopes()}


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("permission", sorted(SCOPES))
def test_in_the_list_if_and_only_if_permitted(permission, role):
    scope = SCOPES[permission]
    world = World()
    objects = ROWS[scope.model](world)
    for user in world.users(role):
        visible = set(scope.visible_to(user).values_list("pk", flat=True))
        assert visible <= {o.pk for o in scope.model_class()._default_manager.all()}
        for obj in objects:
            assert (obj.pk in visible) == user.has_perm(permission, obj), (user, role, obj, obj.pk in visible)


@pytest.mark.parametrize("permission", sorted(SCOPES))
def test_each_scope_lets_some_see_and_keeps_others_out(permission):
    """The parity above would hold for a scope that showed nothing to anyone: each shows some
    object to someone and hides some object from someone."""
    scope = SCOPES[permission]
    world = World()
    objects = ROWS[scope.model](world)
    seen = set()
    for role in ROLES:
        # Each role's users apart: the edge-case accounts linked to a talent cannot coexist.
        with transaction.atomic():
            seen |= {user.has_perm(permission, obj) for user in world.users(role) for obj in objects}
            transaction.set_rollback(True)
    assert seen == {True, False}


def test_every_declared_scope_has_rows_in_the_parity_test():
    assert {scope.model for scope in declared_scopes()} == set(ROWS)


# View permissions that may read an object but are not a model's scope, each with the reason. A
# new `view` permission must be declared as a scope, be a predicate of the user alone, or be here.
NOT_SCOPES = {
    # The same rule as certification.view (the evidence of a certification one may see).
    "certification.view_evidence": "follows certification.view",
    # A nomination's materials: the same people as view_nomination.
    "selection.view_materials": "follows selection.view_nomination",
    # Dated: others' score sheets become readable when scoring closes (queries.visible_scoresheets).
    "selection.view_scoresheet": "dated rule, tested in tests/selection",
    # Personal data inside a talent one already sees.
    "registry.view_personal_data": "a field rule on a visible talent",
    # Composed of predicates of the user alone (the `rules` library counts a composition's
    # arguments as 0): who may open the page at all, no object.
    "selection.view_rounds": "a page, not an object",
    "policy.view_rules": "a page, not an object",
}


def test_every_object_view_permission_has_a_scope():
    object_views = {
        name
        for name, predicate in rules.permissions.permissions.items()
        if name.split(".", 1)[-1].startswith("view") and predicate.num_args != 1
    }
    assert object_views - set(SCOPES) - set(NOT_SCOPES) == set()
    assert set(NOT_SCOPES) <= object_views  # the list names no permission that is gone


def test_a_scope_is_declared_once_per_permission():
    from yingcai.accounts.scopes import Scope, register, scope_of

    unit_scope = scope_of("registry.view_unit")
    assert register(unit_scope) is unit_scope  # the same declaration again is harmless
    with pytest.raises(ValueError, match="already has a scope"):
        register(Scope(model="registry.Unit", permission="registry.view_unit", roles={}))
    assert scope_of("registry.view_unit") is unit_scope


def test_a_role_the_scope_does_not_name_sees_nothing():
    world = World()
    units = world.units()
    scope = SCOPES["registry.view_unit"]
    for user in [*world.users(Role.EXPERT), *world.users(ANONYMOUS)]:
        assert not scope.visible_to(user).exists()
        assert not any(user.has_perm("registry.view_unit", unit) for unit in units)
