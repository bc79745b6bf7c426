"""Webhook deliveries against a real local HTTP server (tests/notices/webhooks/receiver.py):
what is sent, how it is signed, retries with backoff, 410 Gone, and visibility — an event is
sent only while the member who registered the webhook may see its entry; `deadline.changed` for a
deadline's new date or status.

The Celery task is `sending.deliver(delivery_id)`; here it is called directly with an explicit
`now` (the live test, test_webhooks_live.py, runs it in a real worker)."""

import hashlib
import hmac
import json
import time
from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from casetracker.courttime import to_court_time
from casetracker.models import CaseMembership
from docket.entries.write import write_entry
from docket.models import DocketEntry
from notices.deadlines import obligations
from notices.deadlines import services as deadline_services
from notices.webhooks import events, services, signing
from notices.webhooks.models import Attempt, Delivery, Webhook
from notices.webhooks.sending import backoff, claim, deliver, sweep
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db
BOTH = ["entry.created", "deadline.created"]


def register(case, user, url, events=BOTH):
    return services.register_webhook(case=case, user=user, url=url, events=events)


def new_entry(case, **fields):
    fields.setdefault("date_filed", timezone.localdate())
    fields.setdefault("kind", DocketEntry.Kind.NOTICE)
    return EntryFactory(case=case, **fields)


def only_delivery(hook, **filters):
    [delivery] = Delivery.objects.filter(webhook=hook, **filters)
    return delivery


def test_a_new_entry_is_posted_as_signed_json(real_case, users, receiver):
    hook, secret = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    entry = new_entry(real_case, number=321, text="NOTICE of Appearance by Jane Roe  for IRS")
    delivery = only_delivery(hook)
    assert (delivery.entry, delivery.event_type, delivery.status) == (
        entry,
        "entry.created",
        "pending",
    )

    assert deliver(delivery.pk) == "delivered"
    [got] = receiver.requests
    headers, body = got.headers, got.body
    stamp = headers["X-CaseTracker-Timestamp"]
    # The signature is HMAC-SHA256 of "<timestamp>.<raw body>" with the secret, worked out here
    # from the bytes received, and the receiver's check accepts it.
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-CaseTracker-Signature"] == f"sha256={mac}"
    assert signing.verify(secret, stamp, body, headers["X-CaseTracker-Signature"], now=time.time())
    assert not signing.verify("whsec_other", stamp, body, f"sha256={mac}", now=time.time())
    assert not signing.verify(secret, stamp, body + b" ", f"sha256={mac}", now=time.time())
    assert headers["X-CaseTracker-Event"] == "entry.created"
    assert headers["Content-Type"] == "application/json"

    event = json.loads(body)
    assert event["id"] == headers["X-CaseTracker-Delivery"] == str(delivery.event_id)
    assert event["type"] == "entry.created"
    assert event["case"] == real_case.slug
    assert event["occurred_at"].endswith("Z")
    assert event["data"] == {
        "entry": {
            "number": 321,
            "key": "321",
            "name": "ECF No. 321",
            "kind": "notice",
            "date_filed": timezone.localdate().isoformat(),
            "text": "NOTICE of Appearance by Jane Roe for IRS",
            "url": f"/cases/{real_case.slug}/docket/321/",
        }
    }
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    [attempt] = delivery.attempt_log.all()
    assert (attempt.number, attempt.status_code, attempt.error, attempt.next_retry_at) == (
        1,
        200,
        "",
        None,
    )
    # A duplicate of the task finds it done and sends nothing.
    assert deliver(delivery.pk) == "not due"
    assert receiver.count() == 1


def test_the_receivers_check_refuses_a_replay_of_an_old_request():
    body = b'{"id":"x"}'
    header = signing.signature("whsec_k", 1_700_000_000, body)
    assert signing.verify("whsec_k", "1700000000", body, header, now=1_700_000_299)
    assert not signing.verify("whsec_k", "1700000000", body, header, now=1_700_000_301)
    # the timestamp is signed: a fresh timestamp on the old signature does not pass
    assert not signing.verify("whsec_k", "1700000300", body, header, now=1_700_000_301)
    assert not signing.verify("whsec_k", "not a number", body, header, now=1_700_000_000)


@pytest.mark.parametrize(
    ("attempt", "base", "wait"),
    [(1, 30, 30), (2, 30, 60), (3, 30, 120), (4, 30, 240), (1, 0.5, 0.5), (3, 0.5, 2)],
)
def test_backoff_doubles(attempt, base, wait):
    assert backoff(attempt, base) == timedelta(seconds=wait)


def test_a_500_is_retried_after_the_backoff_then_delivered(
    real_case, users, receiver_factory, settings
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    receiver = receiver_factory([500])
    hook, secret = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    new_entry(real_case, number=322, text="NOTICE of filing")
    delivery = only_delivery(hook)
    now = timezone.now()

    assert deliver(delivery.pk, now=now) == f"retry at {(now + timedelta(seconds=30)).isoformat()}"
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.next_attempt_at == now + timedelta(seconds=30)
    assert deliver(delivery.pk, now=now + timedelta(seconds=29)) == "not due"
    assert receiver.count() == 1

    assert deliver(delivery.pk, now=now + timedelta(seconds=30)) == "delivered"
    log = list(delivery.attempt_log.values_list("number", "status_code", "next_retry_at"))
    assert log == [(1, 500, now + timedelta(seconds=30)), (2, 200, None)]
    first, second = receiver.requests
    assert json.loads(first.body)["id"] == json.loads(second.body)["id"] == str(delivery.event_id)
    for got in (first, second):
        stamp = got.headers["X-CaseTracker-Timestamp"]
        assert got.headers["X-CaseTracker-Signature"] == signing.signature(
            secret, int(stamp), got.body
        )
    assert int(second.headers["X-CaseTracker-Timestamp"]) == int(
        (now + timedelta(seconds=30)).timestamp()
    )


def test_gives_up_after_five_attempts(real_case, users, receiver_factory, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    receiver = receiver_factory([503] * 10)
    hook, _ = register(real_case, users["paralegal"], receiver.url, ["entry.created"])
    new_entry(real_case, number=323, text="NOTICE")
    delivery = only_delivery(hook)
    now = timezone.now()
    for wait in (0, 10, 20, 40, 80):  # seconds after the previous attempt
        now += timedelta(seconds=wait)
        deliver(delivery.pk, now=now)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 5)
    log = list(Attempt.objects.filter(delivery=delivery).values_list("number", "status_code"))
    assert log == [(n, 503) for n in range(1, 6)]
    assert delivery.attempt_log.last().next_retry_at is None
    assert deliver(delivery.pk, now=now + timedelta(days=1)) == "not due"
    assert receiver.count() == 5


def test_no_answer_is_logged_and_retried(real_case, users, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    from tests.live import free_port

    url = f"http://127.0.0.1:{free_port()}/nobody-listens"
    hook, _ = register(real_case, users["attorney"], url, ["entry.created"])
    new_entry(real_case, number=324, text="NOTICE")
    delivery = only_delivery(hook)
    assert deliver(delivery.pk).startswith("retry at")
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and attempt.error.startswith("Could not connect")


def test_410_gone_disables_the_webhook(real_case, users, receiver_factory):
    receiver = receiver_factory([410])
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    new_entry(real_case, number=325, text="NOTICE")
    assert deliver(only_delivery(hook).pk) == "gone: webhook disabled"
    hook.refresh_from_db()
    assert not hook.is_active and "410 Gone" in hook.disabled_reason
    latest = hook.history.first()
    assert latest.is_active is False and latest.history_type == "~"
    new_entry(real_case, number=326, text="NOTICE again")
    assert Delivery.objects.filter(webhook=hook).count() == 1  # nothing more is queued


def test_a_sealed_entry_goes_only_to_a_webhook_whose_registrant_may_see_it(
    real_case, users, receiver_factory
):
    by_attorney, _ = register(real_case, users["attorney"], receiver_factory().url)
    by_admin, _ = register(real_case, users["admin"], receiver_factory().url)
    sealed = new_entry(
        real_case, number=327, text="SEALED MOTION for leave", kind="motion", visibility="sealed"
    )
    assert not Delivery.objects.filter(webhook=by_attorney).exists()  # no event, no log row
    kinds = set(Delivery.objects.filter(webhook=by_admin).values_list("event_type", flat=True))
    assert kinds == {"entry.created", "deadline.created"}  # the motion's opposition period
    assert Delivery.objects.get(webhook=by_admin, event_type="entry.created").entry == sealed


def test_an_entry_sealed_before_its_delivery_is_not_sent(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url)
    entry = new_entry(real_case, number=328, text="MOTION to Stay", kind="motion")
    deliveries = list(Delivery.objects.filter(webhook=hook))
    assert {d.event_type for d in deliveries} == {"entry.created", "deadline.created"}
    write_entry(entry=entry, by=users["admin"], values={"visibility": "sealed"})
    for delivery in deliveries:
        assert deliver(delivery.pk) == "withheld"
        delivery.refresh_from_db()
        assert delivery.status == "withheld" and not delivery.attempt_log.exists()
    assert receiver.count() == 0


def test_nothing_is_sent_once_the_registrant_left_the_team(real_case, users, receiver):
    hook, _ = register(real_case, users["paralegal"], receiver.url, ["entry.created"])
    new_entry(real_case, number=329, text="NOTICE")
    CaseMembership.objects.filter(user=users["paralegal"], case=real_case).delete()
    assert deliver(only_delivery(hook).pk) == "withheld"
    assert receiver.count() == 0


def test_a_new_deadline_from_an_order_is_posted_with_the_pages_words(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url, ["deadline.created"])
    order = new_entry(real_case, number=330, kind="order", text="ORDER setting a schedule")
    assert not Delivery.objects.filter(webhook=hook).exists()  # this order sets no date yet
    _, deadline = obligations.add_obligation(
        order=order,
        party_side="defendant",
        text="Defendants shall file the administrative record",
        period="30d",
        user=users["paralegal"],
    )
    delivery = only_delivery(hook)
    assert delivery.deadline == deadline
    assert deliver(delivery.pk) == "delivered"
    data = json.loads(receiver.requests[0].body)["data"]["deadline"]
    due_local = to_court_time(deadline.due_at, real_case).date()
    assert data["id"] == deadline.pk
    assert data["title"] == "Defendants shall file the administrative record"
    assert data["due_date"] == due_local.isoformat()
    assert data["due_at"] == deadline.due_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert data["status"] == "open" and data["status_words"] in ("Open", "Due soon")
    assert data["description"] and data["url"].endswith(f"/deadlines/{deadline.pk}/")


def test_a_motion_typed_by_hand_sends_its_entry_and_its_deadline_once_each(
    real_case, users, receiver
):
    hook, _ = register(real_case, users["attorney"], receiver.url)
    motion = new_entry(real_case, number=331, kind="motion", text="MOTION to Compel")
    rows = list(Delivery.objects.filter(webhook=hook).values_list("event_type", "event_key"))
    opposition = motion.deadlines.get()
    assert sorted(rows) == [
        ("deadline.created", f"deadline:{opposition.pk}"),
        ("entry.created", f"entry:{motion.pk}"),
    ]


def test_a_deadline_from_a_sealed_order_is_not_sent(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url, ["deadline.created"])
    order = new_entry(real_case, number=332, kind="order", text="SEALED ORDER", visibility="sealed")
    obligations.add_obligation(
        order=order, party_side="defendant", text="File it", period="7d", user=users["admin"]
    )
    assert not Delivery.objects.filter(webhook=hook).exists()


def test_a_disabled_webhook_gets_nothing_and_its_waiting_deliveries_are_cancelled(
    real_case, users, receiver
):
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    new_entry(real_case, number=333, text="NOTICE")
    services.disable_webhook(webhook=hook, user=users["paralegal"], reason="Moving servers")
    delivery = only_delivery(hook)
    assert delivery.status == "cancelled"
    assert deliver(delivery.pk) == "not due" and receiver.count() == 0
    new_entry(real_case, number=334, text="NOTICE 2")
    assert Delivery.objects.filter(webhook=hook).count() == 1
    history = Webhook.history.filter(id=hook.pk).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", users["attorney"]),
        ("~", users["paralegal"]),
    ]
    assert history.last().disabled_reason == "Moving servers"
    assert not hasattr(history.last(), "secret")  # the secret is never in the audit history


def test_the_case_facts_loader_is_not_news(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url)
    loaded = list(DocketEntry.objects.filter(case=real_case, source="loader"))
    assert loaded and events.entries_published(entries=loaded, source="loader") == 0
    manual = new_entry(real_case, number=335, text="NOTICE")
    assert events.entries_published(entries=[manual], source="manual") == 0  # already queued
    assert only_delivery(hook).entry == manual


def test_a_redirect_is_not_followed(real_case, users, receiver_factory):
    receiver = receiver_factory([302])
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    new_entry(real_case, number=336, text="NOTICE")
    delivery = only_delivery(hook)
    assert deliver(delivery.pk).startswith("retry at")
    attempt = delivery.attempt_log.get()
    assert attempt.status_code == 302 and "Redirects are not followed" in attempt.error


def test_a_crashed_attempts_claim_expires_and_the_sweep_requeues_it(
    real_case, users, receiver, django_capture_on_commit_callbacks
):
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    new_entry(real_case, number=337, text="NOTICE")
    delivery = only_delivery(hook)
    now = timezone.now()
    assert claim(delivery.pk, now) is not None  # a worker took it, then died
    assert deliver(delivery.pk, now=now) == "not due"  # a duplicate task while it is held
    later = now + timedelta(minutes=5)  # past the claim's lease
    with django_capture_on_commit_callbacks() as queued:
        assert sweep(now=later) == 1
    assert len(queued) == 1  # the task is sent again after the sweep commits
    assert deliver(delivery.pk, now=later) == "delivered" and receiver.count() == 1
    with django_capture_on_commit_callbacks() as queued:
        assert sweep(now=later + timedelta(minutes=5)) == 0
    assert queued == []


def test_links_are_absolute_with_the_sites_address(real_case, users, receiver, settings):
    settings.SITE_URL = "https://tracker.example.org/"
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    new_entry(real_case, number=338, text="NOTICE")
    deliver(only_delivery(hook).pk)
    link = json.loads(receiver.requests[0].body)["data"]["entry"]["url"]
    assert link == f"https://tracker.example.org/cases/{real_case.slug}/docket/338/"


# --------------------------------------------------------------------------- deadline.changed


def _changed(hook):
    return list(Delivery.objects.filter(webhook=hook, event_type="deadline.changed").order_by("pk"))


def test_a_deadline_met_then_reopened_by_hand_sends_one_changed_event_per_change(
    real_case, users, receiver
):
    hook, secret = register(real_case, users["attorney"], receiver.url, ["deadline.changed"])
    motion = new_entry(real_case, number=360, kind="motion", text="MOTION to Compel")
    deadline = motion.deadlines.get()
    assert _changed(hook) == []  # created is another event, not subscribed here
    opposition = new_entry(real_case, number=361, kind="opposition", text="Opposition re 360")
    deadline_services.mark_met(deadline=deadline, entry=opposition, user=users["paralegal"])
    deadline_services.reopen(
        deadline=deadline, user=users["attorney"], reason="Wrong entry", confirmed=True
    )
    first, second = _changed(hook)
    assert (first.deadline, second.deadline) == (deadline, deadline)
    rows = list(deadline.history.order_by("history_id").values_list("history_id", "status"))
    met_row = [pk for pk, status in rows if status == "met"][-1]
    assert first.event_key == f"deadline:{deadline.pk}:changed:{met_row}"
    assert second.event_key == f"deadline:{deadline.pk}:changed:{rows[-1][0]}"
    # Each is built when it is sent, from the deadline as it then is: open again.
    assert deliver(first.pk) == "delivered"
    got = receiver.requests[0]
    assert got.headers["X-CaseTracker-Event"] == "deadline.changed"
    stamp = got.headers["X-CaseTracker-Timestamp"]
    assert signing.verify(
        secret, stamp, got.body, got.headers[signing.SIGNATURE_HEADER], now=time.time()
    )
    event = json.loads(got.body)
    assert event["type"] == "deadline.changed" and event["id"] == str(first.event_id)
    assert event["data"]["deadline"]["id"] == deadline.pk
    assert event["data"]["deadline"]["status"] == "open"


def test_a_moved_date_and_a_vacated_deadline_are_changes(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url, ["deadline.changed"])
    order = new_entry(real_case, number=362, kind="order", text="ORDER")
    trigger = new_entry(real_case, number=363, kind="notice", text="NOTICE of service")
    _, deadline = obligations.add_obligation(
        order=order,
        party_side="defendant",
        text="Defendants shall answer",
        period="21d",
        trigger=trigger,
        user=users["paralegal"],
    )
    assert _changed(hook) == []
    # The entry it runs from gets another filing date: the deadline moves (one change) ...
    write_entry(
        entry=trigger,
        by=users["paralegal"],
        values={"date_filed": trigger.date_filed + timedelta(days=3)},
    )
    before = deadline.due_at
    deadline.refresh_from_db()
    assert deadline.due_at != before
    assert len(_changed(hook)) == 1
    # ... a text correction that moves nothing is no change ...
    write_entry(
        entry=trigger, by=users["paralegal"], values={"text": "NOTICE of service (corrected)"}
    )
    assert len(_changed(hook)) == 1
    # ... and vacating it is another.
    deadline_services.vacate(
        deadline=deadline, user=users["attorney"], reason="Moot", confirmed=True
    )
    assert len(_changed(hook)) == 2


def test_a_change_to_a_deadline_from_a_sealed_order_goes_only_to_who_may_see_it(
    real_case, users, receiver_factory
):
    by_attorney, _ = register(real_case, users["attorney"], receiver_factory().url)
    by_admin, _ = register(real_case, users["admin"], receiver_factory().url, ["deadline.changed"])
    order = new_entry(real_case, number=364, kind="order", text="SEALED ORDER", visibility="sealed")
    _, deadline = obligations.add_obligation(
        order=order, party_side="defendant", text="File it", period="7d", user=users["admin"]
    )
    deadline_services.vacate(deadline=deadline, user=users["admin"], reason="Moot", confirmed=True)
    assert not Delivery.objects.filter(webhook=by_attorney).exists()
    assert [d.deadline for d in _changed(by_admin)] == [deadline]


def test_a_deadline_met_as_it_is_made_is_announced_once_as_created(other_case, users, receiver):
    """The record was produced before the order to produce it was entered: its deadline is met
    the moment it is made — one `deadline.created` (status met), no `deadline.changed`."""
    from docket.models import RecordProduction

    hook, _ = register(
        other_case, users["outsider"], receiver.url, ["deadline.created", "deadline.changed"]
    )
    RecordProduction.objects.create(case=other_case, volume="1", produced_on=timezone.localdate())
    order = new_entry(other_case, number=5, kind="order", text="ORDER")
    _, deadline = obligations.add_obligation(
        order=order,
        party_side="defendant",
        text="Defendants shall produce the administrative record",
        period="30d",
        user=users["outsider"],
    )
    assert deadline.status == "met"
    rows = list(Delivery.objects.filter(webhook=hook).values_list("event_type", "deadline"))
    assert rows == [("deadline.created", deadline.pk)]


# --------------------------------------------------------------------------- unsealing


def _set_visibility(entry, visibility, user):
    write_entry(entry=entry, by=user, values={"visibility": visibility})


def test_deliveries_withheld_while_sealed_go_out_once_it_is_unsealed(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url)
    motion = new_entry(real_case, number=380, kind="motion", text="MOTION to Stay")
    deliveries = list(Delivery.objects.filter(webhook=hook).order_by("pk"))
    assert {d.event_type for d in deliveries} == {"entry.created", "deadline.created"}
    _set_visibility(motion, "sealed", users["admin"])
    assert [deliver(d.pk) for d in deliveries] == ["withheld", "withheld"]
    _set_visibility(motion, "restricted", users["admin"])  # unsealed: the team may see it
    for delivery in deliveries:
        delivery.refresh_from_db()
        assert delivery.status == "pending"
        assert deliver(delivery.pk) == "delivered"
    assert sorted(json.loads(r.body)["type"] for r in receiver.requests) == [
        "deadline.created",
        "entry.created",
    ]
    # Made public, then sealed and unsealed again: nothing is sent twice.
    _set_visibility(motion, "public", users["admin"])
    _set_visibility(motion, "sealed", users["admin"])
    _set_visibility(motion, "public", users["admin"])
    assert Delivery.objects.filter(webhook=hook).count() == 2
    assert set(Delivery.objects.filter(webhook=hook).values_list("status", flat=True)) == {
        "succeeded"
    }
    for delivery in deliveries:
        assert deliver(delivery.pk) == "not due"
    assert receiver.count() == 2


def test_events_never_queued_for_a_sealed_entry_are_sent_when_it_is_unsealed(
    real_case, users, receiver_factory
):
    by_attorney, _ = register(real_case, users["attorney"], receiver_factory().url)
    by_admin, _ = register(real_case, users["admin"], receiver_factory().url)
    sealed = new_entry(
        real_case, number=381, kind="motion", text="SEALED MOTION for leave", visibility="sealed"
    )
    assert not Delivery.objects.filter(webhook=by_attorney).exists()
    admin_rows = set(Delivery.objects.filter(webhook=by_admin).values_list("pk", flat=True))
    _set_visibility(sealed, "restricted", users["admin"])
    _set_visibility(sealed, "public", users["admin"])  # a second change: no duplicate
    rows = list(Delivery.objects.filter(webhook=by_attorney).values_list("event_type", "event_key"))
    opposition = sealed.deadlines.get()
    assert sorted(rows) == [
        ("deadline.created", f"deadline:{opposition.pk}"),
        ("entry.created", f"entry:{sealed.pk}"),
    ]
    # the admin had them already: nothing new for the admin's webhook
    assert set(Delivery.objects.filter(webhook=by_admin).values_list("pk", flat=True)) == admin_rows
    for delivery in Delivery.objects.filter(webhook=by_attorney):
        assert deliver(delivery.pk) == "delivered"


def test_unsealing_sends_nothing_to_a_webhook_that_still_may_not_see_it(real_case, users, receiver):
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    entry = new_entry(real_case, number=382, text="NOTICE")
    [delivery] = Delivery.objects.filter(webhook=hook)
    _set_visibility(entry, "sealed", users["admin"])
    assert deliver(delivery.pk) == "withheld"
    # The attorney leaves the team before it is unsealed: nothing goes out.
    CaseMembership.objects.filter(user=users["attorney"], case=real_case).delete()
    _set_visibility(entry, "public", users["admin"])
    delivery.refresh_from_db()
    assert delivery.status == "withheld" and receiver.count() == 0


def test_an_entry_sealed_before_the_webhook_existed_is_not_news_when_unsealed(
    real_case, users, receiver
):
    old = new_entry(real_case, number=383, text="SEALED NOTICE", visibility="sealed")
    hook, _ = register(real_case, users["attorney"], receiver.url, ["entry.created"])
    _set_visibility(old, "public", users["admin"])
    assert not Delivery.objects.filter(webhook=hook).exists()
