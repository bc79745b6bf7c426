"""The banner `make run` prints before it starts the servers: where to open the app, who can
sign in, and how to get a password again."""

import os

from django.core.management.base import BaseCommand

from casetracker.models import User

from .seed_demo_users import DEMO_USERS, RESET_HINT, credentials_path


class Command(BaseCommand):
    help = "Print the start-up banner: URL, demo users, how to get a password again."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        url = f"http://{options['host']}:{options['port']}/"
        existing = set(
            User.objects.filter(username__in=[u for u, _ in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        path = credentials_path()
        rule = "=" * 72
        lines = [rule, f"  Case tracker: open {url}", ""]
        lines.append("  Demo users (one per role):")
        for username, role in DEMO_USERS:
            mark = "" if username in existing else "   (missing: run seed_demo_users)"
            lines.append(f"    {username:10} {role.label}{mark}")
        lines.append("")
        if path.exists():
            lines.append(f"  Passwords: {path} (readable by you only)")
        lines.append(f"  New passwords: {RESET_HINT}")
        lines.append("  Ctrl-C stops the web server, redis-server, the Celery worker and beat.")
        lines.append(rule)
        self.stdout.write("\n".join(lines))
