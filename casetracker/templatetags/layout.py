"""`{% site_header %}`: the header of every page (templates/_site_header.html: brand, search box,
menu, alert badge, log-out form), drawn once per process for each set of values it shows.

The header's template was ~90 µs of every page — more than the rest of the layout and the
smallest page's own content together (bench/floor.py) — to print the same few values again and
again. Its HTML is a pure function of what it shows: signed in or not, the user name, the unread
count, the case the search box is scoped to, the URL prefix, and the CSRF token of the log-out
form. So the header is rendered with a stand-in for the token, kept in a bounded per-process memo
under all the other values, and each page gets it with its own freshly masked token put in
(casetracker/csrf.py: BREACH masking is per response, as before). Nothing in the memo can go
stale or cross users: every value the HTML depends on is in its key, and the template does not
change while a process runs. A search box holding a query is drawn afresh (not memoised): its
text is whatever was typed."""

import secrets
from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .fixed import url_key

register = template.Library()

TEMPLATE = "_site_header.html"
# Stands in for the token while the memoised header is rendered: letters and digits only (the
# template prints it as is), unguessable, so no user name or query can contain it.
_TOKEN_STAND_IN = "csrf" + secrets.token_hex(16)


def _render(
    signed_in: bool, username: str, unread: int | None, scope: str, q: str, token: object
) -> str:
    return get_template(TEMPLATE).render(
        {
            "signed_in": signed_in,
            "username": username,
            "unread": unread,
            "scope": scope,
            "q": q,
            "csrf_token": token,
        }
    )


@lru_cache(maxsize=2048)
def _around_token(
    signed_in: bool, username: str, unread: int | None, scope: str, urls: tuple[str, str]
) -> tuple[str, str]:
    """The header's HTML before and after the log-out form's token (`urls`, fixed.url_key(),
    only keys the memo: the URLs in it depend on it)."""
    html = _render(signed_in, username, unread, scope, "", _TOKEN_STAND_IN)
    before, found, after = html.partition(_TOKEN_STAND_IN)
    return (before, after) if found else (html, "")


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    username = user.get_username() if user is not None and signed_in else ""
    unread = context.get("unread_notifications")
    case, search_case = context.get("case"), context.get("search_case")
    scope = getattr(case, "slug", "") or getattr(search_case, "slug", "") or ""
    q = context.get("header_q") or ""
    token = context.get("csrf_token")
    if q or not token:  # a typed query, or a page rendered without a request: drawn afresh
        html = _render(signed_in, username, unread, scope, q, token)
        return mark_safe(html)  # noqa: S308 - escaped by the template
    before, after = _around_token(signed_in, username, unread, scope, url_key())
    if not after:  # signed out: no log-out form, no token
        return mark_safe(before)  # noqa: S308 - the template's output, escaped there
    return mark_safe(before + conditional_escape(token) + after)  # noqa: S308 - as above
