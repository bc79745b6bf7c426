"""Drafts of a Notice of non-compliance (docket.papers.filings): from a breach of the advance-notice
order, or from a deadline the other side missed. They state only recorded facts; the team edits,
renders and files them like any paper."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.courttime import court_date, court_datetime
from casetracker.models import Case, User
from docket.models import Filing
from docket.papers.filings import lead_attorney
from notices.compliance import windows as compliance
from notices.compliance.services import DEFAULT_NOTICE_HOURS, notice_obligations, obligation_at
from notices.deadlines.services import calendar_for_case
from notices.models import Deadline, Disclosure, NoticeWindow


def draft_non_compliance(*, disclosure: Disclosure, user: User | None) -> Filing:
    """A draft "Notice of non-compliance" (Markdown) stating the recorded facts of a clear
    breach only. Disputed, compliant and outside-order disclosures get none."""
    if disclosure.verdict != Disclosure.Verdict.BREACH:
        raise ValidationError(
            "A notice of non-compliance is offered only for a clear breach; this disclosure is "
            f"{disclosure.get_verdict_display().lower()}."
        )
    case = disclosure.case
    zone = calendar_for_case(case).zone
    obligation = obligation_at(notice_obligations(case), disclosure.occurred_at, zone)
    if obligation is None:  # pragma: no cover - a breach is always inside a term
        raise ValidationError("No advance-notice order applied to this disclosure.")
    order = obligation.order
    hours = obligation.standing_notice_hours or DEFAULT_NOTICE_HOURS
    order_ref = f"the Court's {order.get_kind_display().lower()} of {order.date_filed:%B %-d, %Y}"
    when = (
        court_datetime(disclosure.occurred_at, case)
        if disclosure.time_known
        else court_date(disclosure.occurred_at, case)
    )
    facts = [
        f"By {order_ref}, Defendants must give the Court and Plaintiffs {hours} hours' advance "
        "notice before sharing confidential taxpayer information.",
        f"On {when}, Defendants disclosed {disclosure.data_description} to {disclosure.recipient}"
        + (f" (source: {disclosure.source})." if disclosure.source else "."),
    ]
    window = disclosure.window
    if window is not None:
        facts.append(
            f"On {court_datetime(window.received_at, case)}, {window.given_by} gave notice of an intended "
            f"disclosure of {window.data_description} to {window.recipient}. The disclosure "
            f"occurred {compliance.elapsed(window.received_at, disclosure.occurred_at)} after "
            f"that notice was received, before {hours} hours had elapsed."
        )
    else:
        facts.append(_no_notice_fact(disclosure, case))
    if disclosure.description:
        facts.append(disclosure.description)
    numbered = [f"{i}. {fact}" for i, fact in enumerate(facts, start=1)]
    body = "\n\n".join(
        [
            "Plaintiffs respectfully notify the Court that Defendants did not comply with "
            f"{order_ref}.",
            *numbered,
            "Plaintiffs reserve all rights to seek appropriate relief.",
        ]
    )
    with transaction.atomic():
        filing = Filing(
            case=case,
            type=Filing.Type.NON_COMPLIANCE,
            status=Filing.Status.DRAFT,
            title="Plaintiffs' Notice of Defendants' Non-Compliance with the Advance-Notice Order",
            body=body,
            signing_attorney=lead_attorney(case),  # the lead attorney signs unless changed
            created_by=user,
        )
        attribute_to(filing, user).save()
    return filing


def _no_notice_fact(disclosure: Disclosure, case: Case) -> str:
    """What the record shows about the missing notice, without characterising time."""
    candidate = disclosure.pinned_window
    earlier = (
        NoticeWindow.objects.filter(case=case, received_at__lte=disclosure.occurred_at)
        .exclude(disclosures=None)
        .order_by("-received_at")
    )
    used = (
        candidate.disclosures.exclude(pk=disclosure.pk).first() if candidate is not None else None
    )
    if candidate is not None and used is not None:
        return (
            f"Defendants' notice of {court_datetime(candidate.received_at, case)} announced one disclosure, "
            f"which occurred on {court_datetime(used.occurred_at, case)}. Plaintiffs received no notice of "
            "this further disclosure."
        )
    if candidate is not None:
        return (
            f"Defendants' notice of {court_datetime(candidate.received_at, case)} announced a disclosure of "
            f"{candidate.data_description} to {candidate.recipient}. Plaintiffs received no notice "
            "of this disclosure."
        )
    spent = [
        w
        for w in earlier
        if compliance.same_terms(w.data_description, disclosure.data_description)
        and compliance.same_terms(w.recipient, disclosure.recipient)
    ]
    used = spent[0].disclosures.first() if spent else None
    if used is not None:
        return (
            f"Defendants' notice of {court_datetime(spent[0].received_at, case)} announced one disclosure of "
            f"that data, which occurred on {court_datetime(used.occurred_at, case)}. Plaintiffs received no "
            "notice of this further disclosure."
        )
    return "Plaintiffs received no notice of this disclosure before it occurred."


def draft_deadline_non_compliance(
    *, deadline: Deadline, user: User, now: datetime | None = None
) -> Filing:
    """A draft notice that the other side did not meet its deadline, stating only the recorded
    facts (what was due, when, under what, and that nothing meeting it is recorded)."""
    now = now or timezone.now()
    if deadline.owner != Deadline.Owner.THEIRS:
        raise ValidationError("Only the other side's deadlines can be reported as non-compliance.")
    if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED) or (
        deadline.due_at >= now
    ):
        raise ValidationError("This deadline is not past due and unmet; nothing to report.")
    case = deadline.case
    source = ""
    if deadline.obligation is not None:
        order = deadline.obligation.order
        source = f"the Court's {order.get_kind_display().lower()} of {order.date_filed:%B %-d, %Y}"
    elif deadline.rule:
        source = deadline.rule
    due = court_datetime(deadline.due_at, case)
    facts = [
        f"1. Under {source or 'the applicable rule'}, the following was due by {due}: "
        f"{deadline.title}.",
        "2. As of the date of this notice, Plaintiffs have not received it, and no filing "
        "meeting it appears on the docket.",
    ]
    body = "\n\n".join(
        [
            "Plaintiffs respectfully notify the Court that Defendants have not met a deadline.",
            *facts,
            "Plaintiffs reserve all rights to seek appropriate relief.",
        ]
    )
    with transaction.atomic():
        filing = Filing(
            case=case,
            type=Filing.Type.NON_COMPLIANCE,
            status=Filing.Status.DRAFT,
            title=f"Plaintiffs' Notice of Defendants' Non-Compliance: {deadline.title}"[:300],
            body=body,
            created_by=user,
        )
        attribute_to(filing, user).save()
    return filing
