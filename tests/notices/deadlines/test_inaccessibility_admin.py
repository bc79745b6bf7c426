"""Admins record FRCP 6(a)(3) inaccessibility in the Django admin, as the README says."""

import pytest
from django.urls import reverse

from casetracker.models import Role
from notices.models import ClerkInaccessibility

pytestmark = pytest.mark.django_db


def test_admin_records_a_clerk_outage_with_history(client, real_case, member_factory):
    admin_user = member_factory(real_case, Role.ADMIN)
    client.force_login(admin_user)
    assert client.get(reverse("admin:notices_clerkinaccessibility_changelist")).status_code == 200
    response = client.post(
        reverse("admin:notices_clerkinaccessibility_add"),
        {
            "court": real_case.court_id,
            "starts_at_0": "2025-10-20",
            "starts_at_1": "09:00:00",
            "ends_at_0": "2025-10-20",
            "ends_at_1": "23:00:00",
            "reason": "CM/ECF outage",
            "source": "Clerk's notice of 20 Oct 2025",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    outage = ClerkInaccessibility.objects.get()
    assert outage.reason == "CM/ECF outage"
    assert outage.history.count() == 1


def test_attorneys_cannot_reach_it(client, real_case, member_factory):
    client.force_login(member_factory(real_case, Role.ATTORNEY))
    response = client.get(reverse("admin:notices_clerkinaccessibility_changelist"))
    assert response.status_code == 302  # to the admin login: staff only
