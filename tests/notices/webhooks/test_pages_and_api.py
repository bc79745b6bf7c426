"""The webhook pages and API: the team registers (the secret is shown once), reads the delivery
log (only deliveries about entries the reader may see), disables, re-enables and deletes (audited); clients
get 403 and other cases' webhooks 404 (the URL matrix covers every role)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notices.webhooks import services
from notices.webhooks.models import Delivery, Webhook
from notices.webhooks.sending import deliver
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_register_on_the_page_shows_the_secret_once(real_case, users, client_for, receiver):
    client = client_for(users["paralegal"])
    page = client.get(reverse("webhook_list", args=[real_case.slug]))
    assert page.status_code == 200 and b"No webhooks yet" in page.content
    answer = client.post(
        reverse("webhook_new", args=[real_case.slug]),
        {"url": receiver.url, "events": ["entry.created"], "description": "Firm DMS"},
    )
    hook = Webhook.objects.get()
    assert answer.status_code == 200 and hook.secret.encode() in answer.content
    assert (hook.created_by, hook.events, hook.url) == (
        users["paralegal"],
        ["entry.created"],
        receiver.url,
    )
    for name, args in (("webhook_list", []), ("webhook_detail", [hook.pk])):
        later = client.get(reverse(name, args=[real_case.slug, *args]))
        assert later.status_code == 200 and hook.secret.encode() not in later.content
    assert hook.secret_prefix.encode() in later.content
    assert hook.history.get().history_user == users["paralegal"]


def test_bad_input_is_refused_with_a_reason_and_nothing_saved(real_case, users, client_for):
    client = client_for(users["attorney"])
    url = reverse("webhook_new", args=[real_case.slug])
    answer = client.post(url, {"url": "ftp://example.org/x", "events": ["entry.created"]})
    assert (
        answer.status_code == 200
        and b"Enter a web address starting with https://" in answer.content
    )
    answer = client.post(url, {"url": "http://127.0.0.1:9/x"})
    assert b"This field is required" in answer.content
    answer = client.post(
        url, {"url": "http://user:pw@127.0.0.1:9/x", "events": ["deadline.created"]}
    )
    assert b"Leave the user name and password out" in answer.content
    assert not Webhook.objects.exists()


def test_production_rules_refuse_http_and_private_addresses(real_case, users, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    cases = {
        "http://example.org/hook": "Use an https:// address",
        "https://127.0.0.1/hook": "private or local address (127.0.0.1)",
        "https://localhost/hook": "private or local address",
        "https://10.1.2.3/hook": "private or local address (10.1.2.3)",
        "https://169.254.169.254/latest/meta-data": "private or local address",
        "https://[::1]/hook": "private or local address (::1)",
        "https://[::ffff:192.168.0.1]/hook": "private or local address",
    }
    for url, reason in cases.items():
        with pytest.raises(services.ValidationError) as refused:
            services.register_webhook(
                case=real_case, user=users["attorney"], url=url, events=["entry.created"]
            )
        assert reason in refused.value.message_dict["url"][0], url
    assert not Webhook.objects.exists()
    # the operator's setting allows a receiver on the same network (still https)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    hook, _ = services.register_webhook(
        case=real_case,
        user=users["attorney"],
        url="https://10.1.2.3/hook",
        events=["entry.created"],
    )
    assert hook.is_active


def test_a_delivery_to_an_address_refused_since_is_logged_not_sent(
    real_case, users, receiver, settings
):
    hook, _ = services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    EntryFactory(case=real_case, number=340, text="NOTICE")
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False  # checked again at every delivery
    delivery = Delivery.objects.get(webhook=hook)
    assert deliver(delivery.pk).startswith("retry at")
    assert "private or local address" in delivery.attempt_log.get().error
    assert receiver.count() == 0


def test_clients_may_not_register(real_case, users, client_for):
    with pytest.raises(services.ValidationError):
        services.register_webhook(
            case=real_case,
            user=users["client"],
            url="http://127.0.0.1:9/",
            events=["entry.created"],
        )
    page = client_for(users["client"]).post(
        reverse("webhook_new", args=[real_case.slug]),
        {"url": "http://127.0.0.1:9/", "events": ["entry.created"]},
    )
    assert page.status_code == 403 and not Webhook.objects.exists()


def test_the_log_shows_attempts_but_hides_a_sealed_entrys_delivery(
    real_case, users, client_for, receiver_factory
):
    hook, _ = services.register_webhook(
        case=real_case,
        user=users["admin"],
        url=receiver_factory([500, 500]).url,
        events=["entry.created"],
    )
    EntryFactory(case=real_case, number=341, text="NOTICE public", date_filed=dt.date(2026, 11, 20))
    EntryFactory(case=real_case, number=342, text="SEALED secret words", visibility="sealed")
    for delivery in Delivery.objects.filter(webhook=hook):
        deliver(delivery.pk)
    url = reverse("webhook_detail", args=[real_case.slug, hook.pk])
    admin_page = client_for(users["admin"]).get(url).content.decode()
    assert "ECF No. 342" in admin_page and "ECF No. 341" in admin_page
    assert "HTTP 500" in admin_page and "retry" in admin_page
    attorney_page = client_for(users["attorney"]).get(url).content.decode()
    assert "ECF No. 341" in attorney_page and "ECF No. 342" not in attorney_page
    api = client_for(users["attorney"]).get(
        reverse("api_webhook_deliveries", args=[real_case.slug, hook.pk])
    )
    rows = api.json()["results"]
    assert [r["entry"] for r in rows] == ["341"]
    assert rows[0]["attempts"][0]["status_code"] == 500
    assert rows[0]["attempts"][0]["next_retry_at"] is not None


def test_disable_and_delete_on_the_page_are_audited(real_case, users, client_for, receiver):
    hook, _ = services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    client = client_for(users["paralegal"])
    client.post(
        reverse("webhook_disable", args=[real_case.slug, hook.pk]), {"reason": "Vendor changed"}
    )
    hook.refresh_from_db()
    assert not hook.is_active and hook.disabled_reason == "Vendor changed"
    client.post(reverse("webhook_delete", args=[real_case.slug, hook.pk]))
    assert not Webhook.objects.exists()
    history = Webhook.history.filter(id=hook.pk).order_by("history_date")
    assert [(h.history_type, h.history_user.username) for h in history] == [
        ("+", "attorney"),
        ("~", "paralegal"),
        ("-", "paralegal"),
    ]


def test_the_api_registers_lists_disables_and_deletes(real_case, users, client_for, receiver):
    client = client_for(users["attorney"])
    base = reverse("api_webhooks", args=[real_case.slug])
    made = client.post(
        base,
        {"url": receiver.url, "events": ["entry.created", "deadline.created"]},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    hook = Webhook.objects.get()
    assert body["secret"] == hook.secret
    assert body["events"] == hook.events == ["entry.created", "deadline.created"]
    listed = client.get(base).json()["results"]
    assert [h["id"] for h in listed] == [hook.pk] and "secret" not in listed[0]
    assert "secret" not in client.get(reverse("api_webhook", args=[real_case.slug, hook.pk])).json()
    bad = client.post(base, {"url": receiver.url, "events": []}, content_type="application/json")
    assert bad.status_code == 400 and "events" in bad.json()
    dup = client.post(
        base, {"url": receiver.url, "events": ["entry.created"]}, content_type="application/json"
    )
    assert dup.status_code == 400 and "already registered" in dup.json()["url"][0]
    off = client.post(
        reverse("api_webhook_disable", args=[real_case.slug, hook.pk]),
        {"reason": "Paused"},
        content_type="application/json",
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    gone = client.delete(reverse("api_webhook", args=[real_case.slug, hook.pk]))
    assert gone.status_code == 204 and not Webhook.objects.exists()
    assert (
        Webhook.history.filter(id=hook.pk, history_type="-").get().history_user == users["attorney"]
    )


def test_the_api_refuses_clients_and_hides_other_cases(real_case, other_case, users, client_for):
    client = client_for(users["client"])
    base = reverse("api_webhooks", args=[real_case.slug])
    assert client.get(base).status_code == 403
    assert (
        client.post(
            base,
            {"url": "http://127.0.0.1:9/", "events": ["entry.created"]},
            content_type="application/json",
        ).status_code
        == 403
    )
    theirs, _ = services.register_webhook(
        case=other_case, user=users["outsider"], url="http://127.0.0.1:9/", events=["entry.created"]
    )
    team = client_for(users["attorney"])
    for name in ("api_webhook", "api_webhook_deliveries"):
        assert team.get(reverse(name, args=[real_case.slug, theirs.pk])).status_code == 404
    assert team.delete(reverse("api_webhook", args=[real_case.slug, theirs.pk])).status_code == 404
    assert Webhook.objects.filter(pk=theirs.pk).exists()


def test_a_webhook_disabled_after_410_is_re_enabled_on_the_page_audited(
    real_case, users, client_for, receiver_factory
):
    receiver = receiver_factory([410])
    hook, _ = services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    EntryFactory(case=real_case, number=370, text="NOTICE", date_filed=dt.date.today())
    assert deliver(Delivery.objects.get(webhook=hook).pk) == "gone: webhook disabled"
    client = client_for(users["paralegal"])
    detail = reverse("webhook_detail", args=[real_case.slug, hook.pk])
    page = client.get(detail).content.decode()
    assert "410 Gone" in page and "Re-enable" in page
    answer = client.post(reverse("webhook_enable", args=[real_case.slug, hook.pk]), follow=True)
    assert "Re-enabled" in answer.content.decode()
    hook.refresh_from_db()
    assert (hook.is_active, hook.disabled_at, hook.disabled_reason) == (True, None, "")
    history = Webhook.history.filter(id=hook.pk).order_by("history_date", "history_id")
    assert [(h.history_type, h.is_active, h.history_user) for h in history] == [
        ("+", True, users["attorney"]),
        ("~", False, None),  # the 410, by the delivery task
        ("~", True, users["paralegal"]),
    ]
    assert history.last().history_change_reason == "Re-enabled"
    # New events go out again (the receiver now answers 200); the cancelled ones stay cancelled.
    EntryFactory(case=real_case, number=371, text="NOTICE 2", date_filed=dt.date.today())
    fresh = Delivery.objects.get(webhook=hook, entry__number=371)
    assert deliver(fresh.pk) == "delivered" and receiver.count() == 2


def test_re_enabling_keeps_the_registration_limits(real_case, users, client_for, receiver):
    hook, _ = services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    services.disable_webhook(webhook=hook, user=users["attorney"])
    services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    client = client_for(users["attorney"])
    answer = client.post(reverse("webhook_enable", args=[real_case.slug, hook.pk]), follow=True)
    assert "already sends to this address" in answer.content.decode()
    hook.refresh_from_db()
    assert not hook.is_active
    assert Webhook.history.filter(id=hook.pk).count() == 2  # registered, disabled: nothing more


def test_a_webhook_whose_registrant_left_is_not_re_enabled(real_case, users, receiver):
    from casetracker.models import CaseMembership

    hook, _ = services.register_webhook(
        case=real_case, user=users["paralegal"], url=receiver.url, events=["entry.created"]
    )
    services.disable_webhook(webhook=hook, user=users["paralegal"])
    CaseMembership.objects.filter(user=users["paralegal"], case=real_case).delete()
    with pytest.raises(ValidationError, match="no longer on the case's team"):
        services.enable_webhook(webhook=hook, user=users["attorney"])
    hook.refresh_from_db()
    assert not hook.is_active


def test_the_api_re_enables_for_the_team_only(real_case, other_case, users, client_for, receiver):
    hook, _ = services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    services.disable_webhook(webhook=hook, user=users["attorney"], reason="Paused")
    url = reverse("api_webhook_enable", args=[real_case.slug, hook.pk])
    assert client_for(users["client"]).post(url).status_code == 403
    assert client_for(users["outsider"]).post(url).status_code in (403, 404)
    hook.refresh_from_db()
    assert not hook.is_active
    on = client_for(users["admin"]).post(url)
    assert on.status_code == 200 and on.json()["is_active"] is True
    assert Webhook.history.filter(id=hook.pk).latest("history_date").history_user == users["admin"]
    again = client_for(users["admin"]).post(url)  # already active: nothing changes
    assert again.status_code == 200 and Webhook.history.filter(id=hook.pk).count() == 3
