"""Nomination materials through the test client: the unit's page (upload, refusal, removal), the
expert's scoring page with its document viewer, the file views (inline for the viewer, download),
their headers, the audit of every opening by staff other than the unit, and every denial."""

import pytest
from django.urls import reverse

from tests import clock, factories
from tests.core import files
from tests.selection.factories import SCORING_DAY, D, ExpertFactory, NominationFactory, RoundFactory
from tests.selection.helpers import assignment
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.selection.domain import materials
from yingcai.selection.domain.assignments import assign_experts, declare_conflict
from yingcai.selection.domain.nominations import accept_nomination
from yingcai.selection.enums import AchievementKind, MaterialKind
from yingcai.selection.models import NominationMaterial

pytestmark = pytest.mark.django_db


# The materials are entered while nominations are open (RoundFactory: March), read during scoring.
BEFORE_SCORING = D(2026, 3, 20)


@pytest.fixture(autouse=True)
def _media_and_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with clock.on(SCORING_DAY):
        yield


@pytest.fixture
def before_scoring():
    """The unit's own changes happen before scoring opens."""
    with clock.on(BEFORE_SCORING):
        yield


@pytest.fixture
def nomination(unit, unit_staff):
    nomination = NominationFactory(unit=unit)
    materials.update_statements(
        by=unit_staff,
        nomination=nomination,
        cv_text="2006年至今任研发中心主任，主持己二腈国产化攻关",
        recommendation="该同志牵头攻关成效显著，同意推荐",
        version=None,
        on=BEFORE_SCORING,
    )
    return nomination


@pytest.fixture
def cv(nomination, unit_staff):
    return materials.add_material(
        by=unit_staff,
        nomination=nomination,
        kind=MaterialKind.CV,
        file=files.upload("张伟简历.pdf", files.PDF),
        on=BEFORE_SCORING,
    )


@pytest.fixture
def contract(nomination, unit_staff):
    return materials.add_material(
        by=unit_staff,
        nomination=nomination,
        kind=MaterialKind.TASK_DOCUMENT,
        file=files.upload("任务合同.docx", files.DOCX),
        on=BEFORE_SCORING,
    )


@pytest.fixture
def reviewers(nomination, cv, contract, office):
    """Two experts assigned to the nomination (after its materials were in)."""
    pool = [ExpertFactory(), ExpertFactory()]
    assign_experts(by=office, round=nomination.round)
    return pool


def login(client, user):
    client.force_login(user)
    return client


def inline(material):
    return reverse("selection:material-inline", args=[material.pk])


def download(material):
    return reverse("selection:material-file", args=[material.pk])


def views_logged(material) -> int:
    return AuditEntry.objects.filter(
        action=AuditAction.VIEW_PERSONAL_DATA, object_id=str(material.nomination_id)
    ).count()


def test_the_expert_reads_the_materials_on_the_scoring_page_with_the_viewer(
    client, reviewers, nomination, cv, contract
):
    reviewer = reviewers[0]
    page = login(client, reviewer.user).get(
        reverse("selection:review-score", args=[assignment(nomination, reviewer).pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "2006年至今任研发中心主任" in html and "同意推荐" in html
    assert "张伟简历.pdf" in html and "任务合同.docx" in html
    assert f'src="{inline(cv)}"' in html and 'name="material-viewer"' in html
    assert f'href="{download(contract)}"' in html
    assert inline(contract) not in html  # a Word file is downloaded, not viewed inline


def test_the_pdf_is_served_inline_frameable_by_the_platform_only_and_the_view_is_logged(client, reviewers, cv):
    response = login(client, reviewers[0].user).get(inline(cv))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == files.PDF
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "object-src 'self'" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert views_logged(cv) == 1
    # Every other page keeps the strict policy, the scoring page included.
    page = client.get(reverse("selection:my-reviews"))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_a_download_is_an_attachment_and_logged(client, reviewers, contract):
    response = login(client, reviewers[1].user).get(download(contract))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert views_logged(contract) == 1


def test_a_non_pdf_has_no_inline_view(client, unit_staff, contract):
    assert login(client, unit_staff).get(inline(contract)).status_code == 404


def test_the_owner_units_own_openings_are_not_logged_the_offices_are(client, unit_staff, office, cv):
    assert login(client, unit_staff).get(inline(cv)).status_code == 200
    assert views_logged(cv) == 0
    assert login(client, office).get(download(cv)).status_code == 200
    assert views_logged(cv) == 1


@pytest.mark.parametrize("url", [inline, download])
def test_outsiders_cannot_open_a_file(client, url, reviewers, nomination, cv, other_unit, expert):
    for outsider in (factories.unit_user(other_unit), expert):  # another unit; an expert not assigned
        response = login(client, outsider).get(url(cv))
        assert response.status_code == 404, outsider
    client.logout()
    response = client.get(url(cv))  # the public
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert views_logged(cv) == 0


def test_after_declaring_a_conflict_the_expert_can_no_longer_open_the_materials(client, reviewers, nomination, cv):
    reviewer = reviewers[0]
    target = assignment(nomination, reviewer)
    declare_conflict(by=reviewer.user, assignment=target, reason="与被推荐人同一课题组", on=D(2026, 4, 12))
    login(client, reviewer.user)
    assert client.get(inline(cv)).status_code == 404
    assert client.get(download(cv)).status_code == 404
    assert client.get(reverse("selection:nomination-materials", args=[nomination.pk])).status_code == 404
    assert client.get(reverse("selection:review-score", args=[target.pk])).status_code == 404


def test_the_unit_uploads_an_achievement_on_its_page(client, unit_staff, nomination, before_scoring):
    url = reverse("selection:material-add", args=[nomination.pk])
    response = login(client, unit_staff).post(
        url,
        {
            "kind": "achievement",
            "achievement_kind": AchievementKind.AWARD,
            "title": "河南省科学技术进步奖一等奖",
            "achieved_on": "2024-05-20",
            "description": "第一完成人",
            "file": files.upload("获奖证书.pdf", files.PDF),
        },
    )
    assert response.status_code == 302
    award = NominationMaterial.objects.get(nomination=nomination)
    assert (award.kind, award.achievement_kind, award.original_name) == (
        MaterialKind.ACHIEVEMENT,
        AchievementKind.AWARD,
        "获奖证书.pdf",
    )
    page = client.get(reverse("selection:nomination-materials", args=[nomination.pk]))
    assert "河南省科学技术进步奖一等奖" in page.content.decode()


def test_an_executable_renamed_pdf_is_refused_on_the_page_with_the_field_named(
    client, unit_staff, nomination, before_scoring
):
    response = login(client, unit_staff).post(
        reverse("selection:material-add", args=[nomination.pk]),
        {"kind": "cv", "file": files.upload("简历.pdf", files.EXE)},
    )
    assert response.status_code == 400
    assert "简历文件" in response.content.decode()
    assert not NominationMaterial.objects.exists()


def test_another_unit_cannot_see_or_change_the_materials(client, other_unit, nomination, cv):
    stranger = login(client, factories.unit_user(other_unit))
    assert stranger.get(reverse("selection:nomination-materials", args=[nomination.pk])).status_code == 404
    add = stranger.post(
        reverse("selection:material-add", args=[nomination.pk]),
        {"kind": "cv", "file": files.upload("x.pdf", files.PDF)},
    )
    assert add.status_code == 404
    assert stranger.post(reverse("selection:material-remove", args=[cv.pk])).status_code == 404
    assert NominationMaterial.objects.filter(pk=cv.pk).exists()


def test_after_the_check_passed_the_unit_page_is_read_only_and_a_post_is_refused(
    client, unit_staff, office, nomination, cv
):
    accept_nomination(by=office, nomination=nomination)
    login(client, unit_staff)
    page = client.get(reverse("selection:nomination-materials", args=[nomination.pk]))
    html = page.content.decode()
    assert 'data-testid="locked"' in html and 'data-testid="achievement-form"' not in html
    assert 'data-testid="remove-material"' not in html
    client.post(reverse("selection:material-remove", args=[cv.pk]))
    assert NominationMaterial.objects.filter(pk=cv.pk).exists()
    response = client.post(
        reverse("selection:material-statements", args=[nomination.pk]), {"cv_text": "改", "recommendation": ""}
    )
    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.cv_text.startswith("2006年")


def test_the_unit_removes_a_file_while_editable(client, unit_staff, cv, before_scoring):
    response = login(client, unit_staff).post(reverse("selection:material-remove", args=[cv.pk]))
    assert response.status_code == 302
    assert not NominationMaterial.objects.filter(pk=cv.pk).exists()


def test_the_nomination_page_links_its_materials(client, unit_staff, nomination):
    page = login(client, unit_staff).get(reverse("selection:nomination-detail", args=[nomination.pk]))
    assert reverse("selection:nomination-materials", args=[nomination.pk]) in page.content.decode()


def test_a_round_without_materials_says_so_to_the_expert(client, office):
    nomination = NominationFactory(round=RoundFactory())
    reviewer = ExpertFactory()
    ExpertFactory()
    assign_experts(by=office, round=nomination.round)
    page = login(client, reviewer.user).get(
        reverse("selection:review-score", args=[assignment(nomination, reviewer).pk])
    )
    html = page.content.decode()
    assert "未提供简历" in html and "没有可在线查看的PDF材料" in html
