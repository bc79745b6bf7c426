"""List (and with --delete remove) uploaded files that no database row refers to."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from casetracker.media import DEFAULT_GRACE_MINUTES, find_orphans, remove


class Command(BaseCommand):
    help = (
        "List files under MEDIA_ROOT that no database row refers to (one per line, then a "
        "summary); --delete removes them. Exit status 1 when orphans remain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the orphaned files")
        parser.add_argument(
            "--older-than",
            type=int,
            default=DEFAULT_GRACE_MINUTES,
            metavar="MINUTES",
            help=f"Only files older than this (default {DEFAULT_GRACE_MINUTES}; an upload may "
            "still be committing)",
        )

    def handle(self, *args, **options):
        orphans = find_orphans(grace_minutes=options["older_than"])
        for orphan in orphans:
            self.stdout.write(f"orphan: {orphan.name} ({filesizeformat(orphan.size)})")
        total = filesizeformat(sum(o.size for o in orphans))
        if not orphans:
            self.stdout.write("No orphaned files.")
            return
        if options["delete"]:
            removed = remove(orphans)
            self.stdout.write(f"Removed {removed} orphaned file(s), {total}.")
            return
        self.stdout.write(f"{len(orphans)} orphaned file(s), {total}. Run with --delete to remove.")
        raise CommandError("orphaned files found", returncode=1)
