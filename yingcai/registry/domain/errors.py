from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class DuplicateRecordError(ValidationError):
    """The number is already registered. `existing` is the record, which the user may not be
    allowed to open: callers say only that it exists unless the user may view it."""

    def __init__(self, field: str, message: str, existing: models.Model) -> None:
        super().__init__({field: [ValidationError(message, code="duplicate")]})
        self.field = field
        self.existing = existing


class StaleEditError(ValidationError):
    """Somebody else saved the record after this user opened it."""

    def __init__(self) -> None:
        super().__init__(
            _("该记录已被他人修改，为避免覆盖他人的修改，本次保存未生效。请刷新页面查看最新内容后重新修改。"),
            code="stale",
        )
