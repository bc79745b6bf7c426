"""The inbound NEF address: the real receiver (`manage.py smtp_inbound`, a subprocess on a free
port) gets real mail by smtplib. A real D.D.C. NEF for a tracked case is stored, imported and
alerted; the same NEF again changes nothing; mail that is not an NEF, or for no tracked case, is
quarantined with the reason; another domain is refused at RCPT."""

import os
import smtplib
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from casetracker.models import Role
from casetracker.services import track_case
from docket.ingest.models import InboundMessage
from docket.models import DocketEntry
from notices.reminders import sending as reminders
from tests.live import ROOT, database_url_for_tests, free_port, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
NEF = Path(__file__).parents[1] / "samples" / "dcd_nef_plain.eml"
DOMAIN = "tracker.example.org"


@pytest.fixture
def receiver(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "INBOUND_DOMAIN": DOMAIN,
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # no broker: the sweep sends alerts
    }
    log = (tmp_path / "smtp.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "smtp_inbound", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def listening():
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=2) as smtp:
                return smtp.noop()[0] == 250
        except OSError:
            assert process.poll() is None, (tmp_path / "smtp.log").read_text()
            return False

    wait_until(listening, timeout=60, message="the SMTP receiver to listen")
    yield port
    process.terminate()
    process.wait(timeout=20)
    log.close()


def send(port, raw, to, sender="DCD_ECFNotice@dcd.uscourts.gov"):
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        return smtp.sendmail(sender, to, raw)


def test_a_real_nef_by_smtp_reaches_the_docket_and_alerts_once(
    receiver, member_factory, mailoutbox
):
    case = track_case(court_code="dcd", number="1:17-cr-00201-ABJ", caption="USA v. Manafort et al")
    attorney = member_factory(case, Role.ATTORNEY, username="att")
    address = f"{case.slug}@{DOMAIN}"
    assert address == "usa-v-manafort@tracker.example.org"

    assert send(receiver, NEF.read_bytes(), [address]) == {}
    entry = wait_until(lambda: case.entries.filter(number=551).first(), message="ECF 551")
    assert entry.source == "nef" and entry.text.startswith("Joint STATUS REPORT by USA")
    stored = InboundMessage.objects.get()
    assert (stored.status, stored.case_id, stored.added) == ("imported", case.pk, 1)
    assert (
        bytes(stored.raw).replace(b"\r\n", b"\n").strip()
        == NEF.read_bytes().replace(b"\r\n", b"\n").strip()
    )
    assert stored.subject.startswith("Activity in Case 1:17-cr-00201-ABJ USA v. MANAFORT")

    assert reminders.sweep() == {"sent": 2}  # e-mail and in-app
    (mail,) = [m for m in mailoutbox if attorney.email in m.to]
    assert "ECF No. 551" in mail.subject and entry.get_absolute_url() in mail.body

    # The same notice delivered again: stored (never lose mail), changes nothing, alerts nobody.
    send(receiver, NEF.read_bytes(), [address])
    wait_until(lambda: InboundMessage.objects.filter(status="duplicate").exists())
    assert DocketEntry.objects.count() == 1
    assert reminders.sweep() == {} and len(mailoutbox) == 1


def test_mail_that_is_not_an_nef_or_for_no_case_is_quarantined(receiver):
    case = track_case(court_code="dcd", number="1:17-cr-00201", caption="USA v. Manafort et al")
    note = EmailMessage()
    note["From"] = "someone@example.org"
    note["To"] = f"{case.slug}@{DOMAIN}"
    note["Subject"] = "Lunch?"
    note.set_content("Are we still on for Thursday?")
    send(receiver, note.as_bytes(), [f"{case.slug}@{DOMAIN}"])
    send(receiver, NEF.read_bytes(), [f"no-such-case@{DOMAIN}"])
    wait_until(lambda: InboundMessage.objects.filter(status="quarantined").count() == 2)
    reasons = dict(InboundMessage.objects.values_list("subject", "reason"))
    assert "not a CM/ECF Notice of Electronic Filing" in reasons["Lunch?"]
    nef_reason = next(r for s, r in reasons.items() if s.startswith("Activity in Case"))
    assert "No tracked case has the address “no-such-case”" in nef_reason
    assert not DocketEntry.objects.exists()


def test_another_domain_is_refused_and_nothing_is_stored(receiver):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(receiver, NEF.read_bytes(), ["usa-v-manafort@elsewhere.example.com"])
    ((code, message),) = refused.value.recipients.values()
    assert code == 550 and b"elsewhere.example.com" in message
    assert not InboundMessage.objects.exists()
