"""The policy list: public, searchable by title, document number and full text, filtered by region,
level, category and year, sorted by date, paged."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests import factories
from tests.policylib.factories import PolicyFactory
from yingcai.policylib.queries import paragraphs, search_policies, visible_policies
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import Jurisdiction


def _titles(response) -> list[str]:
    return [p.title for p in response.context["listing"].page]


@pytest.fixture
def library(county, other_county):
    department = factories.DepartmentFactory(name="市人社局测试")
    return {
        "city": PolicyFactory(
            title="关于深入推进平顶山英才计划的若干措施",
            document_number="平人才〔2024〕2号",
            issued_on=datetime.date(2024, 3, 5),
            category="introduction",
            full_text="第一条 全职新引进的高层次人才，经认定可享受住房保障。",
        ),
        "county": PolicyFactory(
            title="新华区市场化引才激励办法",
            region=county,
            document_number="新办〔2025〕7号",
            issued_on=datetime.date(2025, 5, 20),
            category="incentive",
            full_text="第一条 猎头机构为本区引进领军人才的，给予引才奖励。",
        ),
        "other": PolicyFactory(
            title="卫东区人才公寓管理办法",
            region=other_county,
            document_number="卫政〔2023〕11号",
            issued_on=datetime.date(2023, 11, 1),
            category="service",
            full_text="第一条 人才公寓面向引进人才配租。",
        ),
        "department": PolicyFactory(
            title="市人社局职称评审服务指南",
            region=department,
            document_number="",
            issued_on=datetime.date(2025, 1, 9),
            category="service",
            full_text="青年科技人才服务成效作为职称评审参考。",
        ),
        "draft": PolicyFactory(
            title="尚未发布的人才新政草稿",
            issued_on=datetime.date(2022, 1, 1),
            is_published=False,
            full_text="草稿内容：猎头奖励标准待定。",
        ),
    }


@pytest.mark.django_db
def test_public_list_works_without_login(client, library):
    response = client.get(reverse("policylib:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "public-header" in html  # the public layout, not the console with its empty sidebar
    assert 'class="sidebar"' not in html
    assert set(_titles(response)) == {library[k].title for k in ("city", "county", "other", "department")}
    assert library["draft"].title not in html
    assert "发布状态" not in html  # drafts are not the public's business


@pytest.mark.django_db
def test_signed_in_users_get_the_console_layout(client, unit_staff, library):
    client.force_login(unit_staff)
    html = client.get(reverse("policylib:list")).content.decode()
    assert 'class="sidebar"' in html
    assert "政策库" in html
    assert library["draft"].title not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("英才计划", {"city"}),  # title
        ("平人才〔2024〕2号", {"city"}),  # document number
        ("平人才[2024]2号", {"city"}),  # typed with square brackets
        ("新办（2025）", {"county"}),  # typed with full-width parentheses
        ("猎头", {"county"}),  # full text; the draft says it too but is not public
        ("职称评审", {"department"}),
        ("没有这个词", set()),
    ],
)
def test_search(client, library, q, expected):
    response = client.get(reverse("policylib:list"), {"q": q})
    assert set(_titles(response)) == {library[k].title for k in expected}


@pytest.mark.django_db
def test_search_ignores_case_in_latin_text(library):
    PolicyFactory(title="Pingdingshan Talent Plan")
    found = search_policies(visible_policies(AnonymousUser()), "talent PLAN")
    assert [p.title for p in found] == ["Pingdingshan Talent Plan"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "city"}, {"city", "department"}),
        ({"level": "county"}, {"county", "other"}),
        ({"category": "service"}, {"other", "department"}),
        ({"year": "2025"}, {"county", "department"}),
        ({"year": "2023", "category": "service"}, {"other"}),
    ],
)
def test_filters(client, library, params, expected):
    response = client.get(reverse("policylib:list"), params)
    assert set(_titles(response)) == {library[k].title for k in expected}


@pytest.mark.django_db
def test_region_filter(client, library, county):
    response = client.get(reverse("policylib:list"), {"region": county.pk})
    assert _titles(response) == [library["county"].title]


@pytest.mark.django_db
def test_year_choices_do_not_reveal_a_drafts_year(client, library):
    html = client.get(reverse("policylib:list")).content.decode()
    assert '<option value="2025">' in html
    assert '<option value="2022">' not in html  # only the draft was issued in 2022


@pytest.mark.django_db
def test_region_choices_leave_out_the_city_itself(client, library):
    city = Jurisdiction.objects.create(name="平顶山市测试", kind=JurisdictionKind.CITY)
    html = client.get(reverse("policylib:list")).content.decode()
    assert f'<option value="{city.pk}">' not in html


@pytest.mark.django_db
def test_sorted_by_issue_date_newest_first_and_reversible(client, library):
    newest_first = _titles(client.get(reverse("policylib:list")))
    assert newest_first[0] == library["county"].title
    assert newest_first[-1] == library["other"].title
    oldest_first = _titles(client.get(reverse("policylib:list"), {"o": "issued"}))
    assert oldest_first == list(reversed(newest_first))


@pytest.mark.django_db
def test_an_undated_policy_sorts_by_the_day_it_was_entered(client, library):
    undated = PolicyFactory(title="未注明日期的政策", issued_on=None)
    titles = _titles(client.get(reverse("policylib:list")))
    assert titles[0] == undated.title  # entered today, later than every dated policy
    html = client.get(reverse("policylib:list")).content.decode()
    assert "未注明" in html


@pytest.mark.django_db
def test_paging(client, settings, db):
    settings.LIST_PAGE_SIZE = 20
    for n in range(23):
        PolicyFactory(title=f"分页测试政策{n:02d}", issued_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    first = client.get(reverse("policylib:list"))
    second = client.get(reverse("policylib:list"), {"page": 2})
    assert len(first.context["listing"].page) == 20
    assert _titles(second) == ["分页测试政策02", "分页测试政策01", "分页测试政策00"]
    assert "共 23 条" in first.content.decode()


@pytest.mark.django_db
def test_editors_see_drafts_and_can_filter_by_status(client, office, county_staff, library, county_draft):
    client.force_login(office)
    drafts = _titles(client.get(reverse("policylib:list"), {"status": "draft"}))
    assert set(drafts) == {library["draft"].title, county_draft.title}
    client.force_login(county_staff)
    titles = _titles(client.get(reverse("policylib:list")))
    assert county_draft.title in titles
    assert library["draft"].title not in titles


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries, county):
    for n in range(20):
        PolicyFactory(title=f"县区政策{n}", region=county)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("policylib:list"))
    assert len(response.context["listing"].page) == 20


def test_full_text_is_laid_out_as_chapters_articles_and_paragraphs():
    text = " 第一章 总则\n第一条 为了……制定本细则。  \n\n（1） 全职引进是指……\n第5章 附则\n第十四条 本方案由市委人才办负责解释。"
    laid_out = paragraphs(text)
    assert [(p.kind, p.anchor) for p in laid_out] == [
        ("chapter", ""),
        ("article", "第一条"),
        ("text", ""),
        ("chapter", ""),
        ("article", "第十四条"),
    ]
    assert laid_out[1].body == " 为了……制定本细则。"
    assert laid_out[2].text == "（1） 全职引进是指……"
