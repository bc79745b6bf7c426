"""The client status page: plain-language status of the case, public material only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from casetracker.models import Party, Role
from docket.models import DocketEntry, Document, Filing, Obligation, RecordDocument
from tests.docket.factories import EntryFactory
from tests.notices.factories import DeadlineFactory, DisclosureFactory, NoticeWindowFactory

ET = ZoneInfo("America/New_York")
SECRET_NOTE = "Internal: consider moving to compel — do not share"
RESTRICTED_TEXT = "Restricted entry text: settlement posture memo"
SEALED_TEXT = "Sealed declaration of whistleblower"
PRIVILEGED_TITLE = "Draft options memo to the Commissioner"
DRAFT_TITLE = "DRAFT notice of non-compliance (not filed)"


def status_url(case):
    return reverse("client_status", kwargs={"slug": case.slug})


@pytest.fixture
def furnished(real_case, users):
    """The real case with internal material that must never reach a client."""
    order = real_case.entries.get(date_filed=dt.date(2025, 11, 21))
    order.plain_summary = "The judge paused the IRS's policy of sharing addresses with ICE."
    order.internal_note = SECRET_NOTE
    order.save()
    document = Document(entry=order, attachment_number=0, sha256="a" * 64, page_count=4)
    document.file.save("order.pdf", ContentFile(b"%PDF-1.4 fake"), save=True)
    EntryFactory(case=real_case, text=RESTRICTED_TEXT, visibility="restricted", is_key_order=True)
    EntryFactory(case=real_case, text=SEALED_TEXT, visibility="sealed", is_key_order=True)
    RecordDocument.objects.create(
        case=real_case,
        bates_start="IRS-AR-000058",
        bates_end="IRS-AR-000059",
        title=PRIVILEGED_TITLE,
        privilege_claim="Deliberative process",
        privilege_basis="Pre-decisional",
        withheld=True,
    )
    Filing.objects.create(case=real_case, title=DRAFT_TITLE, body="Draft body")
    real_case.stage = "Preliminary relief granted in part; record production pending"
    real_case.save()
    return real_case


def test_client_lands_on_the_status_page(furnished, users, client_for):
    client = client_for(users["client"])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == status_url(furnished)
    response = client.get(reverse("case_detail", kwargs={"slug": furnished.slug}))
    assert response.status_code == 302 and response["Location"] == status_url(furnished)


def test_status_page_content(furnished, users, client_for, django_assert_max_num_queries):
    client = client_for(users["client"])
    with django_assert_max_num_queries(25):
        response = client.get(status_url(furnished))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preliminary relief granted in part; record production pending" in html
    assert "Four organisations challenge the IRS" in html  # the public summary from the loader
    assert "The judge paused the IRS&#x27;s policy of sharing addresses with ICE." in html
    pdf = Document.objects.get(entry__date_filed=dt.date(2025, 11, 21))
    assert reverse("document_download", kwargs={"slug": furnished.slug, "pk": pdf.pk}) in html
    assert "Read the order (PDF, 4 pages)" in html
    # the 24-hour order in plain words
    # ... in the past tense: it ran while the motion was pending, until the 21 Nov 2025 ruling
    assert (
        "the government had to give the Court and Plaintiffs 24 hours&#x27; advance notice" in html
    )
    assert "That requirement ended on Fri 21 Nov 2025 (the Court&#x27;s ruling on the" in html
    assert "it no longer applies" in html and "must give" not in html
    assert "No notices were received." in html
    assert "No disclosures were reported while it applied." in html
    # the 7 Aug 2025 disclosure is history from before the order, never a breach
    assert "1 disclosure was made outside the period the order covered" in html
    assert "did not follow the notice order" not in html
    assert f"You are following this case for {users['client'].memberships.get().party.name}" in html
    assert "Edit what clients read" not in html


def test_client_never_sees_internal_material(furnished, users, client_for):
    html = client_for(users["client"]).get(status_url(furnished)).content.decode()
    for secret in (SECRET_NOTE, RESTRICTED_TEXT, SEALED_TEXT, PRIVILEGED_TITLE, DRAFT_TITLE):
        assert secret not in html
    assert "Deliberative process" not in html
    assert "/admin/" not in html
    assert reverse("record_page", kwargs={"slug": furnished.slug}) not in html


def test_client_sees_no_other_clients_data(furnished, users, client_for, member_factory):
    other_party = Party.objects.get(case=furnished, name="Main Street Alliance")
    other = member_factory(furnished, Role.CLIENT, username="msa-client", email="x@msa.example")
    other.memberships.update(party=other_party)
    html = client_for(users["client"]).get(status_url(furnished)).content.decode()
    assert "msa-client" not in html and "x@msa.example" not in html
    assert "Main Street Alliance" not in html


def test_next_public_dates_only(furnished, users, client_for):
    now = timezone.now()
    order = furnished.entries.get(date_filed=dt.date(2025, 9, 9))
    obligation = Obligation.objects.get(order=order)
    hidden_order = EntryFactory(case=furnished, visibility="restricted", kind="order")
    DeadlineFactory(
        case=furnished,
        obligation=obligation,
        title="Joint status report due",
        due_at=(now + dt.timedelta(days=10)).replace(hour=4, minute=59, second=59),
    )
    DeadlineFactory(
        case=furnished,
        title="Internal prep meeting",
        due_at=now + dt.timedelta(days=2),
        is_public=False,
    )
    DeadlineFactory(case=furnished, title="Past hearing", due_at=now - dt.timedelta(days=2))
    DeadlineFactory(
        case=furnished, title="Vacated date", due_at=now + dt.timedelta(days=3), status="vacated"
    )
    DeadlineFactory(
        case=furnished,
        obligation=Obligation.objects.create(order=hidden_order, party_side="defendant", text="x"),
        title="Deadline from a restricted order",
        due_at=now + dt.timedelta(days=4),
    )
    html = client_for(users["client"]).get(status_url(furnished)).content.decode()
    upcoming, earlier = html.split("Earlier dates", 1)
    upcoming = upcoming.split('id="dates-h"', 1)[1]
    assert "Joint status report due" in upcoming
    for hidden in ("Internal prep meeting", "restricted order"):
        assert hidden not in html
    # Past and vacated public dates are listed apart, in the words every page uses.
    for past in ("Past hearing", "Vacated date"):
        assert past not in upcoming
        assert past in earlier
    assert "Vacated" in earlier


def test_notice_windows_and_disclosures_in_plain_words(furnished, users, client_for):
    received = dt.datetime(2025, 10, 3, 16, 0, tzinfo=ET)
    NoticeWindowFactory(
        case=furnished,
        received_at=received,
        closes_at=received + dt.timedelta(hours=24 + 48),
        given_by="Secret AUSA name",
        data_description="Addresses of 1,234 taxpayers in Ohio",
    )
    DisclosureFactory(
        case=furnished,
        occurred_at=received + dt.timedelta(hours=2),
        source="Press report",
        description="Internal: our source at ICE says...",
        verdict="breach",
        summary="Before the window closed",
    )
    html = client_for(users["client"]).get(status_url(furnished)).content.decode()
    assert (
        "1 notice received while it applied. It arrived Fri 3 Oct 2025, 4:00 p.m. ET; the "
        "waiting period ended Mon 6 Oct 2025, 4:00 p.m. ET." in html
    )
    assert "1 disclosure did not follow the notice order." in html
    for secret in ("Secret AUSA name", "1,234 taxpayers", "our source at ICE", "Press report"):
        assert secret not in html


def test_record_status_shown_in_plain_words(furnished, users, client_for):
    # The loaded order: the defendants' record, due Fri 24 Oct 2025, nothing produced yet.
    html = client_for(users["client"]).get(status_url(furnished)).content.decode()
    assert "Their non-compliance" in html
    assert (
        "The other side&#x27;s obligation was due Fri 24 Oct 2025; nothing is recorded as "
        "meeting it." in html
    )


def test_default_stage_when_the_team_wrote_none(real_case, users, client_for):
    html = client_for(users["client"]).get(status_url(real_case)).content.decode()
    # The record was due Fri 24 Oct 2025 and nothing is produced: the stage line uses the
    # words of the record's own status on the same page, never "pending".
    assert (
        "Latest order Fri 21 Nov 2025; administrative record: Their non-compliance "
        "(due Fri 24 Oct 2025)" in html
    )
    assert "administrative record pending" not in html


# Due Fri 24 Oct 2025, 11:59:59 p.m. ET (EDT, UTC-4) = Sat 25 Oct 2025 03:59:59 UTC.
@pytest.mark.parametrize(
    ("now", "words"),
    [
        (dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), "Open"),
        (dt.datetime(2025, 10, 17, 12, tzinfo=dt.UTC), "Open"),  # 7 days 16 h before
        (dt.datetime(2025, 10, 18, 4, tzinfo=dt.UTC), "Due soon"),  # 6 days 23:59:59 before
        (dt.datetime(2025, 10, 25, 3, 59, tzinfo=dt.UTC), "Due soon"),  # 11:59 p.m. ET
        (dt.datetime(2025, 10, 25, 4, 0, tzinfo=dt.UTC), "Their non-compliance"),  # midnight ET
        (dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), "Their non-compliance"),
    ],
)
def test_stage_line_words_the_record_as_its_status_does(real_case, now, words):
    from notices.portal.selectors import default_stage, public_record_status

    _obligation, status = public_record_status(real_case, now)
    assert status.label == words
    line = default_stage([], status, real_case)
    assert line == f"administrative record: {words} (due Fri 24 Oct 2025)"


def test_outsider_gets_404_and_anonymous_goes_to_login(real_case, users, client_for):
    assert client_for(users["outsider"]).get(status_url(real_case)).status_code == 404
    response = client_for(None).get(status_url(real_case))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["admin", "attorney", "paralegal"])
def test_team_previews_and_edits(real_case, users, client_for, role):
    client = client_for(users[role])
    html = client.get(status_url(real_case)).content.decode()
    assert "Preview: this is the page your clients see." in html
    assert "Edit what clients read" in html
    order = real_case.entries.get(date_filed=dt.date(2025, 9, 5))
    response = client.post(
        reverse("client_status_edit", kwargs={"slug": real_case.slug}),
        {
            "stage": "Waiting for the record",
            "public_summary": "Plain summary <b>bold</b>",
            f"order_{order.pk}": "The IRS must warn us a day before sharing data with ICE.",
        },
    )
    assert response.status_code == 302
    real_case.refresh_from_db()
    order.refresh_from_db()
    assert real_case.stage == "Waiting for the record"
    assert order.plain_summary == "The IRS must warn us a day before sharing data with ICE."
    assert real_case.history.first().history_user == users[role]
    html = client_for(users["client"]).get(status_url(real_case)).content.decode()
    assert "Plain summary &lt;b&gt;bold&lt;/b&gt;" in html
    assert "The IRS must warn us a day before sharing data with ICE." in html


def test_client_cannot_edit(real_case, users, client_for):
    response = client_for(users["client"]).post(
        reverse("client_status_edit", kwargs={"slug": real_case.slug}), {"stage": "Hacked"}
    )
    assert response.status_code == 403
    real_case.refresh_from_db()
    assert real_case.stage == ""


def test_edit_with_a_too_long_line_saves_nothing(real_case, users, client_for):
    order = real_case.entries.get(date_filed=dt.date(2025, 9, 5))
    response = client_for(users["attorney"]).post(
        reverse("client_status_edit", kwargs={"slug": real_case.slug}),
        {"stage": "New stage", f"order_{order.pk}": "x" * 301},
        follow=True,
    )
    assert "Nothing was saved" in response.content.decode()
    real_case.refresh_from_db()
    assert real_case.stage == ""


def test_restricted_key_order_cannot_be_summarised_through_the_service(real_case, users):
    from django.core.exceptions import ValidationError

    from notices.portal.services import update_client_status

    hidden = EntryFactory(case=real_case, visibility="restricted", is_key_order=True)
    with pytest.raises(ValidationError):
        update_client_status(
            case=real_case,
            user=users["attorney"],
            stage="x",
            public_summary="",
            order_summaries={hidden.pk: "leak"},
        )
    hidden.refresh_from_db()
    real_case.refresh_from_db()
    assert hidden.plain_summary == "" and real_case.stage == ""
    assert DocketEntry.objects.filter(plain_summary="leak").count() == 0


def test_client_page_does_not_call_itself_attorney_work_product(client_for, users, real_case):
    from django.urls import reverse

    html = client_for(users["client"]).get(reverse("client_status", args=[real_case.slug]))
    assert "work product" not in html.content.decode()
    team = client_for(users["attorney"]).get(reverse("case_detail", args=[real_case.slug]))
    assert "attorney work product" in team.content.decode()
