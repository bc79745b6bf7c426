"""Deadlines the Local Rules set when a motion or an opposition is docketed (by hand, by a PACER
import or by an NEF), and meeting them when the response is docketed. The rule itself lives in
`response_rules` (pure); this module writes."""

from django.utils import timezone

from casetracker.courttime import format_day
from casetracker.models import Party
from casetracker.sides import (
    COURT,
    OURS,
    THEIRS,
    other_side,
    our_party_ids,
    owner_of,
    responsible_owner,
)
from docket.models import DocketEntry
from notices.deadlines import rules
from notices.deadlines.classify import classify
from notices.deadlines.response_rules import ANSWERS, STARTS_A_PERIOD, response_due, responses_due
from notices.deadlines.services import (
    calendar_for_case,
    create_deadline,
    filers_of,
    links_of,
    mark_met,
    memo,
)
from notices.models import Deadline

SERVICE_NOTE = (
    "Counted from the filing date: CM/ECF service is complete on filing (FRCP 5(b)(2)(E)) and "
    "FRCP 6(d) adds no days for electronic service."
)


def _filer_sides(entry):
    return [party.side for party in filers_of(entry)]


def _case_facts(case):
    """(United States a party?, agency review?) for FRAP 4(a)(1)(B) and LCvR 7(n)(1)."""
    return memo(("case_facts", case.pk), lambda: _read_case_facts(case))


def _read_case_facts(case):
    kinds = set(case.parties.values_list("kind", flat=True))
    us_party = bool(kinds & {Party.Kind.AGENCY, Party.Kind.OFFICIAL})
    nature = (case.nature_of_suit or "").lower()
    agency_review = "899" in nature or "administrative procedure" in nature
    return us_party, agency_review


def _rule_triggers(case):
    """In a batch write: ids of the case's entries that rule deadlines run from (read once per
    batch, kept up to date as deadlines are made), so entries that start or answer nothing cost
    no query. Outside a batch: None (ask the database each time)."""
    return memo(
        ("rule_triggers", case.pk),
        lambda: set(
            Deadline.objects.filter(
                case=case, obligation__isnull=True, trigger__isnull=False
            ).values_list("trigger_id", flat=True)
        ),
        batch_only=True,
    )


def _owner(entry, rule):
    """Whose deadline it is, and why that may be uncertain."""
    case = entry.case
    filers = filers_of(entry)
    ours = memo(("ours", case.pk), lambda: our_party_ids(case))
    if rule.whose == "court":
        return COURT, ""
    if rule.whose == "any":
        return OURS, ""  # we decide whether to appeal or cross-appeal
    if rule.whose == "agency":
        agencies = case.parties.filter(kind__in=(Party.Kind.AGENCY, Party.Kind.OFFICIAL))
        return responsible_owner(
            case, party_ids=agencies.values_list("pk", flat=True), ours=ours
        ), ""
    filer = owner_of({p.pk for p in filers}, ours)
    if rule.whose == "filer":
        if filer in (OURS, THEIRS):
            return filer, ""
        return responsible_owner(case, side=rule.responsible_side, ours=ours), (
            "Who filed it is not known, so whose deadline it is is uncertain."
        )
    if filer in (OURS, THEIRS):
        return other_side(filer), ""
    return responsible_owner(case, side=rule.responsible_side, ours=ours), (
        "Who filed the paper is not known, so whose response it is is uncertain."
    )


def _start(entry, classification, rule):
    """The day the period runs from, and how that was decided."""
    if rule.rule_key == "frcp_12a2_answer" and classification.start_date:
        day = classification.start_date
        return day, f"service on the U.S. Attorney on {format_day(day)}, as the docket text says"
    if rule.rule_key == "lcvr_65_1d_hearing":
        return entry.date_filed, f"the filing of {entry} on {format_day(entry.date_filed)}"
    return entry.date_filed, f"service of {entry}, filed {format_day(entry.date_filed)}"


def add_response_deadline(*, entry, user=None, now=None):
    """Create the deadlines the entry starts (once each), classified by what the paper is. An
    uncertain classification or owner gives a *suggestion* the team confirms. A deadline already
    past (an old entry arriving with a historical docket) is not created: only noise.
    Returns the deadlines created (or already there)."""
    if entry.kind not in STARTS_A_PERIOD:
        return []
    us_party, agency_review = _case_facts(entry.case)
    classification, found = responses_due(
        entry.kind, entry.text, _filer_sides(entry), us_party=us_party, agency_review=agency_review
    )
    calendar = calendar_for_case(entry.case)
    triggers = _rule_triggers(entry.case)
    made = []
    for rule in found:
        named = rules.NAMED_RULES[rule.rule_key]
        start, start_words = _start(entry, classification, rule)
        result = rules.compute(start, named.period, before=named.before, calendar=calendar)
        if rule.kind == "deadline":
            result = rules.add_service_days(result, calendar, classification.service)
        if result.deadline <= (now or timezone.now()):
            continue
        existing = (
            Deadline.objects.filter(
                trigger=entry, obligation__isnull=True, rule=named.citation
            ).first()
            if triggers is None or entry.pk in triggers
            else None
        )
        if existing is not None:
            made.append(existing)
            continue
        owner, owner_doubt = _owner(entry, rule)
        doubt = classification.uncertain
        what = classification.relief or classification.paper.replace("_", " ")
        steps = [
            f"{entry} read as: {what} — {named.citation} applies.",
            f"{named.label}: {named.period} after {start_words}.",
        ]
        if classification.service == "electronic" and rule.kind == "deadline":
            steps.append(SERVICE_NOTE)
        if owner_doubt:
            # The rule is certain; only whose it is is not: shown as ours (never missed) until
            # the filer is recorded.
            steps.append(f"{owner_doubt} Shown as {owner} until the filer is recorded.")
        if doubt:
            steps.append(f"Uncertain: {doubt}")
        deadline = create_deadline(
            user=user,
            now=now,
            case=entry.case,
            title=rule.title,
            rule=named.citation,
            period=str(named.period),
            trigger=entry,
            responsible_side=rule.responsible_side,
            owner=owner,
            kind=rule.kind,
            due_at=result.deadline,
            explanation=[*steps, *result.steps],
            status=Deadline.Status.SUGGESTED if doubt else Deadline.Status.OPEN,
            uncertain_reason=doubt,
            is_public=entry.visibility == DocketEntry.Visibility.PUBLIC,
        )
        if triggers is not None:
            triggers.add(entry.pk)
        made.append(deadline)
    return made


def set_by_court(entry):
    """Words for a paper whose response period the Court sets (a TRO), or ""."""
    if entry.kind != "motion":
        return ""
    classification = classify(entry.kind, entry.text)
    if classification.set_by_court:
        return (
            "Opposition: set by the Court — an application for a temporary restraining order "
            "has no automatic period (LCvR 65.1(a)); watch the docket for the schedule."
        )
    return ""


def meet_answered_deadlines(*, entry, user=None, now=None):
    """An opposition or reply that responds to an entry meets that entry's open response
    deadline of the same kind. Returns the deadlines marked met."""
    met: list[Deadline] = []
    if entry.kind not in ANSWERS:
        return met
    triggers = _rule_triggers(entry.case)
    for target in links_of(entry):
        if triggers is not None and target.pk not in triggers:
            continue  # no deadline runs from it: nothing to meet
        rule = response_due(target.kind, target.text, _filer_sides(target))
        if rule is None or rule.satisfied_by_kind != entry.kind:
            continue
        citation = rules.NAMED_RULES[rule.rule_key].citation
        for deadline in Deadline.objects.filter(
            trigger=target, obligation__isnull=True, rule=citation, status=Deadline.Status.OPEN
        ):
            met.append(mark_met(deadline=deadline, entry=entry, user=user, now=now))
    return met
