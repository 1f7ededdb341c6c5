"""Nomination materials in the domain: what a unit may upload (checked by content, stored under a
random name), when it may change them (submitted or returned, before experts are assigned), and who
may read them (the nominating unit, the office, the assigned experts until they declare 回避)."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.core import files
from tests.selection.factories import D, ExpertFactory, NominationFactory, RoundFactory
from tests.selection.helpers import assignment
from yingcai.audit.domain import history_of
from yingcai.registry.domain.errors import StaleEditError
from yingcai.selection.domain import materials
from yingcai.selection.domain.assignments import assign_experts, declare_conflict
from yingcai.selection.domain.nominations import accept_nomination, return_nomination, withdraw_nomination
from yingcai.selection.enums import AchievementKind, MaterialKind
from yingcai.selection.models import NominationMaterial

pytestmark = pytest.mark.django_db
TODAY = D(2026, 3, 20)
AFTER_NOMINATIONS = D(2026, 4, 2)  # RoundFactory: nominations close 31 March, scoring opens 10 April


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _while_nominations_are_open():
    """Materials change only before the round's scoring opens (RoundFactory: 10 April)."""
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def nomination(unit):
    return NominationFactory(unit=unit)


def pdf(name="简历.pdf"):
    return files.upload(name, files.PDF)


def add_achievement(by, nomination, **overrides):
    data = {
        "kind": MaterialKind.ACHIEVEMENT,
        "achievement_kind": AchievementKind.PATENT,
        "title": "一种己二腈连续化生产方法",
        "achieved_on": D(2024, 6, 18),
        "description": "发明专利，第一发明人，已在本单位实施",
        "file": pdf("专利证书.pdf"),
        "on": TODAY,
    }
    data.update(overrides)
    return materials.add_material(by=by, nomination=nomination, **data)


def test_the_unit_adds_each_kind_stored_under_a_random_name_and_audited(nomination, unit_staff, settings):
    cv = materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf("张伟 简历.pdf"))
    task = materials.add_material(
        by=unit_staff,
        nomination=nomination,
        kind=MaterialKind.TASK_DOCUMENT,
        file=files.upload("任务书.docx", files.DOCX),
    )
    patent = add_achievement(unit_staff, nomination)
    assert cv.original_name == "张伟 简历.pdf"
    stored = Path(cv.file.name)
    assert stored.suffix == ".pdf" and "张伟" not in stored.name and len(stored.stem) == 32
    assert (Path(settings.MEDIA_ROOT) / cv.file.name).read_bytes() == files.PDF
    assert task.file.name.endswith(".docx") and not task.is_pdf
    assert (patent.achievement_kind, patent.title, patent.achieved_on) == (
        AchievementKind.PATENT,
        "一种己二腈连续化生产方法",
        D(2024, 6, 18),
    )
    logged = [str(entry.changes) for entry in history_of(nomination)]
    assert any("张伟 简历.pdf" in text for text in logged)
    assert any("专利“一种己二腈连续化生产方法”" in text for text in logged)


@pytest.mark.parametrize(
    ("kind", "name", "content", "code"),
    [
        (MaterialKind.CV, "简历.pdf", files.EXE, "file_content"),  # an executable renamed .pdf
        (MaterialKind.CV, "简历.docx", files.DOCX, "file_type"),  # the CV is read in the viewer: PDF only
        (MaterialKind.TASK_DOCUMENT, "任务书.pdf", files.HTML, "file_content"),
        (MaterialKind.ACHIEVEMENT, "论文.docx", files.DOCM, "file_content"),  # macros
    ],
)
def test_a_file_is_checked_by_its_content_and_nothing_is_stored(
    nomination, unit_staff, settings, kind, name, content, code
):
    with pytest.raises(ValidationError) as refused:
        if kind == MaterialKind.ACHIEVEMENT:
            add_achievement(unit_staff, nomination, file=files.upload(name, content))
        else:
            materials.add_material(by=unit_staff, nomination=nomination, kind=kind, file=files.upload(name, content))
    assert "file" in refused.value.message_dict
    assert not NominationMaterial.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert [e.code for e in refused.value.error_dict["file"]] == [code]


def test_an_achievement_needs_its_type_title_date_and_file(nomination, unit_staff):
    with pytest.raises(ValidationError) as refused:
        materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.ACHIEVEMENT, file=None)
    assert set(refused.value.message_dict) == {"achievement_kind", "title", "achieved_on", "file"}


def test_an_achievement_dated_after_today_is_refused_naming_the_field(nomination, unit_staff):
    add_achievement(unit_staff, nomination, achieved_on=TODAY)  # today is a real date
    with pytest.raises(ValidationError) as refused:
        add_achievement(unit_staff, nomination, achieved_on=D(2026, 3, 21))
    assert "成果日期" in refused.value.message_dict["achieved_on"][0]


def test_a_second_cv_file_is_refused_until_the_first_is_removed(
    nomination, unit_staff, django_capture_on_commit_callbacks
):
    first = materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf())
    with pytest.raises(ValidationError) as refused:
        materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf())
    assert "file" in refused.value.message_dict
    stored = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        materials.remove_material(by=unit_staff, material=first)
    assert not stored.exists()
    assert any("删除推荐材料" in entry.reason for entry in history_of(nomination))
    materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf())


def test_another_unit_and_the_public_cannot_change_materials(nomination, unit_staff, other_unit):
    stranger = factories.unit_user(other_unit)
    with pytest.raises(PermissionDenied):
        materials.add_material(by=stranger, nomination=nomination, kind=MaterialKind.CV, file=pdf())
    mine = materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf())
    with pytest.raises(PermissionDenied):
        materials.remove_material(by=stranger, material=mine)
    with pytest.raises(PermissionDenied):
        materials.update_statements(by=stranger, nomination=nomination, cv_text="x", recommendation="y", version=None)
    assert not AnonymousUser().has_perm("selection.edit_materials", nomination)


def test_statements_are_saved_audited_and_a_stale_copy_is_refused(nomination, unit_staff):
    version = nomination.version
    saved = materials.update_statements(
        by=unit_staff,
        nomination=nomination,
        cv_text="2006年至今任研发中心主任",
        recommendation="同意推荐",
        version=version,
    )
    assert (saved.cv_text, saved.recommendation, saved.version) == ("2006年至今任研发中心主任", "同意推荐", version + 1)
    assert any("同意推荐" in str(entry.changes) for entry in history_of(nomination))
    with pytest.raises(StaleEditError):
        materials.update_statements(
            by=unit_staff, nomination=nomination, cv_text="", recommendation="", version=version
        )


def test_too_long_a_statement_is_refused_naming_the_field(nomination, unit_staff):
    with pytest.raises(ValidationError) as refused:
        materials.update_statements(
            by=unit_staff,
            nomination=nomination,
            cv_text="",
            recommendation="很" * (materials.TEXT_MAX + 1),
            version=None,
        )
    assert set(refused.value.message_dict) == {"recommendation"}
    materials.update_statements(
        by=unit_staff, nomination=nomination, cv_text="", recommendation="很" * materials.TEXT_MAX, version=None
    )


def test_after_the_formal_check_passed_materials_are_locked_until_returned(nomination, unit_staff, office):
    cv = materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf())
    accept_nomination(by=office, nomination=nomination)
    nomination.refresh_from_db()
    for change in (
        lambda: add_achievement(unit_staff, nomination),
        lambda: materials.remove_material(by=unit_staff, material=cv),
        lambda: materials.update_statements(
            by=unit_staff, nomination=nomination, cv_text="改", recommendation="", version=None
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.code == "wrong_state"
    assert not materials.can_edit_materials(unit_staff, nomination, TODAY)
    return_nomination(by=office, nomination=nomination, reason="请补充代表性成果证明")
    nomination.refresh_from_db()
    assert materials.can_edit_materials(unit_staff, nomination, TODAY)
    add_achievement(unit_staff, nomination)


def test_a_withdrawn_nomination_keeps_its_materials_as_they_were(unit_staff, unit):
    nomination = NominationFactory(
        unit=unit, round=RoundFactory(scoring_opens=D(2099, 1, 1), scoring_closes=D(2099, 2, 1))
    )
    withdraw_nomination(by=unit_staff, nomination=nomination, reason="被推荐人调离", on=TODAY)
    nomination.refresh_from_db()
    with pytest.raises(ValidationError):
        materials.add_material(by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf())


def test_once_experts_are_assigned_materials_are_locked(nomination, unit_staff, office):
    ExpertFactory()
    ExpertFactory()
    assign_experts(by=office, round=nomination.round, on=AFTER_NOMINATIONS)
    with pytest.raises(ValidationError) as refused:
        materials.add_material(
            by=unit_staff, nomination=nomination, kind=MaterialKind.CV, file=pdf(), on=AFTER_NOMINATIONS
        )
    assert refused.value.code == "experts_assigned"


def test_a_returned_nomination_gets_its_materials_corrected_until_scoring_opens(office, unit_staff, unit):
    """The late correction (returned after the others got their experts) covers the materials too:
    the unit adds the missing evidence until the day before scoring opens, not on that day."""
    nomination = NominationFactory(unit=unit)
    NominationFactory(round=nomination.round)
    ExpertFactory()
    ExpertFactory()
    return_nomination(by=office, nomination=nomination, reason="请补充获奖证书")
    assign_experts(by=office, round=nomination.round, on=AFTER_NOMINATIONS)
    nomination.refresh_from_db()
    last_day = nomination.round.scoring_opens - datetime.timedelta(days=1)
    assert materials.can_edit_materials(unit_staff, nomination, last_day)
    add_achievement(unit_staff, nomination, on=last_day)
    assert nomination.materials.count() == 1
    assert not materials.can_edit_materials(unit_staff, nomination, nomination.round.scoring_opens)
    with pytest.raises(ValidationError) as refused:
        add_achievement(unit_staff, nomination, on=nomination.round.scoring_opens)
    assert refused.value.code == "scoring_open"
    assert nomination.materials.count() == 1


def test_who_may_read_the_materials(nomination, unit_staff, other_unit, office, expert, county_staff, talent_self):
    first, second = ExpertFactory(), ExpertFactory()
    assign_experts(by=office, round=nomination.round, on=AFTER_NOMINATIONS)
    reviewer = first.user
    assert reviewer.has_perm("selection.view_materials", nomination)
    assert unit_staff.has_perm("selection.view_materials", nomination)
    assert office.has_perm("selection.view_materials", nomination)
    for outsider in (factories.unit_user(other_unit), expert, county_staff, talent_self, AnonymousUser()):
        assert not outsider.has_perm("selection.view_materials", nomination)
    # 回避: from then on the expert no longer reads the candidate's materials.
    declare_conflict(
        by=reviewer, assignment=assignment(nomination, first), reason="曾与被推荐人合作发表论文", on=D(2026, 4, 1)
    )
    assert not reviewer.has_perm("selection.view_materials", nomination)
    assert second.user.has_perm("selection.view_materials", nomination)
