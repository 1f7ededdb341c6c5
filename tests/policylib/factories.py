"""Policies and attachment files for the policy library tests."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from yingcai.policylib.enums import PolicyCategory
from yingcai.policylib.models import Policy

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX_BYTES = b"PK\x03\x04" + b"\x00" * 64
DOC_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


class PolicyFactory(DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"平顶山市人才政策测试文件{n}")
    issuer = "中共平顶山市委人才工作领导小组办公室"
    document_number = factory.Sequence(lambda n: f"平人才〔2024〕{n + 10}号")
    issued_on = datetime.date(2024, 6, 1)
    category = PolicyCategory.INTRODUCTION
    full_text = "第一条 为做好人才工作，制定本办法。\n第二条 本办法自印发之日起施行。"
    is_published = True


def pdf(name: str = "政策原文.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
