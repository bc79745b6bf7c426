"""JSON errors: 400 with field errors, 401/403/404 as {"detail": ...}. A Django ValidationError
from a service (the message a paralegal would read) becomes a 400 like a serializer's."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    return exception_handler(exc, context)
