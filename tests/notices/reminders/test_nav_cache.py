"""The header's badge and team flag come from the cache (no query on most pages) and are never
stale: each notification or membership change replaces the user's token."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casetracker.models import CaseMembership, Role
from notices.models import Notification
from notices.reminders import services

pytestmark = pytest.mark.django_db


def badge(web):
    html = web.get(reverse("case_list")).content.decode()
    if 'class="badge"' not in html:
        return 0
    return int(html.split('class="badge" aria-label="')[1].split(" ")[0])


def test_the_badge_follows_every_change_and_costs_no_query_when_cached(
    real_case, users, client_for
):
    user = users["attorney"]
    web = client_for(user)
    assert badge(web) == 0
    with CaptureQueriesContext(connection) as queries:
        web.get(reverse("case_list"))
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "notices_notification" not in sql and "casemembership" not in sql.split("DISTINCT")[0]
    for n in range(2):
        Notification.objects.create(user=user, case=real_case, subject=f"n{n}", body="b")
        assert badge(web) == n + 1
    services.mark_read(user=user)
    assert badge(web) == 0
    Notification.objects.create(user=user, case=real_case, subject="again", body="b")
    assert badge(web) == 1
    Notification.objects.filter(user=user).delete()  # deletes one by one: signals
    assert badge(web) == 0


def test_the_work_product_footer_follows_membership_changes(
    real_case, other_case, member_factory, client_for
):
    user = member_factory(other_case, Role.CLIENT, username="switcher")
    web = client_for(user)

    def footer():
        return "work product" in web.get(reverse("notifications")).content.decode().lower()

    assert not footer()
    joined = CaseMembership.objects.create(user=user, case=real_case, role=Role.PARALEGAL)
    assert footer()
    joined.delete()
    assert not footer()
