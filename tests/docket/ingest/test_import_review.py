"""Import review: every import that changes the docket leaves a record of the entries it added
and a before/after diff of each entry it updated (also in the entries' audit history), shown to
the team; an import never replaces text typed by hand: it keeps both and asks which is canonical,
once."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from casetracker.models import Role
from casetracker.services import track_case
from docket.entries import services as entry_services
from docket.ingest import imports
from docket.ingest.importers.synthetic import SyntheticEntry, docket_report_html
from docket.models import ImportRun, TextConflict

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parents[1] / "samples"
MINUTE_ORDER_NEF = (SAMPLES / "cvtr_nef_minute_order.eml").read_bytes()
NEF_TEXT = "MINUTE ORDER granting in part [20] Motion for Preliminary Injunction"


@pytest.fixture
def case():
    return track_case(court_code="dcd", number="1:25-cv-00457", caption="CVTR et al. v. IRS et al.")


@pytest.fixture
def team(case, member_factory):
    return {r: member_factory(case, r, username=f"r-{r}") for r in (Role.PARALEGAL, Role.ADMIN)}


def report(*entries):
    return docket_report_html(
        docket_number="1:25-cv-00457-CKK",
        case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
        entries=list(entries),
    ).encode()


MOTION = SyntheticEntry(
    dt.date(2025, 8, 20), "MOTION for Preliminary Injunction.", 20, "04500000020"
)


def test_each_import_keeps_what_it_added_and_a_diff_of_what_it_changed(case, team, client_for):
    paralegal = team[Role.PARALEGAL]
    _, first = imports.import_docket_report(html=report(MOTION), case=case, by=paralegal)
    assert first.run.added == 1 and first.run.changes[0]["action"] == "added"
    corrected = SyntheticEntry(
        MOTION.date_filed, "MOTION for Preliminary Injunction (corrected).", 20, "04500000020"
    )
    order = SyntheticEntry(dt.date(2025, 9, 5), "ORDER re 20 MOTION.", 30, "04500000030")
    _, second = imports.import_docket_report(html=report(corrected, order), case=case)
    run = second.run
    assert (run.added, run.updated, run.unchanged, run.source) == (1, 1, 0, "pacer")
    (updated,) = [row for row in run.changes if row["action"] == "updated"]
    assert updated["name"] == "ECF No. 20"
    assert updated["fields"]["Docket text"] == [
        "MOTION for Preliminary Injunction.",
        "MOTION for Preliminary Injunction (corrected).",
    ]
    motion = case.entries.get(number=20)
    assert motion.history.first().history_change_reason == "import: pacer"
    # Nothing changed: no record.
    _, third = imports.import_docket_report(html=report(corrected, order), case=case)
    assert third.run is None and ImportRun.objects.count() == 2

    page = client_for(paralegal).get(run.get_absolute_url()).content.decode()
    assert "<del>MOTION for Preliminary Injunction.</del>" in page
    assert "<ins>MOTION for Preliminary Injunction (corrected).</ins>" in page
    assert "ORDER re 20 MOTION." in page  # the added entry
    listing = client_for(paralegal).get(reverse("import_list", args=[case.slug])).content.decode()
    assert "added 1, updated 1, unchanged 0" in listing


def test_text_typed_by_hand_is_kept_and_the_team_is_asked_once(case, team, client_for):
    paralegal = team[Role.PARALEGAL]
    typed = entry_services.create_entry(
        case=case,
        by=paralegal,
        fields={
            "date_filed": dt.date(2025, 9, 9),
            "text": "Minute order: PI granted in part (our paraphrase)",
            "kind": "minute_order",
        },
    )
    _, summary = imports.import_nef_email(raw=MINUTE_ORDER_NEF, case=case)
    typed.refresh_from_db()
    assert typed.text == "Minute order: PI granted in part (our paraphrase)"
    (conflict,) = TextConflict.objects.all()
    assert conflict.theirs.startswith(NEF_TEXT) and conflict.run == summary.run
    assert "choose which is canonical" in summary.notes[-1]
    # The same notice again asks nothing new.
    imports.import_nef_email(raw=MINUTE_ORDER_NEF, case=case)
    assert TextConflict.objects.count() == 1

    client = client_for(paralegal)
    page = client.get(reverse("import_list", args=[case.slug])).content.decode()
    assert "our paraphrase" in page and NEF_TEXT in page
    response = client.post(
        reverse("conflict_resolve", args=[case.slug, conflict.pk]), {"keep": "theirs"}
    )
    assert response.status_code == 302
    typed.refresh_from_db()
    conflict.refresh_from_db()
    assert typed.text.startswith(NEF_TEXT)
    assert (conflict.kept, conflict.resolved_by) == ("theirs", paralegal)
    assert typed.history.first().history_user == paralegal
    # Answered once: a second answer is refused, and later imports do not ask again.
    client.post(reverse("conflict_resolve", args=[case.slug, conflict.pk]), {"keep": "ours"})
    typed.refresh_from_db()
    assert typed.text.startswith(NEF_TEXT)
    imports.import_nef_email(raw=MINUTE_ORDER_NEF, case=case)
    assert TextConflict.objects.count() == 1


def test_text_a_person_edited_after_an_import_is_kept_too(case, team):
    imports.import_docket_report(html=report(MOTION), case=case)
    motion = case.entries.get(number=20)
    entry_services.update_entry(
        entry=motion, by=team[Role.PARALEGAL], fields={"text": "MOTION for PI (team's wording)"}
    )
    corrected = SyntheticEntry(MOTION.date_filed, "MOTION for PI, as docketed.", 20, "04500000020")
    imports.import_docket_report(html=report(corrected), case=case)
    motion.refresh_from_db()
    assert motion.text == "MOTION for PI (team's wording)"
    assert TextConflict.objects.get().theirs == "MOTION for PI, as docketed."


def test_keeping_the_teams_text(case, team, client_for):
    typed = entry_services.create_entry(
        case=case,
        by=team[Role.PARALEGAL],
        fields={"date_filed": dt.date(2025, 9, 9), "text": "Ours", "kind": "minute_order"},
    )
    imports.import_nef_email(raw=MINUTE_ORDER_NEF, case=case)
    conflict = TextConflict.objects.get()
    client_for(team[Role.ADMIN]).post(
        reverse("conflict_resolve", args=[case.slug, conflict.pk]), {"keep": "ours"}
    )
    typed.refresh_from_db()
    conflict.refresh_from_db()
    assert typed.text == "Ours" and conflict.kept == "ours"


def test_sealed_entries_in_a_run_are_only_counted_for_the_team(
    case, team, client_for, member_factory
):
    _, summary = imports.import_docket_report(html=report(MOTION), case=case)
    entry_services.update_entry(
        entry=case.entries.get(number=20), by=team[Role.ADMIN], fields={"visibility": "sealed"}
    )
    attorney = member_factory(case, Role.ATTORNEY, username="att-r")
    page = client_for(attorney).get(summary.run.get_absolute_url()).content.decode()
    assert "MOTION for Preliminary Injunction" not in page
    assert "1 entry you may not see (sealed) was part of this import" in page
    admin_page = client_for(team[Role.ADMIN]).get(summary.run.get_absolute_url()).content.decode()
    assert "MOTION for Preliminary Injunction" in admin_page


def test_a_certified_index_import_is_reviewed_too(case, team, client_for):
    from docket.ingest.record_index import import_record_index

    clean = (SAMPLES / "record" / "clean_index.csv").read_bytes()
    first = import_record_index(case=case, data=clean, user=team[Role.PARALEGAL])
    assert first.run.source == "record" and first.run.added == 3
    changed = clean.replace(b"Implementation guidance", b"Implementation guidance (revised)")
    changed += b"IRS-AR-000081,IRS-AR-000090,Briefing memo,2025-05-09,IRS,,,no,no,\n"
    second = import_record_index(case=case, data=changed, user=team[Role.PARALEGAL])
    run = second.run
    assert (run.added, run.updated, run.unchanged) == (1, 1, 2)
    (updated,) = [row for row in run.changes if row["action"] == "updated"]
    assert updated["record"] == "IRS-AR-000060"
    assert updated["fields"] == {
        "Title": ["Implementation guidance", "Implementation guidance (revised)"]
    }
    assert import_record_index(case=case, data=changed).run is None  # nothing changed
    page = client_for(team[Role.PARALEGAL]).get(run.get_absolute_url()).content.decode()
    assert "Certified record index import" in page
    assert "<ins>Implementation guidance (revised)</ins>" in page
    assert "IRS-AR-000081 — Briefing memo" in page
