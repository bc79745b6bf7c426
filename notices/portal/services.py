"""Writes for the client status page: the team's plain-language text for clients."""

from django.core.exceptions import ValidationError
from django.db import transaction

from casetracker.audit import attribute_to
from casetracker.models import Case, User
from docket.entries.write import write_entry
from docket.models import DocketEntry

STAGE_MAX = 200
SUMMARY_MAX = 300


def update_client_status(
    *,
    case: Case,
    user: User | None,
    stage: str,
    public_summary: str,
    order_summaries: dict[int, str] | None = None,
) -> Case:
    """Save the stage line, the case summary and one plain-English line per key order.

    `order_summaries` maps entry pk -> text; only this case's public key orders may be given.
    All or nothing."""
    order_summaries = order_summaries or {}
    stage = " ".join((stage or "").split())
    public_summary = (public_summary or "").strip()
    errors = []
    if len(stage) > STAGE_MAX:
        errors.append(f"The stage is {len(stage)} characters; keep it to {STAGE_MAX}.")
    with transaction.atomic():
        entries = {
            e.pk: e
            for e in DocketEntry.objects.select_for_update().filter(
                case=case,
                pk__in=list(order_summaries),
                is_key_order=True,
                visibility=DocketEntry.Visibility.PUBLIC,
            )
        }
        for pk, text in order_summaries.items():
            if pk not in entries:
                errors.append("One of the orders is not a public key order of this case.")
                continue
            text = " ".join((text or "").split())
            if len(text) > SUMMARY_MAX:
                errors.append(
                    f"The explanation of {entries[pk]} is {len(text)} characters; "
                    f"keep it to {SUMMARY_MAX}."
                )
            order_summaries[pk] = text
        if errors:
            raise ValidationError(errors)
        changed = [
            name
            for name, value in (("stage", stage), ("public_summary", public_summary))
            if getattr(case, name) != value
        ]
        if changed:
            case.stage, case.public_summary = stage, public_summary
            attribute_to(case, user).save(update_fields=changed)
        for pk, text in order_summaries.items():
            write_entry(entry=entries[pk], by=user, values={"plain_summary": text})
    return case
