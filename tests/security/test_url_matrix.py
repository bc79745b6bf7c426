"""Every URL pattern × every role, against an expected matrix. A URL added without a row here
fails `test_every_url_has_a_row`, so nobody can add a page and forget its permissions.

Roles: admin, attorney, paralegal, client (of the real case), outsider (attorney of another
case) and anonymous. Object URLs are also requested with another case's object IDs under this
case's slug (IDOR): always 404."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Who may open a URL:
EVERYONE = "everyone on the case"  # admin, attorney, paralegal, client
TEAM = "the case's team"  # admin, attorney, paralegal; client 403
DECIDERS = "the case's attorneys and admins"  # risky actions (casetracker.decisions); paralegal, client 403
SIGNED_IN = "anyone signed in"  # pages about the user, not a case
TEAM_SOMEWHERE = "team on any case"  # cross-case team pages; a client-only user 403
TOKEN = "holder of the token"  # calendar feed: no login, unguessable token
OPEN = "anyone"  # login/logout
ADMINS = "administrators"  # operator pages (staff): everyone else signed in 403

CASE_ROLES = ("admin", "attorney", "paralegal", "client")
ALL_ROLES = (*CASE_ROLES, "outsider", None)

# url name -> (who, kwargs builder given the world and a side ("own" or "other"))
URLS = {
    "home": (SIGNED_IN, lambda w, s: {}),
    "login": (OPEN, lambda w, s: {}),
    "logout": (OPEN, lambda w, s: {}),
    "case_list": (SIGNED_IN, lambda w, s: {}),
    "case_detail": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "docket_list": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "docket_export": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "docket_export_csv": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "docket_export_status": (EVERYONE, lambda w, s: {"slug": w.slug, "pk": w[s].export.pk}),
    "docket_export_file": (EVERYONE, lambda w, s: {"slug": w.slug, "pk": w[s].export.pk}),
    "entry_detail": (EVERYONE, lambda w, s: {"slug": w.slug, "number": w[s].entry.permalink_key}),
    "entry_new": (TEAM, lambda w, s: {"slug": w.slug}),
    "entry_edit": (TEAM, lambda w, s: {"slug": w.slug, "number": w[s].entry.permalink_key}),
    "import_pacer": (TEAM, lambda w, s: {"slug": w.slug}),
    "import_nef": (TEAM, lambda w, s: {"slug": w.slug}),
    "import_job": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].import_job.pk}),
    "import_job_status": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].import_job.pk}),
    "document_download": (EVERYONE, lambda w, s: {"slug": w.slug, "pk": w[s].document.pk}),
    "document_view": (EVERYONE, lambda w, s: {"slug": w.slug, "pk": w[s].document.pk}),
    "document_withdraw": (DECIDERS, lambda w, s: {"slug": w.slug, "pk": w[s].document.pk}),
    "record_page": (TEAM, lambda w, s: {"slug": w.slug}),
    "record_import_index": (TEAM, lambda w, s: {"slug": w.slug}),
    "record_attach_file": (TEAM, lambda w, s: {"slug": w.slug}),
    "record_link_obligation": (TEAM, lambda w, s: {"slug": w.slug}),
    "record_file": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].record_document.pk}),
    "search": (SIGNED_IN, lambda w, s: {}),
    "privilege_log_csv": (TEAM, lambda w, s: {"slug": w.slug}),
    "privilege_log_pdf": (TEAM, lambda w, s: {"slug": w.slug}),
    "filing_list": (TEAM, lambda w, s: {"slug": w.slug}),
    "filing_new": (TEAM, lambda w, s: {"slug": w.slug}),
    "filing_detail": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "filing_edit": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "filing_render": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "filing_status": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "filing_pdf": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "filing_preview": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "filing_mark_filed": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "client_status": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "client_status_edit": (TEAM, lambda w, s: {"slug": w.slug}),
    "case_deadlines": (TEAM, lambda w, s: {"slug": w.slug}),
    "deadline_detail": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk}),
    "deadline_action": (
        TEAM,
        lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk, "action": "met"},
    ),
    "deadline_override": (DECIDERS, lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk}),
    "deadline_review": (
        TEAM,
        lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk, "decision": "accept"},
    ),
    "deadline_vacate": (DECIDERS, lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk}),
    "deadline_reopen": (DECIDERS, lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk}),
    "deadline_non_compliance": (
        TEAM,
        lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk},
    ),
    "obligation_new": (TEAM, lambda w, s: {"slug": w.slug, "number": w[s].order.permalink_key}),
    "notice_new": (TEAM, lambda w, s: {"slug": w.slug}),
    "disclosure_new": (TEAM, lambda w, s: {"slug": w.slug}),
    "non_compliance_draft": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].disclosure.pk}),
    "compliance_ledger": (TEAM, lambda w, s: {"slug": w.slug}),
    "notice_term_end": (TEAM, lambda w, s: {"slug": w.slug, "number": w[s].order.permalink_key}),
    "alert_preferences": (TEAM, lambda w, s: {"slug": w.slug}),
    "webhook_list": (TEAM, lambda w, s: {"slug": w.slug}),
    "webhook_new": (TEAM, lambda w, s: {"slug": w.slug}),
    "webhook_detail": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "webhook_disable": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "webhook_enable": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "webhook_delete": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "import_list": (TEAM, lambda w, s: {"slug": w.slug}),
    "import_run": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].import_run.pk}),
    "conflict_resolve": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].conflict.pk}),
    "all_deadlines": (TEAM_SOMEWHERE, lambda w, s: {}),
    "notifications": (SIGNED_IN, lambda w, s: {}),
    "notifications_read": (SIGNED_IN, lambda w, s: {}),
    "calendar_settings": (SIGNED_IN, lambda w, s: {}),
    "calendar_revoke": (SIGNED_IN, lambda w, s: {}),
    "calendar_feed": (TOKEN, lambda w, s: {"token": w.token}),
    "operations": (ADMINS, lambda w, s: {}),
    "inbound_message": (ADMINS, lambda w, s: {"pk": w.inbound.pk}),
    "inbound_discard": (ADMINS, lambda w, s: {"pk": w.inbound.pk}),
    # REST API: the same rules; signed out is 401 instead of the login page
    "api_schema": (OPEN, lambda w, s: {}),
    "api_docs": (OPEN, lambda w, s: {}),
    "api_cases": (SIGNED_IN, lambda w, s: {}),
    "api_search": (SIGNED_IN, lambda w, s: {}),
    "api_case": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "api_parties": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "api_counsel": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "api_entries": (EVERYONE, lambda w, s: {"slug": w.slug}),
    "api_entry": (EVERYONE, lambda w, s: {"slug": w.slug, "number": w[s].entry.permalink_key}),
    "api_deadlines": (TEAM, lambda w, s: {"slug": w.slug}),
    "api_deadline": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].deadline.pk}),
    "api_notice_windows": (TEAM, lambda w, s: {"slug": w.slug}),
    "api_disclosures": (TEAM, lambda w, s: {"slug": w.slug}),
    "api_webhooks": (TEAM, lambda w, s: {"slug": w.slug}),
    "api_webhook": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "api_webhook_disable": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "api_webhook_enable": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "api_webhook_deliveries": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].webhook.pk}),
    "api_filings": (TEAM, lambda w, s: {"slug": w.slug}),
    "api_filing": (TEAM, lambda w, s: {"slug": w.slug, "pk": w[s].filing.pk}),
    "api_record": (TEAM, lambda w, s: {"slug": w.slug}),
    "api_record_document": (
        TEAM,
        lambda w, s: {"slug": w.slug, "pk": w[s].record_document.pk},
    ),
}


def all_url_names(patterns=None, admin_skipped=True):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if admin_skipped and getattr(pattern, "app_name", None) == "admin":
                continue
            names |= all_url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            names.add(pattern.name)
    return names


def test_every_url_has_a_row():
    missing = all_url_names() - set(URLS)
    stale = set(URLS) - all_url_names()
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
    assert not stale, f"Rows for URLs that no longer exist: {sorted(stale)}"


def expected(who, role):
    """'allowed', 'login' (redirect to sign in), or the status a denied user gets."""
    if who == OPEN:
        return "allowed"
    if who == TOKEN:
        return "allowed"  # the token, not the session, decides; see the token tests
    if role is None:
        return "login"
    if who == SIGNED_IN:
        return "allowed"
    if who == TEAM_SOMEWHERE:
        return 403 if role == "client" else "allowed"
    if who == ADMINS:
        return "allowed" if role == "admin" else 403
    if role == "outsider":
        return 404
    if who == TEAM and role == "client":
        return 403
    if who == DECIDERS and role in ("paralegal", "client"):
        return 403
    return "allowed"


def check(response, want, label):
    status = response.status_code
    to_login = status == 302 and response.url.startswith(reverse("login"))
    if response.request["PATH_INFO"].startswith("/api/v1/"):
        to_login = status == 401  # the API asks for credentials instead of redirecting
    if want == "login":
        assert to_login, label
    elif want == "allowed":
        assert status not in (401, 403, 404) and status < 500 and not to_login, (label, status)
    else:
        assert status == want, (label, status)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_url_matrix(client_for, users, world, role):
    client = client_for(users.get(role) if role else None)
    if role in CASE_ROLES:  # a docket export belongs to the member who asked for it
        world["own"].export.requested_by = users[role]
        world["own"].export.save()
    for name, (who, kwargs) in URLS.items():
        url = reverse(name, kwargs=kwargs(world, "own"))
        want = expected(who, role)
        check(client.get(url), want, f"GET {name} as {role}")
        if want != "allowed":  # denied users must not get through with POST either
            check(client.post(url, {}), want, f"POST {name} as {role}")


OBJECT_URLS = [name for name, (who, kw) in URLS.items() if who in (EVERYONE, TEAM, DECIDERS)]


@pytest.mark.parametrize("role", ["admin", "attorney", "paralegal"])
def test_idor_other_cases_objects_under_own_slug_are_404(client_for, users, world, role):
    client = client_for(users[role])
    for name in OBJECT_URLS:
        if URLS[name][0] == DECIDERS and role == "paralegal":
            continue  # refused by role (403) before any object is looked up
        own, other = URLS[name][1](world, "own"), URLS[name][1](world, "other")
        if own == other:
            continue  # no object id in this URL
        url = reverse(name, kwargs=other)
        missing = {k: (999999 if k == "pk" else v) for k, v in other.items()}
        if "number" in missing:
            missing["number"] = "999999"
        for method in (client.get, client.post):
            # A method the page does not accept may answer 405 before the lookup, but the
            # answer must be the same as for an id that does not exist at all.
            status = method(url).status_code
            assert status in (404, 405), f"{method.__name__} {name} as {role}"
            assert status == method(reverse(name, kwargs=missing)).status_code, name


def test_calendar_feed_unknown_token_is_404(client_for, world):
    response = client_for(None).get(reverse("calendar_feed", kwargs={"token": "not-a-token"}))
    assert response.status_code == 404
