"""The notice-of-appeal deadline (FRAP 4(a)(1)) an appealable order starts, and meeting it when
the notice of appeal is docketed. The rule is notices.deadlines.classify.notice_of_appeal_due (pure); this module writes.
Counted from the order's entry on the docket (FRAP 4(a)(1): "after entry"), on the calendar of
the court where the notice is filed — the district court (FRAP 3(a)(1))."""

from django.utils import timezone

from casetracker.sides import filer_owner, other_side, responsible_owner, united_states_is_party
from docket.models import DocketEntry
from notices.deadlines import rules
from notices.deadlines.classify import is_notice_of_appeal, notice_of_appeal_due
from notices.deadlines.services import (
    calendar_for_case,
    create_deadline,
    filers_of,
    links_of,
    mark_met,
    memo,
)
from notices.models import Deadline

CITATIONS = ("FRAP 4(a)(1)(A)", "FRAP 4(a)(1)(B)")


def _owner(entry):
    """Whose appeal it would be: the side that lost. An order granting a motion goes against
    the movant's opponents, one denying it against the movant (the filers of the motion it
    rules on); when that is not known, the team's careful default (casetracker.sides)."""
    filers = [p for target in links_of(entry) for p in filers_of(target)]
    movant = filer_owner(entry.case, filers) if filers else ""
    text = entry.text.lower()
    if movant and "grant" in text and "den" not in text:
        return other_side(movant)
    if movant and "den" in text and "grant" not in text:
        return movant
    return responsible_owner(entry.case)


def add_notice_of_appeal_deadline(*, entry, user=None, now=None):
    """Create the notice-of-appeal deadline an appealable order starts, once; none when it is
    already past (an old order arriving with a historical docket) or the appeal is noticed."""
    case = entry.case
    us_party = memo(("us_party", case.pk), lambda: united_states_is_party(case))
    rule = notice_of_appeal_due(entry.kind, entry.text, united_states_party=us_party)
    if rule is None:
        return None
    named = rules.NAMED_RULES[rule.rule_key]
    existing = Deadline.objects.filter(trigger=entry, obligation__isnull=True, rule=named.citation)
    if existing.exists():
        return existing.first()
    entered = entry.date_entered or entry.date_filed
    result = rules.compute(entered, named.period, calendar=calendar_for_case(entry.case))
    if result.deadline <= (now or timezone.now()):
        return None
    steps = [
        f"{named.label} ({named.citation}); the order is {rule.why}.",
        f"Counted from its entry on the docket, {entered:%a %-d %b %Y}; FRAP 26(a) counts like "
        "FRCP 6(a), with the same federal and D.C. holidays and declared closures.",
    ]
    return create_deadline(
        user=user,
        now=now,
        case=entry.case,
        title=f"{rule.title} ({named.citation})",
        rule=named.citation,
        period=str(named.period),
        trigger=entry,
        responsible_side="",
        owner=_owner(entry),
        due_at=result.deadline,
        explanation=[*steps, *result.steps],
        is_public=entry.visibility == DocketEntry.Visibility.PUBLIC,
    )


def meet_notice_of_appeal_deadlines(*, entry, user=None, now=None):
    """A docketed notice of appeal meets the open notice-of-appeal deadline of the order it
    appeals (the orders it responds to; else every open one filed before it)."""
    if not is_notice_of_appeal(entry.text):
        return []
    open_ones = Deadline.objects.filter(
        case=entry.case,
        obligation__isnull=True,
        rule__in=CITATIONS,
        status=Deadline.Status.OPEN,
        trigger__date_filed__lte=entry.date_filed,
    )
    targets = links_of(entry)
    if targets:
        open_ones = open_ones.filter(trigger__in=targets)
    return [mark_met(deadline=d, entry=entry, user=user, now=now) for d in open_ones]
