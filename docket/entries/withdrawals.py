"""Deleting a document from the tracker, done the way a legal product must: it is *withdrawn*.

Why not a real delete: a document on a docket is evidence of what the team had and showed. A
wrong file (the wrong PDF attached, a privileged draft uploaded by mistake) has to disappear from
every page, count, search hit, API answer and client view at once — but the firm must still be
able to say later what was there, who removed it, when and why (a litigation hold, a
privilege-waiver question, a malpractice claim). So withdrawal:

- is a risky action (casetracker.decisions): the case's attorneys and admins only, confirmed,
  with a reason;
- keeps the row, its stored file (content-addressed, so never reused for another name) and its
  history; stamps who, when and why on it, and writes the reason into the audit history
  (django-simple-history, attributed with casetracker.audit.attribute_to);
- goes through the docket's one write path (docket.entries.write_entry) as a change of the
  entry's documents, so the docket page cache is bumped, the entry is re-indexed (the
  document's search hit is removed) and `entry_saved` is announced, all in one transaction;
- from then on `Document.objects` (the default manager, hence `entry.documents`) leaves it out
  for everyone; admins alone can still open the kept file, from the entry page's list of
  withdrawn documents. Its attachment number is free again for the right file, and imports never
  bring a withdrawn document back."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.decisions import require_decision
from casetracker.models import User
from casetracker.permissions import membership_for
from docket.entries.write import write_entry
from docket.models import DocketEntry, Document
from docket.visibility import entry_visible

VERB, THING = "withdraw", "the document"


def withdraw_document(
    *,
    document: Document,
    user: User,
    reason: str,
    confirmed: bool,
    now: datetime | None = None,
) -> Document:
    """Withdraw `document` (see the module's docstring). Returns it, withdrawn. PermissionDenied
    for a user who is not an attorney or admin of the case (or may not see the entry);
    ValidationError if the reason or the confirmation is missing, or it is already withdrawn —
    nothing is changed then."""
    entry = document.entry
    reason = require_decision(
        user=user, case=entry.case, reason=reason, confirmed=confirmed, verb=VERB, thing=THING
    )
    if not entry_visible(entry, membership_for(user, entry.case)):
        raise PermissionDenied("No such document.")
    with transaction.atomic():
        current = (
            Document.all_objects.select_for_update().select_related("entry").get(pk=document.pk)
        )
        if current.withdrawn_at is not None:
            raise ValidationError(
                f"{current.label} of {current.entry.name} was already withdrawn "
                f"on {current.withdrawn_at:%-d %b %Y}."
            )

        def withdraw(_entry: DocketEntry) -> bool:
            current.withdrawn_at = now or timezone.now()
            current.withdrawn_by = user
            current.withdrawal_reason = reason
            current._change_reason = f"Withdrawn: {reason}"[:100]
            attribute_to(current, user).save()
            return True  # the entry's documents changed

        write_entry(entry=current.entry, by=user, then=withdraw)
    return current
