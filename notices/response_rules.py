"""Which response a docket entry calls for under the D.D.C. Local Civil Rules. Pure: text in,
rule out; no ORM, no clock.

- A motion starts the opposing party's opposition period: 14 days (LCvR 7(b)), or 7 days for an
  application for a preliminary injunction (LCvR 65.1(c)).
- An opposition starts the movant's reply period: 7 days (LCvR 7(d)).
The periods run from service; CM/ECF service is complete on filing (FRCP 5(b)(2)(E)) and FRCP
6(d) adds no days for electronic service, so they are counted from the filing date."""

from dataclasses import dataclass

SIDES = ("plaintiff", "defendant")
SIDE_LABEL = {"plaintiff": "Plaintiffs'", "defendant": "Defendants'"}
PI_WORDS = ("preliminary injunction", "temporary restraining order")
STARTS_A_PERIOD = frozenset({"motion", "opposition"})  # kinds response_due answers for
ANSWERS = frozenset({"opposition", "reply"})  # kinds that can meet a response deadline


@dataclass(frozen=True)
class ResponseRule:
    rule_key: str  # a key of notices.rules.NAMED_RULES
    title: str
    responsible_side: str  # "" when the filer's side is not known
    satisfied_by_kind: str  # the entry kind that meets it when it responds to the trigger


def _other(filer_sides):
    sides = set(filer_sides) & set(SIDES)
    if len(sides) != 1:
        return ""
    return next(s for s in SIDES if s not in sides)


def response_due(kind, text, filer_sides):
    """The response the entry calls for, or None."""
    responder = _other(filer_sides)
    who = SIDE_LABEL.get(responder, "Opposing party's")
    if kind == "motion":
        is_pi = any(word in text.lower() for word in PI_WORDS)
        key = "lcvr_65_1c_pi_opposition" if is_pi else "lcvr_7b_opposition"
        what = "application for a preliminary injunction" if is_pi else "motion"
        return ResponseRule(key, f"{who} opposition to the {what} due", responder, "opposition")
    if kind == "opposition":
        mover = SIDE_LABEL.get(responder, "Movant's")
        return ResponseRule("lcvr_7d_reply", f"{mover} reply due", responder, "reply")
    return None
