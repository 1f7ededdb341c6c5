"""The record reads like a record: labels, choice labels and formatted values in the reader's
language, on the audit log, its entry page, its export and every history on a business page."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation

from tests import factories
from tests.introductions.factories import IntroductionFactory
from yingcai.audit import presentation
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.audit.presentation import KeyLabel, present_one, register_labels
from yingcai.introductions.enums import IntroductionState
from yingcai.registry.enums import UnitKind
from yingcai.registry.models import IndustryChain, IndustryCluster


def texts(entry: AuditEntry) -> list[str]:
    return [change.text for change in present_one(entry).changes]


@pytest.fixture
def introduction(db):
    return IntroductionFactory()


@pytest.fixture
def labels_registry(monkeypatch):
    """Registrations a test makes are gone after it."""
    monkeypatch.setattr(presentation, "_LABELS", dict(presentation._LABELS))
    monkeypatch.setattr(presentation, "_FILE_LINKS", dict(presentation._FILE_LINKS))


# --- the renderer ------------------------------------------------------------------------------


def test_a_state_change_reads_as_choice_labels_in_chinese_and_in_english(office, introduction):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={"state": [IntroductionState.DRAFT, IntroductionState.SUBMITTED]},
    )
    assert texts(entry) == ["审核状态：草稿 → 待县区/主管部门审核"]
    with translation.override("en"):
        (change,) = present_one(entry).changes
        assert (change.label, change.old.text, change.new.text) == (
            "Review status",
            "Draft",
            "Awaiting county/district (competent department) review",
        )


def test_a_state_written_as_its_chinese_label_is_shown_in_the_readers_language(office, introduction):
    """The workflow engine writes labels; an English reader still reads English."""
    entry = record(actor=office, action=AuditAction.UPDATE, target=introduction, changes={"state": ["草稿", "已退回"]})
    assert texts(entry) == ["审核状态：草稿 → 已退回"]
    with translation.override("en"):
        (change,) = present_one(entry).changes
        assert (change.label, change.old.text) == ("Review status", "Draft")
        assert "已退回" not in change.new.text


def test_a_file_shows_its_name_not_its_storage_path(office, introduction):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={"contract_file": ["", "introductions/contracts/2026/劳动合同-续签.pdf"]},
    )
    (change,) = present_one(entry).changes
    assert change.text == "合同/协议文件：— → 劳动合同-续签.pdf"
    assert "introductions/contracts" not in change.text
    assert change.new.url is None  # no viewer: no link


def test_a_file_stored_under_a_random_name_shows_the_name_it_was_uploaded_with(office, introduction):
    """The domain audits both the stored file and its original name: one row, by the original name."""
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={
            "contract_file": ["introductions/contracts/2025/a1b2c3.pdf", "introductions/contracts/2026/9f8e7d.pdf"],
            "contract_file_name": ["旧合同.pdf", "劳动合同-续签.pdf"],
            "state": ["draft", "submitted"],
        },
    )
    changes = present_one(entry).changes
    assert [c.text for c in changes if c.label == "合同/协议文件"] == ["合同/协议文件：旧合同.pdf → 劳动合同-续签.pdf"]
    assert len(changes) == 2
    assert not any("a1b2c3" in c.text or "9f8e7d" in c.text for c in changes)


def test_a_file_links_only_for_a_viewer_the_owning_app_allows(office, audit_admin, introduction):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={"contract_file": [None, introduction.contract_file.name]},
    )
    assert present_one(entry, user=office).changes[0].new.url == f"/introductions/{introduction.pk}/contract/"
    assert present_one(entry, user=audit_admin).changes[0].new.url is None  # 三员分立: not a business file reader


def test_a_replaced_file_is_named_but_not_linked(office, introduction):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={"contract_file": ["introductions/contracts/2023/旧合同.pdf", introduction.contract_file.name]},
    )
    (change,) = present_one(entry, user=office).changes
    assert (change.old.text, change.old.url) == ("旧合同.pdf", None)
    assert change.new.url is not None


def test_a_foreign_key_shows_the_objects_name(office, unit, other_county):
    old_county = unit.county
    by_id = record(
        actor=office, action=AuditAction.UPDATE, target=unit, changes={"county": [old_county.pk, other_county.pk]}
    )
    assert texts(by_id) == [f"所在县区：{old_county.name} → {other_county.name}"]
    by_name = record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"county": ["甲县", "乙县"]})
    assert texts(by_name) == ["所在县区：甲县 → 乙县"]
    gone = record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"county": [None, 987654]})
    assert texts(gone) == ["所在县区：— → #987654"]


def test_choices_booleans_money_dates_and_lists_are_formatted_by_the_fields_type(office, unit):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=unit,
        changes={
            "kind": [UnitKind.ENTERPRISE, None],
            "is_active": [True, False],
            "chains": [["新材料"], ["新材料", "高端装备"]],
        },
    )
    assert texts(entry) == ["单位类型：企业 → —", "有效：是 → 否", "产业链：新材料 → 新材料、高端装备"]
    with translation.override("en"):
        kind, active, _chains = present_one(entry).changes
        assert (kind.label, kind.old.text, kind.new.text) == ("Unit type", "Enterprise", "—")
        assert (active.label, active.old.text, active.new.text) == ("Active", "Yes", "No")


def test_a_many_to_many_snapshot_is_a_list_not_a_change(office, unit):
    entry = record(actor=office, action=AuditAction.CREATE, target=unit, changes={"chains": ["新材料", "高端装备"]})
    assert texts(entry) == ["产业链：新材料、高端装备"]


def test_a_many_to_many_change_by_id_shows_names(office, unit):
    cluster = IndustryCluster.objects.create(code="T1", name="测试集群")
    first, second = (
        IndustryChain.objects.create(code=c, name=n, cluster=cluster)
        for c, n in [("T1A", "测试链甲"), ("T1B", "测试链乙")]
    )
    entry = record(
        actor=office, action=AuditAction.UPDATE, target=unit, changes={"chains": [[first.pk], [first.pk, second.pk]]}
    )
    assert texts(entry) == [f"产业链：{first} → {first}、{second}"]


def test_money_dates_and_datetimes_read_as_people_write_them(office, talent):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=talent,
        changes={
            "amount": [None, "1234567.50"],
            "task_due_on": [None, "2026-12-04"],
            "locked_until": "2026-12-04T02:30:00+00:00",
        },
    )
    assert texts(entry) == ["金额（元）：— → 1,234,567.50", "办理期限：— → 2026-12-04", "锁定至：2026-12-04 10:30"]


def test_a_decimal_field_gets_thousands_separators(office, db):
    from tests.support.factories import bank_item

    item = bank_item()
    field = next(f for f in type(item)._meta.concrete_fields if f.get_internal_type() == "DecimalField")
    entry = record(actor=office, action=AuditAction.UPDATE, target=item, changes={field.name: ["50000.00", "80000"]})
    assert texts(entry) == [f"{field.verbose_name}：50,000.00 → 80,000"]


def test_keys_that_are_not_fields_use_the_registered_labels(office, talent):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=talent,
        changes={"outcome": [None, "已安排入学"], "rule": [None, "第十条"], "instalments": [None, [1, 2, 3]]},
    )
    assert texts(entry) == ["办理结果：— → 已安排入学", "适用规则：— → 第十条", "发放安排：— → 1、2、3"]


def test_unknown_keys_fall_back_readably(office, talent):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=talent,
        changes={"some_new_key": [False, {"a": 1}], "note:附件.pdf": [None, "已核对"], "plain": 3},
    )
    assert texts(entry) == ["some new key：否 → a：1", "note：附件.pdf：— → 已核对", "plain：3"]


def test_an_entry_without_a_target_reads_too(db):
    entry = record(actor=None, action=AuditAction.LOGIN_FAILED, changes={"username": "nobody"})
    assert texts(entry) == ["用户名：nobody"]


def test_fields_viewed_are_named_by_their_labels(office, talent):
    entry = record(
        actor=office, action=AuditAction.VIEW_PERSONAL_DATA, target=talent, changes={"fields": ["id_number", "phone"]}
    )
    (text,) = texts(entry)
    assert "id_number" not in text and "phone" not in text and "、" in text


def test_an_export_names_the_kind_of_object(office):
    entry = record(actor=office, action=AuditAction.EXPORT, changes={"what": "registry.Talent", "rows": 3})
    assert texts(entry) == ["导出内容：人才", "行数：3"]


def test_apps_register_labels_of_their_own_keys(office, talent, labels_registry):
    register_labels({"checked": KeyLabel("已核验", presentation.BOOL)}, model="registry.talent")
    register_labels({"grant": "补助"})
    entry = record(
        actor=office, action=AuditAction.UPDATE, target=talent, changes={"checked": [None, "true"], "grant": "x"}
    )
    assert texts(entry) == ["已核验：— → 是", "补助：x"]
    unit_entry = record(actor=office, action=AuditAction.UPDATE, target=factories.UnitFactory(), changes={"checked": 1})
    assert texts(unit_entry) == ["checked：1"]  # the label was for talents only


def test_an_unknown_kind_is_refused_at_registration():
    with pytest.raises(ValueError):
        KeyLabel("x", kind="colour")


def test_the_projects_keys_are_registered_by_the_projects_app(office, talent):
    """The hook in use: audit never imports projects, projects tells audit its labels."""
    from yingcai.projects.domain.projects import GRANT_KEY

    assert presentation._LABELS[("projects.project", GRANT_KEY)].label == "拨付经费"


# --- the audit log page, its entry page and its export -----------------------------------------


def page(client, *args, **kwargs) -> str:
    response = client.get(*args, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_the_log_reads_labels_not_keys(client, audit_admin, office, introduction):
    record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={
            "state": [IntroductionState.DRAFT, IntroductionState.SUBMITTED],
            "contract_file": [None, "introductions/contracts/2026/x9f3a.pdf"],
        },
    )
    client.force_login(audit_admin)
    html = page(client, "/audit/")
    assert "审核状态：草稿 → 待县区/主管部门审核" in html
    assert "x9f3a.pdf" in html and "introductions/contracts/2026" not in html
    assert "state:" not in html and "&#x27;draft&#x27;" not in html
    assert f"/introductions/{introduction.pk}/contract/" not in html  # the audit admin opens no business file
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the user's choice (set_language)
    html = page(client, "/audit/")
    assert (
        "Review status" in html
        and "Awaiting county/district (competent department) review" in html
        and "审核状态" not in html
    )


def test_the_entry_page_shows_old_and_new_values(client, audit_admin, office, unit, other_county):
    entry = record(
        actor=office,
        action=AuditAction.UPDATE,
        target=unit,
        changes={"county": [unit.county.pk, other_county.pk]},
        reason="区划调整",
    )
    client.force_login(audit_admin)
    html = page(client, f"/audit/{entry.seq}/")
    assert "所在县区" in html and unit.county.name in html and other_county.name in html
    assert "区划调整" in html and entry.hash in html
    assert f'href="/audit/{entry.seq}/"' in page(client, "/audit/")


@pytest.mark.parametrize("role", ["office", "unit_staff", "talent_self", "expert"])
def test_the_entry_page_is_the_audit_admins_only(client, request, role, office, unit):
    entry = record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"name": ["a", "b"]})
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/audit/{entry.seq}/").status_code == 403


def test_a_talent_office_user_cannot_read_the_log_and_the_audit_admin_can(client, audit_admin, office, unit):
    record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"name": ["a", "b"]})
    client.force_login(office)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export/").status_code == 403
    client.force_login(audit_admin)
    assert client.get("/audit/").status_code == 200


def test_an_unknown_entry_is_not_found(client, audit_admin):
    client.force_login(audit_admin)
    assert client.get("/audit/999999/").status_code == 404


def test_the_export_holds_the_readable_values(client, audit_admin, office, introduction, unit):
    record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={"state": [IntroductionState.DRAFT, IntroductionState.SUBMITTED]},
    )
    record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"is_active": [True, False]})
    client.force_login(audit_admin)
    response = client.get("/audit/export/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_type = {row[5]: row for row in rows}
    assert by_type["引进记录"][8] == "审核状态：草稿 → 待县区/主管部门审核"
    assert by_type["用人单位"][8] == "有效：是 → 否"
    assert by_type["引进记录"][3] == "人才办管理员"  # the role's label, not its code
    assert not any("draft" in str(row[8]) for row in rows)


# --- the filters ---------------------------------------------------------------------------------


def listed(response) -> list[AuditEntry]:
    return [item.entry for item in response.context["entries"]]


def test_the_object_types_are_those_with_entries_named_by_their_labels(client, audit_admin, office, introduction):
    record(actor=office, action=AuditAction.UPDATE, target=introduction, changes={"state": ["draft", "submitted"]})
    record(actor=office, action=AuditAction.CREATE, target=introduction.unit)
    client.force_login(audit_admin)
    choices = dict(client.get("/audit/").context["filter"].form.fields["content_type"].choices)
    labels = {str(label) for label in choices.values()}
    assert {"引进记录", "用人单位"} <= labels
    assert "人才待遇" not in labels  # no entry about one
    assert not any("|" in label for label in labels)


def test_filter_by_object_type_of_any_app(client, audit_admin, office, introduction):
    from django.contrib.contenttypes.models import ContentType

    about_introduction = record(actor=office, action=AuditAction.UPDATE, target=introduction, changes={"state": [1, 2]})
    record(actor=office, action=AuditAction.CREATE, target=introduction.unit)
    client.force_login(audit_admin)
    kind = ContentType.objects.get_for_model(introduction)
    assert listed(client.get("/audit/", {"content_type": kind.pk})) == [about_introduction]


def test_filter_by_free_text_date_range_and_actor(client, audit_admin, office, unit):
    import time_machine

    clerk = factories.office_user(full_name="文本测试员")
    with time_machine.travel("2026-06-10 10:00 +0800", tick=False):
        early = record(actor=office, action=AuditAction.UPDATE, target=unit, reason="更正统一社会信用代码")
    with time_machine.travel("2026-06-20 10:00 +0800", tick=False):
        late = record(actor=clerk, action=AuditAction.UPDATE, target=unit, reason="其他")
    client.force_login(audit_admin)
    assert listed(client.get("/audit/", {"q": "信用代码"})) == [early]
    assert listed(client.get("/audit/", {"q": "文本测试"})) == [late]
    assert listed(client.get("/audit/", {"since": "2026-06-15", "until": "2026-06-30"})) == [late]
    assert listed(client.get("/audit/", {"until": "2026-06-10"})) == [early]
    assert listed(client.get("/audit/", {"actor": "文本测试员", "action": "update"})) == [late]
    assert listed(client.get("/audit/", {"action": "delete"})) == []


def test_the_log_page_reads_no_query_per_row(
    client, audit_admin, office, unit, other_county, introduction, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def write(n: int) -> None:
        for k in range(n):
            record(
                actor=office,
                action=AuditAction.UPDATE,
                target=unit,
                changes={"county": [unit.county.pk, other_county.pk]},
            )
            record(
                actor=office,
                action=AuditAction.UPDATE,
                target=introduction,
                changes={"contract_file": [None, f"a/{k}.pdf"], "state": ["draft", "submitted"]},
            )

    client.force_login(audit_admin)
    client.get("/audit/")  # warms the content-type cache
    write(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/audit/")
    write(20)
    with django_assert_max_num_queries(len(few)):
        response = client.get("/audit/")
    assert len(response.context["entries"]) == 20
    assert len(few) <= 12
    assert other_county.name in response.content.decode()


# --- a history on a business page ------------------------------------------------------------------


def test_a_business_history_reads_the_same_and_links_the_file_for_its_reader(client, office, introduction):
    record(
        actor=office,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={
            "state": [IntroductionState.DRAFT, IntroductionState.SUBMITTED],
            "contract_file": [None, introduction.contract_file.name],
        },
    )
    client.force_login(office)
    html = page(client, f"/introductions/{introduction.pk}/")
    assert "审核状态：草稿 → 待县区/主管部门审核" in html
    assert f'<a href="/introductions/{introduction.pk}/contract/">劳动合同.pdf</a>' in html
    assert "introductions/contracts/2024" not in html
