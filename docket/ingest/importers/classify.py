"""Pure rules for reading CM/ECF docket text: what kind of entry it is, and which earlier entries
it refers to. No ORM, no clock: plain strings in, plain values out.

CM/ECF docket text starts with the event's name ("MOTION to Dismiss", "MINUTE ORDER granting
12 Motion", "MEMORANDUM in Opposition re 15 MOTION..."), sometimes after a qualifier ("Joint",
"Consent", "REDACTED DOCUMENT-"). The earliest recognised event word decides the kind, so "ORDER
granting 12 MOTION" is an order and "REPLY to opposition to motion" is a reply."""

import re

from docket.models import DocketEntry

Kind = DocketEntry.Kind

# (kind, pattern). Listed roughly from most to least specific; on a tie of position, the
# earlier row wins. Rows mapping to OTHER are "stoppers": event names that mention an order or
# a motion later in their text without being one (a transcript's "Transcript Order Form").
_KIND_PATTERNS = [
    (Kind.MINUTE_ORDER, r"minute\s+order"),
    (Kind.OTHER, r"minute\s+entry"),
    (Kind.OTHER, r"entered\s+in\s+error"),
    (Kind.OTHER, r"transcript"),
    (Kind.OTHER, r"status\s+report"),
    (Kind.OTHER, r"summons"),
    (Kind.OTHER, r"sealed\s+document"),
    (Kind.OTHER, r"memorandum\s+in\s+support"),
    (Kind.OTHER, r"stipulation"),
    (Kind.OPPOSITION, r"(?:memorandum|response)\s+in\s+opposition"),
    (Kind.ORDER, r"memorandum\s+opinion"),
    (Kind.ORDER, r"(?:scheduling\s+|protective\s+|consent\s+)?order"),
    (Kind.ORDER, r"judgment"),
    (Kind.COMPLAINT, r"(?:amended\s+)?complaint"),
    (Kind.OPPOSITION, r"opposition"),
    (Kind.REPLY, r"reply"),
    (Kind.MOTION, r"motion"),
    (Kind.RECORD, r"(?:administrative\s+record|certified\s+(?:list|index))"),
    (Kind.NOTICE, r"notice"),
]
_COMPILED = [
    (kind, re.compile(rf"\b{pattern}\b", re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS
]

# Only the head of the text names the event; deeper in, a minute order may quote a motion.
_HEAD_CHARS = 160


def classify_kind(text):
    """The entry kind a docket text describes; OTHER when nothing is recognised."""
    head = (text or "")[:_HEAD_CHARS]
    best = None
    for rank, (kind, pattern) in enumerate(_COMPILED):
        match = pattern.search(head)
        if match and (best is None or (match.start(), rank) < best[0]):
            best = ((match.start(), rank), kind)
    return best[1] if best else Kind.OTHER


# "(Attachments: # 1 Exhibit A, # 2 Certificate of Service)" lists attachment numbers, not entries.
_ATTACHMENTS = re.compile(r"\(Attachments?:[^)]*\)", re.IGNORECASE)
# "re 12 Motion", "re: 12 MOTION", "granting [164] Sealed Motion" (NEFs bracket the number), "to
# 584 Sealed Document", and
# further numbers in the same run: "re 477 Sealed Document,,,,, 492 Sealed Document".
_LEAD = re.compile(
    r"\b(?:re:?|(?:granting|denying)(?:\s+in\s+part)?(?:\s+and\s+(?:granting|denying)\s+in\s+part)?|"
    r"striking|to|on|regarding|in\s+response\s+to)\s+"
    r"\[?(?P<number>\d{1,6})\]?\s+(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
_FOLLOW = re.compile(r"^[^.;()]*?,+\s*\[?(?P<number>\d{1,6})\]?\s+(?=[A-Z])")


def referenced_numbers(text, *, own_number=None):
    """ECF numbers the text refers to (deduplicated, in order). A reference must be followed by a
    capitalised word, as CM/ECF writes its links ("re 12 Motion"), so dates and counts
    ("by August 23, 2021", "35 subject matters") are not mistaken for entries. Entries only refer
    back, so numbers not below `own_number` are dropped."""
    body = _ATTACHMENTS.sub(" ", text or "")
    found = []
    for match in _LEAD.finditer(body):
        found.append(int(match.group("number")))
        rest = body[match.end() :]
        while True:
            follow = _FOLLOW.match(rest)
            if not follow:
                break
            found.append(int(follow.group("number")))
            rest = rest[follow.end() :]
    result = []
    for number in found:
        if number <= 0 or (own_number is not None and number >= own_number):
            continue
        if number not in result:
            result.append(number)
    return result


def normalise_text(text):
    """Docket text compared for sameness: whitespace collapsed, case kept."""
    return " ".join((text or "").split())
