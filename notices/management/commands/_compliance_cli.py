"""Shared by record_notice, record_disclosure and compliance: CASE (a slug or a docket number),
ISO date-times, and one clear error line for a paralegal."""

import sys
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casetracker.models import Case


def case_from(text):
    text = (text or "").strip()
    found = Case.objects.select_related("court").filter(slug=text).first()
    if found is None:
        matches = list(Case.objects.select_related("court").filter(docket_number=text)[:2])
        if len(matches) > 1:
            raise CommandError(
                f"More than one case has the docket number {text!r}; give the case's slug."
            )
        found = matches[0] if matches else None
    if found is None:
        raise CommandError(f"No case with the slug or docket number {text!r}.")
    return found


def moment_from(text, option):
    """An ISO 8601 date-time; with no offset it is court time (the service applies that)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"Cannot read {option} {text!r}: use an ISO 8601 date-time such as "
            "2025-09-12T16:00:00-04:00 (no offset means court time)."
        ) from None


def validation_message(error):
    if hasattr(error, "error_dict"):
        return " ".join(m for messages in error.message_dict.values() for m in messages)
    return " ".join(error.messages)


class ComplianceCommand(BaseCommand):
    name = "compliance"

    def execute(self, *args, **options):
        """One clear line on stderr and a non-zero exit; nothing is saved on bad input."""
        try:
            return super().execute(*args, **options)
        except ValidationError as error:
            sys.stderr.write(f"{self.name}: nothing was saved. {validation_message(error)}\n")
            sys.exit(1)
        except CommandError as error:
            if options.get("traceback"):
                raise
            sys.stderr.write(f"{self.name}: {error}\n")
            sys.exit(error.returncode or 1)
