"""Evidence: what may be uploaded, where it is stored, who may read and check it."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.certification.factories import PDF_BYTES, CertificationFactory, eligible_introduction, pdf_upload
from tests.core import files
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.certification.domain import applications
from yingcai.certification.enums import CertificationState, EvidenceCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(unit):
    return CertificationFactory(introduction=eligible_introduction(unit))


def test_stored_under_a_random_name_keeping_the_original(draft, unit_staff, settings):
    evidence = applications.add_evidence(
        by=unit_staff, certification=draft, kind="degree", file=pdf_upload("张三 博士学位证书.pdf")
    )
    assert evidence.original_name == "张三 博士学位证书.pdf"
    stored = Path(evidence.file.name)
    assert stored.suffix == ".pdf" and "张三" not in stored.name and len(stored.stem) == 32
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes() == PDF_BYTES
    assert evidence.size == len(PDF_BYTES)
    assert any("博士学位证书" in str(e.changes) for e in history_of(draft))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("程序.exe", b"MZ\x90\x00", "file_type"),
        ("空文件.pdf", b"", "file_empty"),
        ("伪装.pdf", b"<html>not a pdf</html>", "file_content"),
        ("照片.png", PDF_BYTES, "file_content"),
    ],
)
def test_files_are_checked_like_policy_attachments(draft, unit_staff, name, content, code):
    with pytest.raises(ValidationError) as refused:
        applications.add_evidence(
            by=unit_staff, certification=draft, kind="degree", file=SimpleUploadedFile(name, content)
        )
    assert refused.value.code == code
    assert not draft.evidence.exists()


@pytest.mark.parametrize(("name", "content"), [("学位证书.pdf", files.EXE), ("学位证书.pdf", files.HTML)])
def test_a_renamed_executable_or_page_is_refused_naming_the_field(draft, unit_staff, settings, name, content):
    with pytest.raises(ValidationError) as refused:
        applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=files.upload(name, content))
    assert refused.value.messages == [
        "“认定材料”的文件内容不是 PDF 文件，与扩展名（.pdf）不符。请确认文件未损坏、格式正确后重新上传。"
    ]
    assert not draft.evidence.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))  # nothing was stored


def test_the_stored_file_is_not_readable_by_others(draft, unit_staff, settings):
    evidence = applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=pdf_upload())
    file_mode, directory_modes = files.stored_tree_modes(Path(settings.MEDIA_ROOT), evidence.file.name)
    assert (file_mode, directory_modes) == (0o640, [0o750, 0o750])


def test_the_stored_extension_is_that_of_the_format_found(draft, unit_staff):
    evidence = applications.add_evidence(
        by=unit_staff, certification=draft, kind="degree", file=files.upload("证书扫描.JPEG", files.JPEG)
    )
    assert Path(evidence.file.name).suffix == ".jpg"
    assert evidence.original_name == "证书扫描.JPEG"


def test_a_file_over_20_mb_is_refused(draft, unit_staff):
    big = SimpleUploadedFile("大文件.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=big)
    assert "20 MB" in refused.value.messages[0]


def test_only_the_unit_or_the_office_uploads_and_only_before_submission(draft, unit_staff, county_staff, other_unit):
    for stranger in (county_staff, factories.unit_user(other_unit), factories.talent_user(draft.talent)):
        with pytest.raises(PermissionDenied):
            applications.add_evidence(by=stranger, certification=draft, kind="degree", file=pdf_upload())
    draft.state = CertificationState.SUBMITTED
    draft.save()
    with pytest.raises(ValidationError):
        applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=pdf_upload())


def test_reviewers_check_at_their_stage_and_a_rejection_says_why(draft, unit_staff, county_staff, office):
    evidence = applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=pdf_upload())
    with pytest.raises(ValidationError):  # a draft is not under review yet
        applications.check_evidence(by=office, evidence=evidence, result=EvidenceCheck.ACCEPTED)
    applications.submit(by=unit_staff, certification=draft)
    with pytest.raises(PermissionDenied):
        applications.check_evidence(by=unit_staff, evidence=evidence, result=EvidenceCheck.ACCEPTED)
    with pytest.raises(ValidationError) as refused:
        applications.check_evidence(by=county_staff, evidence=evidence, result=EvidenceCheck.REJECTED)
    assert "原因" in refused.value.messages[0]
    checked = applications.check_evidence(
        by=county_staff, evidence=evidence, result=EvidenceCheck.REJECTED, note="扫描件不清晰"
    )
    assert checked.check_result == EvidenceCheck.REJECTED and checked.checked_by == county_staff
    # A rejected document stops the application until the unit replaces it.
    applications.review(by=county_staff, certification=draft, transition="county_approve")
    with pytest.raises(ValidationError) as refused:
        applications.review(by=office, certification=draft, transition="office_approve")
    assert "扫描件" in " ".join(refused.value.messages) or "核验不通过" in " ".join(refused.value.messages)


def test_the_file_is_served_only_to_who_may_see_the_application(client, draft, unit_staff, county_staff, office):
    evidence = applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=pdf_upload())
    url = f"/certification/evidence/{evidence.pk}/"
    for user, status in (
        (unit_staff, 200),
        (office, 200),
        (factories.talent_user(draft.talent), 200),
        (county_staff, 404),  # a draft stays with its unit
        (factories.unit_user(factories.UnitFactory()), 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user.role
    applications.submit(by=unit_staff, certification=draft)
    client.force_login(county_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    # Under the name the unit gave it, as the type found at upload.
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E5%AD%A6%E4%BD%8D%E8%AF%81%E4%B9%A6.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=county_staff).exists()
    client.force_login(factories.jurisdiction_user(factories.JurisdictionFactory()))
    assert client.get(url).status_code == 404
    # Never through /media/: the stored name is not served there.
    client.logout()
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_upload_and_remove_through_the_page(client, draft, unit_staff):
    client.force_login(unit_staff)
    response = client.post(f"/certification/{draft.pk}/evidence/", {"kind": "degree", "file": pdf_upload("学位.pdf")})
    assert response.status_code == 302
    evidence = draft.evidence.get()
    response = client.post(
        f"/certification/{draft.pk}/evidence/", {"kind": "degree", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert response.status_code == 200 and "不支持该文件格式" in response.content.decode()
    assert client.post(f"/certification/evidence/{evidence.pk}/remove/").status_code == 302
    assert not draft.evidence.exists()
