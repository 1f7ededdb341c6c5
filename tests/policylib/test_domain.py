"""Writing the policy library: drafts, edits, the optimistic lock, publishing, deleting, auditing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.policylib import domain
from yingcai.policylib.enums import PolicyLevel
from yingcai.policylib.models import Policy
from yingcai.registry.domain.errors import StaleEditError


def _data(**overrides) -> dict:
    data = {
        "title": "新华区高层次人才引进奖励办法",
        "issuer": "新华区人才工作领导小组办公室",
        "document_number": "新人才[2025]3号",
        "issued_on": datetime.date(2025, 3, 1),
        "effective_on": datetime.date(2025, 4, 1),
        "region": None,
        "category": "incentive",
        "full_text": "第一条 为鼓励市场化引才，制定本办法。",
    }
    data.update(overrides)
    return data


def _entries(policy: Policy):
    return AuditEntry.objects.filter(object_id=str(policy.pk), content_type__model="policy").order_by("id")


@pytest.mark.django_db
class TestCreate:
    def test_office_creates_a_city_wide_draft_and_it_is_audited(self, office):
        policy = domain.create_policy(by=office, data=_data())
        assert policy.pk is not None
        assert policy.is_published is False
        assert policy.created_by == office
        assert policy.region is None
        assert policy.level == PolicyLevel.CITY
        # The year goes into hexagonal brackets, however it was typed.
        assert policy.document_number == "新人才〔2025〕3号"
        entry = _entries(policy).get()
        assert entry.action == AuditAction.CREATE
        assert entry.actor == office
        assert entry.changes["title"] == "新华区高层次人才引进奖励办法"
        # The whole text is not copied into the log, only its length and fingerprint.
        assert entry.changes["full_text"].startswith(f"{len(policy.full_text)}字")

    def test_county_staff_policy_is_filed_under_their_county(self, county_staff, county):
        policy = domain.create_policy(by=county_staff, data={k: v for k, v in _data().items() if k != "region"})
        assert policy.region == county
        assert policy.level == PolicyLevel.COUNTY

    def test_county_staff_cannot_file_a_city_wide_policy(self, county_staff):
        with pytest.raises(ValidationError) as caught:
            domain.create_policy(by=county_staff, data=_data(region=None))
        assert "region" in caught.value.error_dict
        assert not Policy.objects.exists()

    def test_county_staff_cannot_file_under_another_county(self, county_staff, other_county):
        with pytest.raises(ValidationError) as caught:
            domain.create_policy(by=county_staff, data=_data(region=other_county))
        assert "只能发布和管理本县区" in caught.value.error_dict["region"][0].message
        assert not Policy.objects.exists()

    @pytest.mark.parametrize("role", ["unit_staff", "talent_self", "expert"])
    def test_other_roles_cannot_create(self, request, role):
        with pytest.raises(PermissionDenied):
            domain.create_policy(by=request.getfixturevalue(role), data=_data())
        assert not Policy.objects.exists()
        assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()

    def test_title_issuer_and_category_are_required(self, office):
        with pytest.raises(ValidationError) as caught:
            domain.create_policy(by=office, data=_data(title=" ", issuer="", category=""))
        assert {"title", "issuer", "category"} <= set(caught.value.error_dict)

    def test_a_policy_cannot_be_issued_in_the_future(self, office):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as caught:
            domain.create_policy(by=office, data=_data(issued_on=tomorrow))
        assert "issued_on" in caught.value.error_dict


@pytest.mark.django_db
class TestUpdate:
    def test_edit_bumps_the_version_and_audits_the_difference(self, office, city_policy):
        updated = domain.update_policy(
            by=office, policy=city_policy, data={"title": "新标题", "issuer": city_policy.issuer}, version=1
        )
        assert updated.title == "新标题"
        assert updated.version == 2
        entry = _entries(city_policy).get(action=AuditAction.UPDATE)
        assert entry.changes == {"title": ["平顶山英才计划若干措施", "新标题"]}

    def test_a_stale_edit_is_refused_with_a_clear_message(self, office, city_policy):
        domain.update_policy(by=office, policy=city_policy, data={"title": "先保存的修改"}, version=1)
        with pytest.raises(StaleEditError) as caught:
            domain.update_policy(by=office, policy=city_policy, data={"title": "过时的修改"}, version=1)
        assert "已被他人修改" in caught.value.messages[0]
        city_policy.refresh_from_db()
        assert city_policy.title == "先保存的修改"
        assert city_policy.version == 2

    def test_changing_the_full_text_changes_its_fingerprint_in_the_log(self, office, city_policy):
        domain.update_policy(by=office, policy=city_policy, data={"full_text": "第一条 新的全文。"}, version=None)
        entry = _entries(city_policy).get(action=AuditAction.UPDATE)
        old, new = entry.changes["full_text"]
        assert old != new
        assert new.startswith("9字")

    def test_county_staff_edit_their_own_policy(self, county_staff, county_policy):
        domain.update_policy(by=county_staff, policy=county_policy, data={"title": "修订后的办法"}, version=1)
        county_policy.refresh_from_db()
        assert county_policy.title == "修订后的办法"

    def test_county_staff_cannot_move_their_policy_out_of_their_county(self, county_staff, county_policy, other_county):
        with pytest.raises(ValidationError):
            domain.update_policy(by=county_staff, policy=county_policy, data={"region": other_county}, version=1)
        county_policy.refresh_from_db()
        assert county_policy.region_id != other_county.pk
        assert county_policy.version == 1

    def test_county_staff_cannot_edit_another_countys_or_the_citys_policy(
        self, county_staff, other_county_policy, city_policy
    ):
        for policy in (other_county_policy, city_policy):
            with pytest.raises(PermissionDenied):
                domain.update_policy(by=county_staff, policy=policy, data={"title": "越权修改"}, version=1)
            policy.refresh_from_db()
            assert policy.title != "越权修改"

    def test_office_edits_a_county_policy(self, office, county_policy):
        domain.update_policy(by=office, policy=county_policy, data={"title": "市里修订"}, version=1)
        county_policy.refresh_from_db()
        assert county_policy.title == "市里修订"


@pytest.mark.django_db
class TestPublish:
    def test_publish_and_unpublish_are_audited(self, office, draft):
        domain.publish_policy(by=office, policy=draft)
        draft.refresh_from_db()
        assert draft.is_published is True
        assert draft.published_at is not None
        domain.unpublish_policy(by=office, policy=draft, reason="内容需修订")
        draft.refresh_from_db()
        assert draft.is_published is False
        changes = [(e.changes, e.reason) for e in _entries(draft)]
        assert changes == [({"is_published": [False, True]}, "发布"), ({"is_published": [True, False]}, "内容需修订")]

    def test_publishing_twice_is_refused(self, office, city_policy):
        with pytest.raises(ValidationError) as caught:
            domain.publish_policy(by=office, policy=city_policy)
        assert caught.value.code == "already_published"

    def test_an_empty_policy_cannot_be_published(self, office, draft):
        Policy.objects.filter(pk=draft.pk).update(full_text="  ")
        with pytest.raises(ValidationError) as caught:
            domain.publish_policy(by=office, policy=draft)
        assert "全文或上传附件" in caught.value.messages[0]
        draft.refresh_from_db()
        assert draft.is_published is False

    def test_county_staff_publish_their_own_but_not_anothers(self, county_staff, county_draft, other_county_draft):
        domain.publish_policy(by=county_staff, policy=county_draft)
        county_draft.refresh_from_db()
        assert county_draft.is_published
        with pytest.raises(PermissionDenied):
            domain.publish_policy(by=county_staff, policy=other_county_draft)
        other_county_draft.refresh_from_db()
        assert not other_county_draft.is_published

    def test_county_staff_cannot_unpublish_a_city_policy(self, county_staff, city_policy):
        with pytest.raises(PermissionDenied):
            domain.unpublish_policy(by=county_staff, policy=city_policy)
        city_policy.refresh_from_db()
        assert city_policy.is_published


@pytest.mark.django_db
class TestDelete:
    def test_delete_needs_a_reason(self, office, city_policy):
        with pytest.raises(ValidationError) as caught:
            domain.delete_policy(by=office, policy=city_policy, reason="   ")
        assert "reason" in caught.value.error_dict
        assert Policy.objects.filter(pk=city_policy.pk).exists()
        assert not _entries(city_policy).filter(action=AuditAction.DELETE).exists()

    def test_delete_with_reason_removes_and_audits(self, office, city_policy):
        pk = city_policy.pk
        domain.delete_policy(by=office, policy=city_policy, reason="已被新政策替代")
        assert not Policy.objects.filter(pk=pk).exists()
        entry = AuditEntry.objects.get(object_id=str(pk), action=AuditAction.DELETE)
        assert entry.reason == "已被新政策替代"
        assert entry.changes["title"] == "平顶山英才计划若干措施"

    def test_county_staff_cannot_delete_a_city_policy(self, county_staff, city_policy):
        with pytest.raises(PermissionDenied):
            domain.delete_policy(by=county_staff, policy=city_policy, reason="越权")
        assert Policy.objects.filter(pk=city_policy.pk).exists()

    def test_county_staff_delete_their_own(self, county_staff, county_policy):
        domain.delete_policy(by=county_staff, policy=county_policy, reason="重复录入")
        assert not Policy.objects.filter(pk=county_policy.pk).exists()
