"""The office and unit pages of selection through the test client: rounds, the round page (assignment,
progress, withdrawal, results, shortlist), nominations and their formal check, the expert pool,
the exports, and the denials every other role meets."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests import factories
from tests.selection.factories import SCORING_DAY, ExpertFactory, NominationFactory, RoundFactory, field
from tests.selection.helpers import assigned_round, assignment, sheet
from tests.xlsx_checks import INJECTED, assert_no_formula
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.registry.models import Talent
from yingcai.selection.domain.nominations import return_nomination
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import NominationOutcome, NominationState, NomineeRole, RoundState, TaskLevel
from yingcai.selection.models import Expert, Nomination, SelectionRound

FAR = datetime.date(2099, 12, 31)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


BEFORE_SCORING_MOMENT = datetime.datetime(2026, 4, 1, 10, 0)


def as_user(client, user):
    client.force_login(user)
    return client


def open_round(**fields):
    """A round open for nominations today."""
    today = timezone.localdate()
    values = {
        "nomination_opens": today - datetime.timedelta(days=5),
        "nomination_closes": today + datetime.timedelta(days=5),
        "scoring_opens": today + datetime.timedelta(days=10),
        "scoring_closes": today + datetime.timedelta(days=20),
        **fields,
    }
    return RoundFactory(**values)


def scored_round(office):
    """Scoring closed (April 2026): first 80/90/69 → 79.6667, second 85/75/80 → 80."""
    round, (first, second), (a, b, c) = assigned_round(office, spread_limit=Decimal(20), quota=1)
    for expert, one, two in ((a, (80,), (85,)), (b, (90,), (75,)), (c, (70, 60, 50, 100), (80,))):
        submit_scores(by=expert.user, assignment=assignment(first, expert), on=SCORING_DAY, **sheet(*one))
        submit_scores(by=expert.user, assignment=assignment(second, expert), on=SCORING_DAY, **sheet(*two))
    return round, first, second, (a, b, c)


# --- rounds ----------------------------------------------------------------------------------------


def test_round_list_for_office_and_units_only(client, office, unit_staff, county_staff, expert, talent_self):
    round = RoundFactory()
    page = as_user(client, office).get(reverse("selection:round-list"))
    assert page.status_code == 200
    assert round.name in page.content.decode()
    assert b'data-testid="round-create"' in page.content
    page = as_user(client, unit_staff).get(reverse("selection:round-list"))
    assert page.status_code == 200
    assert b'data-testid="round-create"' not in page.content
    for user in (county_staff, expert, talent_self):
        assert as_user(client, user).get(reverse("selection:round-list")).status_code == 403


def test_the_round_form_starts_from_the_six_criteria_and_shows_the_caps(client, office):
    page = as_user(client, office).get(reverse("selection:round-create")).content.decode()
    for name in ("创新能力", "实际贡献", "攻关能力", "成果与转化", "产业契合度", "团队建设"):
        assert f'value="{name}"' in page
    assert "遴选评价单项指标权重上限" in page and "第十一条" in page


def round_post(**criteria_overrides) -> dict:
    data = {
        "year": 2027,
        "name": "2027年度科技创新领军人才遴选",
        "nomination_opens": "2027-03-01",
        "nomination_closes": "2027-03-31",
        "scoring_opens": "2027-04-10",
        "scoring_closes": "2027-04-30",
        "quota": 10,
        "experts_per_candidate": 5,
        "max_per_expert": "",
        "aggregation_method": "trimmed_mean",
        "spread_limit": "25",
        "criteria-TOTAL_FORMS": 2,
        "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 1,
        "criteria-MAX_NUM_FORMS": 20,
    }
    rows = [("innovation", "创新能力", "40", "ability"), ("contribution", "实际贡献", "60", "contribution")]
    for i, (code, name, weight, kind) in enumerate(rows):
        data.update({f"criteria-{i}-code": code, f"criteria-{i}-name": name, f"criteria-{i}-weight": weight})
        data.update({f"criteria-{i}-kind": kind, f"criteria-{i}-evidence": ""})
    data.update(criteria_overrides)
    return data


def test_a_weight_over_the_cap_is_refused_on_the_form_and_equal_is_allowed(client, office):
    client = as_user(client, office)
    page = client.post(
        reverse("selection:round-create"), round_post(**{"criteria-0-weight": "39", "criteria-1-weight": "61"})
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "实际贡献" in text and "超过单项上限40%" in text and "第十一条" in text
    row = text.split('data-testid="criterion-row-errors"')[1].split("</tr>")[0]
    assert "实际贡献" in row and "创新能力" not in row  # shown on the row of the criterion it names
    assert not SelectionRound.objects.exists()
    response = client.post(
        reverse("selection:round-create"), round_post(**{"criteria-0-weight": "60", "criteria-1-weight": "40"})
    )
    assert response.status_code == 200  # 60 > 40 again
    response = client.post(
        reverse("selection:round-create"),
        round_post(
            **{
                "criteria-TOTAL_FORMS": 3,
                "criteria-0-weight": "40",
                "criteria-1-weight": "40",
                "criteria-2-code": "team",
                "criteria-2-name": "团队建设",
                "criteria-2-weight": "20",
                "criteria-2-kind": "team",
            }
        ),
    )
    round = SelectionRound.objects.get()
    assert response.url == reverse("selection:round-detail", args=[round.pk])
    assert [c.weight for c in round.criteria.all()] == [Decimal(40), Decimal(40), Decimal(20)]


def test_only_the_office_opens_rounds_and_assigns(client, unit_staff):
    client = as_user(client, unit_staff)
    assert client.get(reverse("selection:round-create")).status_code == 403
    round = RoundFactory()
    assert client.post(reverse("selection:assign-experts", args=[round.pk])).status_code == 403
    assert client.post(reverse("selection:withdraw-expert", args=[round.pk]), {}).status_code == 403
    assert client.post(reverse("selection:decide-shortlist", args=[round.pk]), {}).status_code == 403


def test_the_round_page_warns_of_unchecked_nominations_and_assigns_with_shortfalls(client, office):
    round = RoundFactory(experts_per_candidate=2, scoring_closes=FAR)
    nomination = NominationFactory(round=round)
    ExpertFactory()  # one expert for two places
    client = as_user(client, office)
    page = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert 'data-testid="still-submitted"' in page
    response = client.post(reverse("selection:assign-experts", args=[round.pk]), follow=True)
    text = response.content.decode()
    assert "已为1项推荐分配评审专家" in text
    assert 'data-testid="shortfalls"' in text and "还差1位专家" in text
    assert nomination.assignments.count() == 1


def test_scores_never_show_before_scoring_closes(client, office):
    round, (first, _second), (a, _b, _c) = assigned_round(office, scoring_closes=FAR)
    submit_scores(by=a.user, assignment=assignment(first, a), on=SCORING_DAY, **sheet(93))
    text = as_user(client, office).get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert 'data-testid="sheet-progress">1 / 6' in text
    assert "93.0000" not in text and ">93<" not in text  # neither a total nor a criterion score
    assert 'data-testid="result-table"' not in text
    assert client.get(reverse("selection:export-ranking", args=[round.pk])).status_code == 403
    assert client.get(reverse("selection:export-scores", args=[round.pk])).status_code == 403


def test_withdrawing_an_expert_from_the_round_page(client, office):
    round, _noms, (a, _b, _c) = assigned_round(office, scoring_closes=FAR)
    client = as_user(client, office)
    page = client.post(reverse("selection:withdraw-expert", args=[round.pk]), {"expert": a.pk, "reason": ""})
    assert page.status_code == 200  # the reason is required
    response = client.post(
        reverse("selection:withdraw-expert", args=[round.pk]), {"expert": a.pk, "reason": "出国"}, follow=True
    )
    assert f"专家{a.name}已退出本批次评审" in response.content.decode()
    assert not a.assignments.filter(state="assigned").exists()


def test_results_chart_and_the_shortlist_after_scoring_closes(client, office):
    round, first, second, _experts = scored_round(office)
    client = as_user(client, office)
    text = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert "79.6667" in text and "80.0000" in text
    assert "提请讨论" in text  # 90 − 69 = 21 > 20
    assert 'id="round-scores"' in text
    assert f'value="{second.pk}" checked' in text  # the quota (1) preselected
    assert f'value="{first.pk}" checked' not in text
    # The second-ranked without a note: refused, with the reason on the page.
    page = client.post(reverse("selection:decide-shortlist", args=[round.pk]), {"nominations": [first.pk]})
    assert "请在说明中写明" in page.content.decode()
    response = client.post(
        reverse("selection:decide-shortlist", args=[round.pk]),
        {"nominations": [first.pk], "note": "分差大，经复议"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.outcome, first.final_rank) == (NominationOutcome.SHORTLISTED, 2)
    round.refresh_from_db()
    assert round.state == RoundState.SHORTLISTED
    text = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert 'data-testid="shortlist-form"' not in text
    assert "分差大，经复议" in text


def test_exports_are_real_xlsx_with_chinese_headers_and_audited(client, office, unit_staff):
    round, first, _second, (a, _b, _c) = scored_round(office)
    client = as_user(client, office)
    response = client.get(reverse("selection:export-scores", args=[round.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[0][:3] == ("候选人", "推荐单位", "评审专家")
    assert len(rows) == 1 + 2 * 3 * 4  # 2 candidates × 3 experts × 4 criteria
    assert any(r[0] == first.talent.name and r[2] == a.name and r[9] for r in rows[1:])
    response = client.get(reverse("selection:export-ranking", args=[round.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("排名", "姓名", "推荐单位", "综合得分")
    assert [r[0] for r in rows[1:]] == [1, 2]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(round.pk)).count() == 2
    client = as_user(client, unit_staff)
    assert client.get(reverse("selection:export-ranking", args=[round.pk])).status_code == 403


def test_a_unit_sees_only_its_own_nominations_on_the_round_page(client, unit_staff, unit, office):
    round = RoundFactory()
    own = NominationFactory(round=round, unit=unit)
    other = NominationFactory(round=round)
    text = as_user(client, unit_staff).get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert own.talent.name in text
    assert other.talent.name not in text
    assert 'data-testid="assign"' not in text


def test_approval_buttons_follow_the_round_state(client, office):
    round = RoundFactory(state=RoundState.SHORTLISTED)
    text = as_user(client, office).get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    try:
        reverse("selection:publish-shortlist", args=[round.pk])
    except Exception:  # the approval pages are another module's; without them no button
        assert 'data-testid="publish-shortlist"' not in text
    else:
        assert 'data-testid="publish-shortlist"' in text


# --- nominations -----------------------------------------------------------------------------------


def nomination_post(round, talent, **overrides) -> dict:
    data = {
        "round": round.pk,
        "talent": talent.pk,
        "task_name": "尼龙66关键材料攻关",
        "task_number": "241100210100",
        "task_level": TaskLevel.PROVINCIAL,
        "task_funding": "800",
        "nominee_role": NomineeRole.LEADER,
        "task_start": "2025-01-01",
        "task_end": "2027-12-31",
        "field": field().pk,
        "chain": "",
    }
    data.update(overrides)
    return data


def test_a_unit_nominates_its_talent_and_sees_article_3_refusals_inline(client, unit_staff, talent):
    round = open_round()
    client = as_user(client, unit_staff)
    page = client.get(reverse("selection:nomination-create"))
    assert talent.name in page.content.decode()
    page = client.post(
        reverse("selection:nomination-create"),
        nomination_post(round, talent, nominee_role=NomineeRole.PARTICIPANT, task_level=TaskLevel.OTHER),
    )
    text = page.content.decode()
    assert 'data-testid="eligibility"' in text
    assert "第三条" in text and "参与" in text and "其他" in text
    assert not Nomination.objects.exists()
    response = client.post(reverse("selection:nomination-create"), nomination_post(round, talent))
    nomination = Nomination.objects.get()
    assert response.url == reverse("selection:nomination-detail", args=[nomination.pk])


def test_a_unit_cannot_pick_another_units_talent(client, unit_staff, other_talent):
    round = open_round()
    page = as_user(client, unit_staff).post(
        reverse("selection:nomination-create"), nomination_post(round, other_talent)
    )
    assert page.status_code == 200
    assert not Nomination.objects.exists()


def test_lists_are_scoped_and_other_units_nominations_are_404(client, office, unit_staff, unit, county_staff):
    own = NominationFactory(unit=unit)
    other = NominationFactory()
    text = as_user(client, unit_staff).get(reverse("selection:nomination-list")).content.decode()
    assert own.talent.name in text and other.talent.name not in text
    assert client.get(reverse("selection:nomination-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("selection:nomination-edit", args=[other.pk])).status_code == 404
    text = as_user(client, office).get(reverse("selection:nomination-list")).content.decode()
    assert own.talent.name in text and other.talent.name in text
    filtered = client.get(reverse("selection:nomination-list"), {"round": own.round_id}).content.decode()
    assert own.talent.name in filtered and other.talent.name not in filtered
    assert as_user(client, county_staff).get(reverse("selection:nomination-list")).status_code == 403


def test_the_formal_check_buttons_and_their_denials(client, office, unit_staff, unit, time_machine):
    time_machine.move_to(BEFORE_SCORING_MOMENT)  # corrections end when scoring opens
    nomination = NominationFactory(unit=unit)
    url = reverse("selection:nomination-check", args=[nomination.pk])
    text = as_user(client, unit_staff).get(reverse("selection:nomination-detail", args=[nomination.pk])).content
    assert "形式审查通过".encode() not in text
    assert client.post(url, {"transition": "accept"}).status_code == 403
    text = as_user(client, office).get(reverse("selection:nomination-detail", args=[nomination.pk])).content
    assert "形式审查通过".encode() in text
    client.post(url, {"transition": "return", "reason": "缺少任务书"})
    nomination.refresh_from_db()
    assert nomination.state == NominationState.RETURNED
    text = as_user(client, unit_staff).get(reverse("selection:nomination-detail", args=[nomination.pk])).content
    assert "缺少任务书".encode() in text and b'data-testid="edit"' in text
    assert client.post(url, {"transition": "bogus"}).status_code == 400


def test_a_stale_correction_is_refused_on_the_page(client, office, unit_staff, unit, time_machine):
    time_machine.move_to(BEFORE_SCORING_MOMENT)  # corrections end when scoring opens
    nomination = NominationFactory(unit=unit)
    return_nomination(by=office, nomination=nomination, reason="补充")
    stale = nomination.version
    Nomination.objects.filter(pk=nomination.pk).update(version=stale + 1)
    data = nomination_post(nomination.round, nomination.talent, version=stale)
    page = as_user(client, unit_staff).post(reverse("selection:nomination-edit", args=[nomination.pk]), data)
    assert "已被他人修改" in page.content.decode()
    data["version"] = stale + 1
    response = client.post(reverse("selection:nomination-edit", args=[nomination.pk]), data)
    assert response.status_code == 302


# --- expert pool -----------------------------------------------------------------------------------


def test_the_expert_pool_is_the_offices(client, office, unit_staff, expert):
    ExpertFactory(name="钱七")
    text = as_user(client, office).get(reverse("selection:expert-list"), {"q": "钱"}).content.decode()
    assert "钱七" in text
    for user in (unit_staff, expert):
        client = as_user(client, user)
        assert client.get(reverse("selection:expert-list")).status_code == 403
        assert client.get(reverse("selection:expert-create")).status_code == 403


def test_adding_and_deactivating_an_expert_through_the_pages(client, office):
    client = as_user(client, office)
    response = client.post(
        reverse("selection:expert-create"),
        {
            "name": "孙教授",
            "title": "教授",
            "employer": "",
            "employer_name": "郑州大学",
            "fields": [field().pk],
            "username": "sunprof",
            "initial_password": "Kx-2026-review!",
        },
    )
    assert response.status_code == 302
    expert = Expert.objects.get(name="孙教授")
    assert expert.user.username == "sunprof"
    page = client.post(reverse("selection:expert-active", args=[expert.pk]), {"active": "0", "reason": ""}, follow=True)
    assert "出库的原因" in page.content.decode()
    client.post(reverse("selection:expert-active", args=[expert.pk]), {"active": "0", "reason": "退休"})
    expert.refresh_from_db()
    assert not expert.is_active


# --- navigation ------------------------------------------------------------------------------------


def test_the_menu_per_role(client, office, unit_staff, expert):
    text = as_user(client, office).get(reverse("home")).content.decode()
    assert "遴选批次" in text and "推荐申报" in text and "专家库" in text
    text = as_user(client, unit_staff).get(reverse("home")).content.decode()
    assert "推荐申报" in text and "专家库" not in text
    text = as_user(client, expert).get(reverse("home")).content.decode()
    assert "专家库" not in text and "推荐申报" not in text


def test_other_users_unit(client, other_unit):
    staff = factories.unit_user(other_unit)
    round = RoundFactory()
    assert as_user(client, staff).get(reverse("selection:round-detail", args=[round.pk])).status_code == 200


def test_the_suggested_form_as_rendered_with_a_row_deleted_and_blank_rows(client, office):
    data = round_post()
    for key in [k for k in data if k.startswith("criteria-")]:
        del data[key]
    data.update(
        {
            "criteria-TOTAL_FORMS": 8,
            "criteria-INITIAL_FORMS": 6,
            "criteria-MIN_NUM_FORMS": 1,
            "criteria-MAX_NUM_FORMS": 20,
        }
    )
    from yingcai.selection.interfaces.forms import SUGGESTED_CRITERIA

    for i, c in enumerate(SUGGESTED_CRITERIA):
        data.update(
            {
                f"criteria-{i}-code": c["code"],
                f"criteria-{i}-name": str(c["name"]),
                f"criteria-{i}-weight": str(c["weight"]),
                f"criteria-{i}-kind": str(c["kind"]),
                f"criteria-{i}-evidence": str(c["evidence"]),
            }
        )
    data["criteria-1-weight"] = "35"  # 实际贡献 takes the weight of 团队建设, which is deleted
    data["criteria-5-DELETE"] = "on"
    for i in (6, 7):
        data.update(
            {
                f"criteria-{i}-code": "",
                f"criteria-{i}-name": "",
                f"criteria-{i}-weight": "",
                f"criteria-{i}-kind": "",
                f"criteria-{i}-evidence": "",
            }
        )
    response = as_user(client, office).post(reverse("selection:round-create"), data)
    assert response.status_code == 302
    round = SelectionRound.objects.get()
    assert [c.name for c in round.criteria.all()] == ["创新能力", "实际贡献", "攻关能力", "成果与转化", "产业契合度"]


def test_score_sheet_and_ranking_write_a_formula_like_name_as_text(client, office):
    round, first, _second, _experts = scored_round(office)
    Talent.objects.filter(pk=first.talent_id).update(name=INJECTED)
    client = as_user(client, office)
    assert_no_formula(client.get(reverse("selection:export-scores", args=[round.pk])))
    assert_no_formula(client.get(reverse("selection:export-ranking", args=[round.pk])))
