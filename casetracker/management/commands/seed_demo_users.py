"""Create one demo user per role on a case, printing each new password once.

New passwords (a new user, or every demo user with --reset-passwords) are also written to
`var/demo-credentials.txt`, readable by its owner only (mode 600), so a password missed on the
screen is not lost; `--reset-passwords` prints new ones when it is."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casetracker.models import Case, CaseMembership, Party, Role, User

DEMO_USERS = [
    ("admin", Role.ADMIN),
    ("attorney", Role.ATTORNEY),
    ("paralegal", Role.PARALEGAL),
    ("client", Role.CLIENT),
]
RESET_HINT = "python manage.py seed_demo_users --reset-passwords"


def credentials_path():
    return Path(
        os.environ.get(
            "DEMO_CREDENTIALS_FILE", Path(settings.BASE_DIR) / "var" / "demo-credentials.txt"
        )
    )


def write_credentials(path, passwords):
    """Merge {username: password} into the file, created mode 600 (owner read/write only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line and not line.startswith("#") and " " in line:
                name, _, rest = line.partition(" ")
                known[name] = rest.strip()
    known.update(passwords)
    lines = ["# Demo users of the case tracker (username password). Keep this file private."]
    lines += [f"{name} {known[name]}" for name, _role in DEMO_USERS if name in known]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)  # also when the file already existed with looser permissions


class Command(BaseCommand):
    help = "Create demo users admin, attorney, paralegal and client on the case (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--case", help="Case slug (default: the only case)")
        parser.add_argument("--password", help="Use this password for new users (tests, demos)")
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo user a new password and print it (and write the file).",
        )

    def handle(self, *args, **options):
        case = self._case(options["case"])
        client_party = case.parties.filter(side=Party.Side.PLAINTIFF).order_by("pk").first()
        new_passwords = {}
        with transaction.atomic():
            for username, role in DEMO_USERS:
                password = self._ensure(
                    username,
                    role,
                    case,
                    client_party,
                    options["password"],
                    options["reset_passwords"],
                )
                if password:
                    new_passwords[username] = password
        if new_passwords:
            path = credentials_path()
            write_credentials(path, new_passwords)
            self.stdout.write(f"Passwords saved to {path} (readable by you only).")
        else:
            self.stdout.write(f"Lost a password? {RESET_HINT}")

    def _case(self, slug):
        cases = Case.objects.filter(slug=slug) if slug else Case.objects.all()
        if cases.count() == 1:
            return cases.get()
        if not slug:  # several cases: the demo users' own case, so `make run` works again later
            demo = [username for username, _role in DEMO_USERS]
            theirs = cases.filter(memberships__user__username__in=demo).distinct()
            if theirs.count() == 1:
                return theirs.get()
        slugs = ", ".join(Case.objects.order_by("slug").values_list("slug", flat=True))
        if not slugs:
            raise CommandError("No case yet: run load_case (or add_case) first.")
        if slug:
            raise CommandError(f"No case with the slug {slug!r}. Cases: {slugs}.")
        raise CommandError(f"There are several cases: name one with --case SLUG ({slugs}).")

    def _ensure(self, username, role, case, party, password, reset):
        """Returns the password it set, or None when the user kept theirs."""
        user = User.objects.filter(username=username).first()
        new_password = None
        if user is None:
            new_password = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=new_password,
                email=f"{username}@example.org",
                first_name=f"Demo {role.label}",
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            self.stdout.write(f"{username:10} {new_password}   ({role.label}, demo user)")
        elif reset:
            new_password = password or secrets.token_urlsafe(12)
            user.set_password(new_password)
            user.save(update_fields=["password"])
            self.stdout.write(f"{username:10} {new_password}   ({role.label}, new password)")
        else:
            self.stdout.write(f"{username:10} exists; password unchanged")
        CaseMembership.objects.get_or_create(
            user=user,
            case=case,
            defaults={"role": role, "party": party if role == Role.CLIENT else None},
        )
        return new_password
