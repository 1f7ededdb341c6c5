"""The demo nominations carry believable materials: a CV (text and a real PDF), a 任务书, two or
three representative achievements dated before the nomination, each with an evidence PDF, and the
unit's 推荐意见."""

import datetime
import io
import random

import pypdf
import pytest

from tests import factories
from tests.selection.factories import chain, field
from yingcai.selection import demo
from yingcai.selection.demo_pdf import text_pdf, wrap
from yingcai.selection.enums import MaterialKind
from yingcai.selection.models import Nomination, NominationMaterial

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_demo_nomination_has_its_materials(db):
    factories.office_user(username="office")
    for code in ("F1", "F2", "F3"):
        field(code)
    chain("T-L1")
    for _ in range(30):
        factories.TalentFactory(unit=factories.UnitFactory())
    demo.seed(rng=random.Random(1), today=TODAY)
    nominations = list(Nomination.objects.prefetch_related("materials"))
    assert nominations
    for nomination in nominations:
        kinds = [m.kind for m in nomination.materials.all()]
        assert kinds.count(MaterialKind.CV) == 1 and kinds.count(MaterialKind.TASK_DOCUMENT) == 1
        assert 2 <= kinds.count(MaterialKind.ACHIEVEMENT) <= 3
        assert nomination.talent.name in nomination.cv_text and "同意推荐" in nomination.recommendation
        for achievement in nomination.materials.filter(kind=MaterialKind.ACHIEVEMENT):
            assert (achievement.title and achievement.achieved_on < nomination.created_at.date()) or TODAY
            assert achievement.achieved_on <= TODAY
    cv = NominationMaterial.objects.filter(kind=MaterialKind.CV).first()
    with cv.file.open("rb") as handle:
        text = pypdf.PdfReader(handle).pages[0].extract_text()
    assert "个人简历" in text and cv.nomination.talent.name in text


def test_the_demo_pdf_is_a_readable_pdf_with_its_text_wrapped():
    content = text_pdf("任务书", ["任务名称：" + "尼龙66关键单体己二腈国产化攻关" * 4], closing="（盖章）")
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    text = page.extract_text().replace("\n", "")
    assert "任务书" in text and "（盖章）" in text and "己二腈" in text
    assert len(wrap("字" * 100, 11)) == 3  # 467 pt of line: 42 characters of 11 pt
    assert wrap("a" * 84, 11) == ["a" * 84]  # Latin letters are half as wide
