"""`manage.py load_policies` puts the work rules themselves into the library, once."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.policylib import domain
from yingcai.policylib.enums import PolicyCategory, PolicyLevel
from yingcai.policylib.models import Policy

WORK_RULES_TITLE = "平顶山市科技创新领军人才引进培育工作细则"
DATA_DIR = Path(settings.BASE_DIR) / "data" / "policy"


def _load() -> str:
    out = StringIO()
    call_command("load_policies", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_work_rules_are_loaded_published_and_city_wide():
    assert "created=1" in _load()
    policy = Policy.objects.get(title=WORK_RULES_TITLE)
    assert policy.issuer == "中共平顶山市委人才工作领导小组办公室、平顶山市科学技术局"
    assert policy.region is None
    assert policy.level == PolicyLevel.CITY
    assert policy.category == PolicyCategory.INTRODUCTION
    assert policy.is_published is True
    assert policy.full_text.startswith("第一章 总则")
    assert "第九条 鼓励各县区出台市场化引才激励政策" in policy.full_text
    assert "第十四条 本方案由市委人才办、市科技局负责解释。" in policy.full_text
    # The text names no date or number: nothing is made up.
    assert policy.issued_on is None
    assert policy.document_number == ""
    entry = AuditEntry.objects.get(object_id=str(policy.pk), content_type__model="policy")
    assert entry.action == AuditAction.CREATE
    assert entry.actor is None


@pytest.mark.django_db
def test_loading_twice_adds_nothing_and_keeps_edits(office):
    _load()
    policy = Policy.objects.get(title=WORK_RULES_TITLE)
    domain.update_policy(by=office, policy=policy, data={"document_number": "平人才〔2025〕1号"}, version=1)
    assert "created=0, existing=1" in _load()
    assert Policy.objects.filter(title=WORK_RULES_TITLE).count() == 1
    policy.refresh_from_db()
    assert policy.document_number == "平人才〔2025〕1号"


def test_the_copy_in_data_matches_the_shared_original():
    shared = Path(settings.BASE_DIR).parent / "shared" / "policy" / "leading-talent-work-rules.zh.txt"
    if not shared.exists():
        pytest.skip("the shared policy folder is not beside this checkout")
    copy = DATA_DIR / "leading-talent-work-rules.zh.txt"
    assert copy.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


def test_every_listed_file_exists():
    for entry in json.loads((DATA_DIR / "policies.json").read_text(encoding="utf-8")):
        assert (DATA_DIR / entry["file"]).is_file(), entry["file"]
        assert entry["category"] in PolicyCategory.values


@pytest.mark.django_db
def test_the_public_reads_the_work_rules_article_by_article(client):
    _load()
    policy = Policy.objects.get(title=WORK_RULES_TITLE)
    response = client.get(reverse("policylib:detail", args=[policy.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="chapter">第一章 总则</h2>' in html
    assert '<p id="第九条"><span class="article-no">第九条</span>' in html
    assert html.count('class="article-no"') == 14
    # Found when a visitor searches for the words of the article on county incentives.
    listing = client.get(reverse("policylib:list"), {"q": "市场化引才激励政策"})
    assert [p.title for p in listing.context["listing"].page] == [WORK_RULES_TITLE]
