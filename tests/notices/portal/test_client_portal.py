"""The client portal: from the status page a client reaches the public docket (with its public
PDFs), the calendar feed (subscribe, copy link, Google/Outlook steps) and the legal team's
contacts; key orders read in the team's plain English; no work-product footer on their pages."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from casetracker.models import Attorney, Party, Representation
from docket.models import Document
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db
RAW_TEXT = (
    "MINUTE ORDER granting 44 Motion for Extension of Time. Signed by Judge X on 9/9/2025. (lcckk1)"
)


@pytest.fixture
def counsel(real_case):
    plaintiff = real_case.parties.filter(side=Party.Side.PLAINTIFF).first()
    defendant = real_case.parties.filter(side=Party.Side.DEFENDANT).first()
    lead = Attorney.objects.create(
        name="Zoe Lead", organisation="Democracy Forward Foundation",
        email="zlead@example.org", phone="(202) 555-0100",
    )  # fmt: skip
    Representation.objects.create(attorney=lead, party=plaintiff, role="lead")
    gone = Attorney.objects.create(name="Former Counsel", email="gone@example.org")
    Representation.objects.create(attorney=gone, party=plaintiff, terminated=dt.date(2025, 6, 1))
    doj = Attorney.objects.create(name="Government Lawyer", email="doj@usdoj.gov")
    Representation.objects.create(attorney=doj, party=defendant, role="lead")
    return {"lead": lead, "gone": gone, "doj": doj, "party": plaintiff}


def test_status_page_links_to_docket_calendar_and_team(real_case, users, client_for, counsel):
    html = client_for(users["client"]).get(reverse("client_status", args=[real_case.slug]))
    html = html.content.decode()
    assert f'href="{reverse("docket_list", args=[real_case.slug])}"' in html
    assert f'href="{reverse("calendar_settings")}"' in html
    assert "Your legal team" in html
    # Lead counsel first, with e-mail and a dialable phone link; ended and opposing counsel never.
    team = html.split('id="team-h"')[1]
    assert team.index("Zoe Lead") < team.index("Daniel A. McGrath")
    assert 'href="mailto:zlead@example.org"' in team and 'href="tel:202555-0100"' in team
    assert "Former Counsel" not in html and "Government Lawyer" not in html


def test_key_orders_never_show_raw_cmecf_text(real_case, users, client_for):
    order = EntryFactory(
        case=real_case, kind="minute_order", number=None, text=RAW_TEXT, is_key_order=True,
        date_filed=dt.date(2025, 9, 9),
    )  # fmt: skip
    html = client_for(users["client"]).get(reverse("client_status", args=[real_case.slug]))
    html = html.content.decode()
    assert "lcckk1" not in html and RAW_TEXT not in html
    assert "has not yet written a plain-English summary" in html
    # No PDF in the tracker: no promise of a link below, but the way to the public entry.
    assert "the order itself is linked below" not in html
    assert f'href="{order.get_absolute_url()}">See it on the public docket' in html
    assert client_for(users["client"]).get(order.get_absolute_url()).status_code == 200
    order.plain_summary = "The judge gave the government more time."
    order.save()
    html = client_for(users["client"]).get(reverse("client_status", args=[real_case.slug]))
    assert "The judge gave the government more time." in html.content.decode()


def test_client_reads_public_docket_and_its_pdfs_without_footer(real_case, users, client_for):
    public = EntryFactory(case=real_case, number=77, text="Public notice", visibility="public")
    restricted = EntryFactory(case=real_case, number=78, text="Restricted declaration",
                              visibility="restricted")  # fmt: skip
    document = Document(entry=public, attachment_number=0, sha256="c" * 64, page_count=2)
    document.file.save("n.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
    client = client_for(users["client"])
    docket = client.get(reverse("docket_list", args=[real_case.slug])).content.decode()
    assert "Public notice" in docket and "Restricted declaration" not in docket
    assert "work product" not in docket
    entry = client.get(public.get_absolute_url()).content.decode()
    download = reverse("document_download", args=[real_case.slug, document.pk])
    assert f'href="{download}' in entry and "work product" not in entry
    assert client.get(download).status_code == 200
    assert client.get(restricted.get_absolute_url()).status_code == 404
    for name in ("calendar_settings", "notifications", "case_list"):
        assert "work product" not in client.get(reverse(name)).content.decode(), name
    # The team still sees it on its pages.
    team = client_for(users["attorney"]).get(reverse("docket_list", args=[real_case.slug]))
    assert "attorney work product" in team.content.decode()


def test_calendar_page_offers_subscribe_copy_and_instructions(users, client_for, real_case):
    html = client_for(users["client"]).get(reverse("calendar_settings")).content.decode()
    assert 'href="webcal://testserver/calendar/' in html
    assert 'data-copy="#feed-url"' in html and ">Copy link</button>" in html
    assert (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fcalendar%2F" in html
    )
    assert "Google Calendar" in html and "Subscribe from web" in html
    assert "the case's public court dates" in html
