"""Run the inbound SMTP receiver for NEFs (the Procfile's `smtp` line).

    python manage.py smtp_inbound [--host 127.0.0.1] [--port 2525]

Mail to `<case-slug>@INBOUND_DOMAIN` is stored, then imported as an NEF into that case or
quarantined with the reason (operator page: /operations/). Ctrl-C stops it."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from docket.ingest.smtp import controller


class Command(BaseCommand):
    help = "Receive CM/ECF NEF e-mails by SMTP and import them into their cases."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.SMTP_INBOUND_HOST)
        parser.add_argument("--port", type=int, default=settings.SMTP_INBOUND_PORT)

    def handle(self, *args, **options):
        server = controller(options["host"], options["port"])
        try:
            server.start()
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on {options['host']}:{options['port']} ({exc.strerror or exc})."
            ) from None
        domain = settings.INBOUND_DOMAIN or "any domain"
        self.stdout.write(
            f"Receiving NEFs on {options['host']}:{options['port']} for <case-slug>@{domain}",
        )
        self.stdout.flush()
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        try:
            while not stop.wait(1):
                pass
        finally:
            server.stop()
            self.stdout.write("Stopped.")
