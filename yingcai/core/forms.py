"""Showing a domain function's refusal on the form that asked for it.

Domain functions refuse with a `ValidationError`: keyed by the fields they name
(`ValidationError({"end": …})`), or a plain list of messages. `add_form_errors` puts each keyed
message on the form's field of that name, and everything else (a field the form does not have,
`__all__`, a plain list) on top of the form, so no refusal is ever lost from the page.
"""

from django import forms
from django.core.exceptions import ValidationError


def add_form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
