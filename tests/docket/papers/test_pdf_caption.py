"""The caption and signature rules, as tables: pure functions, no database, no clock."""

import pytest

from docket.papers.pdf.caption import (
    PartyBlock,
    civil_action_number,
    cmecf_case_number,
    counsel_for,
    judge_initials,
    party_block,
    signature_lines,
)


@pytest.mark.parametrize(
    ("judge", "initials"),
    [
        ("Colleen Kollar-Kotelly", "CKK"),
        ("Amit P. Mehta", "APM"),
        ("Hon. Tanya S. Chutkan", "TSC"),
        ("Judge James E. Boasberg", "JEB"),
        ("Royce C. Lamberth Jr.", "RCL"),
        ("Kollar-Kotelly", "KK"),
        ("Boasberg", ""),  # one word: not sure, leave the initials out
        ("", ""),
        (None, ""),
    ],
)
def test_judge_initials(judge, initials):
    assert judge_initials(judge) == initials


@pytest.mark.parametrize(
    ("number", "judge", "expected"),
    [
        ("1:25-cv-00457", "Colleen Kollar-Kotelly", "1:25-cv-00457 (CKK)"),
        ("1:25-cv-00457", "", "1:25-cv-00457"),
        ("1:25-cv-00457-CKK", "Someone Else", "1:25-cv-00457 (CKK)"),
    ],
)
def test_civil_action_number(number, judge, expected):
    assert civil_action_number(number, judge) == expected


def test_cmecf_case_number():
    assert cmecf_case_number("1:25-cv-00457", "Colleen Kollar-Kotelly") == "1:25-cv-00457-CKK"
    assert cmecf_case_number("1:25-cv-00457", "") == "1:25-cv-00457"


@pytest.mark.parametrize(
    ("names", "side", "last", "expected"),
    [
        (
            ["Center for Taxpayer Rights", "Main Street Alliance"],
            "plaintiff",
            False,
            PartyBlock("Center for Taxpayer Rights, et al.,", "Plaintiffs,"),
        ),
        (
            ["Internal Revenue Service"],
            "defendant",
            True,
            PartyBlock("Internal Revenue Service,", "Defendant."),
        ),
        (["A", "B", "C"], "defendant", True, PartyBlock("A, et al.,", "Defendants.")),
        ([], "defendant", True, PartyBlock("", "Defendants.")),
    ],
)
def test_party_block(names, side, last, expected):
    assert party_block(names, side, last=last) == expected


@pytest.mark.parametrize(
    ("represented", "totals", "expected"),
    [
        ([("A", "plaintiff"), ("B", "plaintiff")], {"plaintiff": 2}, "Counsel for Plaintiffs"),
        ([("A", "plaintiff")], {"plaintiff": 1}, "Counsel for Plaintiff"),
        ([("A", "plaintiff")], {"plaintiff": 4}, "Counsel for Plaintiff A"),
        (
            [("A", "plaintiff"), ("B", "plaintiff"), ("C", "plaintiff")],
            {"plaintiff": 4},
            "Counsel for Plaintiffs A, B and C",
        ),
        (
            [("IRS", "defendant"), ("Treasury", "defendant")],
            {"defendant": 2},
            "Counsel for Defendants",
        ),
        ([], {"plaintiff": 4}, ""),
    ],
)
def test_counsel_for(represented, totals, expected):
    assert counsel_for(represented, totals) == expected


def test_signature_lines_full():
    lines = signature_lines(
        name="Daniel A. McGrath",
        bar_number="1531723",
        organisation="Democracy Forward Foundation",
        address="P.O. Box 34553\nWashington, DC 20043",
        phone="(202) 448-9090",
        email="dmcgrath@example.org",
    )
    assert lines == [
        "Daniel A. McGrath (D.C. Bar No. 1531723)",
        "Democracy Forward Foundation",
        "P.O. Box 34553",
        "Washington, DC 20043",
        "(202) 448-9090",
        "dmcgrath@example.org",
    ]


def test_signature_lines_omit_what_is_missing():
    assert signature_lines(name="Maddy Gitomer", organisation="Democracy Forward Foundation") == [
        "Maddy Gitomer",
        "Democracy Forward Foundation",
    ]
    assert signature_lines(name="X", bar_number="MD Bar No. 12", phone=None, email="None") == [
        "X (MD Bar No. 12)"
    ]
