"""The introduction pages end to end through the test client: declaring (第七条), the review chain,
working periods and the yearly 3-month rule (第八条), the at-risk list, channels (第五条、第九条),
the home page counts, and every denial a unit, county or talent must meet."""

import datetime
import re
from pathlib import Path, PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.core import files
from tests.introductions.factories_pages import PageChannelFactory, PageFlexibleIntroductionFactory
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.introductions.domain import channels as channel_domain
from yingcai.introductions.enums import ChannelKind, IntroductionMode, IntroductionState
from yingcai.introductions.models import Channel, FlexibleServiceYear, Introduction, WorkPeriod
from yingcai.registry.enums import JurisdictionKind

D = datetime.date
THREE_YEARS_END = D(2027, 2, 28)  # a contract from 1 March 2024: the last day of 3 whole years
ONE_DAY_SHORT = D(2027, 2, 27)  # 2 years 364 days


@pytest.fixture(autouse=True)
def _chinese_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def other_unit_staff(other_unit):
    return factories.unit_user(other_unit)


@pytest.fixture
def other_county_staff(other_county):
    return factories.jurisdiction_user(other_county)


def as_user(client, user):
    client.force_login(user)
    return client


CONTRACT_BYTES = b"%PDF-1.4\n% a contract\n"


def contract_pdf(name: str = "劳动合同.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, CONTRACT_BYTES, content_type="application/pdf")


def full_time_post(talent, **overrides) -> dict:
    data = {
        "talent": talent.pk,
        "mode": IntroductionMode.FULL_TIME,
        "manner": "individual",
        "introduced_on": "2024-03-01",
        "channel": "",
        "chain": "",
        "personnel_transferred_on": "2024-03-01",
        "transferred_from": "郑州大学",
        "contract_start": "2024-03-01",
        "contract_end": THREE_YEARS_END.isoformat(),
    }
    data.update(overrides)
    return data


def flexible_post(talent, **overrides) -> dict:
    year = timezone.localdate().year
    data = {
        "talent": talent.pk,
        "mode": IntroductionMode.FLEXIBLE,
        "manner": "centralized",
        "introduced_on": f"{year - 1}-01-01",
        "service_forms": ["project", "consulting"],
        "agreement_start": f"{year - 1}-01-01",
        "agreement_end": f"{year + 1}-12-31",
    }
    data.update(overrides)
    return data


def review(client, introduction, transition, reason=""):
    return client.post(
        reverse("introductions:review", args=[introduction.pk]), {"transition": transition, "reason": reason}
    )


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def draft(client, unit_staff, talent):
    """A full-time declaration of exactly 3 years, saved through the page, without its contract."""
    response = as_user(client, unit_staff).post(reverse("introductions:create"), full_time_post(talent))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Introduction.objects.get(talent=talent)


@pytest.fixture
def submitted(client, draft, unit_staff):
    as_user(client, unit_staff).post(
        reverse("introductions:edit", args=[draft.pk]),
        {**full_time_post(draft.talent), "version": draft.version, "contract_file": contract_pdf()},
    )
    review(client, draft, "submit")
    draft.refresh_from_db()
    assert draft.state == IntroductionState.SUBMITTED
    return draft


# --- declaring a full-time introduction (第七条) ---------------------------------------------------


@pytest.mark.django_db
class TestDeclaringFullTime:
    def test_the_form_offers_only_the_units_current_talents(self, client, unit_staff, talent, other_talent):
        response = as_user(client, unit_staff).get(reverse("introductions:create"))
        assert response.status_code == 200
        html = page_text(response)
        assert 'enctype="multipart/form-data"' in html
        assert talent.name in html
        assert f'value="{other_talent.pk}"' not in html
        assert 'name="unit"' not in html  # a unit declares for itself only

    def test_a_contract_of_2_years_364_days_is_refused_citing_article_7(self, client, unit_staff, talent):
        response = as_user(client, unit_staff).post(
            reverse("introductions:create"), full_time_post(talent, contract_end=ONE_DAY_SHORT.isoformat())
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["contract_end"]
        assert any("第七条" in e and "3年以上" in e for e in errors)
        assert "2年11个月27天" in errors[0]  # 1 March 2024 – 27 February 2027
        assert "第七条" in page_text(response)
        assert not Introduction.objects.exists()

    def test_exactly_three_years_is_saved_as_a_draft_with_the_rule_that_decided(self, client, draft):
        assert draft.state == IntroductionState.DRAFT
        assert draft.contract_end == THREE_YEARS_END
        assert draft.contract_rule is not None
        detail = page_text(client.get(reverse("introductions:detail", args=[draft.pk])))
        assert draft.decision_note in detail
        assert "v1" in detail and "第七条" in detail
        assert "提交审核" in detail

    def test_missing_full_time_fields_are_named(self, client, unit_staff, talent):
        response = as_user(client, unit_staff).post(
            reverse("introductions:create"), full_time_post(talent, personnel_transferred_on="", transferred_from="")
        )
        assert response.status_code == 200
        assert "personnel_transferred_on" in response.context["form"].errors
        assert "transferred_from" in response.context["form"].errors

    def test_a_contract_that_is_not_a_document_is_refused(self, client, unit_staff, talent):
        bad = SimpleUploadedFile("合同.exe", b"MZ", content_type="application/octet-stream")
        response = as_user(client, unit_staff).post(
            reverse("introductions:create"), {**full_time_post(talent), "contract_file": bad}
        )
        assert response.status_code == 200
        assert "contract_file" in response.context["form"].errors

    def test_the_office_picks_a_unit_then_one_of_its_talents(self, client, office, unit, talent, other_talent):
        as_user(client, office)
        options = client.get(reverse("introductions:talent-options"), {"unit": unit.pk}).content.decode()
        assert talent.name in options and other_talent.name not in options
        response = client.post(reverse("introductions:create"), {**full_time_post(talent), "unit": unit.pk})
        assert response.status_code == 302
        assert Introduction.objects.get().unit == unit
        # A talent of another unit is not a choice for this unit.
        response = client.post(reverse("introductions:create"), {**full_time_post(other_talent), "unit": unit.pk})
        assert response.status_code == 200
        assert "talent" in response.context["form"].errors

    def test_a_unit_asking_for_another_units_talents_gets_its_own(self, client, unit_staff, other_unit, talent):
        html = (
            as_user(client, unit_staff)
            .get(reverse("introductions:talent-options"), {"unit": other_unit.pk})
            .content.decode()
        )
        assert talent.name in html

    def test_a_stale_edit_is_refused(self, client, draft, unit_staff):
        as_user(client, unit_staff)
        url = reverse("introductions:edit", args=[draft.pk])
        assert client.post(url, {**full_time_post(draft.talent), "version": 1}).status_code == 302
        response = client.post(url, {**full_time_post(draft.talent, transferred_from="上海"), "version": 1})
        assert response.status_code == 200
        assert "已被他人修改" in page_text(response)
        draft.refresh_from_db()
        assert draft.transferred_from == "郑州大学"


# --- the contract file -----------------------------------------------------------------------------


@pytest.mark.django_db
class TestContractFile:
    @pytest.mark.parametrize(("name", "content"), [("劳动合同.pdf", files.EXE), ("劳动合同.pdf", files.HTML)])
    def test_a_renamed_executable_or_page_is_refused_naming_the_field(
        self, client, draft, unit_staff, settings, name, content
    ):
        response = as_user(client, unit_staff).post(
            reverse("introductions:edit", args=[draft.pk]),
            {**full_time_post(draft.talent), "version": draft.version, "contract_file": files.upload(name, content)},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["contract_file"] == [
            "“合同/协议文件”的文件内容不是 PDF 文件，与扩展名（.pdf）不符。请确认文件未损坏、格式正确后重新上传。"
        ]
        draft.refresh_from_db()
        assert not draft.contract_file and draft.contract_file_name == ""
        assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))  # nothing was stored

    def test_stored_under_a_random_name_the_units_name_kept_and_shown(self, client, submitted, settings):
        stored = PurePath(submitted.contract_file.name)
        assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name), stored
        assert "劳动合同" not in submitted.contract_file.name
        assert submitted.contract_file_name == "劳动合同.pdf"
        detail = page_text(client.get(reverse("introductions:detail", args=[submitted.pk])))
        assert "劳动合同.pdf" in detail

    def test_the_file_on_disk_is_not_readable_by_others(self, submitted, settings):
        file_mode, directory_modes = files.stored_tree_modes(Path(settings.MEDIA_ROOT), submitted.contract_file.name)
        assert file_mode == 0o640
        assert set(directory_modes) == {0o750}

    def test_the_download_has_the_units_name_and_is_permission_checked(
        self, client, submitted, county_staff, other_unit_staff, other_county_staff
    ):
        url = reverse("introductions:contract-file", args=[submitted.pk])
        for user in (county_staff, submitted.created_by):
            response = as_user(client, user).get(url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == CONTRACT_BYTES
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == (
                "inline; filename*=utf-8''%E5%8A%B3%E5%8A%A8%E5%90%88%E5%90%8C.pdf"
            )
        for user in (other_unit_staff, other_county_staff):
            assert as_user(client, user).get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302  # to the login page
        assert client.get(f"/media/{submitted.contract_file.name}").status_code == 404


# --- the review chain --------------------------------------------------------------------------------


@pytest.mark.django_db
class TestReview:
    def test_submitting_without_the_contract_file_is_refused(self, client, draft, unit_staff):
        response = review(as_user(client, unit_staff), draft, "submit")
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == IntroductionState.DRAFT
        detail = client.get(reverse("introductions:detail", args=[draft.pk]))
        assert any("上传" in m and "第七条" in m for m in messages_of(detail))

    def test_declared_submitted_approved_confirmed(self, client, submitted, unit_staff, county_staff, office, tmp_path):
        introduction = submitted
        assert introduction.contract_file.name.startswith("introductions/contracts/")
        # The file sits under MEDIA_ROOT and its page serves it to who may see the record.
        file_response = client.get(reverse("introductions:contract-file", args=[introduction.pk]))
        assert file_response.status_code == 200
        assert b"".join(file_response.streaming_content).startswith(b"%PDF")

        # The county sees it waiting and approves it.
        as_user(client, county_staff)
        detail = page_text(client.get(reverse("introductions:detail", args=[introduction.pk])))
        assert "县区审核通过" in detail and "县区退回" in detail
        review(client, introduction, "county_approve")
        introduction.refresh_from_db()
        assert introduction.state == IntroductionState.COUNTY_APPROVED

        # The office confirms it.
        as_user(client, office)
        detail = page_text(client.get(reverse("introductions:detail", args=[introduction.pk])))
        assert "人才办确认" in detail and "btn btn-danger" in detail  # the return button is a danger one
        review(client, introduction, "confirm")
        introduction.refresh_from_db()
        assert introduction.state == IntroductionState.CONFIRMED

        # Every step is on the timeline; the unit sees where it stands and can no longer edit.
        as_user(client, unit_staff)
        response = client.get(reverse("introductions:detail", args=[introduction.pk]))
        timeline = page_text(response)
        for label in ("提交审核", "县区审核通过", "人才办确认"):
            assert label in timeline
        assert response.context["transitions"] == []
        assert not response.context["can_edit"]
        edit = client.post(
            reverse("introductions:edit", args=[introduction.pk]),
            {**full_time_post(introduction.talent), "version": introduction.version},
        )
        assert "不能修改" in page_text(edit)

    @pytest.mark.parametrize(("who", "transition"), [("county_staff", "county_return")])
    def test_a_county_return_needs_a_reason(self, client, submitted, request, who, transition):
        as_user(client, request.getfixturevalue(who))
        review(client, submitted, transition, reason="   ")
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.SUBMITTED
        detail = client.get(reverse("introductions:detail", args=[submitted.pk]))
        assert any("原因" in m for m in messages_of(detail))

        review(client, submitted, transition, reason="合同扫描件不清晰")
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.RETURNED
        assert "合同扫描件不清晰" in page_text(client.get(reverse("introductions:detail", args=[submitted.pk])))

    def test_an_office_return_needs_a_reason_and_the_unit_resubmits(
        self, client, submitted, county_staff, office, unit_staff
    ):
        review(as_user(client, county_staff), submitted, "county_approve")
        as_user(client, office)
        review(client, submitted, "office_return")
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.COUNTY_APPROVED
        review(client, submitted, "office_return", reason="人事关系转入日期有误")
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.RETURNED

        as_user(client, unit_staff)
        detail = client.get(reverse("introductions:detail", args=[submitted.pk]))
        assert detail.context["can_edit"]
        assert "人事关系转入日期有误" in page_text(detail)
        review(client, submitted, "submit")
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.SUBMITTED

    def test_a_unit_cannot_approve_its_own_declaration(self, client, submitted, unit_staff):
        assert review(as_user(client, unit_staff), submitted, "county_approve").status_code == 403
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.SUBMITTED

    def test_the_county_cannot_confirm_in_the_offices_place(self, client, submitted, county_staff):
        review(as_user(client, county_staff), submitted, "county_approve")
        assert review(client, submitted, "confirm").status_code == 403

    def test_a_county_outside_the_jurisdiction_can_neither_see_nor_approve(self, client, submitted, other_county_staff):
        as_user(client, other_county_staff)
        assert client.get(reverse("introductions:detail", args=[submitted.pk])).status_code == 404
        assert review(client, submitted, "county_approve").status_code == 404
        submitted.refresh_from_db()
        assert submitted.state == IntroductionState.SUBMITTED
        listing = client.get(reverse("introductions:list"))
        assert submitted not in list(listing.context["listing"].page)

    def test_an_unknown_transition_is_a_bad_request(self, client, draft, unit_staff):
        assert review(as_user(client, unit_staff), draft, "approve_everything").status_code == 400


# --- denials --------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestDenials:
    @pytest.fixture
    def flexible(self, unit):
        return PageFlexibleIntroductionFactory(unit=unit)

    def test_another_unit_can_reach_nothing_of_the_record(self, client, flexible, other_unit_staff):
        as_user(client, other_unit_staff)
        pk = flexible.pk
        period = WorkPeriod.objects.create(
            introduction=flexible, start=flexible.agreement_start, end=flexible.agreement_start, description="x"
        )
        gets = ["detail", "edit", "contract-file", "change-to-full-time", "departure"]
        for name in gets:
            assert client.get(reverse(f"introductions:{name}", args=[pk])).status_code in (403, 404), name
        assert review(client, flexible, "submit").status_code in (403, 404)
        response = client.post(
            reverse("introductions:period-add", args=[pk]),
            {
                "start": flexible.agreement_start.isoformat(),
                "end": flexible.agreement_start.isoformat(),
                "description": "x",
            },
        )
        assert response.status_code in (403, 404)
        delete = client.post(reverse("introductions:period-delete", args=[period.pk]), {"reason": "试探"})
        assert delete.status_code in (403, 404)
        assert WorkPeriod.objects.filter(introduction=flexible).count() == 1
        assert flexible not in list(client.get(reverse("introductions:list")).context["listing"].page)

    def test_a_county_may_look_but_not_log_time_or_edit(self, client, flexible, county_staff):
        as_user(client, county_staff)
        assert client.get(reverse("introductions:detail", args=[flexible.pk])).status_code == 200
        assert client.get(reverse("introductions:edit", args=[flexible.pk])).status_code == 403
        start = flexible.agreement_start.isoformat()
        response = client.post(
            reverse("introductions:period-add", args=[flexible.pk]), {"start": start, "end": start, "description": "x"}
        )
        assert response.status_code == 403
        assert not WorkPeriod.objects.exists()

    def test_the_talent_sees_only_their_own_record(self, client, flexible, other_unit):
        own = factories.talent_user(flexible.talent)
        stranger = PageFlexibleIntroductionFactory(unit=other_unit)
        as_user(client, own)
        response = client.get(reverse("introductions:detail", args=[flexible.pk]))
        assert response.status_code == 200
        assert not response.context["can_log"] and not response.context["transitions"]
        assert client.get(reverse("introductions:detail", args=[stranger.pk])).status_code == 404
        assert client.get(reverse("introductions:list")).status_code == 403
        assert client.get(reverse("introductions:edit", args=[flexible.pk])).status_code == 403

    def test_a_county_does_not_see_drafts(self, client, draft, county_staff):
        as_user(client, county_staff)
        assert client.get(reverse("introductions:detail", args=[draft.pk])).status_code == 404

    def test_anonymous_users_are_sent_to_log_in(self, client, flexible):
        response = client.get(reverse("introductions:detail", args=[flexible.pk]))
        assert response.status_code == 302 and "login" in response["Location"]

    def test_experts_cannot_open_the_list(self, client, expert):
        assert as_user(client, expert).get(reverse("introductions:list")).status_code == 403
        assert client.get(reverse("introductions:create")).status_code == 403


# --- flexible introductions: working periods and the yearly rule (第八条) ------------------------------


@pytest.mark.django_db
class TestFlexibleService:
    def test_declaring_flexibly_keeps_only_the_flexible_fields(self, client, unit_staff, talent):
        response = as_user(client, unit_staff).post(
            reverse("introductions:create"), flexible_post(talent, contract_start="2024-01-01")
        )
        assert response.status_code == 302
        introduction = Introduction.objects.get()
        assert introduction.mode == IntroductionMode.FLEXIBLE
        assert introduction.service_forms == ["project", "consulting"]
        assert introduction.contract_start is None

    def test_a_flexible_declaration_needs_a_service_form(self, client, unit_staff, talent):
        response = as_user(client, unit_staff).post(
            reverse("introductions:create"), flexible_post(talent, service_forms=[])
        )
        assert response.status_code == 200
        assert "service_forms" in response.context["form"].errors

    def test_periods_added_on_the_page_update_the_compliance_table(self, client, unit_staff, unit):
        introduction = PageFlexibleIntroductionFactory(unit=unit)
        last_year = timezone.localdate().year - 1
        as_user(client, unit_staff)
        add = reverse("introductions:period-add", args=[introduction.pk])

        response = client.post(add, {"start": f"{last_year}-03-01", "end": f"{last_year}-04-29", "description": "中试"})
        assert response.status_code == 302
        row = self._year_row(client, introduction, last_year)
        assert (row.days_worked, row.days_required, row.status) == (60, 90, "missed")

        # An overlapping period adds only the days not yet counted.
        client.post(add, {"start": f"{last_year}-04-20", "end": f"{last_year}-05-29", "description": "联合攻关"})
        row = self._year_row(client, introduction, last_year)
        assert (row.days_worked, row.status) == (90, "met")
        html = page_text(client.get(reverse("introductions:detail", args=[introduction.pk])))
        assert 'data-status="met"' in html and "tag-success" in html

        # Deleting needs a reason, and the days go with the period.
        period = WorkPeriod.objects.get(description="联合攻关")
        delete = reverse("introductions:period-delete", args=[period.pk])
        client.post(delete, {"reason": ""})
        assert WorkPeriod.objects.filter(pk=period.pk).exists()
        client.post(delete, {"reason": "登记重复"})
        assert not WorkPeriod.objects.filter(pk=period.pk).exists()
        assert self._year_row(client, introduction, last_year).days_worked == 60
        assert any(e.reason == "登记重复" for e in history_of(introduction))

    def test_a_period_in_the_future_is_refused_on_its_field(self, client, unit_staff, unit):
        introduction = PageFlexibleIntroductionFactory(unit=unit)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = as_user(client, unit_staff).post(
            reverse("introductions:period-add", args=[introduction.pk]),
            {"start": timezone.localdate().isoformat(), "end": tomorrow.isoformat(), "description": "提前登记"},
        )
        assert response.status_code == 200
        assert "end" in response.context["period_form"].errors
        assert not WorkPeriod.objects.exists()

    def test_a_full_time_record_has_no_period_form(self, client, draft):
        response = client.get(reverse("introductions:detail", args=[draft.pk]))
        assert response.context["period_form"] is None
        assert 'data-testid="period-form"' not in page_text(response)

    def test_moving_to_full_time_is_a_new_record_that_continues_the_old(self, client, unit_staff, unit):
        flexible = PageFlexibleIntroductionFactory(unit=unit)
        today = timezone.localdate()
        as_user(client, unit_staff)
        url = reverse("introductions:change-to-full-time", args=[flexible.pk])
        assert client.get(url).status_code == 200
        start = D(today.year, 1, 1)
        response = client.post(
            url,
            {
                "introduced_on": start.isoformat(),
                "personnel_transferred_on": start.isoformat(),
                "transferred_from": "北京化工大学",
                "contract_start": start.isoformat(),
                "contract_end": D(today.year + 2, 12, 31).isoformat(),
                "contract_file": contract_pdf(),
            },
        )
        assert response.status_code == 302
        successor = Introduction.objects.get(supersedes=flexible)
        flexible.refresh_from_db()
        assert flexible.ended_on == start - datetime.timedelta(days=1)
        assert successor.mode == IntroductionMode.FULL_TIME and successor.state == IntroductionState.DRAFT
        detail = client.get(reverse("introductions:detail", args=[successor.pk]))
        assert detail.context["record_chain"] == [flexible, successor]
        old = client.get(reverse("introductions:detail", args=[flexible.pk]))
        assert not old.context["can_change_mode"]
        assert "查看接续的引进记录" in page_text(old)

    def test_a_contract_too_short_when_moving_to_full_time_is_refused(self, client, unit_staff, unit):
        flexible = PageFlexibleIntroductionFactory(unit=unit)
        start = D(timezone.localdate().year, 3, 1)
        response = as_user(client, unit_staff).post(
            reverse("introductions:change-to-full-time", args=[flexible.pk]),
            {
                "introduced_on": start.isoformat(),
                "personnel_transferred_on": start.isoformat(),
                "transferred_from": "北京",
                "contract_start": start.isoformat(),
                "contract_end": D(start.year + 3, 2, 27).isoformat(),
            },
        )
        assert response.status_code == 200
        assert any("第七条" in e for e in response.context["form"].errors["contract_end"])
        assert not Introduction.objects.filter(supersedes=flexible).exists()

    def test_a_departure_ends_the_record_and_keeps_it(self, client, unit_staff, unit):
        flexible = PageFlexibleIntroductionFactory(unit=unit)
        as_user(client, unit_staff)
        url = reverse("introductions:departure", args=[flexible.pk])
        assert client.post(url, {"left_on": timezone.localdate().isoformat(), "reason": ""}).status_code == 200
        response = client.post(url, {"left_on": timezone.localdate().isoformat(), "reason": "合同期满离开"})
        assert response.status_code == 302
        flexible.refresh_from_db()
        assert flexible.ended_on == timezone.localdate() and flexible.end_reason == "合同期满离开"
        assert "合同期满离开" in page_text(client.get(reverse("introductions:detail", args=[flexible.pk])))

    @staticmethod
    def _year_row(client, introduction, year):
        response = client.get(reverse("introductions:detail", args=[introduction.pk]))
        return next(r for r in response.context["compliance"] if r.year == year)


# --- the at-risk list and closing a year ----------------------------------------------------------------


@pytest.mark.django_db
class TestAtRisk:
    @pytest.fixture
    def november(self, move_to_day):
        """A day late in the year: every flexible talent short of days is at risk then."""
        day = D(timezone.localdate().year, 11, 2)
        move_to_day(day)
        return day

    def test_a_flexible_talent_short_of_days_is_listed(self, client, unit_staff, unit, other_unit, november):
        short = PageFlexibleIntroductionFactory(unit=unit)
        WorkPeriod.objects.create(
            introduction=short, start=D(november.year, 3, 1), end=D(november.year, 3, 30), description="调研"
        )
        done = PageFlexibleIntroductionFactory(unit=unit)
        WorkPeriod.objects.create(
            introduction=done, start=D(november.year, 3, 1), end=D(november.year, 6, 30), description="驻厂"
        )
        elsewhere = PageFlexibleIntroductionFactory(unit=other_unit)
        response = as_user(client, unit_staff).get(reverse("introductions:at-risk"))
        assert response.status_code == 200
        listed = [introduction for introduction, _result in response.context["items"]]
        assert listed == [short]
        assert done not in listed and elsewhere not in listed
        html = page_text(response)
        assert short.talent.name in html
        result = response.context["items"][0][1]
        assert (result.days_worked, result.days_required, result.shortfall) == (30, 90, 60)
        assert "60 天" in html
        assert 'data-testid="close-year"' not in html

    def test_the_office_closes_last_year_and_is_told_how_many_were_frozen(self, client, office, unit):
        introduction = PageFlexibleIntroductionFactory(unit=unit)
        last_year = timezone.localdate().year - 1
        as_user(client, office)
        page = page_text(client.get(reverse("introductions:at-risk")))
        assert 'data-testid="close-year"' in page
        response = client.post(reverse("introductions:close-year"), {"year": last_year}, follow=True)
        assert any(f"{last_year}年度已关账" in m and "1条" in m for m in messages_of(response))
        frozen = FlexibleServiceYear.objects.get(introduction=introduction, year=last_year)
        assert frozen.status == "missed"
        # Closing again freezes nothing more.
        response = client.post(reverse("introductions:close-year"), {"year": last_year}, follow=True)
        assert any("0条" in m for m in messages_of(response))
        # This year has not ended.
        response = client.post(reverse("introductions:close-year"), {"year": last_year + 1}, follow=True)
        assert any("尚未结束" in m for m in messages_of(response))

    def test_only_the_office_closes_a_year(self, client, county_staff, unit_staff):
        year = timezone.localdate().year - 1
        for user in (county_staff, unit_staff):
            assert as_user(client, user).post(reverse("introductions:close-year"), {"year": year}).status_code == 403


# --- the list ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestList:
    def test_scope_filters_tags_and_the_declare_button(self, client, unit_staff, unit, other_unit, draft):
        flexible = PageFlexibleIntroductionFactory(unit=unit)
        PageFlexibleIntroductionFactory(unit=other_unit)
        as_user(client, unit_staff)
        response = client.get(reverse("introductions:list"))
        assert set(response.context["listing"].page) == {draft, flexible}
        html = page_text(response)
        assert "填报引进记录" in html
        assert 'data-state="draft"' in html and "tag-muted" in html
        assert 'data-state="confirmed"' in html and "tag-success" in html

        flexible_only = client.get(reverse("introductions:list"), {"mode": "flexible"})
        assert list(flexible_only.context["listing"].page) == [flexible]
        by_name = client.get(reverse("introductions:list"), {"q": draft.talent.name})
        assert list(by_name.context["listing"].page) == [draft]
        by_initials = client.get(reverse("introductions:list"), {"q": draft.talent.name_initials})
        assert draft in list(by_initials.context["listing"].page)
        by_year = client.get(reverse("introductions:list"), {"year": 2024})
        assert list(by_year.context["listing"].page) == [draft]
        by_state = client.get(reverse("introductions:list"), {"state": "confirmed", "o": "-talent"})
        assert list(by_state.context["listing"].page) == [flexible]
        by_channel = client.get(reverse("introductions:list"), {"channel_kind": "none"})
        assert set(by_channel.context["listing"].page) == {draft, flexible}

    def test_the_office_sees_every_unit_and_filters_by_county(self, client, office, unit, other_unit, county):
        mine = PageFlexibleIntroductionFactory(unit=unit)
        theirs = PageFlexibleIntroductionFactory(unit=other_unit)
        as_user(client, office)
        assert set(client.get(reverse("introductions:list")).context["listing"].page) == {mine, theirs}
        in_county = client.get(reverse("introductions:list"), {"county": county.pk})
        assert list(in_county.context["listing"].page) == [mine]

    def test_county_staff_see_no_declare_button(self, client, county_staff):
        html = page_text(as_user(client, county_staff).get(reverse("introductions:list")))
        assert "填报引进记录" not in html
        assert as_user(client, county_staff).get(reverse("introductions:create")).status_code == 403

    def test_navigation_has_the_three_entries(self, client, office):
        html = page_text(as_user(client, office).get(reverse("introductions:list")))
        for label, url in (
            ("引进记录", reverse("introductions:list")),
            ("柔性人才在岗预警", reverse("introductions:at-risk")),
            ("引才渠道", reverse("introductions:channels")),
        ):
            assert f'href="{url}">{label}</a>' in html


# --- the home page ------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestHome:
    def test_the_office_sees_the_introduction_counts_and_charts(self, client, office, unit, other_unit):
        PageFlexibleIntroductionFactory(unit=unit)
        PageFlexibleIntroductionFactory(unit=other_unit)
        PageFlexibleIntroductionFactory(unit=unit, state=IntroductionState.DRAFT)  # drafts are not counted
        response = as_user(client, office).get(reverse("home"))
        html = page_text(response)
        assert re.search(r'data-testid="introduction-count">2<', html)
        assert re.search(r'data-testid="flexible-active-count">2<', html)
        for chart in ("mode", "manner", "channel", "county", "chain", "unit-kind"):
            assert f'id="introductions-by-{chart}"' in html
        assert 'data-testid="talent-count"' in html  # the registry cards stay

    def test_a_unit_counts_its_own(self, client, unit_staff, unit, other_unit):
        PageFlexibleIntroductionFactory(unit=unit)
        PageFlexibleIntroductionFactory(unit=other_unit)
        html = page_text(as_user(client, unit_staff).get(reverse("home")))
        assert re.search(r'data-testid="introduction-count">1<', html)

    def test_experts_see_no_counts(self, client, expert):
        html = page_text(as_user(client, expert).get(reverse("home")))
        assert "introduction-count" not in html


# --- channels (第五条、第九条) -------------------------------------------------------------------------------


@pytest.mark.django_db
class TestChannels:
    def test_the_office_adds_any_kind_of_channel(self, client, office):
        response = as_user(client, office).post(
            reverse("introductions:channel-create"),
            {"kind": ChannelKind.COMPETITION, "name": "第三届创新创业大赛", "is_active": "on"},
        )
        assert response.status_code == 302
        channel = Channel.objects.get(name="第三届创新创业大赛")
        assert history_of(channel).filter(action=AuditAction.CREATE).exists()
        assert "第三届创新创业大赛" in page_text(client.get(reverse("introductions:channels")))

    def test_a_county_adds_a_market_body_of_its_own_county(self, client, county_staff, county):
        response = as_user(client, county_staff).post(
            reverse("introductions:channel-create"),
            # The county's form has no kind or county: whatever is posted, the domain fixes them.
            {"kind": ChannelKind.EVENT, "county": "", "name": "鹰城猎头服务公司", "is_active": "on"},
        )
        assert response.status_code == 302
        channel = Channel.objects.get(name="鹰城猎头服务公司")
        assert (channel.kind, channel.county) == (ChannelKind.MARKET_BODY, county)

    def test_a_county_edits_only_its_own_market_bodies(self, client, county_staff, county, other_county):
        own = PageChannelFactory(kind=ChannelKind.MARKET_BODY, county=county)
        neighbours = PageChannelFactory(kind=ChannelKind.MARKET_BODY, county=other_county)
        citywide = PageChannelFactory(kind=ChannelKind.EVENT)
        as_user(client, county_staff)
        response = client.post(
            reverse("introductions:channel-edit", args=[own.pk]), {"name": "新华区人才中介", "is_active": "on"}
        )
        assert response.status_code == 302
        own.refresh_from_db()
        assert own.name == "新华区人才中介"
        for channel in (neighbours, citywide):
            url = reverse("introductions:channel-edit", args=[channel.pk])
            assert client.get(url).status_code == 403
            assert client.post(url, {"name": "改名", "is_active": "on"}).status_code == 403
        listing = client.get(reverse("introductions:channels"))
        editable = {c.pk for c in listing.context["listing"].page if c.can_edit}
        assert editable == {own.pk}

    def test_the_domain_refuses_a_county_other_kinds_and_counties(self, county_staff, other_county):
        with pytest.raises(channel_domain.ValidationError):
            channel_domain.create_channel(by=county_staff, data={"kind": ChannelKind.EVENT, "name": "活动"})
        with pytest.raises(channel_domain.ValidationError):
            channel_domain.create_channel(by=county_staff, data={"county": other_county, "name": "邻县猎头"})

    def test_units_departments_and_talents_cannot_manage_channels(self, client, unit_staff, talent_self):
        department = factories.jurisdiction_user(
            factories.DepartmentFactory(kind=JurisdictionKind.DEPARTMENT, name="市科技局测试")
        )
        channel = PageChannelFactory()
        for user in (unit_staff, talent_self):
            as_user(client, user)
            assert client.get(reverse("introductions:channels")).status_code == 403
            assert client.get(reverse("introductions:channel-create")).status_code == 403
            assert client.get(reverse("introductions:channel-edit", args=[channel.pk])).status_code == 403
        as_user(client, department)
        assert client.get(reverse("introductions:channels")).status_code == 200
        assert client.get(reverse("introductions:channel-create")).status_code == 403
        with pytest.raises(channel_domain.PermissionDenied):
            channel_domain.create_channel(by=department, data={"name": "部门渠道"})

    def test_a_declaration_names_its_channel_and_the_list_counts_it(self, client, unit_staff, talent, office):
        channel = PageChannelFactory(name="2024鹰城英才对接会")
        inactive = PageChannelFactory(name="已停用的活动", is_active=False)
        as_user(client, unit_staff)
        form_html = page_text(client.get(reverse("introductions:create")))
        assert channel.name in form_html and inactive.name not in form_html
        client.post(reverse("introductions:create"), full_time_post(talent, channel=channel.pk))
        assert Introduction.objects.get().channel == channel
        listing = as_user(client, office).get(reverse("introductions:channels"), {"q": "对接会"})
        assert [(c.pk, c.used) for c in listing.context["listing"].page] == [(channel.pk, 1)]
