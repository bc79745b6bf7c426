"""Restore a backup archive, replacing the current database and uploaded files. A risky action:
it needs a reason, and it is logged (casetracker.models.RestoreRecord) with who, when, the
archive and the reason."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from casetracker.backup import BackupError, restore_backup
from casetracker.models import User

NO_REASON = (
    'Nothing was changed. Say why you are restoring with --reason "..." (e.g. --reason "Server '
    'disk failed on 3 Dec; restoring the 2 Dec nightly backup"); it is kept in the restore log.'
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`. Replaces ALL current data; asks first. Needs a "
        "--reason, kept in the restore log with who ran it, when and the archive's sha256. Every "
        "member is checked and staged before anything changes; unsigned archives are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--reason",
            default="",
            help="Why you are restoring (required; kept in the restore log)",
        )
        parser.add_argument(
            "--user",
            default="",
            help="The tracker user responsible (default: the operating-system account)",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")
        parser.add_argument(
            "--allow-unsigned",
            action="store_true",
            help="Restore an archive whose manifest is not signed with this installation's "
            "BACKUP_SIGNING_KEY (only if you know where it came from)",
        )

    def handle(self, *args, **options):
        reason = options["reason"].strip()
        if not reason:
            raise CommandError(NO_REASON)
        who = self._who(options["user"].strip())
        if not options["yes"]:
            answer = input("This replaces all current case data and files. Type 'restore': ")
            if answer.strip() != "restore":
                raise CommandError("Not restored.")
        try:
            counts = restore_backup(
                options["archive"],
                reason=reason,
                restored_by=who,
                allow_unsigned=options["allow_unsigned"],
            )
        except BackupError as exc:
            raise CommandError(f"Nothing was changed. {exc}") from None
        if not counts["signed"]:
            self.stderr.write("Warning: the archive was not signed with this installation's key.")
        self.stdout.write(f"Restored {counts['objects']} objects and {counts['files']} files.")
        self.stdout.write(f"Logged: restored by {who}; reason: {reason}")

    def _who(self, username):
        if username:
            if not User.objects.filter(username=username).exists():
                raise CommandError(f"Nothing was changed. No user {username!r} in the tracker.")
            return username
        try:
            account = getpass.getuser()
        except (KeyError, OSError):
            account = "unknown"
        return f"{account} (system account)"
