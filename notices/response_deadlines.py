"""Deadlines the Local Rules set when a motion or an opposition is docketed (by hand, by a PACER
import or by an NEF), and meeting them when the response is docketed. The rule itself lives in
`response_rules` (pure); this module writes."""

from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.sides import filer_owner, other_side, responsible_owner
from docket.models import DocketEntry

from . import rules
from .models import Deadline
from .response_rules import ANSWERS, STARTS_A_PERIOD, response_due
from .services import calendar_for_case, mark_met, schedule_deadline_reminders

SERVICE_NOTE = (
    "Counted from the filing date: CM/ECF service is complete on filing (FRCP 5(b)(2)(E)) and "
    "FRCP 6(d) adds no days for electronic service."
)


def _filer_sides(entry):
    return [party.side for party in entry.filed_by.all()]


def _owner(entry, responsible_side):
    """Whose response it is: the other side of whoever filed the paper."""
    return other_side(filer_owner(entry.case, entry.filed_by.all())) or responsible_owner(
        entry.case, side=responsible_side
    )


def add_response_deadline(*, entry, user=None, now=None):
    """Create the response deadline the entry calls for, once. A deadline already past (an
    old entry arriving with a historical docket) is not created: it would only be noise."""
    if entry.kind not in STARTS_A_PERIOD:
        return None
    rule = response_due(entry.kind, entry.text, _filer_sides(entry))
    named = rules.NAMED_RULES[rule.rule_key]
    existing = Deadline.objects.filter(trigger=entry, obligation__isnull=True, rule=named.citation)
    if existing.exists():
        return existing.first()
    result = rules.compute(
        entry.date_filed, named.period, before=named.before, calendar=calendar_for_case(entry.case)
    )
    if result.deadline <= (now or timezone.now()):
        return None
    steps = [f"{named.label}: {named.period} after {entry} ({named.citation}).", SERVICE_NOTE]
    with transaction.atomic():
        deadline = Deadline(
            case=entry.case,
            title=rule.title,
            rule=named.citation,
            period=str(named.period),
            trigger=entry,
            responsible_side=rule.responsible_side,
            owner=_owner(entry, rule.responsible_side),
            due_at=result.deadline,
            explanation=[*steps, *result.steps],
            is_public=entry.visibility == DocketEntry.Visibility.PUBLIC,
        )
        attribute_to(deadline, user).save()
        schedule_deadline_reminders(deadline=deadline, now=now)
    return deadline


def meet_answered_deadlines(*, entry, user=None, now=None):
    """An opposition or reply that responds to an entry meets that entry's open response
    deadline of the same kind. Returns the deadlines marked met."""
    met = []
    if entry.kind not in ANSWERS:
        return met
    for target in entry.responds_to.all():
        rule = response_due(target.kind, target.text, _filer_sides(target))
        if rule is None or rule.satisfied_by_kind != entry.kind:
            continue
        citation = rules.NAMED_RULES[rule.rule_key].citation
        for deadline in Deadline.objects.filter(
            trigger=target, obligation__isnull=True, rule=citation, status=Deadline.Status.OPEN
        ):
            met.append(mark_met(deadline=deadline, entry=entry, user=user, now=now))
    return met
