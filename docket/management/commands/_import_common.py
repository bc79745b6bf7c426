"""Shared by import_pacer and import_nef: reading the file, the acting user, the case, and the
summary lines (the last line is always `added N, updated M, unchanged K`)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from casetracker.models import Case, User


def read_file(path):
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file. Nothing was saved.") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror}). Nothing was saved.") from None


def acting_user(username):
    """Imports are audited with this user; by default, nobody (a system import)."""
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"No user {username!r}. Nothing was saved.") from None


def case_by_slug(slug):
    if not slug:
        return None
    try:
        return Case.objects.select_related("court").get(slug=slug)
    except Case.DoesNotExist:
        raise CommandError(f"No case with slug {slug!r}. Nothing was saved.") from None


def run(command, importer, **kwargs):
    try:
        case, summary = importer(**kwargs)
    except ValidationError as exc:
        raise CommandError(f"Nothing was saved. {' '.join(exc.messages)}") from None
    command.stdout.write(f"{case.caption} ({case.docket_number})")
    for note in summary.notes:
        command.stdout.write(f"  {note}")
    if summary.skipped:
        command.stdout.write(f"skipped {summary.skipped}")
    command.stdout.write(str(summary))
