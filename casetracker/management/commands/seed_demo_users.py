"""Create one demo user per role on a case, printing each new password once."""

import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casetracker.models import Case, CaseMembership, Party, Role, User

DEMO_USERS = [
    ("admin", Role.ADMIN),
    ("attorney", Role.ATTORNEY),
    ("paralegal", Role.PARALEGAL),
    ("client", Role.CLIENT),
]


class Command(BaseCommand):
    help = "Create demo users admin, attorney, paralegal and client on the case (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--case", help="Case slug (default: the only case)")
        parser.add_argument("--password", help="Use this password for new users (tests, demos)")

    def handle(self, *args, **options):
        case = self._case(options["case"])
        client_party = case.parties.filter(side=Party.Side.PLAINTIFF).order_by("pk").first()
        with transaction.atomic():
            for username, role in DEMO_USERS:
                self._ensure(username, role, case, client_party, options["password"])

    def _case(self, slug):
        cases = Case.objects.filter(slug=slug) if slug else Case.objects.all()
        if cases.count() != 1:
            raise CommandError("Name the case with --case SLUG (run load_case first).")
        return cases.get()

    def _ensure(self, username, role, case, party, password):
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=password,
                email=f"{username}@example.org",
                first_name=f"Demo {role.label}",
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            self.stdout.write(f"{username:10} {password}   ({role.label}, demo user)")
        else:
            self.stdout.write(f"{username:10} exists; password unchanged")
        CaseMembership.objects.get_or_create(
            user=user,
            case=case,
            defaults={"role": role, "party": party if role == Role.CLIENT else None},
        )
