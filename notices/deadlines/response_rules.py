"""Which deadlines a docket entry starts under the D.D.C. Local Civil Rules, the FRCP and the
FRAP. Pure: text in, rules out; no ORM, no clock. What the paper *is* comes from
`notices.deadlines.classify` (by the relief it asks for, never a phrase it contains):

- a motion: the opposing party's opposition, 14 days (LCvR 7(b)), or 7 days for an application
  for a preliminary injunction (LCvR 65.1(c)), with the hearing, if requested, no later than 21
  days after filing (LCvR 65.1(d)); a TRO has no automatic period ("set by the Court");
- an opposition: the movant's reply, 7 days (LCvR 7(d));
- service on the U.S. Attorney: the federal defendants' answer, 60 days (FRCP 12(a)(2));
- an answer in an agency-review case: the certified list of the record, 30 days (LCvR 7(n)(1));
(A judgment or PI ruling starts the notice of appeal: notices.deadlines.classify.notice_of_appeal_due, FRAP 4(a)(1).)
The periods run from service; CM/ECF service is complete on filing (FRCP 5(b)(2)(E)) and FRCP
6(d) adds 3 days only for service by mail or other non-electronic means."""

from collections.abc import Iterable
from dataclasses import dataclass

from notices.deadlines.classify import Classification, classify

SIDES = ("plaintiff", "defendant")
SIDE_LABEL = {"plaintiff": "Plaintiffs'", "defendant": "Defendants'"}
STARTS_A_PERIOD = frozenset({"motion", "opposition", "order", "minute_order", "other", "notice"})
ANSWERS = frozenset({"opposition", "reply"})  # kinds that can meet a response deadline


@dataclass(frozen=True)
class ResponseRule:
    rule_key: str  # a key of notices.deadlines.rules.NAMED_RULES
    title: str
    responsible_side: str  # "" when the filer's side is not known
    satisfied_by_kind: str  # the entry kind that meets it when it responds to the trigger
    kind: str = "deadline"  # or "hearing" (the Court's date)
    whose: str = "response"  # response (other side of the filer) | filer | court | any


def _other(filer_sides: Iterable[str]) -> str:
    sides = set(filer_sides) & set(SIDES)
    if len(sides) != 1:
        return ""
    return next(s for s in SIDES if s not in sides)


def rules_for(classification: Classification, filer_sides: Iterable[str]) -> list[ResponseRule]:
    """The deadlines a classified paper starts."""
    responder = _other(filer_sides)
    who = SIDE_LABEL.get(responder, "Opposing party's")
    found: list[ResponseRule] = []
    for key in classification.rules:
        if key == "lcvr_7b_opposition":
            found.append(
                ResponseRule(key, f"{who} opposition to the motion due", responder, "opposition")
            )
        elif key == "lcvr_65_1c_pi_opposition":
            found.append(
                ResponseRule(
                    key,
                    f"{who} opposition to the application for a preliminary injunction due",
                    responder,
                    "opposition",
                )
            )
        elif key == "lcvr_65_1d_hearing":
            found.append(
                ResponseRule(
                    key,
                    "Hearing on the preliminary-injunction application (requested): latest date",
                    "",
                    "",
                    kind="hearing",
                    whose="court",
                )
            )
        elif key == "lcvr_7d_reply":
            mover = SIDE_LABEL.get(responder, "Movant's")
            found.append(ResponseRule(key, f"{mover} reply due", responder, "reply"))
        elif key == "frcp_12a2_answer":
            found.append(
                ResponseRule(key, "Federal defendants' answer due", "defendant", "", whose="agency")
            )
        elif key == "lcvr_7n1_record_list":
            found.append(
                ResponseRule(
                    key,
                    "Certified list of the contents of the administrative record due",
                    "defendant",
                    "record",
                    whose="filer",
                )
            )
    return found


def responses_due(
    kind: str,
    text: str,
    filer_sides: Iterable[str],
    *,
    us_party: bool = False,
    agency_review: bool = False,
) -> tuple[Classification, list[ResponseRule]]:
    """(classification, [ResponseRule]) for an entry."""
    classification = classify(kind, text, us_party=us_party, agency_review=agency_review)
    return classification, rules_for(classification, filer_sides)


def response_due(kind: str, text: str, filer_sides: Iterable[str]) -> ResponseRule | None:
    """The response (opposition or reply) the entry calls for, or None."""
    _, found = responses_due(kind, text, filer_sides)
    for rule in found:
        if rule.satisfied_by_kind in ANSWERS:
            return rule
    return None
