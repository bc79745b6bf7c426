"""Import a certified index of the administrative record from CSV.

Format (documented in README, "Administrative record"): UTF-8 CSV, one document per line,
columns

    bates_start,bates_end,title,date,author,privilege_claim,privilege_basis,withheld,redacted,volume

`bates_start` and `title` are required; `bates_end` defaults to `bates_start` (a one-page
document); `date` is YYYY-MM-DD or blank; `withheld`/`redacted` are yes/no (also y/n, true/false,
1/0, blank = no); `volume` names a production already recorded for the case (or the one the
command creates with `--volume`). A header row is optional: when the first line names the
columns they may come in any order and optional ones may be left out; without one the columns
must come in the order above.

Every line is checked before anything is written. All errors are reported at once, each as
`line 7, date: '2025-13-01' is not a date (YYYY-MM-DD)`, and nothing is saved if there is any.
Re-importing the same file changes nothing: documents are matched on (case, bates_start) and
only fields that differ are saved.

This module reads and plans (`parse_index`, `check_productions`, `plan_index`); the writes are
the record's batch write path (docket.record.services.write_record_documents), run in short
batches by the import job (docket.ingest.record_index)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from docket.models import RecordDocument, RecordProduction
from docket.record.bates import BatesError, parse

COLUMNS = (
    "bates_start",
    "bates_end",
    "title",
    "date",
    "author",
    "privilege_claim",
    "privilege_basis",
    "withheld",
    "redacted",
    "volume",
)
REQUIRED = ("bates_start", "title")
ALIASES = {"document_date": "date", "privilege": "privilege_claim", "basis": "privilege_basis"}
YES = {"yes", "y", "true", "t", "1", "x"}
NO = {"no", "n", "false", "f", "0", ""}
MAX_LENGTHS = {
    "bates_start": 40,
    "bates_end": 40,
    "title": 500,
    "author": 200,
    "privilege_claim": 100,
    "volume": 40,
}
MAX_ROWS = 50_000


class RecordIndexError(ValidationError):
    """The index has errors; `.messages` lists every one, one line each."""


@dataclass
class IndexRow:
    line: int
    bates_start: str
    bates_end: str
    title: str
    document_date: date | None
    author: str
    privilege_claim: str
    privilege_basis: str
    withheld: bool
    redacted: bool
    volume: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    created_bates: list = field(default_factory=list)
    run: object = None  # the ImportRun kept for review, if anything changed

    def __str__(self):
        return (
            f"{self.rows} rows: created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}"
        )


def _decode(data) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordIndexError(
            f"the file is not UTF-8 text (byte {exc.start}); save the index as CSV UTF-8"
        ) from None


def sniff_index(data) -> None:
    """What an upload page checks before queueing the import: UTF-8 text with at least one
    line. Raises RecordIndexError; the rows themselves are checked by the import."""
    if not _decode(data).strip():
        raise RecordIndexError("the file has no rows")


def _is_header(cells) -> bool:
    names = {_column_name(c) for c in cells}
    return bool(names & set(COLUMNS)) and "bates_start" in names


def _column_name(cell: str) -> str:
    name = cell.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def parse_index(data) -> list[IndexRow]:
    """Read and validate the CSV (bytes or str). Returns rows or raises RecordIndexError listing
    every error. Touches no database."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[str] = []
    try:
        lines = [(reader.line_num, cells) for cells in reader]
    except csv.Error as exc:
        raise RecordIndexError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    lines = [(n, cells) for n, cells in lines if any(c.strip() for c in cells)]
    if not lines:
        raise RecordIndexError("the file has no rows")
    if len(lines) > MAX_ROWS + 1:  # + the header row
        raise RecordIndexError(f"the file has more than {MAX_ROWS} rows; split it by volume")

    columns = list(COLUMNS)
    first_line, first_cells = lines[0]
    if _is_header(first_cells):
        columns = [_column_name(c) for c in first_cells]
        lines = lines[1:]
        unknown = [c for c in columns if c and c not in COLUMNS]
        for name in unknown:
            errors.append(
                f"line {first_line}, header: unknown column {name!r} (known: {', '.join(COLUMNS)})"
            )
        for name in REQUIRED:
            if name not in columns:
                errors.append(f"line {first_line}, header: the {name!r} column is missing")
        seen = set()
        for name in columns:
            if name in seen and name:
                errors.append(f"line {first_line}, header: column {name!r} appears twice")
            seen.add(name)
        if errors:
            raise RecordIndexError(errors)

    rows: list[IndexRow] = []
    first_seen: dict[str, int] = {}
    for line, cells in lines:
        row = _parse_row(line, cells, columns, errors)
        if row is None:
            continue
        key = row.bates_start.upper()
        if key in first_seen:
            errors.append(
                f"line {line}, bates_start: {row.bates_start} appears again "
                f"(first on line {first_seen[key]})"
            )
            continue
        first_seen[key] = line
        rows.append(row)
    if errors:
        raise RecordIndexError(errors)
    if not rows:
        raise RecordIndexError("the file has a header but no documents")
    return rows


def _bates_range(values, err):
    """(start, end, end_text) of the row's Bates range; a bad number is reported, not raised."""
    start = end = None
    if values.get("bates_start"):
        try:
            start = parse(values["bates_start"])
        except BatesError as exc:
            err("bates_start", str(exc))
    end_text = values.get("bates_end") or values.get("bates_start", "")
    if values.get("bates_end"):
        try:
            end = parse(values["bates_end"])
        except BatesError as exc:
            err("bates_end", str(exc))
    else:
        end = start
    if start and end:
        if start.prefix != end.prefix:
            err("bates_end", f"{end} has a different prefix from {start}")
        elif start.width != end.width:
            err("bates_end", f"{end} has a different number of digits from {start}")
        elif end.number < start.number:
            err("bates_end", f"{end} is before bates_start {start}")
    return start, end, end_text


def _document_date(values, err):
    if not values.get("date"):
        return None
    try:
        document_date = date.fromisoformat(values["date"])
        if len(values["date"]) != 10:
            raise ValueError
    except ValueError:
        err("date", f"{values['date']!r} is not a date (YYYY-MM-DD)")
        return None
    return document_date


def _yes_no_flags(values, err):
    flags = {}
    for name in ("withheld", "redacted"):
        raw = values.get(name, "").lower()
        if raw in YES:
            flags[name] = True
        elif raw in NO:
            flags[name] = False
        else:
            err(name, f"{values[name]!r} is not yes or no")
    return flags


def _check_privilege(values, flags, err):
    """A claim needs its basis and the reverse; a withheld document needs a claim for the log."""
    claim, basis = values.get("privilege_claim", ""), values.get("privilege_basis", "")
    if claim and not basis:
        err("privilege_basis", f"is required when a privilege is claimed ({claim!r})")
    if basis and not claim:
        err("privilege_claim", "is required when a privilege basis is given")
    if flags.get("withheld") and not claim:
        err("privilege_claim", "a withheld document needs a privilege claim for the log")
    return claim, basis


def _parse_row(line, cells, columns, errors) -> IndexRow | None:
    """One index row, or None after appending every problem of the row to `errors`."""
    before = len(errors)

    def err(column, reason):
        errors.append(f"line {line}, {column}: {reason}")

    if len(cells) > len(columns):
        extra = [c for c in cells[len(columns) :] if c.strip()]
        if extra:
            err("row", f"has {len(cells)} cells but there are only {len(columns)} columns")
    values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns)}

    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            err(name, f"is {len(values[name])} characters long (at most {limit})")
    for name in REQUIRED:
        if not values.get(name):
            err(name, "is required")

    start, end, end_text = _bates_range(values, err)
    document_date = _document_date(values, err)
    flags = _yes_no_flags(values, err)
    claim, basis = _check_privilege(values, flags, err)

    if len(errors) > before:
        return None
    return IndexRow(
        line=line,
        bates_start=str(start),
        bates_end=str(end) if end else end_text,
        title=" ".join(values["title"].split()),
        document_date=document_date,
        author=values.get("author", ""),
        privilege_claim=claim,
        privilege_basis=basis,
        withheld=flags["withheld"],
        redacted=flags["redacted"],
        volume=values.get("volume", ""),
    )


@dataclass
class IndexPlan:
    """What an index import will write, in the order of the file: each document to create or
    update (`writes`: (document, is_new)), the fields that changed on any updated one, each
    updated document's values before (`before`: {pk: {field: value}}, to take it back), and
    the rows for the import's review record: (bates, title, "added"/"updated", {field:
    [before, after]})."""

    writes: list[tuple[RecordDocument, bool]] = field(default_factory=list)
    updated_fields: set[str] = field(default_factory=set)
    before: dict[int, dict[str, Any]] = field(default_factory=dict)
    changes: list[Any] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for _document, new in self.writes if new)

    @property
    def updated(self) -> int:
        return len(self.writes) - self.created


def check_productions(
    case: Any, rows: list[IndexRow], production: RecordProduction | None
) -> dict[str, RecordProduction]:
    """{volume: production} of the case (with `production`, if given); raises RecordIndexError
    listing every row that names a volume not recorded for the case."""
    productions = {p.volume: p for p in RecordProduction.objects.filter(case=case)}
    if production is not None:
        productions[production.volume] = production
    errors = [
        f"line {row.line}, volume: no production {row.volume!r} is recorded for this case "
        "(record it first, e.g. import_record_index --volume "
        f"{row.volume} --produced-on YYYY-MM-DD)"
        for row in rows
        if row.volume and row.volume not in productions
    ]
    if errors:
        raise RecordIndexError(errors)
    return productions


def _row_values(
    row: IndexRow,
    productions: dict[str, RecordProduction],
    production: RecordProduction | None,
) -> dict[str, Any]:
    """The fields a row sets on its document; a blank volume belongs to `production`."""
    values: dict[str, Any] = {
        "bates_end": row.bates_end,
        "title": row.title,
        "document_date": row.document_date,
        "author": row.author,
        "privilege_claim": row.privilege_claim,
        "privilege_basis": row.privilege_basis,
        "withheld": row.withheld,
        "redacted": row.redacted,
        "in_index": True,
    }
    target = productions.get(row.volume) if row.volume else production
    if target is not None:
        values["production"] = target
    return values


def plan_index(
    case: Any,
    rows: list[IndexRow],
    productions: dict[str, RecordProduction],
    production: RecordProduction | None,
    report: ImportReport,
) -> IndexPlan:
    """Match every row on (case, bates_start): a new document, changed fields set on an
    existing one, or unchanged (counted on `report`). Writes nothing."""
    documents = RecordDocument.objects.filter(case=case).select_related("production")
    existing = {d.bates_start: d for d in documents}  # one query (compared: their production)
    plan = IndexPlan()
    for row in rows:
        values = _row_values(row, productions, production)
        document = existing.get(row.bates_start)
        if document is None:
            document = RecordDocument(case=case, bates_start=row.bates_start, **values)
            plan.writes.append((document, True))
            report.created_bates.append(row.bates_start)
            plan.changes.append((row.bates_start, row.title, "added", {}))
            continue
        changed = [k for k, v in values.items() if getattr(document, k) != v]
        if not changed:
            report.unchanged += 1
            continue
        plan.changes.append(
            (
                row.bates_start,
                row.title,
                "updated",
                {k: [getattr(document, k), values[k]] for k in changed},
            )
        )
        plan.before[document.pk] = {_column(k): getattr(document, _column(k)) for k in changed}
        for key in changed:
            setattr(document, key, values[key])
        plan.updated_fields.update(changed)
        plan.writes.append((document, False))
    return plan


def _column(name: str) -> str:
    """The stored value's attribute: a production is kept by id (to be taken back as such)."""
    return "production_id" if name == "production" else name
