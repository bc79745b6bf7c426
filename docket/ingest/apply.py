"""Imports: a PACER docket report, an NEF or an appellate docket, already parsed by
docket.ingest.importers, applied to a case through the one write path
(docket.entries.write.write_entry). Each function takes keyword arguments, runs in one
transaction, records who did it (`casetracker.audit.attribute_to`), and raises ValidationError
with a message a paralegal understands — in which case nothing is saved.
(Entries by hand: docket/entries/services.py; outbound filings: docket/papers/filings.py.)"""

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.text import slugify

from casetracker.audit import attribute_to
from casetracker.models import (
    Attorney,
    Case,
    Court,
    Party,
    Representation,
    User,
    is_appellate_court,
)
from docket.ingest.importers import DocketReportData, ReportEntry
from docket.ingest.importers.classify import normalise_text
from docket.models import DocketEntry, Document, ImportJob

Source = DocketEntry.Source


@dataclass
class ImportSummary:
    """What an import did to the docket. `str()` is the line the CLI prints last."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    notes: list = field(default_factory=list)
    added_entries: list = field(default_factory=list)
    updated_entries: list = field(default_factory=list)
    run: object = None  # the ImportRun kept for review (docket.ingest.review), if anything changed

    def __str__(self) -> str:
        return f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}"


# Which source's text wins: a docket report is the clerk's current text; an NEF is what was
# announced at filing time; the loader holds paraphrases; an RSS item only the event's short name
# ("Order on Motion to Dismiss"), so it never rewrites anything. Manual entries keep their source.
_SOURCE_RANK: dict[str, int] = {Source.RSS: -1, Source.LOADER: 0, Source.NEF: 1, Source.PACER: 2}
_DOC_ID = re.compile(r"/docs?1/(\d+)")


def pacer_doc_key(url: str | None) -> str:
    """The document id in a CM/ECF document link (`.../doc1/04517059984?caseid=...`), with the
    fourth digit zeroed as CM/ECF does (0 and 1 there name the same document); '' if none."""
    match = _DOC_ID.search(url or "")
    if not match:
        return ""
    digits = match.group(1)
    return digits[:3] + "0" + digits[4:] if len(digits) > 4 else digits


_JUDGE_INITIALS = re.compile(r"^(\d+:\d{2}-[a-z]{2,4}-\d{3,5})(?:-.*)?$", re.IGNORECASE)


def base_docket_number(number: str | None) -> str:
    """`1:25-cv-00457-CKK` -> `1:25-cv-00457` (judge initials and defendant numbers dropped)."""
    number = (number or "").strip()
    match = _JUDGE_INITIALS.match(number)
    return match.group(1).lower() if match else number.lower()


def _check_report_is_for(case: Case, report: DocketReportData) -> None:
    if base_docket_number(case.docket_number) != base_docket_number(report.docket_number):
        raise ValidationError(
            f"This {'notice' if report.source == Source.NEF else 'docket report'} is for case "
            f"{report.docket_number}{f' ({report.case_name})' if report.case_name else ''}, not "
            f"{case.docket_number}. Nothing was imported."
        )
    code = case.court.cmecf_code
    if report.court_id and code and report.court_id != code:
        raise ValidationError(
            f"This file comes from court “{report.court_id}”, but {case} is in “{code}”. "
            "Nothing was imported."
        )


def find_case_for(report: DocketReportData) -> Case | None:
    """The tracker's case for a report, by court and docket number; None if there is none."""
    base = base_docket_number(report.docket_number)
    candidates = Case.objects.select_related("court").filter(court__cmecf_code=report.court_id)
    for case in candidates.filter(docket_number__istartswith=base):
        if base_docket_number(case.docket_number) == base:
            return case
    return None


def _unique_slug(text: str) -> str:
    base = slugify(text)[:70] or "case"
    slug, n = base, 2
    while Case.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_case_for(report: DocketReportData, *, by: User | None = None) -> Case:
    """A new case (and court, if new) from a docket report's header."""
    court = Court.objects.filter(cmecf_code=report.court_id).first()
    if court is None:
        court = attribute_to(
            Court(
                cmecf_code=report.court_id,
                name=report.court_name
                or (
                    f"United States Court of Appeals ({report.court_id})"
                    if is_appellate_court(report.court_id)
                    else f"United States District Court ({report.court_id})"
                ),
            ),
            by,
        )
        court.save()
    name = report.case_name or report.docket_number
    case = Case(
        court=court,
        docket_number=report.docket_number,
        caption=name[:300],
        short_name=name[:120],
        slug=_unique_slug(name),
        judge=report.judge[:120],
        nature_of_suit=report.nature_of_suit[:120],
        date_filed=report.date_filed,
    )
    attribute_to(case, by).save()
    return case


def _max_length(model: type[Model], name: str) -> int | None:
    return getattr(model._meta.get_field(name), "max_length", None)


# What the header-and-parties step wrote, kept on the import's job so that a failed import can
# take it back: {"created": [[model label, pk], ...], "values": [[model label, pk, {field: value
# before}], ...]}, in the order written (docket.ingest.batches.undo).
Written = dict[str, list[Any]]


def _save_changed(
    instance: Model, values: Mapping[str, Any], user: User | None, written: Written | None = None
) -> bool:
    """Set and save only the fields that differ; True if anything was saved. `written` gets
    the values they had."""
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    if changed:
        if written is not None:
            before = {key: getattr(instance, key) for key in changed}
            written["values"].append([instance._meta.label, instance.pk, before])
        for key in changed:
            setattr(instance, key, values[key])
        attribute_to(instance, user)
        instance.save()
    return bool(changed)


def _save_new(instance: Model, user: User | None, written: Written | None = None) -> None:
    attribute_to(instance, user).save()
    if written is not None:
        written["created"].append([instance._meta.label, instance.pk])


def _apply_case_header(
    case: Case, report: DocketReportData, user: User | None, written: Written | None = None
) -> None:
    """Fill what the tracker does not know yet; never overwrite what someone typed."""
    values: dict[str, Any] = {}
    if report.judge and not case.judge:
        values["judge"] = report.judge[:120]
    if report.nature_of_suit and not case.nature_of_suit:
        values["nature_of_suit"] = report.nature_of_suit[:120]
    if report.date_filed and not case.date_filed:
        values["date_filed"] = report.date_filed
    for name in ("cause", "jurisdiction", "jury_demand"):
        given = getattr(report, name, "")
        if given and not getattr(case, name):
            values[name] = given[: _max_length(Case, name)]
    _save_changed(case, values, user, written)


def _apply_parties(
    case: Case,
    report: DocketReportData,
    user: User | None,
    summary: ImportSummary,
    written: Written | None = None,
) -> None:
    """Add the report's parties, counsel and representations the case lacks; fill blanks."""
    if not report.parties:
        return
    parties = list(case.parties.all())
    by_key = {(p.name.casefold(), p.side): p for p in parties}
    added_parties = added_attorneys = added_links = 0
    for raw in report.parties:
        party = by_key.get((raw.name.casefold(), raw.side))
        if party is None:
            party = Party(
                case=case,
                name=raw.name[:300],
                side=raw.side,
                kind=raw.kind,
                date_terminated=raw.date_terminated,
            )
            _save_new(party, user, written)
            by_key[(raw.name.casefold(), raw.side)] = party
            added_parties += 1
        elif raw.date_terminated and party.date_terminated != raw.date_terminated:
            _save_changed(party, {"date_terminated": raw.date_terminated}, user, written)
        for counsel in raw.attorneys:
            attorney = Attorney.objects.filter(name__iexact=counsel.name).first()
            if attorney is None:
                attorney = Attorney(name=counsel.name[:200])
                _save_new(attorney, user, written)
                added_attorneys += 1
            # Contact details: fill blanks only, so an admin's corrections survive re-imports.
            _save_changed(
                attorney,
                {
                    key: getattr(counsel, key)[: _max_length(Attorney, key)]
                    for key in ("organisation", "email", "phone", "address")
                    if getattr(counsel, key) and not getattr(attorney, key)
                },
                user,
                written,
            )
            link = Representation.objects.filter(attorney=attorney, party=party).first()
            if link is None:
                link = Representation(
                    attorney=attorney, party=party, role=counsel.role, terminated=counsel.terminated
                )
                _save_new(link, user, written)
                added_links += 1
            else:
                _save_changed(
                    link, {"role": counsel.role, "terminated": counsel.terminated}, user, written
                )
    if added_parties or added_attorneys or added_links:
        summary.notes.append(
            f"parties added {added_parties}, attorneys added {added_attorneys}, "
            f"representations added {added_links}"
        )


def _same_kind(a: str, b: str) -> bool:
    """Kinds that name the same paper: an RSS item calls a minute order by its event ("Order on
    Motion for ..."), the NEF and the docket report call it a MINUTE ORDER."""
    orders = DocketEntry.ORDER_KINDS
    return a == b or (a in orders and b in orders)


def _match_entries(
    case: Case,
    report: DocketReportData,
    documents: dict[int, list[Document]] | None = None,
) -> tuple[list[DocketEntry | None], list[DocketEntry]]:
    """Pair each report entry with an existing entry (or None).

    1. Same ECF number.
    2. An unnumbered entry filed the same day with the same text (a minute order imported
       before; an entry typed by hand).
    3. An unnumbered entry filed the same day of the same kind — the loader's facts have no
       numbers and paraphrased text, so this is how an import numbers them instead of
       duplicating them.
    An existing entry is claimed at most once. `documents`: {entry id: [Document]} of the case,
    read by the caller in one query (prefetch_related costs a queryset per entry)."""
    existing = list(case.entries.all())
    if documents is None:
        documents = _documents_by_entry(case)
    by_number = {e.number: e for e in existing if e.number is not None}
    unnumbered = [e for e in existing if e.number is None]
    claimed: set[int] = set()
    pairs: list[DocketEntry | None] = [None] * len(report.entries)
    _pair_by_number(report, by_number, pairs, claimed)
    _pair_by_document(report, existing, documents, pairs, claimed)
    _pair_by_text(report, unnumbered, by_number, pairs, claimed)
    _pair_by_kind(report, unnumbered, by_number, pairs, claimed)
    return pairs, existing


def _documents_by_entry(case: Case) -> dict[int, list[Document]]:
    """{entry id: [Document]} of the case, in one query."""
    documents: dict[int, list[Document]] = {}
    for document in Document.objects.filter(entry__case=case):
        documents.setdefault(document.entry_id, []).append(document)
    return documents


def _pair_by_number(
    report: DocketReportData,
    by_number: dict[int, DocketEntry],
    pairs: list[DocketEntry | None],
    claimed: set[int],
) -> None:
    """1. Same ECF number."""
    for i, item in enumerate(report.entries):
        if item.number is not None and item.number in by_number:
            pairs[i] = paired = by_number[item.number]
            claimed.add(paired.pk)


def _pair_by_document(
    report: DocketReportData,
    existing: list[DocketEntry],
    documents: dict[int, list[Document]],
    pairs: list[DocketEntry | None],
    claimed: set[int],
) -> None:
    """1b. An unnumbered item (RSS: appellate items, minute orders) naming the same CM/ECF
    document as an existing entry is that entry."""
    by_doc: dict[str, DocketEntry] = {}
    for e in existing:
        for d in documents.get(e.pk, ()):
            key = pacer_doc_key(d.pacer_url)
            if key:
                by_doc.setdefault(key, e)
    for i, item in enumerate(report.entries):
        if pairs[i] is not None or item.number is not None:
            continue
        for doc in item.documents:
            candidate = by_doc.get(pacer_doc_key(doc.pacer_url))
            if candidate is not None and candidate.pk not in claimed:
                pairs[i] = candidate
                claimed.add(candidate.pk)
                break


def _pair_by_text(
    report: DocketReportData,
    unnumbered: list[DocketEntry],
    by_number: dict[int, DocketEntry],
    pairs: list[DocketEntry | None],
    claimed: set[int],
) -> None:
    """2. An unnumbered entry filed the same day with the same text."""
    for i, item in enumerate(report.entries):
        if pairs[i] is not None or (item.number is not None and item.number in by_number):
            continue
        text = normalise_text(item.text)
        for candidate in unnumbered:
            if (
                candidate.pk not in claimed
                and candidate.date_filed == item.date_filed
                and normalise_text(candidate.text) == text
            ):
                pairs[i] = candidate
                claimed.add(candidate.pk)
                break


def _pair_by_kind(
    report: DocketReportData,
    unnumbered: list[DocketEntry],
    by_number: dict[int, DocketEntry],
    pairs: list[DocketEntry | None],
    claimed: set[int],
) -> None:
    """3. An unnumbered entry filed the same day of the same kind."""
    for i, item in enumerate(report.entries):
        if pairs[i] is not None or (item.number is not None and item.number in by_number):
            continue
        for candidate in unnumbered:
            # A one-entry source (NEF, RSS item) never pairs with an entry it gave itself under
            # other text: two minute orders of one day from two NEFs are two orders. (A docket
            # report lists the whole day, so its exact-text matches above are claimed first.)
            if (
                candidate.pk not in claimed
                and candidate.date_filed == item.date_filed
                and _same_kind(candidate.kind, item.kind)
                and not (candidate.source == report.source != Source.PACER)
            ):
                pairs[i] = candidate
                claimed.add(candidate.pk)
                break


def _entry_values(entry: DocketEntry, item: ReportEntry, source: str) -> dict[str, Any]:
    """Field changes an import makes to an existing entry."""
    values: dict[str, Any] = {}
    if item.number is not None and entry.number is None:
        values["number"] = item.number
    if source == Source.RSS:
        # An RSS item's date is when the entry was entered and its text a short name: it only
        # numbers an entry that had no number.
        return values
    if entry.date_filed != item.date_filed:
        values["date_filed"] = item.date_filed
    if item.date_entered and entry.date_entered != item.date_entered:
        values["date_entered"] = item.date_entered
    current_rank = _SOURCE_RANK.get(entry.source)
    new_rank = _SOURCE_RANK[source]
    # An NEF never rewrites the text a docket report gave; the report's text is the clerk's latest.
    # No import ever rewrites a sealed entry's text: what PACER or an NEF shows of a sealed paper
    # is a placeholder, and whoever uploads it may not even see the entry.
    text_may_change = not (source == Source.NEF and entry.source == Source.PACER) and (
        entry.visibility != DocketEntry.Visibility.SEALED
    )
    if entry.source == Source.RSS and source != Source.RSS and item.kind != entry.kind:
        values["kind"] = item.kind  # RSS guessed the kind from the event's short name
    if text_may_change and normalise_text(entry.text) != normalise_text(item.text):
        if entry.source == Source.LOADER and not entry.plain_summary and len(entry.text) <= 300:
            values["plain_summary"] = entry.text  # keep the plain-English paraphrase for clients
        values["text"] = item.text
    if current_rank is not None and new_rank > current_rank:
        values["source"] = source
    return values


def apply_docket_report(
    case: Case,
    report: DocketReportData,
    *,
    by: User | None = None,
    origin: str = "",
    job: ImportJob | None = None,
) -> ImportSummary:
    """Create or update the case's parties, counsel and docket entries from a parsed report.
    Idempotent: applying the same report twice changes nothing the second time. All or nothing
    for the result, written in short batches (docket.ingest.batches): `job` is the ImportJob
    to run (one is made if not given)."""
    from docket.ingest import batches

    _check_report_is_for(case, report)
    if job is None:
        job = ImportJob.objects.create(
            case=case, source=report.source, requested_by=by, origin=origin[:300]
        )
    return batches.run(job, report, rules=sys.modules[__name__], by=by)


# =========================================================================== appeals
