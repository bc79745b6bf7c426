"""Dates the Court sets in docket text (read by notices.deadlines.docket_dates, pure) become
suggested deadlines and hearings, linked to the entry and its sentence, for the team to accept or
dismiss. Never invented: no date in the text, no suggestion."""

from datetime import datetime

from django.utils import timezone

from casetracker.models import User
from casetracker.sides import responsible_owner
from docket.models import DocketEntry
from notices.deadlines import rules
from notices.deadlines.services import _SIDE_WORDS, DOCKET_TEXT, calendar_for_case, create_deadline
from notices.models import Deadline


def _side_named(what: str) -> str:
    """The side a sentence names as the actor ("Defendants shall file..."), or ""."""
    words = what.lower().replace("’", "'").split()
    head = " ".join(words[:3])
    for side, names in _SIDE_WORDS:
        if any(head.startswith(name) or f" {name}" in f" {head}" for name in names):
            return side
    return ""


def suggest_court_dates(
    *, entry: DocketEntry, user: User | None = None, now: datetime | None = None
) -> list[Deadline]:
    """The dates the Court set in this entry's docket text become *suggested* deadlines and
    hearings, linked to the entry with the sentence they came from, for the team to accept or
    dismiss. Only dates from today on are suggested (a historical docket's past settings are
    listed by `extract_dates`, not suggested). Idempotent: a date already suggested (or
    dismissed) for this entry is not suggested again. Returns the new suggestions."""
    from notices.deadlines.docket_dates import extract

    now = now or timezone.now()
    case = entry.case
    zone = calendar_for_case(case).zone
    today = now.astimezone(zone).date()
    made = []
    for found in extract(entry.text):
        if isinstance(found.when, datetime):
            due_at = found.when.replace(tzinfo=zone)
            day = found.when.date()
        else:
            due_at = datetime.combine(found.when, rules.END_OF_DAY, tzinfo=zone)
            day = found.when
        if day < today:
            continue
        title = found.what[:1].upper() + found.what[1:]
        if found.kind == "deadline" and not title.lower().endswith(("due", "deadline")):
            title = f"{title} — due"
        title = title[:300]
        if Deadline.objects.filter(
            trigger=entry, rule=DOCKET_TEXT, due_at=due_at, kind=found.kind
        ).exists():
            continue
        if found.kind == "hearing":
            owner, side = Deadline.Owner.COURT, ""
        else:
            side = _side_named(found.what)
            owner = responsible_owner(case, side=side)
        deadline = create_deadline(
            user=user,
            now=now,
            case=case,
            title=title,
            rule=DOCKET_TEXT,
            trigger=entry,
            kind=found.kind,
            responsible_side=side,
            owner=owner,
            due_at=due_at,
            status=Deadline.Status.SUGGESTED,
            uncertain_reason="Read from the docket text: confirm the date and whose it is.",
            source_text=found.sentence,
            explanation=[
                f"Set by the Court in the docket text of {entry}: “{found.sentence}”",
                f"Read as: {found.kind} on {found.iso}.",
            ],
            is_public=entry.visibility == DocketEntry.Visibility.PUBLIC,
        )
        made.append(deadline)
    return made
