"""Dates the Court sets in docket text — a pure module (no ORM, no clock).

CM/ECF docket text carries the dates the clerk or the judge sets: "Responses due by 2/4/2022",
"Motion Hearing set for 1/19/2023 02:00 PM in Courtroom 28A before Judge X", "Status Report due
by 4/11/2023", "Release of Transcript Restriction set for 4/24/2023", "Answer due for ALL
FEDERAL DEFENDANTS by 4/19/2025". `extract(text)` returns each one with the sentence it came
from. It never invents a date: a date is returned only when a recognised court-setting phrase
("<what> due (by) DATE", "<what> set for / reset for / continued to DATE [TIME]", "<what>
Deadline set for DATE") directly governs it, the date is a real calendar date with a four-digit
year, and the sentence does not vacate, cancel or strike it. Dates of filing, entry, signature,
service, "held on" and "dated" are never court-set dates and are never returned."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

HEARING_WORDS = re.compile(
    r"\b(hearing|conference|argument|trial|sentencing|arraignment|status\s+call|"
    r"proceeding|calendar\s+call|show\s+cause|appearance|motion\s+hearing|return\s+date)\b",
    re.IGNORECASE,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(_MONTHS.split("|"), start=1)}
_DATE = (
    r"(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})|"
    r"(?P<mname>" + _MONTHS + r")\s+(?P<md>\d{1,2}),\s+(?P<my>\d{4}))(?![\d/])"
)
_TIME = r"(?:,?\s*(?:at\s+)?(?P<hh>\d{1,2}):(?P<mm>\d{2})\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?))?"
# "<what> due by DATE", "<what> due DATE", "<what> due on DATE", "<what> due for X by DATE"
_DUE = re.compile(
    r"(?P<what>[A-Z][A-Za-z0-9/'’&,\- ]{1,90}?)\s+(?:is\s+|are\s+)?(?:now\s+)?due"
    r"(?:\s+for\s+[A-Za-z0-9 ,.'’\-]{1,80}?)?\s+(?:by|on)?\s*" + _DATE + _TIME,
)
# "<what> set for DATE [TIME]", "reset for", "rescheduled for/to", "continued to", "Deadline set for"
_SET = re.compile(
    r"(?P<what>[A-Za-z][A-Za-z0-9/'’&\- ]{1,90}?)\s+"
    r"(?:(?:is|are|was|has\s+been|have\s+been|already)\s+)?(?:hereby\s+)?"
    r"(?P<verb>set|reset|re-set|rescheduled|continued|scheduled)\s+(?:for|to|on)\s+"
    + _DATE
    + _TIME,
)
# "the parties shall file a joint status report by March 3, 2023", "Apple will provide ... by
# August 23, 2021", "moving papers shall be filed on 3/19/2004"
_SHALL = re.compile(
    r"\b(?P<who>[A-Z][A-Za-z'’ ]{0,40}?\s+)?(?P<modal>shall|should|must|will)\s+(?:be\s+)?"
    r"(?P<what>(?:file|filed|submit|submitted|produce|produced|provide|respond|serve|served|"
    r"appear|complete|show\s+cause|meet\s+and\s+confer|lodge|certify)[^.;]{0,160}?)\s+"
    r"(?:on\s+or\s+before|by|no\s+later\s+than|not\s+later\s+than|on)\s+" + _DATE + _TIME,
)
_CANCELLED = re.compile(
    r"\b(vacat\w*|cancel\w*|stricken|strike|struck|terminated|withdrawn|denied\s+as\s+moot)\b",
    re.IGNORECASE,
)
# The governing phrase must not itself be about a past or non-court event.
_NOT_COURT_SET = re.compile(
    r"\b(filed|entered|signed|served|service|held|dated|received|executed|issued|docketed|"
    r"mailed|returned|postmarked|submitted)\b",
    re.IGNORECASE,
)
# Every phrase above governs a date: a text without one sets nothing (checked first, as most docket
# text names no date and the phrases are costly to try).
_ANY_DATE = re.compile(_DATE)
_PREVIOUSLY = re.compile(r"\b(previously|originally|currently|formerly|earlier)\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(])|\n+")
_LEAD = re.compile(
    r"^(?:.*?\b(?:as\s+follows|ORDERED\s+that|ORDERED:|Set/Reset\s+(?:Deadlines|Hearings)"
    r"(?:/Hearings)?:|Set/Reset\s+Deadlines/Hearings:|ORDER(?:ED)?\s*:|that)\s+)",
    re.IGNORECASE,
)
_WHAT_TRIM = re.compile(
    r"^(?:and|the|a|an|that|any|all|with|its|their|his|her|parties'|party's|\W)+\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SetDate:
    when: date | datetime  # a date, or a naive court-local datetime when a time is given
    kind: str  # deadline | hearing
    what: str  # "Responses", "Motion Hearing", "Status Report"
    sentence: str

    @property
    def iso(self) -> str:
        if isinstance(self.when, datetime):
            return self.when.strftime("%Y-%m-%dT%H:%M")
        return self.when.isoformat()


def sentences(text: str) -> list[str]:
    """Split docket text into sentences (CM/ECF puts several settings in one entry)."""
    text = (text or "").replace("\r", "")
    parts = []
    for chunk in _SENTENCE_END.split(text):
        chunk = " ".join(chunk.split())
        if chunk:
            parts.append(chunk)
    return parts


def _real_date(match) -> date | None:
    try:
        if "mname" in match.re.groupindex and match["mname"]:
            day = date(int(match["my"]), _MONTH_NUMBER[match["mname"].lower()], int(match["md"]))
        else:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    if not 1990 <= day.year <= 2100:
        return None
    return day


def _real_time(match: re.Match[str]) -> time | None | Literal[False]:
    """A time, None when there is none, False when it is not a real time."""
    if not match["hh"]:
        return None
    hour, minute = int(match["hh"]), int(match["mm"])
    pm = match["ap"].lower().startswith("p")
    if not (1 <= hour <= 12 and 0 <= minute <= 59):
        return False
    hour = hour % 12 + (12 if pm else 0)
    return time(hour, minute)


def _clean_what(what: str) -> str:
    what = what.strip(" ,;:-")
    what = _LEAD.sub("", what)
    # keep only the last clause before the verb: "... ORDERED that Plaintiffs' Response" -> "Response"
    for separator in (". ", "; ", ": ", ", "):
        if separator in what:
            what = what.rsplit(separator, 1)[1]
    while True:
        trimmed = _WHAT_TRIM.sub("", what)
        if trimmed == what:
            break
        what = trimmed
    return what.strip(" ,;:-")


def _after_previously(sentence: str, start: int) -> bool:
    """'the hearing previously set for ...' names an old date, not one being set."""
    return bool(_PREVIOUSLY.search(sentence[:start]))


def extract(text: str) -> list[SetDate]:
    """Every date the Court set in this docket text, in order, with its sentence."""
    found: list[SetDate] = []
    seen = set()
    if re.match(r"\s*ENTERED\s+IN\s+ERROR", text or "", re.IGNORECASE):
        return found  # the clerk withdrew the whole entry
    if not _ANY_DATE.search((text or "").replace("\r", "")):
        return found
    for sentence in sentences(text):
        if _CANCELLED.search(sentence):
            continue  # a vacated or cancelled setting cannot be read with certainty
        matches = [(m, "set") for m in _SET.finditer(sentence)]
        matches += [(m, "due") for m in _DUE.finditer(sentence)]
        matches += [(m, "shall") for m in _SHALL.finditer(sentence)]
        for match, how in sorted(matches, key=lambda pair: pair[0].start()):
            if how == "shall":
                who = (match["who"] or "").strip()
                what = " ".join(f"{who} {match['modal']} {match['what']}".split()).strip()
                what = what[:1].upper() + what[1:]
            else:
                what = _clean_what(match["what"])
                if not what or _NOT_COURT_SET.search(what):
                    continue
            verb_at = match.start("verb") if how == "set" else match.end("what")
            if _after_previously(sentence, verb_at):
                continue
            day = _real_date(match)
            clock = _real_time(match)
            if day is None or clock is False:
                continue
            hearing = HEARING_WORDS.search(what) or (how == "shall" and "appear" in what.lower())
            kind = "hearing" if hearing else "deadline"
            when = datetime.combine(day, clock) if clock else day
            key = (when, what.lower())
            if key in seen:
                continue
            seen.add(key)
            found.append(SetDate(when=when, kind=kind, what=what, sentence=sentence))
    return found
