"""Policies and attachment files for the policy library tests."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from tests.core import files
from yingcai.policylib.enums import PolicyCategory
from yingcai.policylib.models import Policy

PDF_BYTES = files.PDF
PNG_BYTES = files.PNG
DOCX_BYTES = files.DOCX
XLSX_BYTES = files.XLSX
OFD_BYTES = files.OFD
DOC_BYTES = files.OLE


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
