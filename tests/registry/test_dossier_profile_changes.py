"""我的档案: a talent asks to change their profile; their unit confirms or rejects, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests import factories
from yingcai.audit.models import AuditEntry
from yingcai.notifications.models import Notification
from yingcai.registry.domain.profile_changes import (
    confirm_profile_change,
    reject_profile_change,
    request_profile_change,
)
from yingcai.registry.domain.talents import update_talent
from yingcai.registry.enums import ProfileChangeState
from yingcai.registry.models import ProfileChange

pytestmark = pytest.mark.django_db
NEW_PHONE = "13912345678"


@pytest.fixture
def change(talent_self, talent, unit_staff):
    return request_profile_change(
        by=talent_self, talent=talent, data={"phone": NEW_PHONE, "email": "new@example.cn", "specialty": "储能材料"}
    )


def test_a_request_waits_for_the_unit_and_changes_nothing_yet(
    django_capture_on_commit_callbacks, talent_self, talent, unit, unit_staff
):
    old_phone = talent.phone
    with django_capture_on_commit_callbacks(execute=True):
        change = request_profile_change(by=talent_self, talent=talent, data={"phone": NEW_PHONE})
    talent.refresh_from_db()
    assert talent.phone == old_phone
    assert change.state == ProfileChangeState.PENDING and change.unit == unit
    assert change.proposed == {"phone": NEW_PHONE}
    entry = AuditEntry.objects.get(object_id=str(change.pk), action="create")
    assert NEW_PHONE not in str(entry.changes) and "139****5678" in str(entry.changes)
    assert Notification.objects.filter(recipient=unit_staff, kind="profile_change").exists()


def test_the_unit_confirms_and_the_profile_changes_audited(
    django_capture_on_commit_callbacks, change, talent, unit_staff, talent_self
):
    with django_capture_on_commit_callbacks(execute=True):
        confirm_profile_change(by=unit_staff, change=change)
    talent.refresh_from_db()
    change.refresh_from_db()
    assert (talent.phone, talent.email, talent.specialty) == (NEW_PHONE, "new@example.cn", "储能材料")
    assert change.state == ProfileChangeState.CONFIRMED and change.decided_by == unit_staff
    assert AuditEntry.objects.filter(object_id=str(talent.pk), action="update", actor=unit_staff).exists()
    assert AuditEntry.objects.filter(object_id=str(change.pk), action="update", changes__state__1="confirmed").exists()
    assert Notification.objects.filter(recipient=talent_self, title="您的个人信息变更已确认").exists()


def test_a_rejection_needs_a_reason_and_the_talent_sees_it(client, change, talent, unit_staff, talent_self):
    with pytest.raises(ValidationError) as refused:
        reject_profile_change(by=unit_staff, change=change, reason="  ")
    assert "reason" in refused.value.error_dict
    reject_profile_change(by=unit_staff, change=change, reason="手机号与单位登记不一致")
    change.refresh_from_db()
    assert change.state == ProfileChangeState.REJECTED
    client.force_login(talent_self)
    assert "上次信息变更被驳回：手机号与单位登记不一致" in client.get(reverse("home")).content.decode()


def test_one_pending_request_at_a_time(change, talent_self, talent):
    with pytest.raises(ValidationError, match="已有一项待单位确认"):
        request_profile_change(by=talent_self, talent=talent, data={"email": "other@example.cn"})


def test_a_bad_phone_is_refused_naming_the_field(talent_self, talent):
    with pytest.raises(ValidationError) as refused:
        request_profile_change(by=talent_self, talent=talent, data={"phone": "12345"})
    assert "phone" in refused.value.error_dict
    assert not ProfileChange.objects.exists()


def test_nothing_changed_is_refused(talent_self, talent):
    with pytest.raises(ValidationError, match="没有需要变更的内容"):
        request_profile_change(by=talent_self, talent=talent, data={"phone": talent.phone})


def test_a_profile_edited_since_the_request_is_not_overwritten(change, talent, unit_staff):
    update_talent(by=unit_staff, talent=talent, data={"email": "unit@example.cn"}, version=talent.version)
    with pytest.raises(ValidationError, match="已被他人修改"):
        confirm_profile_change(by=unit_staff, change=change)
    talent.refresh_from_db()
    assert talent.email == "unit@example.cn"


def test_only_the_talent_asks_for_their_own_change(talent, other_talent, unit_staff, office):
    for user in (factories.talent_user(other_talent), unit_staff, office):
        with pytest.raises(PermissionDenied):
            request_profile_change(by=user, talent=talent, data={"email": "x@example.cn"})


def test_another_units_staff_cannot_confirm(client, change, other_unit, county_staff):
    stranger = factories.unit_user(other_unit)
    for user in (stranger, county_staff):
        with pytest.raises(PermissionDenied):
            confirm_profile_change(by=user, change=change)
        with pytest.raises(PermissionDenied):
            reject_profile_change(by=user, change=change, reason="不是我们的人")
        client.force_login(user)
        assert client.post(reverse("registry:profile-change-confirm", args=[change.pk])).status_code == 403
        assert client.get(reverse("registry:profile-change-detail", args=[change.pk])).status_code == 403
    change.refresh_from_db()
    assert change.is_pending


def test_another_talent_cannot_open_the_change(client, change, other_talent):
    client.force_login(factories.talent_user(other_talent))
    assert client.get(reverse("registry:profile-change-detail", args=[change.pk])).status_code == 403


def test_a_talent_with_no_unit_is_confirmed_by_the_office(office, unit_staff):
    loner = factories.TalentFactory()
    change = request_profile_change(by=factories.talent_user(loner), talent=loner, data={"email": "a@example.cn"})
    assert change.unit is None
    with pytest.raises(PermissionDenied):
        confirm_profile_change(by=unit_staff, change=change)
    confirm_profile_change(by=office, change=change)
    loner.refresh_from_db()
    assert loner.email == "a@example.cn"


def test_the_pages_request_list_and_confirm(client, talent_self, talent, unit_staff):
    client.force_login(talent_self)
    form = client.get(reverse("registry:my-profile"))
    assert form.status_code == 200 and "filter-bar" not in form.content.decode()
    response = client.post(
        reverse("registry:my-profile"),
        {"phone": NEW_PHONE, "email": "", "specialty": "储能", "education": talent.education, "title": talent.title},
    )
    change = ProfileChange.objects.get()
    assert response.status_code == 302 and response.url == reverse("registry:profile-change-detail", args=[change.pk])
    # With a request pending the form leads to it.
    assert client.get(reverse("registry:my-profile")).url == response.url
    page = client.get(response.url).content.decode()
    assert "待单位确认" in page and "确认变更" not in page
    client.force_login(unit_staff)
    listed = client.get(reverse("registry:profile-change-list")).content.decode()
    assert response.url in listed
    assert "确认变更" in client.get(response.url).content.decode()
    assert client.post(reverse("registry:profile-change-confirm", args=[change.pk])).status_code == 302
    talent.refresh_from_db()
    assert talent.phone == NEW_PHONE and talent.specialty == "储能"


def test_a_reject_without_reason_shows_the_form_again(client, change, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("registry:profile-change-reject", args=[change.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["reject_form"].errors
    change.refresh_from_db()
    assert change.is_pending


def test_only_talents_have_the_change_form(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(reverse("registry:my-profile")).status_code == 403


def test_the_unit_is_told_in_its_todo(change, unit_staff, other_unit):
    from yingcai.registry.todo import items

    assert [i.count for i in items(unit_staff, None)] == [1]
    assert items(factories.unit_user(other_unit), None) == []
