"""Values the page layout needs on every page."""

from functools import partial

from django.utils.functional import SimpleLazyObject

from .csrf import masked_token


def layout(request):
    """`csrf_token` for `{% csrf_token %}` and the header's log-out form: Django's token with a
    cheaper mask (casetracker/csrf.py). Listed after Django's built-in csrf processor, whose
    `csrf_token` it replaces; lazy like it, so a page without a form masks nothing."""
    return {"csrf_token": SimpleLazyObject(partial(masked_token, request))}
