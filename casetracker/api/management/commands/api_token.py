from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casetracker.api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Create (or rotate) a user's API token and print it as the last line; it is shown only "
        "once. --revoke deletes it instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Delete the user's token")

    def handle(self, *args, username, revoke=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if revoke:
            deleted, _ = ApiToken.objects.filter(user=user).delete()
            self.stdout.write(f"revoked {deleted} token(s) of {username}")
            return
        had_one = ApiToken.objects.filter(user=user).exists()
        _, key = ApiToken.issue(user)
        rotated = " (the previous one no longer works)" if had_one else ""
        self.stdout.write(f"New API token for {username}{rotated}; it is shown only once:")
        self.stdout.write(key)
