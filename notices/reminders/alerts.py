"""Alerts on new docket entries: who hears of a new entry, how, and exactly once.

When an entry is *created* (by hand, PACER report, NEF, RSS — not the case-facts loader), each
member of the case who may see it gets one EntryAlert (unique per entry and person): at once,
in the daily digest, or nothing, as their AlertPreference for the case says (orders have their
own choice; default: everything at once, by e-mail and in the app). The same entry arriving again
by another route is matched to the existing entry by the importer, so it is not *created* again
and nobody is alerted twice.

Clients hear only of public orders, and only when their membership allows it
(`CaseMembership.public_order_notices`): a plain-language notice, never the team's notes,
never a restricted or sealed entry.

Delivery reuses the Reminder machinery (claimed atomically, idempotent on its key). An entry
alert is composed when it is sent, from the entry as it then is (an RSS item's short text
replaced by the NEF's full text, the deadlines computed from it), and is cancelled if the person
may no longer see the entry (sealed since, membership ended).

A docket report or a hand-typed entry about something filed long ago is history, not news: only
entries filed within HISTORY_DAYS alert. NEFs and RSS items are news by nature."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.courttime import court_date, court_today, to_court_time
from casetracker.jobs import enqueue_on_commit
from casetracker.models import CaseMembership, Role
from docket.models import DocketEntry
from docket.visibility import entry_visible
from notices.models import AlertMode, AlertPreference, Deadline, EntryAlert, Reminder
from notices.visibility import current_membership

Source = DocketEntry.Source
HISTORY_DAYS = 7
NEWS_SOURCES = (Source.NEF, Source.RSS)
SILENT_SOURCES = (Source.LOADER,)


def _site_url(path):
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def is_news(entry, source, now):
    """Does a newly created entry deserve an alert at all?"""
    if source in SILENT_SOURCES:
        return False
    if source in NEWS_SOURCES:
        return True
    return entry.date_filed >= court_today(entry.case, now) - timedelta(days=HISTORY_DAYS)


def preference_for(user, case):
    """The member's saved preference, or the defaults (unsaved)."""
    return AlertPreference.objects.filter(user=user, case=case).first() or AlertPreference(
        user=user, case=case
    )


def may_see(membership, entry):
    return membership is not None and entry_visible(entry, membership)


def _mode_for(membership, preference, entry):
    if membership.role == Role.CLIENT:
        public_order = entry.is_order and entry.visibility == DocketEntry.Visibility.PUBLIC
        return EntryAlert.Mode.CLIENT if membership.public_order_notices and public_order else None
    mode = preference.orders if entry.is_order else preference.entries
    return {
        AlertMode.AT_ONCE: EntryAlert.Mode.AT_ONCE,
        AlertMode.DIGEST: EntryAlert.Mode.DIGEST,
    }.get(mode)


def _channels(mode, preference):
    if mode == EntryAlert.Mode.CLIENT:
        return (Reminder.Channel.EMAIL, Reminder.Channel.IN_APP)
    return tuple(
        channel
        for channel, wanted in (
            (Reminder.Channel.EMAIL, preference.email),
            (Reminder.Channel.IN_APP, preference.in_app),
        )
        if wanted
    )


def entry_created(*, entry, source, user=None, now=None):
    """Decide, once per person, how each member hears of this new entry; queue the at-once
    alerts. Runs inside the import's transaction (all or nothing with the entry)."""
    now = now or timezone.now()
    if not is_news(entry, source, now):
        return 0
    case = entry.case
    members = CaseMembership.objects.filter(case=case, user__is_active=True).select_related("user")
    preferences = {p.user_id: p for p in AlertPreference.objects.filter(case=case)}
    queued = 0
    for membership in members:
        if user is not None and membership.user_id == user.pk:
            continue  # the person who docketed it knows
        if not may_see(membership, entry):
            continue
        preference = preferences.get(membership.user_id) or AlertPreference(
            user=membership.user, case=case
        )
        mode = _mode_for(membership, preference, entry)
        if mode is None:
            continue
        alert, created = EntryAlert.objects.get_or_create(
            entry=entry,
            user=membership.user,
            defaults={"case": case, "mode": mode, "source": source or ""},
        )
        if not created or mode == EntryAlert.Mode.DIGEST:
            continue
        kind = (
            Reminder.Kind.CLIENT_ORDER
            if mode == EntryAlert.Mode.CLIENT
            else (Reminder.Kind.NEW_ORDER if entry.is_order else Reminder.Kind.NEW_ENTRY)
        )
        for channel in _channels(mode, preference):
            Reminder.objects.get_or_create(
                key=f"entry:{entry.pk}:user:{membership.user_id}:{channel}",
                defaults={
                    "kind": kind,
                    "entry": entry,
                    "case": case,
                    "recipient": membership.user,
                    "channel": channel,
                    "due_at": now,
                    "subject": subject_for(entry, client=mode == EntryAlert.Mode.CLIENT),
                    "body": "(composed when sent)",
                },
            )
            queued += 1
    if queued:
        enqueue_on_commit("notices.tasks.send_entry_alerts", entry.pk)
    return queued


# --------------------------------------------------------------------------- what they say


def label(entry):
    return entry.name  # "ECF No. 12" / "Minute order, 9 Sep 2025"


def subject_for(entry, *, client=False):
    case = entry.case
    if client:
        return f"The Court issued an order in {case.short_name}"
    what = entry.get_kind_display().lower() if entry.is_order else "docket entry"
    return f"New {what} in {case.short_name}: {label(entry)}"


def dates_from(entry, membership, now=None):
    """Dates derived from this entry that the member may see — deadlines it starts or sets
    (computed from the Local Rules, from an order's obligations, or read from its text and
    suggested for review) — in the one wording every page uses (notices.deadlines.selectors.view_of)."""
    from notices.deadlines.selectors import view_of

    rows = (
        Deadline.objects.visible_to(membership)
        .filter(Q(trigger=entry) | Q(obligation__order=entry))
        .exclude(status=Deadline.Status.VACATED)
        .select_related("case__court", "trigger")
        .distinct()
        .order_by("due_at")
    )
    lines = []
    for deadline in rows:
        view = view_of(deadline, now)
        rule = f" ({deadline.rule})" if deadline.rule else ""
        lines.append(f"{deadline.title}{rule}: {view.sentence}")
    return lines


def entry_url(entry):
    return _site_url(entry.get_absolute_url())


def body_for(entry, *, membership, client=False, with_dates=True):
    case = entry.case
    heading = f"{case.caption}, No. {case.docket_number} ({case.court.name})"
    if client:
        lines = [
            f"The Court issued an order in your case on {court_date(entry.date_filed)}.",
            "",
            entry.plain_summary
            or "Your legal team will explain what it means for you; you do not need to do anything.",
            "",
            heading,
            f"See it: {entry_url(entry)}",
            f"The case's status page: {_site_url(reverse('client_status', args=[case.slug]))}",
        ]
        return "\n".join(lines)
    lines = [
        heading,
        f"{label(entry)} · {entry.get_kind_display()} · filed {court_date(entry.date_filed)} · "
        f"from {entry.get_source_display()}",
        "",
        entry.text,
    ]
    dates = dates_from(entry, membership) if with_dates else []
    if dates:
        lines += ["", "Dates from this entry:"] + [f"- {d}" for d in dates]
    lines += [
        "",
        f"Open it: {entry_url(entry)}",
        f"Choose how you hear of new entries: {_site_url(reverse('alert_preferences', args=[case.slug]))}",
    ]
    return "\n".join(lines)


def refresh(reminder):
    """Compose an entry alert from the entry as it is now (called just before it is sent)."""
    entry = reminder.entry
    client = reminder.kind == Reminder.Kind.CLIENT_ORDER
    membership = current_membership(reminder.recipient, entry.case_id)
    reminder.subject = subject_for(entry, client=client)[:300]
    # The in-app copy stays in the user's list: it carries no dates, which may come from other
    # entries (an obligation running from a motion) that could be sealed later; the entry's page
    # shows them, checked on every read. An e-mail, once sent, is sent.
    reminder.body = body_for(
        entry,
        membership=membership,
        client=client,
        with_dates=reminder.channel == Reminder.Channel.EMAIL,
    )
    return reminder


def still_relevant(reminder):
    """Send an entry alert only if the person may still see the entry."""
    entry = reminder.entry
    membership = current_membership(reminder.recipient, entry.case_id)
    if membership is None or not may_see(membership, entry):
        return False
    if reminder.kind == Reminder.Kind.CLIENT_ORDER:
        return (
            membership.public_order_notices
            and entry.is_order
            and entry.visibility == DocketEntry.Visibility.PUBLIC
        )
    return True


# --------------------------------------------------------------------------- daily digests


def schedule_digests(*, now=None):
    """Once a day per person and case, at DIGEST_HOUR court time or later: one digest listing the
    entries waiting for it (only those the person may still see). Returns how many were made."""
    now = now or timezone.now()
    made = 0
    pending = (
        EntryAlert.objects.filter(mode=EntryAlert.Mode.DIGEST, digest_key="")
        .values_list("user_id", "case_id")
        .distinct()
    )
    for user_id, case_id in list(pending):
        made += _digest_for(user_id, case_id, now)
    return made


def _digest_for(user_id, case_id, now):
    alerts = EntryAlert.objects.filter(
        user_id=user_id, case_id=case_id, mode=EntryAlert.Mode.DIGEST, digest_key=""
    ).select_related("entry__case__court", "user", "case__court")
    first = alerts.first()
    if first is None:
        return 0
    case, user = first.case, first.user
    local = to_court_time(now, case)
    if local.hour < settings.DIGEST_HOUR:
        return 0
    key = f"digest:{case.pk}:user:{user_id}:{local:%Y-%m-%d}"
    membership = current_membership(user, case.pk)
    preference = preference_for(user, case)
    with transaction.atomic():
        if Reminder.objects.filter(key__startswith=key + ":").exists():
            return 0  # today's digest went out; these wait for tomorrow's
        rows = list(alerts.select_for_update(of=("self",)))
        visible = [a.entry for a in rows if user.is_active and may_see(membership, a.entry)]
        EntryAlert.objects.filter(pk__in=[a.pk for a in rows]).update(digest_key=key)
        if not visible:
            return 0
        subject = f"{len(visible)} new docket entr{'y' if len(visible) == 1 else 'ies'} in {case.short_name}"
        lines = [f"{case.caption}, No. {case.docket_number}", ""]
        for entry in sorted(visible, key=lambda e: (e.date_filed, e.number or 0, e.pk)):
            lines += [
                f"{label(entry)} · {entry.get_kind_display()} · filed {court_date(entry.date_filed)}",
                f"  {entry.text[:400]}",
            ]
            lines += [f"  - {d}" for d in dates_from(entry, membership)]
            lines += [f"  {entry_url(entry)}", ""]
        for channel in _channels(EntryAlert.Mode.DIGEST, preference):
            Reminder.objects.create(
                key=f"{key}:{channel}",
                kind=Reminder.Kind.DIGEST,
                case=case,
                recipient=user,
                channel=channel,
                due_at=now,
                subject=subject[:300],
                body="\n".join(lines),
            )
    return 1


# --------------------------------------------------------------------------- preferences


def save_preference(*, user, case, entries, orders, email, in_app):
    """Save how `user` hears of new entries on `case` (audited)."""
    with transaction.atomic():
        preference = (
            AlertPreference.objects.select_for_update().filter(user=user, case=case).first()
        )
        preference = preference or AlertPreference(user=user, case=case)
        preference.entries, preference.orders = entries, orders
        preference.email, preference.in_app = email, in_app
        attribute_to(preference, user).save()
    return preference
