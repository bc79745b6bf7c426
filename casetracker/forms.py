"""The one adapter from a service's ValidationError to a form.

Services raise `ValidationError` with a message a paralegal understands, either for the whole
request or keyed by field (`{"signing_attorney": "Choose the signing attorney ..."}`). Views
put it back on the form they showed: a field the form has gets the message beside it, anything
else is shown at the top of the form."""

from django.core.exceptions import ValidationError


def apply_service_error(form, error: ValidationError) -> None:
    """Attach `error` to `form`'s fields (or to the form itself)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
