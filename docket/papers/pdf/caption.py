"""Pure rules for the paper's caption and signature: no ORM, no clock, plain values in and out.

D.D.C. practice: the parties block names the first party on each side followed by "et al." when
there are more; the civil action number carries the assigned judge's initials
(`1:25-cv-00457 (CKK)`); the signature block is `/s/` and then what the bar requires, omitting
whatever the tracker does not know."""

import re
from dataclasses import dataclass

SIDE_WORDS = {
    "plaintiff": ("Plaintiff", "Plaintiffs"),
    "defendant": ("Defendant", "Defendants"),
    "intervenor": ("Intervenor", "Intervenors"),
    "amicus": ("Amicus Curiae", "Amici Curiae"),
}
_HONORIFICS = {"judge", "hon", "honorable", "the", "chief", "senior", "district", "u.s.", "us"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_NUMBER_WITH_INITIALS = re.compile(
    r"^(?P<number>\d:\d{2}-[a-z]{2}-\d{3,5})-(?P<initials>[A-Z]{2,4})$"
)


def judge_initials(judge):
    """`Colleen Kollar-Kotelly` -> `CKK`; `Amit P. Mehta` -> `APM`. Empty when the name is too
    short to be sure (a single word), so the caption leaves the initials out."""
    words = [w for w in re.split(r"[\s\-]+", (judge or "").strip()) if w]
    words = [w for w in words if w.lower().strip(".,") not in _HONORIFICS]
    words = [w for w in words if w.lower().strip(".,") not in _SUFFIXES]
    initials = "".join(w[0].upper() for w in words if w[0].isalpha())
    return initials if len(initials) >= 2 else ""


def civil_action_number(docket_number, judge=""):
    """`1:25-cv-00457 (CKK)`. Initials already on the number (`1:25-cv-00457-CKK`) win."""
    docket_number = (docket_number or "").strip()
    match = _NUMBER_WITH_INITIALS.match(docket_number)
    if match:
        return f"{match['number']} ({match['initials']})"
    initials = judge_initials(judge)
    return f"{docket_number} ({initials})" if initials else docket_number


@dataclass(frozen=True)
class PartyBlock:
    names: str  # "Center for Taxpayer Rights, et al.,"
    role: str  # "Plaintiffs,"


def party_block(names, side, *, last=False):
    """One side of the caption from its party names in docket order."""
    singular, plural = SIDE_WORDS.get(side, (side.title(), side.title() + "s"))
    end = "." if last else ","
    if not names:
        return PartyBlock(names="", role=plural + end)
    if len(names) == 1:
        return PartyBlock(names=f"{names[0]},", role=singular + end)
    return PartyBlock(names=f"{names[0]}, et al.,", role=plural + end)


def counsel_for(represented, totals):
    """The line under the signature: whom the signer represents.

    `represented`: [(party name, side)] the attorney currently represents in this case;
    `totals`: {side: number of parties on that side}. All plaintiffs of a multi-plaintiff case
    -> "Counsel for Plaintiffs"; some of them -> "Counsel for Plaintiffs A and B"."""
    by_side: dict[str, list[str]] = {}
    for name, side in represented:
        by_side.setdefault(side, []).append(name)
    phrases = []
    for side in SIDE_WORDS:
        names = by_side.get(side)
        if not names:
            continue
        singular, plural = SIDE_WORDS[side]
        if len(names) >= totals.get(side, 0):
            phrases.append(plural if len(names) > 1 else singular)
        else:
            word = plural if len(names) > 1 else singular
            phrases.append(f"{word} {_join(names)}")
    return f"Counsel for {'; '.join(phrases)}" if phrases else ""


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def bar_line(name, bar_number):
    """`Daniel A. McGrath (D.C. Bar No. 1531723)`, or just the name when no bar number is known."""
    bar_number = (bar_number or "").strip()
    if not bar_number:
        return name
    if "bar" not in bar_number.lower():
        bar_number = f"D.C. Bar No. {bar_number}"
    return f"{name} ({bar_number})"


def signature_lines(*, name, bar_number="", organisation="", address="", phone="", email=""):
    """The lines under `/s/`, leaving out anything blank (never "None", never an empty label)."""
    lines = [bar_line(name.strip(), bar_number)]
    for value in (organisation, *(address or "").splitlines(), phone, email):
        value = (value or "").strip()
        if value and value.lower() != "none":
            lines.append(value)
    return lines


def cmecf_case_number(docket_number, judge=""):
    """The number as CM/ECF prints it atop a docket sheet: `1:25-cv-00457-CKK`."""
    docket_number = (docket_number or "").strip()
    if _NUMBER_WITH_INITIALS.match(docket_number):
        return docket_number
    initials = judge_initials(judge)
    return f"{docket_number}-{initials}" if initials else docket_number
