import pytest

from tests.policylib.factories import PolicyFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a scratch directory, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def city_policy(db):
    return PolicyFactory(title="平顶山英才计划若干措施", region=None)


@pytest.fixture
def county_policy(county):
    return PolicyFactory(title="新华区市场化引才激励办法", region=county, category="incentive")


@pytest.fixture
def other_county_policy(other_county):
    return PolicyFactory(title="卫东区市场化引才激励办法", region=other_county, category="incentive")


@pytest.fixture
def draft(db):
    return PolicyFactory(title="尚未发布的市级政策草稿", region=None, is_published=False)


@pytest.fixture
def county_draft(county):
    return PolicyFactory(title="新华区政策草稿", region=county, is_published=False)


@pytest.fixture
def other_county_draft(other_county):
    return PolicyFactory(title="卫东区政策草稿", region=other_county, is_published=False)
