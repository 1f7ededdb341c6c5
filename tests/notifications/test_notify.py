"""In-app messages are written with the change that causes them; their e-mails go after the commit
from the task queue; one event reaches a person once."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from tests import factories
from yingcai.notifications.domain import notify, send_mails
from yingcai.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [factories.office_user(email="a@pds.gov.cn"), factories.office_user(email=""), factories.office_user()]


def test_the_mail_goes_after_the_commit_with_the_platforms_address(
    people, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_URL = "https://rencai.pds.gov.cn"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = notify(
            users=people[:2], title="待办：张伟的子女入学", body="请于2026-12-11前办结。", url="/support/tasks/"
        )
        assert len(made) == 2 and mail.outbox == []  # nothing is mailed inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1  # only the one with an address
    sent = mail.outbox[0]
    assert sent.to == ["a@pds.gov.cn"]
    assert sent.subject == "待办：张伟的子女入学"
    assert sent.body == "请于2026-12-11前办结。\n\nhttps://rencai.pds.gov.cn/support/tasks/"
    assert Notification.objects.get(recipient=people[0]).emailed_at is not None
    assert send_mails([m.pk for m in made]) == 0  # never twice


def test_a_rolled_back_change_tells_nobody(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(users=people, title="不应发出")
                raise RuntimeError
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_mail_server_that_is_down_leaves_the_message_and_logs(people, monkeypatch, caplog):
    (made,) = notify(users=people[:1], title="提醒")

    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("yingcai.notifications.domain.send_mass_mail", down)
    assert send_mails([made.pk]) == 0
    made.refresh_from_db()
    assert made.emailed_at is None
    assert "could not send" in caplog.text


def test_one_event_reaches_each_person_once(people):
    first = notify(users=people, title="评审提醒", once="scoring-reminder:7:2026-04-30")
    again = notify(users=[*people, people[0]], title="评审提醒", once="scoring-reminder:7:2026-04-30")
    other = notify(users=people[:1], title="评审提醒", once="scoring-reminder:7:2026-05-01")
    assert (len(first), len(again), len(other)) == (3, 0, 1)
    plain = notify(users=people[:1], title="普通消息") + notify(users=people[:1], title="普通消息")
    assert len(plain) == 2  # without a key, messages may repeat


def test_a_concurrent_run_that_got_there_first_wins(people, monkeypatch):
    """The check before the insert can miss a concurrent insert; the unique constraint does not."""
    Notification.objects.create(recipient=people[0], title="评审提醒", once_key="k")
    monkeypatch.setattr(
        "yingcai.notifications.domain.Notification.objects.filter",
        lambda **kw: Notification.objects.none(),
    )
    assert notify(users=people[:1], title="评审提醒", once="k") == []
    monkeypatch.undo()
    assert Notification.objects.filter(recipient=people[0], once_key="k").count() == 1


def test_the_inbox_shows_each_messages_text_on_a_phone_too(people, client):
    notify(users=people[:1], title="您的人才待遇已生成", body="根据认定层次，您无需申请即可享受以下待遇")
    client.force_login(people[0])
    page = client.get(reverse("notifications:list")).content.decode()
    row = page[page.index("您的人才待遇已生成") :]
    assert "根据认定层次" in row[: row.index("</tr>")]
    assert "hide-sm" not in row[: row.index("</tr>")]
