"""Issue 9 §1: derived data inherits the visibility of its source entry, at read time.

The scenario of the probe: a public motion (ECF 104) starts an opposition deadline (LCvR 7(b));
a public order (ECF 105) sets an obligation running from it. Reminders are sent (e-mail and
in-app), every role subscribes to its calendar and asks for a docket sheet. Then the motion is
sealed. From then on only admins may see anything that came from it: every page, feed, e-mail
and export is read for every role, and the team cannot act on the deadlines."""

import datetime as dt
import io

import pdfplumber
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casetracker.courttime import court_today
from docket.entries import services as entry_services
from docket.models import DocketEntry, DocketExport
from docket.papers.tasks import prepare_export
from notices.deadlines import obligations
from notices.models import CalendarToken, Deadline, Notification
from notices.reminders import sending as reminders

pytestmark = pytest.mark.django_db

SECRET = "SEALED-MARKER-ALPHA"
OBLIGATION = "OBLIGATION-MARKER-BETA"
# What would give the sealed motion away: its text, what was derived from it, its number.
TELLTALES = (SECRET, OBLIGATION, "opposition to the motion due", "ECF 104")
ROLES = ("admin", "attorney", "paralegal", "client")


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def leaks(text):
    return [t for t in TELLTALES if t in text]


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def pdf_text(response):
    data = b"".join(response.streaming_content)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.fixture
def unsealed(real_case, users, client_for):
    """Everything derived from ECF 104 exists while it is public."""
    today = court_today(real_case, timezone.now())
    motion = entry_services.create_entry(
        case=real_case,
        by=users["paralegal"],
        fields={
            "number": 104,
            "date_filed": today,
            "text": f"MOTION to compel production of the {SECRET} ledger",
            "kind": "motion",
            "visibility": "public",
        },
    )
    order = entry_services.create_entry(
        case=real_case,
        by=users["paralegal"],
        fields={"number": 105, "date_filed": today, "text": "ORDER on scheduling", "kind": "order"},
    )
    _, obligation_deadline = obligations.add_obligation(
        order=order,
        party_side="defendant",
        text=f"Produce the {OBLIGATION} documents",
        period="21d",
        trigger=motion,
        user=users["paralegal"],
    )
    opposition = Deadline.objects.get(trigger=motion, obligation__isnull=True)
    deadlines = [opposition, obligation_deadline]
    assert all(d.is_public for d in deadlines)

    # Reminders go out (7, 3 and 1 day before the opposition is due): e-mail and in-app.
    reminders.sweep(now=opposition.due_at - dt.timedelta(hours=12))
    assert any(leaks(m.subject + m.body) for m in mail.outbox)
    assert Notification.objects.filter(user=users["attorney"]).exists()

    # Every role subscribed to its calendar while ECF 104 was public.
    tokens = {role: CalendarToken.objects.create(user=users[role]).token for role in ROLES}
    client_feed = client_for(None).get(reverse("calendar_feed", args=[tokens["client"]]))
    assert OBLIGATION in body(client_feed)  # a public date, before the seal
    return {"motion": motion, "order": order, "deadlines": deadlines, "tokens": tokens}


def seal(story, admin):
    entry_services.update_entry(entry=story["motion"], by=admin, fields={"visibility": "sealed"})
    mail.outbox.clear()
    return story


@pytest.fixture
def story(unsealed, users):
    """... and then ECF 104 is sealed by an admin."""
    return seal(unsealed, users["admin"])


def pages(case, story):
    slug = case.slug
    urls = [
        reverse(name, args=[slug])
        for name in (
            "case_detail",
            "docket_list",
            "case_deadlines",
            "record_page",
            "client_status",
            "docket_export",
            "docket_export_csv",
            "compliance_ledger",
            "entry_new",
            "notice_new",
        )
    ]
    urls += [reverse(name) for name in ("all_deadlines", "notifications", "home", "case_list")]
    urls += [
        reverse("entry_detail", args=[slug, "105"]),
        reverse("obligation_new", args=[slug, "105"]),
        reverse("docket_list", args=[slug]) + "?q=compel",
        reverse("case_deadlines", args=[slug]) + "?closed=1",
    ]
    urls += [reverse("deadline_detail", args=[slug, d.pk]) for d in story["deadlines"]]
    urls += [reverse("entry_detail", args=[slug, "104"])]
    return urls


@pytest.mark.parametrize("role", ["attorney", "paralegal", "client"])
def test_no_page_feed_or_export_shows_what_came_from_a_sealed_entry(
    real_case, users, client_for, story, role
):
    client = client_for(users[role])
    for url in pages(real_case, story):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        assert not leaks(body(response)), (role, url, leaks(body(response)))
    feed = client_for(None).get(reverse("calendar_feed", args=[story["tokens"][role]]))
    assert feed.status_code == 200 and not leaks(body(feed)), (role, leaks(body(feed)))


def make_sheet(client, case, user):
    client.post(reverse("docket_export", args=[case.slug]))
    sheet = DocketExport.objects.filter(requested_by=user).latest("pk")
    assert prepare_export(sheet.pk) == DocketExport.Status.READY
    return sheet


def test_docket_sheets_made_before_the_seal_are_refused_after_it(
    real_case, users, client_for, unsealed
):
    sheets = {}
    for role in ("admin", "attorney", "client"):
        client = client_for(users[role])
        sheets[role] = make_sheet(client, real_case, users[role])
        before = client.get(reverse("docket_export_file", args=[real_case.slug, sheets[role].pk]))
        assert SECRET in pdf_text(before), role  # the sheet holds the then-public motion
    seal(unsealed, users["admin"])
    for role in ("attorney", "client"):
        client = client_for(users[role])
        response = client.get(reverse("docket_export_file", args=[real_case.slug, sheets[role].pk]))
        assert response.status_code == 403, role
        assert "Prepare a new one" in body(response)
    # Admins may see sealed entries: their sheet stays readable.
    client = client_for(users["admin"])
    response = client.get(reverse("docket_export_file", args=[real_case.slug, sheets["admin"].pk]))
    assert response.status_code == 200 and SECRET in pdf_text(response)
    # A new sheet leaves the sealed entry out.
    client = client_for(users["attorney"])
    sheet = make_sheet(client, real_case, users["attorney"])
    response = client.get(reverse("docket_export_file", args=[real_case.slug, sheet.pk]))
    assert response.status_code == 200 and not leaks(pdf_text(response))


def test_admins_still_see_everything(real_case, users, client_for, story):
    client = client_for(users["admin"])
    seen = "".join(body(client.get(url)) for url in pages(real_case, story))
    assert SECRET in seen and OBLIGATION in seen and "opposition to the motion due" in seen
    feed = client_for(None).get(reverse("calendar_feed", args=[story["tokens"]["admin"]]))
    assert OBLIGATION in body(feed)


def test_the_team_cannot_act_on_deadlines_of_a_sealed_entry(real_case, users, client_for, story):
    for role in ("attorney", "paralegal"):
        client = client_for(users[role])
        for action in ("met", "vacate", "reopen"):
            for deadline in story["deadlines"]:
                url = reverse("deadline_action", args=[real_case.slug, deadline.pk, action])
                data = {"entry": story["order"].pk, "reason": "x", "confirm": "on"}
                response = client.post(url, data)
                # Paralegals may never vacate or reopen (403 for any deadline, before lookup).
                refused = 403 if role == "paralegal" and action != "met" else 404
                assert response.status_code == refused, (role, action)
                deadline.refresh_from_db()
                assert deadline.status == Deadline.Status.OPEN, (role, action)
    # An admin may (the same POST works for them).
    deadline = story["deadlines"][0]
    client = client_for(users["admin"])
    url = reverse("deadline_action", args=[real_case.slug, deadline.pk, "vacate"])
    data = {"reason": "Mooted by the sealed settlement", "confirm": "on"}
    assert client.post(url, data).status_code == 302


def test_no_email_or_notification_after_the_seal(real_case, users, client_for, story):
    opposition = story["deadlines"][0]
    # The day-of reminder and the overdue escalation fall due after the seal.
    counts = reminders.sweep(now=opposition.due_at + dt.timedelta(hours=2))
    assert counts.get("sent", 0) == 0 and counts.get("cancelled", 0) > 0
    assert not [m.subject for m in mail.outbox if leaks(m.subject + m.body)]
    for role in ("attorney", "paralegal"):
        page = body(client_for(users[role]).get(reverse("notifications")))
        assert not leaks(page), role
    # The unread count in the header counts only what the user may read (here: the new-entry
    # alert about ECF 105, the public order, and nothing derived from the sealed motion).
    unread = Notification.objects.filter(user=users["attorney"], read_at__isnull=True)
    readable = unread.visible_to_user(users["attorney"])
    assert unread.count() > readable.count()
    assert {n.entry_id for n in readable} == {story["order"].pk}
    header = body(client_for(users["attorney"]).get(reverse("case_list")))
    assert f'aria-label="{readable.count()} unread"' in header


def test_unsealing_brings_it_back(real_case, users, client_for, story):
    entry_services.update_entry(
        entry=story["motion"], by=users["admin"], fields={"visibility": "public"}
    )
    page = body(client_for(users["attorney"]).get(reverse("case_deadlines", args=[real_case.slug])))
    assert OBLIGATION in page
    feed = client_for(None).get(reverse("calendar_feed", args=[story["tokens"]["client"]]))
    assert OBLIGATION in body(feed)


def test_deadline_page_says_whether_clients_really_see_it(real_case, users, client_for, story):
    """The flag the team set says public; the source is sealed, so clients do not see it."""
    deadline = story["deadlines"][0]  # the opposition deadline the Local Rules set
    page = body(
        client_for(users["admin"]).get(
            reverse("deadline_detail", args=[real_case.slug, deadline.pk])
        )
    )
    assert "<dt>Clients see it</dt><dd>No" in page


def test_duplicate_number_error_does_not_quote_a_sealed_entry(real_case, users, client_for, story):
    client = client_for(users["paralegal"])
    response = client.post(
        reverse("entry_new", args=[real_case.slug]),
        {
            "number": "104",
            "date_filed": timezone.localdate().isoformat(),
            "text": "Notice of appearance",
            "kind": "notice",
            "visibility": "public",
            "att-TOTAL_FORMS": "0",
            "att-INITIAL_FORMS": "0",
        },
    )
    page = body(response)
    assert response.status_code == 400
    assert "ECF No. 104 is already on this docket" in page
    assert SECRET not in page
    # An admin, who may see the sealed entry, is told what it is.
    response = client_for(users["admin"]).post(
        reverse("entry_new", args=[real_case.slug]),
        {
            "number": "104",
            "date_filed": timezone.localdate().isoformat(),
            "text": "Notice of appearance",
            "kind": "notice",
            "visibility": "public",
            "att-TOTAL_FORMS": "0",
            "att-INITIAL_FORMS": "0",
        },
    )
    assert SECRET in body(response)


NEF = """Date: Fri, 15 Mar 2019 09:52:59 -0400
MIME-Version: 1.0
From: <DCD_ECFNotice@dcd.uscourts.gov>
Subject: Activity in Case 1:25-cv-00457-CKK CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al Order
Content-Type: text/plain

U.S. District Court
District of Columbia

Notice of Electronic Filing
The following transaction was entered on {date:%-m/%-d/%Y} 9:52 AM and filed on {date:%-m/%-d/%Y}

Case Name: CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al
Case Number: 1:25-cv-00457-CKK https://ecf.dcd.uscourts.gov/cgi-bin/DktRpt.pl?277000
Filer:
Document Number: 104

Docket Text:
SEALED MOTION filed by INTERNAL REVENUE SERVICE (placeholder text shown to the public)

1:25-cv-00457-CKK Notice has been electronically mailed to:
"""


def test_an_nef_import_never_overwrites_a_sealed_entry(real_case, users, client_for, story):
    from django.core.files.uploadedfile import SimpleUploadedFile

    raw = NEF.format(date=story["motion"].date_filed).encode()
    client = client_for(users["paralegal"])
    response = client.post(
        reverse("import_nef", args=[real_case.slug]),
        {"file": SimpleUploadedFile("nef.eml", raw, content_type="message/rfc822")},
    )
    assert response.status_code == 302, body(response)  # to the import job's page
    from docket.ingest.tasks import run_import_job
    from docket.models import ImportJob

    job = ImportJob.objects.get(case=real_case)
    assert run_import_job(job.pk) == "done"
    story["motion"].refresh_from_db()
    assert SECRET in story["motion"].text
    assert story["motion"].visibility == DocketEntry.Visibility.SEALED
    job_page = client.get(response["Location"])
    assert job_page.status_code == 200 and not leaks(body(job_page))
    status = client.get(reverse("import_job_status", args=[real_case.slug, job.pk]))
    assert not leaks(status.content.decode())
