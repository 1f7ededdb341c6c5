import pytest

from tests import factories


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    """Background tasks run inline in tests, so a test sees their effect when the call returns."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True, scope="session")
def _media_of_this_worker(tmp_path_factory):
    """Uploaded and exported files go to a scratch folder of this pytest process (one per xdist
    worker), not to var/media of the checkout; a test that looks at the files sets its own."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Each test starts in the default language: a request in English activates it for the thread,
    and domain messages asserted in later tests would otherwise come out in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _responses_closed(monkeypatch):
    """Django's test client closes a streamed response (a file, an export) only when the test reads
    it to the end; a WSGI server closes every response once sent. Each response of the test client
    is closed at the end of the test as the server would, so an unread download does not leave its
    file open (ResourceWarning fails the test, pyproject.toml)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.test import Client

    responses = []
    send = Client.request

    def request(self, **request):
        response = send(self, **request)
        responses.append(response)
        return response

    monkeypatch.setattr(Client, "request", request)
    yield
    # As the test client does when it closes one: without closing the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        for response in responses:
            if response.streaming:
                response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test starts with an empty cache of its own (counters such as the objection limit)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_not_required(settings):
    """Tests sign in with `client.force_login(user)`, which gives no second factor: REQUIRE_2FA is
    off in tests, except in the tests of 2FA itself, which turn it on (tests/accounts/)."""
    settings.REQUIRE_2FA = False


@pytest.fixture
def move_to_day(time_machine, settings):
    """`move_to_day(day)` moves the clock to noon of `day` (time-machine, the whole process). A client
    signed in before the jump stays signed in after it: these tests are about dates, and the idle
    and absolute session limits (tests/accounts/) would otherwise sign it out across the days."""
    from tests import clock

    settings.SESSION_IDLE_MINUTES = 2 * 366 * 24 * 60
    settings.SESSION_COOKIE_AGE = 2 * 366 * 24 * 3600

    def move(day):
        time_machine.move_to(clock.noon(day))

    return move


@pytest.fixture(params=["file", "redis"])
def shared_cache(request, settings, tmp_path):
    """The two caches production runs on (files in var/, or Redis), for the counters that must stay
    exact when many requests arrive at once. Redis db 4 of REDIS_TEST_URL; skipped without Redis."""
    import os
    import uuid

    from django.core.cache import cache

    if request.param == "file":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path}
        }
    else:
        import redis

        url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/4")
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip("no Redis server")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }
    yield request.param
    if request.param == "file":
        cache.clear()


@pytest.fixture
def county(db):
    return factories.JurisdictionFactory(name="新华区测试", code=None)


@pytest.fixture
def other_county(db):
    return factories.JurisdictionFactory(name="卫东区测试", code=None)


@pytest.fixture
def unit(county):
    return factories.UnitFactory(county=county)


@pytest.fixture
def other_unit(other_county):
    return factories.UnitFactory(county=other_county)


@pytest.fixture
def talent(unit):
    return factories.TalentFactory(unit=unit)


@pytest.fixture
def other_talent(other_unit):
    return factories.TalentFactory(unit=other_unit)


@pytest.fixture
def office(db):
    return factories.office_user()


@pytest.fixture
def county_staff(county):
    return factories.jurisdiction_user(county)


@pytest.fixture
def unit_staff(unit):
    return factories.unit_user(unit)


@pytest.fixture
def talent_self(talent):
    return factories.talent_user(talent)


@pytest.fixture
def expert(db):
    return factories.expert_user()


@pytest.fixture
def browser_page(monkeypatch):
    """A desktop-sized page in headless Chromium (tests/browser_support.py)."""
    from tests.browser_support import open_page

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are
    # still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with open_page(width=1366, height=900) as page:
        yield page


@pytest.fixture
def phone_page(monkeypatch):
    """A phone-sized page (390 × 844, touch) in headless Chromium."""
    from tests.browser_support import open_page

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with open_page(width=390, height=844, mobile=True) as page:
        yield page
