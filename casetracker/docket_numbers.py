"""Docket numbers as courts write them, reduced to one comparable key. Pure: no ORM.

District (CM/ECF):  `1:25-cv-00457`, also written `1:25-cv-457`, `1:25-cv-00457-CKK` (judge's
                    initials) or `1:18-cr-00224-1` (defendant number) -> `1:25-cv-00457`.
Appellate:          `26-5006`, also `No. 26-5006` or `26-05006` -> `26-5006`.

`docket_key(number)` is what imports, feeds and inbound mail compare; `parse_docket_number`
validates what a person types and says what is wrong with it."""

import re

_DISTRICT = re.compile(
    r"^(?P<office>\d{1,2}):(?P<year>\d{2})-(?P<type>[a-z]{2,4})-(?P<seq>\d{1,6})"
    r"(?:-[a-z0-9]{1,6})*$",
    re.IGNORECASE,
)
_APPELLATE = re.compile(r"^(?:no\.?\s*)?(?P<year>\d{2})-(?P<seq>\d{1,6})$", re.IGNORECASE)


def _district_key(match):
    return f"{int(match['office'])}:{match['year']}-{match['type'].lower()}-{int(match['seq']):05d}"


def _appellate_key(match):
    return f"{match['year']}-{int(match['seq'])}"


def docket_key(number):
    """The comparable form of a district or appellate docket number; '' if it is neither."""
    text = " ".join((number or "").split())
    match = _DISTRICT.match(text)
    if match:
        return _district_key(match)
    match = _APPELLATE.match(text)
    if match:
        return _appellate_key(match)
    return ""


def parse_docket_number(number, *, appellate):
    """The docket number to store for a new case, or ValueError with a plain message."""
    text = " ".join((number or "").split())
    if not text:
        raise ValueError("Enter the docket number.")
    if appellate:
        match = _APPELLATE.match(text)
        if match:
            return _appellate_key(match)
        raise ValueError(
            f"“{text}” is not a court of appeals docket number; write it as YY-NNNN, e.g. 26-5006."
        )
    match = _DISTRICT.match(text)
    if match:
        return _district_key(match)
    raise ValueError(
        f"“{text}” is not a district court docket number; write it as office:YY-type-NNNNN, "
        "e.g. 1:25-cv-00457."
    )
