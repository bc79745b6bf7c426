"""Start tracking a case.

    python manage.py add_case --court dcd --number 1:25-cv-00457 \
        --caption "Center for Taxpayer Rights et al. v. Internal Revenue Service et al." \
        [--judge "Colleen Kollar-Kotelly"]

The court is a CM/ECF code from the courts table (every district court and court of appeals);
the number is checked against the court's format (1:25-cv-00457 or 26-5006)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casetracker.services import track_case


class Command(BaseCommand):
    help = "Start tracking a case in a federal district court or court of appeals."

    def add_arguments(self, parser):
        parser.add_argument("--court", required=True, help="CM/ECF court code, e.g. dcd, cadc")
        parser.add_argument("--number", required=True, help="Docket number, e.g. 1:25-cv-00457")
        parser.add_argument("--caption", required=True, help="Case caption")
        parser.add_argument("--judge", default="", help="Assigned judge")

    def handle(self, *args, **options):
        try:
            case = track_case(
                court_code=options["court"],
                number=options["number"],
                caption=options["caption"],
                judge=options["judge"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        domain = getattr(settings, "INBOUND_DOMAIN", "")
        self.stdout.write(
            f"Tracking {case.short_name} ({case.court.cmecf_code} {case.docket_number})"
        )
        self.stdout.write(f"case page: {case.get_absolute_url()}")
        if domain:
            self.stdout.write(f"inbound NEF address: {case.slug}@{domain}")
        else:
            self.stdout.write(
                f"inbound NEF address: {case.slug}@<your mail domain> (set INBOUND_DOMAIN; "
                "see the README's Inbound NEF e-mail)"
            )
        if not case.court.rss_url:
            self.stdout.write(
                f"note: no RSS feed is set for {case.court.cmecf_code}; set it in the admin "
                "(Courts) to have new entries polled."
            )
        self.stdout.write(f"slug: {case.slug}")
