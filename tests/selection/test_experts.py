"""The expert pool: adding with a new or an existing account, editing, taking out of the pool."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.selection.factories import ExpertFactory, field
from yingcai.accounts.enums import Role
from yingcai.audit.domain import history_of
from yingcai.selection.domain.experts import create_expert, set_expert_active, update_expert


def test_adding_an_expert_creates_their_account(office):
    expert = create_expert(
        by=office,
        data={
            "name": "孙教授",
            "employer_name": "郑州大学",
            "fields": [field()],
            "username": "sun_prof",
            "initial_password": "Kx-2026-review!",
        },
    )
    assert expert.user.role == Role.EXPERT
    assert expert.user.check_password("Kx-2026-review!")
    assert expert.user.full_name == "孙教授"
    assert history_of(expert).get().changes["account"] == "sun_prof"


def test_linking_an_existing_expert_account_once(office, expert):
    made = create_expert(
        by=office, data={"name": "钱研究员", "employer_name": "中科院", "fields": [field()], "user": expert}
    )
    assert made.user == expert
    with pytest.raises(ValidationError, match="已关联其他专家"):
        create_expert(by=office, data={"name": "x", "employer_name": "y", "fields": [field()], "user": expert})
    with pytest.raises(ValidationError, match="评审专家"):
        create_expert(
            by=office, data={"name": "x", "employer_name": "y", "fields": [field()], "user": factories.office_user()}
        )


def test_an_expert_needs_an_employer_a_field_and_a_free_username(office):
    ExpertFactory(user=factories.expert_user(username="taken"))
    for data, message in (
        ({"name": "x", "fields": [field()], "username": "a1"}, "工作单位"),
        ({"name": "x", "employer_name": "y", "username": "a2"}, "专业领域"),
        ({"name": "x", "employer_name": "y", "fields": [field()], "username": "taken"}, "已被使用"),
        ({"name": "x", "employer_name": "y", "fields": [field()]}, "登录账号"),
    ):
        with pytest.raises(ValidationError, match=message):
            create_expert(by=office, data=data)


def test_edit_and_take_out_of_the_pool_with_a_reason(office):
    expert = ExpertFactory()
    update_expert(by=office, expert=expert, data={"title": "教授级高工"})
    expert.refresh_from_db()
    assert expert.title == "教授级高工"
    with pytest.raises(ValidationError):
        set_expert_active(by=office, expert=expert, active=False)
    set_expert_active(by=office, expert=expert, active=False, reason="退休")
    expert.refresh_from_db()
    assert not expert.is_active
    assert history_of(expert).first().reason == "退休"


def test_only_the_office_manages_the_pool(unit_staff, expert):
    target = ExpertFactory()
    for user in (unit_staff, expert):
        with pytest.raises(PermissionDenied):
            create_expert(by=user, data={"name": "x"})
        with pytest.raises(PermissionDenied):
            update_expert(by=user, expert=target, data={"title": "x"})
