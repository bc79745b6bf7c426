"""Bates numbers and the checks a certified index must pass — a pure module (no ORM, no clock).

A Bates number is a prefix followed by a zero-padded number: `IRS-AR-000001` is prefix
`IRS-AR-`, number 1, width 6. A record document covers a closed range `start`–`end`.

Why pure: the checks are what tells the team whether the government's production matches its
certified index, so they must be exact and easy to test with hand-made indexes. Callers turn
their rows (model instances, CSV lines) into `Row`s and get back `Problem`s, each with a stable
one-line text that the record page and `check_record` print unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "Bates",
    "BatesError",
    "Problem",
    "Row",
    "check_length",
    "check_ranges",
    "format_range",
    "parse",
    "range_for_pages",
]

# Prefix: letters, digits, and the separators producers use (- _ . space), ending in a
# non-digit; then at least three digits. `IRS-AR-000001`, `IRS 0001`, `DOJ_AR.00012`.
_BATES_RE = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_. -]*?[^0-9])?(?P<digits>[0-9]{3,12})$")


class BatesError(ValueError):
    """Not a Bates number; the message says why in words a paralegal understands."""


@dataclass(frozen=True, order=True)
class Bates:
    prefix: str
    number: int
    width: int

    def __str__(self):
        return format_bates(self.prefix, self.number, self.width)

    def shifted(self, by: int) -> Bates:
        return Bates(self.prefix, self.number + by, self.width)


def parse(text: str) -> Bates:
    """`IRS-AR-000001` -> Bates('IRS-AR-', 1, 6). Raises BatesError."""
    if not isinstance(text, str) or not text.strip():
        raise BatesError("is empty")
    value = text.strip()
    match = _BATES_RE.match(value)
    if not match:
        raise BatesError(f"{value!r} is not a Bates number (like IRS-AR-000001)")
    digits = match["digits"]
    return Bates(match["prefix"] or "", int(digits), len(digits))


MAX_LENGTH = 40  # RecordDocument.bates_start / bates_end


def range_for_pages(start: Bates, pages: int, *, max_length: int = MAX_LENGTH) -> Bates:
    """The last Bates number of a `pages`-page document starting at `start`, or BatesError when
    it cannot be written like `start`: its number needs more digits than `start` has (`IRS-AR-999`
    + 20,000 pages would become `IRS-AR-20998`), or it is longer than `max_length` characters."""
    if pages < 1:
        raise BatesError("a document has at least one page")
    end = start.shifted(pages - 1)
    if end.number >= 10**start.width:
        raise BatesError(
            f"{start} plus {pages:,} pages would end at {start.prefix}{end.number}, which needs "
            f"more than the {start.width} digits of {start}; check the first Bates number "
            "(producers pad numbers to a fixed width, e.g. IRS-AR-000001) or split the PDF"
        )
    check_length(end, max_length=max_length)
    return end


def check_length(number: Bates, *, max_length: int = MAX_LENGTH) -> Bates:
    if len(str(number)) > max_length:
        raise BatesError(
            f"{str(number)[:20]}… is {len(str(number))} characters long; Bates numbers can have "
            f"at most {max_length} (prefix and digits together)"
        )
    return number


def format_bates(prefix: str, number: int, width: int) -> str:
    return f"{prefix}{number:0{width}d}"


def format_range(start: Bates, end: Bates) -> str:
    """One number stands alone; a range is `start–end` (en dash)."""
    return str(start) if start == end else f"{start}–{end}"


@dataclass(frozen=True)
class Row:
    """What the checks need to know about one record document."""

    bates_start: str
    bates_end: str
    title: str = ""
    page_count: int | None = None
    in_index: bool = True
    produced: bool = False
    withheld: bool = False
    ref: object = None  # caller's id (e.g. the model pk), passed through to problems


@dataclass(frozen=True)
class Problem:
    kind: str  # malformed | reversed | gap | overlap | page_count | not_produced | not_in_index
    message: str
    refs: tuple = field(default=())

    def __str__(self):
        return f"{self.kind}: {self.message}"

    @property
    def label(self):
        """The kind in words, for the record page."""
        return KIND_LABELS.get(self.kind, self.kind)


KIND_LABELS = {
    "malformed": "Malformed Bates number",
    "reversed": "Range ends before it starts",
    "gap": "Gap in Bates numbers",
    "overlap": "Overlapping ranges",
    "page_count": "Page count disagrees with the Bates range",
    "not_produced": "In the index but not produced",
    "not_in_index": "Produced but not in the index",
}


@dataclass(frozen=True)
class _Parsed:
    row: Row
    start: Bates
    end: Bates

    @property
    def label(self):
        return format_range(self.start, self.end)


def _parse_row(row: Row) -> tuple[_Parsed | None, list[Problem]]:
    problems = []
    parsed = {}
    for name in ("bates_start", "bates_end"):
        try:
            parsed[name] = parse(getattr(row, name))
        except BatesError as exc:
            problems.append(Problem("malformed", f"{name} {exc} ({_describe(row)})", (row.ref,)))
    if problems:
        return None, problems
    start, end = parsed["bates_start"], parsed["bates_end"]
    if start.prefix != end.prefix:
        return None, [
            Problem(
                "malformed",
                f"{start}–{end} starts and ends with different prefixes "
                f"({start.prefix!r} and {end.prefix!r})",
                (row.ref,),
            )
        ]
    if start.width != end.width:
        return None, [
            Problem(
                "malformed",
                f"{start}–{end} starts and ends with different numbers of digits "
                f"({start.width} and {end.width})",
                (row.ref,),
            )
        ]
    if end.number < start.number:
        return None, [Problem("reversed", f"{start}–{end} ends before it starts", (row.ref,))]
    return _Parsed(row, start, end), []


def _describe(row: Row) -> str:
    return f"title {row.title!r}" if row.title else f"row {row.bates_start!r}"


def check_ranges(rows: Iterable[Row]) -> list[Problem]:
    """Every problem with the index and production, in Bates order, one line each:

    - malformed: a number that does not parse, or a range mixing prefixes or widths;
    - reversed: a range that ends before it starts;
    - gap: numbers between two consecutive ranges (same prefix) that no document covers;
    - overlap: a range starting at or before the previous range's end;
    - page_count: a produced file whose page count is not end - start + 1;
    - not_produced: listed in the index, not withheld, but no file produced;
    - not_in_index: a produced file whose range is not in the certified index.
    """
    problems: list[Problem] = []
    good: list[_Parsed] = []
    for row in rows:
        parsed, row_problems = _parse_row(row)
        problems.extend(row_problems)
        if parsed is not None:
            good.append(parsed)
    good.sort(key=lambda p: (p.start.prefix, p.start.number, p.end.number))

    previous: _Parsed | None = None
    for current in good:
        if previous is not None and previous.start.prefix == current.start.prefix:
            problems.extend(_between(previous, current))
        if previous is None or previous.start.prefix != current.start.prefix:
            previous = current
        elif current.end.number >= previous.end.number:
            previous = current  # keep the range reaching furthest, so gaps are true gaps
        problems.extend(_of_document(current))
    return problems


def _between(previous: _Parsed, current: _Parsed) -> list[Problem]:
    """An overlap or a gap between two consecutive ranges of one prefix."""
    if current.start.number <= previous.end.number:
        first, last = current.start, min(previous.end, current.end)
        return [
            Problem(
                "overlap",
                f"{previous.label} and {current.label} both cover {format_range(first, last)}",
                (previous.row.ref, current.row.ref),
            )
        ]
    if current.start.number > previous.end.number + 1:
        missing = format_range(previous.end.shifted(1), current.start.shifted(-1))
        return [
            Problem(
                "gap",
                f"{missing} missing between {previous.label} and {current.label}",
                (previous.row.ref, current.row.ref),
            )
        ]
    return []


def _of_document(current: _Parsed) -> list[Problem]:
    """A document's own problems: page count, listed but not produced, produced but not listed."""
    row, problems = current.row, []
    expected = current.end.number - current.start.number + 1
    if row.produced and row.page_count is not None and row.page_count != expected:
        problems.append(
            Problem(
                "page_count",
                f"{current.label} spans {expected} page{'s' if expected != 1 else ''} "
                f"but the produced file has {row.page_count}",
                (row.ref,),
            )
        )
    if row.in_index and not row.produced and not row.withheld:
        problems.append(
            Problem(
                "not_produced",
                f"{current.label} ({_title(row)}) is in the certified index but no file "
                "was produced",
                (row.ref,),
            )
        )
    if not row.in_index:
        problems.append(
            Problem(
                "not_in_index",
                f"{current.label} ({_title(row)}) was produced but is not in the certified index",
                (row.ref,),
            )
        )
    return problems


def _title(row: Row) -> str:
    title = " ".join((row.title or "untitled").split())
    return title if len(title) <= 60 else title[:57] + "..."
