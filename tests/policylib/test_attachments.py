"""Attachments: only the formats offices exchange, at most 20 MB, content matching the extension;
downloads only through a view that checks the reader may see the policy."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.core import files
from tests.policylib.factories import DOC_BYTES, DOCX_BYTES, OFD_BYTES, PDF_BYTES, PNG_BYTES, XLSX_BYTES, pdf, upload
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.policylib import domain
from yingcai.policylib.domain import MAX_ATTACHMENT_BYTES
from yingcai.policylib.models import PolicyAttachment


def _stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.mark.django_db
class TestUpload:
    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("原文.pdf", PDF_BYTES),
            ("申报表.docx", DOCX_BYTES),
            ("申报表.doc", DOC_BYTES),
            ("汇总表.xlsx", XLSX_BYTES),
            ("汇总表.xls", DOC_BYTES),
            ("电子公文.ofd", OFD_BYTES),
            ("扫描件.jpg", files.JPEG),
            ("扫描件.JPEG", files.JPEG),
            ("扫描件.PNG", PNG_BYTES),
        ],
    )
    def test_accepted_formats(self, office, city_policy, media_root, name, content):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=upload(name, content))
        assert attachment.name == name
        assert attachment.size == len(content)
        assert attachment.file.name.startswith("policies/")
        # Stored under a random name; the name users see is kept apart.
        assert name not in attachment.file.name
        assert re.fullmatch(r"policies/\d{4}/[0-9a-f]{32}\.(pdf|docx|doc|xlsx|xls|ofd|jpg|png)", attachment.file.name)
        assert len(_stored_files(media_root)) == 1

    def test_upload_is_audited_on_the_policy(self, office, city_policy):
        domain.add_attachment(by=office, policy=city_policy, file=pdf("细则全文.pdf"), name="细则（盖章版）")
        entry = AuditEntry.objects.get(object_id=str(city_policy.pk), reason="上传附件")
        assert entry.action == AuditAction.UPDATE
        assert entry.changes == {"attachments": [None, "细则（盖章版）.pdf"]}

    @pytest.mark.parametrize("name", ["病毒.exe", "页面.html", "压缩包.zip", "无扩展名", "脚本.pdf.js"])
    def test_other_formats_are_refused_in_chinese(self, office, city_policy, media_root, name):
        with pytest.raises(ValidationError) as caught:
            domain.add_attachment(by=office, policy=city_policy, file=upload(name, PDF_BYTES))
        assert "不支持该文件格式" in caught.value.messages[0]
        assert not PolicyAttachment.objects.exists()
        assert _stored_files(media_root) == []

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("伪装.pdf", files.HTML),
            ("伪装.pdf", files.EXE),
            ("伪装.docx", files.ZIP),  # a zip, but no Word document inside
            ("伪装.docx", files.DOCM),  # a Word document with macros
            ("伪装.xlsx", files.DOCX),
            ("伪装.png", files.PDF),
        ],
    )
    def test_a_renamed_file_is_refused_naming_the_field(self, office, city_policy, media_root, name, content):
        with pytest.raises(ValidationError) as caught:
            domain.add_attachment(by=office, policy=city_policy, file=upload(name, content))
        extension = name.rsplit(".", 1)[1]
        assert caught.value.messages[0].startswith("“附件”的文件内容不是")
        assert f"与扩展名（.{extension}）不符" in caught.value.messages[0]
        assert not PolicyAttachment.objects.exists()
        assert _stored_files(media_root) == []

    def test_the_file_and_its_directories_are_not_readable_by_others(self, office, city_policy, media_root):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf())
        file_mode, directory_modes = files.stored_tree_modes(media_root, attachment.file.name)
        assert file_mode == 0o640
        assert directory_modes == [0o750, 0o750]
        assert files.mode_of(media_root) == 0o750  # made by the storage too

    def test_a_typed_name_takes_the_extension_of_the_files_format(self, office, city_policy):
        # A download saved as "说明.html" would open in a browser whatever the content.
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf("原文.pdf"), name="说明.html")
        assert attachment.name == "说明.html.pdf"

    def test_over_20_mb_is_refused(self, office, city_policy, media_root):
        big = upload("超大.pdf", PDF_BYTES + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF_BYTES) + 1))
        with pytest.raises(ValidationError) as caught:
            domain.add_attachment(by=office, policy=city_policy, file=big)
        assert "不能超过 20 MB" in caught.value.messages[0]
        assert not PolicyAttachment.objects.exists()
        assert _stored_files(media_root) == []

    def test_exactly_20_mb_is_accepted(self, office, city_policy):
        limit = upload("刚好.pdf", PDF_BYTES + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF_BYTES)))
        attachment = domain.add_attachment(by=office, policy=city_policy, file=limit)
        assert attachment.size == MAX_ATTACHMENT_BYTES

    def test_an_empty_file_is_refused(self, office, city_policy):
        with pytest.raises(ValidationError) as caught:
            domain.add_attachment(by=office, policy=city_policy, file=upload("空.pdf", b""))
        assert "文件为空" in caught.value.messages[0]

    def test_county_staff_cannot_attach_to_a_city_policy(self, county_staff, city_policy):
        with pytest.raises(PermissionDenied):
            domain.add_attachment(by=county_staff, policy=city_policy, file=pdf())
        assert not PolicyAttachment.objects.exists()

    def test_upload_page_shows_the_refusal(self, client, office, city_policy):
        client.force_login(office)
        response = client.post(
            reverse("policylib:attachment-add", args=[city_policy.pk]), {"file": upload("宏病毒.docm", DOCX_BYTES)}
        )
        assert response.status_code == 200
        assert "不支持该文件格式" in response.content.decode()
        assert not PolicyAttachment.objects.exists()

    def test_upload_page_saves_a_pdf(self, client, county_staff, county_policy):
        client.force_login(county_staff)
        response = client.post(
            reverse("policylib:attachment-add", args=[county_policy.pk]), {"file": pdf("激励办法.pdf"), "name": ""}
        )
        assert response.status_code == 302
        assert county_policy.attachments.get().name == "激励办法.pdf"

    def test_county_staff_cannot_upload_to_a_city_policy_page(self, client, county_staff, city_policy):
        client.force_login(county_staff)
        response = client.post(reverse("policylib:attachment-add", args=[city_policy.pk]), {"file": pdf()})
        assert response.status_code == 403
        assert not PolicyAttachment.objects.exists()


@pytest.mark.django_db
class TestDownload:
    def test_anyone_downloads_a_published_policys_file(self, client, office, city_policy):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf("细则.pdf"))
        response = client.get(reverse("policylib:attachment-download", args=[attachment.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "attachment" in response["Content-Disposition"]
        assert "filename*=utf-8''%E7%BB%86%E5%88%99.pdf" in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert attachment.file.name not in response["Content-Disposition"]

    @pytest.mark.parametrize(
        ("role", "expected"), [(None, 404), ("unit_staff", 404), ("county_staff", 404), ("office", 200)]
    )
    def test_a_drafts_file_is_never_served_to_the_public(self, request, client, office, draft, role, expected):
        attachment = domain.add_attachment(by=office, policy=draft, file=pdf())
        if role:
            client.force_login(request.getfixturevalue(role))
        response = client.get(reverse("policylib:attachment-download", args=[attachment.pk]))
        assert response.status_code == expected

    def test_county_staff_download_their_own_drafts_file(self, client, county_staff, county_draft):
        attachment = domain.add_attachment(by=county_staff, policy=county_draft, file=pdf())
        client.force_login(county_staff)
        assert client.get(reverse("policylib:attachment-download", args=[attachment.pk])).status_code == 200
        client.logout()
        assert client.get(reverse("policylib:attachment-download", args=[attachment.pk])).status_code == 404

    def test_unpublishing_withdraws_the_files_too(self, client, office, city_policy):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf())
        url = reverse("policylib:attachment-download", args=[attachment.pk])
        assert client.get(url).status_code == 200
        domain.unpublish_policy(by=office, policy=city_policy)
        assert client.get(url).status_code == 404

    def test_media_files_are_not_served_by_path(self, client, office, draft):
        attachment = domain.add_attachment(by=office, policy=draft, file=pdf())
        assert client.get(f"/media/{attachment.file.name}").status_code == 404

    def test_a_missing_file_is_a_404_not_a_crash(self, client, office, city_policy, media_root):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf())
        (media_root / attachment.file.name).unlink()
        assert client.get(reverse("policylib:attachment-download", args=[attachment.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
class TestRemoval:
    def test_removing_an_attachment_deletes_its_file_and_is_audited(self, office, city_policy, media_root):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf("旧版.pdf"))
        domain.remove_attachment(by=office, attachment=attachment, reason="上传错误")
        assert not PolicyAttachment.objects.exists()
        assert _stored_files(media_root) == []
        entry = AuditEntry.objects.get(object_id=str(city_policy.pk), reason="上传错误")
        assert entry.changes == {"attachments": ["旧版.pdf", None]}

    def test_county_staff_cannot_remove_a_city_policys_attachment(self, office, county_staff, city_policy):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf())
        with pytest.raises(PermissionDenied):
            domain.remove_attachment(by=county_staff, attachment=attachment)
        assert PolicyAttachment.objects.filter(pk=attachment.pk).exists()

    def test_deleting_a_policy_deletes_its_files(self, office, city_policy, media_root):
        domain.add_attachment(by=office, policy=city_policy, file=pdf())
        domain.delete_policy(by=office, policy=city_policy, reason="废止")
        assert _stored_files(media_root) == []

    def test_remove_page_denies_others(self, client, office, county_staff, city_policy):
        attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf())
        client.force_login(county_staff)
        response = client.post(reverse("policylib:attachment-remove", args=[attachment.pk]))
        assert response.status_code == 403
        assert PolicyAttachment.objects.filter(pk=attachment.pk).exists()
