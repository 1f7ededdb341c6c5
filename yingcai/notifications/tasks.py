"""The e-mails of in-app messages, sent after the commit that wrote them."""

from huey.contrib.djhuey import db_task

from yingcai.notifications.domain import send_mails


@db_task()
def mail_notifications(ids: list[int]) -> int:
    return send_mails(ids)
