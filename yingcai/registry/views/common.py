from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from yingcai.core.forms import add_form_errors
from yingcai.core.permissions import require as require  # the views of every app import it from here
from yingcai.registry.domain.errors import DuplicateRecordError


def add_domain_errors(request, form: Form, error: ValidationError, detail_route: str, view_perm: str) -> None:
    """Show a domain refusal on the form, pointing at a duplicate only if the user may open it."""
    if isinstance(error, DuplicateRecordError):
        existing = error.existing
        if request.user.has_perm(view_perm, existing):
            url = reverse(detail_route, args=[existing.pk])
            message = format_html('{} <a href="{}">{}</a>', error.messages[0], url, _("查看已登记的记录"))
        else:
            message = _("%(message)s 该记录不在您的管理范围内，如需关联请联系市委人才办。") % {
                "message": error.messages[0]
            }
        form.add_error(error.field if error.field in form.fields else None, message)
        return
    add_form_errors(form, error)
    if not form.non_field_errors() and not any(form.errors.values()):
        messages.error(request, _("保存失败，请检查输入。"))
