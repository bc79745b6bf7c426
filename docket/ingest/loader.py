"""Load the real case from its fact file (docket/fixtures/case.json).

The file is validated first, field by field, and written in one transaction, so a malformed file
reports exactly which field is wrong and saves nothing. Upserts only save what changed, so
running the loader twice changes nothing (and adds no audit rows).

Facts not in the file (ECF numbers, contact details) are never invented: events load as entries
without numbers, which a PACER import later numbers by matching date and kind."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from casetracker.models import (
    Attorney,
    Case,
    Court,
    CourtClosure,
    Party,
    RelatedCase,
    Representation,
)
from docket.entries.obligations import write_obligation
from docket.entries.write import write_entry
from docket.ingest.importers.filers import filers_from_text
from docket.models import DocketEntry, Obligation
from docket.signals import facts_loaded

DEFAULT_FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "case.json"
KIND_ALIASES = {"minute order": "minute_order"}


class FactFileError(ValueError):
    """The fact file is malformed; the message names the field."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def read_facts(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactFileError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise FactFileError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    validate_facts(data)
    return data


def _require(obj, key, where, kind=str):
    if not isinstance(obj, dict) or key not in obj:
        raise FactFileError(f"{where}.{key}: missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise FactFileError(f"{where}.{key}: expected a non-empty {kind.__name__}")
    return value


def _date(obj, key, where):
    value = _require(obj, key, where)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FactFileError(f"{where}.{key}: {value!r} is not a date (YYYY-MM-DD)") from None


def _choice(obj, key, where, choices):
    value = KIND_ALIASES.get(_require(obj, key, where), obj[key])
    if value not in choices:
        raise FactFileError(f"{where}.{key}: {obj[key]!r} is not one of {sorted(choices)}")
    return value


def validate_facts(data):
    """Raise FactFileError naming the first wrong field."""
    if not isinstance(data, dict):
        raise FactFileError("top level: expected an object")
    court = _require(data, "court", "top level", dict)
    for key in ("name", "cmecf_code", "time_zone"):
        _require(court, key, "court")
    for i, closure in enumerate(court.get("closures", [])):
        _date(closure, "date", f"court.closures[{i}]")
        _require(closure, "reason", f"court.closures[{i}]")
    case = _require(data, "case", "top level", dict)
    for key in ("docket_number", "caption", "short_name"):
        _require(case, key, "case")
    _date(case, "date_filed", "case")
    for i, party in enumerate(_require(data, "parties", "top level", list)):
        _require(party, "name", f"parties[{i}]")
        _choice(party, "side", f"parties[{i}]", Party.Side.values)
        _choice(party, "kind", f"parties[{i}]", Party.Kind.values)
    for i, counsel in enumerate(data.get("counsel", [])):
        _require(counsel, "name", f"counsel[{i}]")
    for i, related in enumerate(data.get("related_cases", [])):
        where = f"related_cases[{i}]"
        _require(related, "court", where)
        _require(related, "docket_number", where)
        if "relation" in related:
            _choice(related, "relation", where, RelatedCase.Relation.values)
        if "from_order" in related:
            _date(related, "from_order", where)
    for i, event in enumerate(data.get("events", [])):
        where = f"events[{i}]"
        _date(event, "date", where)
        _choice(event, "kind", where, DocketEntry.Kind.values)
        _require(event, "text", where)
        for j, obligation in enumerate(event.get("obligations", [])):
            _require(obligation, "what", f"{where}.obligations[{j}]")
            _choice(obligation, "who", f"{where}.obligations[{j}]", {"plaintiffs", "defendants"})
            if "effective_until" in obligation:
                until = _require(obligation, "effective_until", f"{where}.obligations[{j}]", dict)
                _date(until, "date", f"{where}.obligations[{j}].effective_until")
    for i, disclosure in enumerate(data.get("disclosures", [])):
        _date(disclosure, "date", f"disclosures[{i}]")
        for key in ("data", "recipient"):
            _require(disclosure, key, f"disclosures[{i}]")


def upsert(model, report, lookup, values, create_only=None):
    """get-or-create on `lookup`, then save only the fields that differ. `create_only` values are
    set on a new row only (e.g. a case's slug: its URLs and NEF address must not change)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        report.created += 1
        return model.objects.create(**lookup, **values, **(create_only or {}))
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
        report.updated += 1
    else:
        report.unchanged += 1
    return obj


@transaction.atomic
def load_case(path=DEFAULT_FACTS):
    data = read_facts(path)
    report = LoadReport()
    court = _load_court(data["court"], report)
    case = _load_case(data["case"], court, report)
    parties = _load_parties(data["parties"], case, report)
    _load_counsel(data.get("counsel", []), parties, report)
    _load_events(data.get("events", []), case, report)
    _load_related_cases(data.get("related_cases", []), case, court, report)
    # The rest of the fact file (disclosures) belongs to notices, which loads it on this signal.
    facts_loaded.send(sender=Case, case=case, facts=data, report=report)
    return case, report


def _load_court(facts, report):
    court = upsert(
        Court,
        report,
        {"cmecf_code": facts["cmecf_code"]},
        {
            "name": facts["name"],
            "time_zone": facts["time_zone"],
            "holiday_subdivision": facts.get("holiday_subdivision", ""),
        },
    )
    for closure in facts.get("closures", []):
        upsert(
            CourtClosure,
            report,
            {"court": court, "date": date.fromisoformat(closure["date"])},
            {"reason": closure["reason"]},
        )
    return court


def _load_case(facts, court, report):
    return upsert(
        Case,
        report,
        {"court": court, "docket_number": facts["docket_number"]},
        {
            "caption": facts["caption"],
            "short_name": facts["short_name"],
            "judge": facts.get("judge", ""),
            "date_filed": date.fromisoformat(facts["date_filed"]),
            "public_summary": facts.get("summary", ""),
        },
        # A case already tracked (add_case) keeps its slug: its pages and NEF address stay.
        create_only={"slug": slugify(facts["short_name"])},
    )


def _load_parties(facts, case, report):
    return [
        upsert(
            Party, report, {"case": case, "name": p["name"], "side": p["side"]}, {"kind": p["kind"]}
        )
        for p in facts
    ]


def _load_counsel(facts, parties, report):
    for counsel in facts:
        attorney = upsert(
            Attorney,
            report,
            {"name": counsel["name"]},
            # The fact file lists the team's own counsel: the parties they represent are ours.
            {"organisation": counsel.get("organisation", ""), "is_our_counsel": True},
        )
        side = {"plaintiffs": "plaintiff", "defendants": "defendant"}.get(counsel.get("represents"))
        for party in (p for p in parties if p.side == side):
            upsert(Representation, report, {"attorney": attorney, "party": party}, {})


def _load_events(facts, case, report):
    parties = list(case.parties.all())
    for event in facts:
        kind = KIND_ALIASES.get(event["kind"], event["kind"])
        filed = date.fromisoformat(event["date"])
        entry = DocketEntry.objects.filter(case=case, date_filed=filed, kind=kind).first()
        if entry is None:
            filers, _names = filers_from_text(event["text"], parties)
            entry = write_entry(
                entry=DocketEntry(case=case),
                values={
                    "date_filed": filed,
                    "kind": kind,
                    "text": event["text"],
                    "is_key_order": kind in DocketEntry.ORDER_KINDS,
                },
                filed_by=filers,
                source=DocketEntry.Source.LOADER,
            ).entry
            report.created += 1
        else:
            report.unchanged += 1
        for obligation in event.get("obligations", []):
            _load_obligation(obligation, entry, report)


def _load_obligation(facts, order, report):
    side = {"plaintiffs": "plaintiff", "defendants": "defendant"}[facts["who"]]
    obligation = Obligation.objects.filter(order=order, text=facts["what"]).first()
    _, touched = write_obligation(
        obligation=obligation or Obligation(order=order, text=facts["what"]),
        values={
            "party_side": side,
            "period": facts.get("period", ""),
            "standing_notice_hours": facts.get("standing_notice_hours"),
            "effective_until": _until(facts).get("date"),
            "effective_until_event": _until(facts).get("event", ""),
        },
    )
    if obligation is None:
        report.created += 1
    elif touched:
        report.updated += 1
    else:
        report.unchanged += 1


def _until(facts):
    """The end event of an order's term ({date, event}); {} when open-ended."""
    until = dict(facts.get("effective_until") or {})
    if until.get("date"):
        until["date"] = date.fromisoformat(until["date"])
    return until


def _load_related_cases(facts, case, district, report):
    """The appeal: its court (the D.C. Circuit counts time under FRAP 26(a) like FRCP 6(a), with
    the same federal and D.C. holidays — FRAP 26(a)(6)(C) takes the state of the district court or
    of the circuit clerk's office, both D.C. here — and the same closures the President declared
    for all federal offices) and the link. Nothing about the appeal's docket is invented: it
    comes from importing the D.C. Circuit's docket report."""
    for related in facts:
        court = upsert(
            Court,
            report,
            {"cmecf_code": related["court"]},
            {
                "name": related.get("court_name") or related["court"],
                "time_zone": district.time_zone,
                "holiday_subdivision": district.holiday_subdivision,
            },
        )
        if court.pk != district.pk:
            # Only the President's closures of all federal offices, not a closure of one clerk's
            # office (FRCP 6(a)(3) / FRAP 26(a)(3) concern the court where the paper is filed).
            declared = [c for c in district.closures.all() if "executive order" in c.reason.lower()]
            for closure in declared:
                upsert(
                    CourtClosure,
                    report,
                    {"court": court, "date": closure.date},
                    {"reason": closure.reason},
                )
        from_order = related.get("from_order")
        upsert(
            RelatedCase,
            report,
            {"case": case, "court": court, "docket_number": related["docket_number"]},
            {
                "relation": related.get("relation", RelatedCase.Relation.APPEAL),
                "from_order_date": date.fromisoformat(from_order) if from_order else None,
                "note": related.get("note", ""),
            },
        )
