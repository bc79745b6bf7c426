"""Bates numbers and the record checks, table-driven with hand-made indexes."""

import pytest

from docket.record.bates import Bates, BatesError, Row, check_ranges, format_range, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IRS-AR-000001", Bates("IRS-AR-", 1, 6)),
        ("IRS-AR-000057", Bates("IRS-AR-", 57, 6)),
        ("  IRS-AR-001234 ", Bates("IRS-AR-", 1234, 6)),
        ("DOJ_AR.00012", Bates("DOJ_AR.", 12, 5)),
        ("IRS 0001", Bates("IRS ", 1, 4)),
        ("000123", Bates("", 123, 6)),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected
    assert str(parse(text)) == text.strip()


@pytest.mark.parametrize(
    "text", ["", "   ", "IRS-AR-", "IRS-AR-01", "IRS-AR-0000X1", "AR-000001-A", "-000001", None]
)
def test_parse_refuses(text):
    with pytest.raises(BatesError):
        parse(text)


def test_format_range():
    a, b = parse("IRS-AR-000001"), parse("IRS-AR-000057")
    assert format_range(a, b) == "IRS-AR-000001–IRS-AR-000057"
    assert format_range(a, a) == "IRS-AR-000001"
    assert str(a.shifted(57)) == "IRS-AR-000058"


def produced(start, end, pages=None, **kw):
    """A produced, indexed document; pages defaults to the range's size."""
    if pages is None:
        pages = parse(end).number - parse(start).number + 1
    return Row(start, end, title=kw.pop("title", "Doc"), page_count=pages, produced=True, **kw)


CLEAN = [
    produced("IRS-AR-000001", "IRS-AR-000057"),
    produced("IRS-AR-000058", "IRS-AR-000059"),
    produced("IRS-AR-000060", "IRS-AR-000080"),
]

CASES = [
    ("clean index", CLEAN, []),
    ("order of rows does not matter", list(reversed(CLEAN)), []),
    (
        "gap of two numbers",
        [produced("IRS-AR-000001", "IRS-AR-000057"), produced("IRS-AR-000060", "IRS-AR-000080")],
        [
            "gap: IRS-AR-000058–IRS-AR-000059 missing between IRS-AR-000001–IRS-AR-000057 "
            "and IRS-AR-000060–IRS-AR-000080"
        ],
    ),
    (
        "gap of one number",
        [produced("IRS-AR-000001", "IRS-AR-000010"), produced("IRS-AR-000012", "IRS-AR-000012")],
        [
            "gap: IRS-AR-000011 missing between IRS-AR-000001–IRS-AR-000010 and IRS-AR-000012",
        ],
    ),
    (
        "overlap",
        [produced("IRS-AR-000001", "IRS-AR-000057"), produced("IRS-AR-000050", "IRS-AR-000080")],
        [
            "overlap: IRS-AR-000001–IRS-AR-000057 and IRS-AR-000050–IRS-AR-000080 both cover "
            "IRS-AR-000050–IRS-AR-000057"
        ],
    ),
    (
        "range inside another, then a true gap after the outer one",
        [
            produced("IRS-AR-000001", "IRS-AR-000050"),
            produced("IRS-AR-000010", "IRS-AR-000020"),
            produced("IRS-AR-000053", "IRS-AR-000060"),
        ],
        [
            "overlap: IRS-AR-000001–IRS-AR-000050 and IRS-AR-000010–IRS-AR-000020 both cover "
            "IRS-AR-000010–IRS-AR-000020",
            "gap: IRS-AR-000051–IRS-AR-000052 missing between IRS-AR-000001–IRS-AR-000050 "
            "and IRS-AR-000053–IRS-AR-000060",
        ],
    ),
    (
        "same start twice",
        [produced("IRS-AR-000001", "IRS-AR-000001"), produced("IRS-AR-000001", "IRS-AR-000001")],
        ["overlap: IRS-AR-000001 and IRS-AR-000001 both cover IRS-AR-000001"],
    ),
    (
        "different prefixes are separate series (no gap between them)",
        [
            produced("IRS-AR-000001", "IRS-AR-000005"),
            produced("TREAS-AR-000001", "TREAS-AR-000003"),
        ],
        [],
    ),
    (
        "malformed number",
        [produced("IRS-AR-000001", "IRS-AR-000005"), Row("IRS-AR-0000X6", "IRS-AR-000009", "Memo")],
        [
            "malformed: bates_start 'IRS-AR-0000X6' is not a Bates number (like IRS-AR-000001) "
            "(title 'Memo')"
        ],
    ),
    (
        "prefix differs within a range",
        [Row("IRS-AR-000001", "TREAS-000005", produced=True, page_count=5)],
        [
            "malformed: IRS-AR-000001–TREAS-000005 starts and ends with different prefixes "
            "('IRS-AR-' and 'TREAS-')"
        ],
    ),
    (
        "width differs within a range",
        [Row("IRS-AR-000001", "IRS-AR-00005", produced=True, page_count=5)],
        [
            "malformed: IRS-AR-000001–IRS-AR-00005 starts and ends with different numbers of "
            "digits (6 and 5)"
        ],
    ),
    (
        "end before start",
        [Row("IRS-AR-000009", "IRS-AR-000003", produced=True, page_count=1)],
        ["reversed: IRS-AR-000009–IRS-AR-000003 ends before it starts"],
    ),
    (
        "page count disagrees",
        [produced("IRS-AR-000001", "IRS-AR-000057", pages=55)],
        ["page_count: IRS-AR-000001–IRS-AR-000057 spans 57 pages but the produced file has 55"],
    ),
    (
        "page count unknown is not a problem",
        [Row("IRS-AR-000001", "IRS-AR-000057", produced=True, page_count=None)],
        [],
    ),
    (
        "in the index but not produced",
        [produced("IRS-AR-000001", "IRS-AR-000057"), Row("IRS-AR-000058", "IRS-AR-000059", "MOU")],
        [
            "not_produced: IRS-AR-000058–IRS-AR-000059 (MOU) is in the certified index but no file "
            "was produced"
        ],
    ),
    (
        "withheld documents are not 'missing'",
        [
            produced("IRS-AR-000001", "IRS-AR-000057"),
            Row("IRS-AR-000058", "IRS-AR-000059", "Memo", withheld=True),
        ],
        [],
    ),
    (
        "produced but not in the index",
        [
            produced("IRS-AR-000001", "IRS-AR-000057"),
            produced("IRS-AR-000058", "IRS-AR-000060", title="Stray e-mail", in_index=False),
        ],
        [
            "not_in_index: IRS-AR-000058–IRS-AR-000060 (Stray e-mail) was produced but is not in "
            "the certified index"
        ],
    ),
]


@pytest.mark.parametrize(("name", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_ranges(name, rows, expected):
    assert [str(p) for p in check_ranges(rows)] == expected


def test_problems_carry_the_callers_refs():
    rows = [
        Row("IRS-AR-000001", "IRS-AR-000002", produced=True, ref=11),
        Row("IRS-AR-000005", "IRS-AR-000006", produced=True, ref=12),
    ]
    (gap,) = check_ranges(rows)
    assert gap.kind == "gap" and gap.refs == (11, 12)


def test_a_large_clean_index_is_checked_quickly():
    rows = [produced(f"IRS-AR-{n * 3 + 1:06d}", f"IRS-AR-{n * 3 + 3:06d}") for n in range(20_000)]
    assert check_ranges(rows) == []
