"""Who filed a paper, from real CM/ECF docket text and NEF `Filer:` lines (docket.ingest.importers.filers).
The texts are copied from D.D.C. dockets (tests/docket/samples) or written in their exact form."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from docket.ingest.importers.filers import (
    docket_text_filers,
    filers_from_text,
    match_parties,
    nef_filers,
)

SAMPLES = Path(__file__).parents[1] / "samples"
PARTIES = [
    SimpleNamespace(name="Center for Taxpayer Rights", side="plaintiff"),
    SimpleNamespace(name="Main Street Alliance", side="plaintiff"),
    SimpleNamespace(name="Internal Revenue Service", side="defendant"),
    SimpleNamespace(name="Department of the Treasury", side="defendant"),
]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "MOTION for Preliminary Injunction by CENTER FOR TAXPAYER RIGHTS, MAIN STREET "
            "ALLIANCE. (Attachments: # 1 Memorandum in Support)(McGrath, Daniel)",
            ["CENTER FOR TAXPAYER RIGHTS", "MAIN STREET ALLIANCE"],
        ),
        (
            "COMPLAINT against GOOGLE LLC filed by UNITED STATES OF AMERICA. (Attachments: # 1 "
            "Civil Cover Sheet, # 2 Summons)(ztnr)",
            ["UNITED STATES OF AMERICA"],
        ),
        (
            "NOTICE of Appearance by Jane Example on behalf of INTERNAL REVENUE SERVICE "
            "(Example, Jane)",
            ["INTERNAL REVENUE SERVICE"],
        ),
        (
            "Memorandum in opposition to re 20 MOTION for Preliminary Injunction filed by "
            "INTERNAL REVENUE SERVICE, DEPARTMENT OF THE TREASURY. (Doe, John)",
            ["INTERNAL REVENUE SERVICE", "DEPARTMENT OF THE TREASURY"],
        ),
        ("Joint STATUS REPORT by USA as to RICHARD W. GATES, III (Weissmann, Andrew)", ["USA"]),
        (
            "REDACTED DOCUMENT- Plaintiff States' Motion for Leave to File to 584 Sealed "
            "Document, by STATE OF COLORADO. (Attachments: # 1 Memorandum)(Sallet, Jonathan)",
            ["STATE OF COLORADO"],
        ),
        (
            "REPLY to opposition to motion re 20 MOTION for Preliminary Injunction filed by "
            "CENTER FOR TAXPAYER RIGHTS and MAIN STREET ALLIANCE (Doe)",
            ["CENTER FOR TAXPAYER RIGHTS", "MAIN STREET ALLIANCE"],
        ),
        # The court's own entries name no filer: "Signed by Judge" is not one.
        (
            "MINUTE ORDER granting 20 Motion. Signed by Judge Colleen Kollar-Kotelly on 9/9/2025. "
            "(lcckk1)",
            [],
        ),
        ("Set/Reset Deadlines: Responses due by 2/4/2022.", []),
    ],
)
def test_docket_text_filers(text, names):
    assert docket_text_filers(text) == names


@pytest.mark.parametrize(
    ("sample", "names"),
    [
        ("cvtr_nef_notice.eml", ["INTERNAL REVENUE SERVICE"]),  # HTML NEF, table cell
        ("dcd_nef_plain.eml", ["USA"]),  # plain-text NEF
        ("cvtr_nef_minute_order.eml", []),  # an order: the Filer line is empty
    ],
)
def test_nef_filer_lines(sample, names):
    assert nef_filers((SAMPLES / sample).read_text()) == names


@pytest.mark.parametrize(
    ("text", "matched", "unmatched"),
    [
        # CM/ECF capitals match the tracker's names regardless of case and "the".
        (
            "MOTION to Stay by INTERNAL REVENUE SERVICE, THE DEPARTMENT OF THE TREASURY (Doe)",
            ["Internal Revenue Service", "Department of the Treasury"],
            [],
        ),
        # Hand-written: a possessive side, or named parties.
        (
            "Plaintiffs' motion for a stay",
            ["Center for Taxpayer Rights", "Main Street Alliance"],
            [],
        ),
        (
            "Defendants' Motion to Dismiss",
            ["Internal Revenue Service", "Department of the Treasury"],
            [],
        ),
        (
            "Complaint filed by Center for Taxpayer Rights and Main Street Alliance.",
            ["Center for Taxpayer Rights", "Main Street Alliance"],
            [],
        ),
        # A filer who is not a party is kept by name; a mixed-case stranger is not a filer.
        ("NOTICE by USA (Doe)", [], ["USA"]),
        ("Letter by Jane Roe", [], []),
    ],
)
def test_filers_from_text(text, matched, unmatched):
    parties, names = filers_from_text(text, PARTIES)
    assert [p.name for p in parties] == matched
    assert names == unmatched


def test_all_plaintiffs_matches_the_side():
    parties, names = match_parties(["All Plaintiffs", "MAIN STREET ALLIANCE"], PARTIES)
    assert [p.name for p in parties] == ["Center for Taxpayer Rights", "Main Street Alliance"]
    assert names == []
