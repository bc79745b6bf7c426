"""Writes for cases. Keyword arguments, one transaction, audited, and ValidationError messages a
paralegal can act on (nothing is saved when one is raised)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .audit import attribute_to
from .court_list import COURTS
from .docket_numbers import docket_key, parse_docket_number
from .models import Case, Court, User

_ET_AL = re.compile(r",?\s+et\s+al\.?", re.IGNORECASE)


def short_name_for(caption: str) -> str:
    """`Center for Taxpayer Rights et al. v. Internal Revenue Service et al.` ->
    `Center for Taxpayer Rights v. Internal Revenue Service` (at most 120 characters)."""
    name = " ".join(_ET_AL.sub("", caption).split()) or caption.strip()
    return name if len(name) <= 120 else name[:119].rstrip() + "…"


def unique_case_slug(text: str) -> str:
    """A slug for URLs and the case's inbound e-mail address (`<slug>@INBOUND_DOMAIN`)."""
    base = slugify(text)[:70].strip("-") or "case"
    slug, n = base, 2
    while Case.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def find_court(code: str | None) -> Court:
    """The Court with this CM/ECF code, or ValidationError naming close matches."""
    code = (code or "").strip().lower()
    court = Court.objects.filter(cmecf_code=code).first()
    if court is not None:
        return court
    known = next((row for row in COURTS if row["cmecf_code"] == code), None)
    if known is not None:
        # A federal court missing from the table (a database restored from a backup older than
        # the courts table, or emptied): put its row back from casetracker/court_list.py.
        court, _ = Court.objects.get_or_create(cmecf_code=code, defaults=known)
        return court
    near = list(
        Court.objects.filter(cmecf_code__startswith=code[:2]).values_list("cmecf_code", flat=True)
    )[:12]
    hint = f" Courts starting with “{code[:2]}”: {', '.join(near)}." if near and code else ""
    raise ValidationError(
        f"No court with the CM/ECF code “{code}”. Use the code in the court's CM/ECF address, "
        f"e.g. dcd for ecf.dcd.uscourts.gov or cadc for the D.C. Circuit.{hint}"
    )


def tracked_case(court: Court, number: str) -> Case | None:
    """The tracked case in `court` whose docket number matches `number` (any accepted spelling:
    judge initials, defendant numbers, missing zero padding); None if there is none."""
    key = docket_key(number)
    if not key:
        return None
    for case in Case.objects.filter(court=court).select_related("court"):
        if docket_key(case.docket_number) == key:
            return case
    return None


def track_case(
    *,
    court_code: str,
    number: str,
    caption: str,
    judge: str = "",
    by: User | None = None,
) -> Case:
    """Start tracking a case: the court must be in the courts table, the number well formed for
    that court (district or appellate) and not tracked yet. Returns the new Case."""
    court = find_court(court_code)
    try:
        docket_number = parse_docket_number(number, appellate=court.is_appellate)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    caption = " ".join((caption or "").split())
    if not caption:
        raise ValidationError("Enter the caption, e.g. “Doe v. Agency”.")
    if len(caption) > 300:
        raise ValidationError("The caption is longer than 300 characters; shorten it.")
    with transaction.atomic():
        existing = tracked_case(court, docket_number)
        if existing is not None:
            raise ValidationError(
                f"{court.cmecf_code} {docket_number} is already tracked as “{existing}” "
                f"(slug {existing.slug}). Nothing was saved."
            )
        short_name = short_name_for(caption)
        case = Case(
            court=court,
            docket_number=docket_number,
            caption=caption,
            short_name=short_name,
            slug=unique_case_slug(short_name),
            judge=" ".join((judge or "").split())[:120],
        )
        attribute_to(case, by).save()
    return case
