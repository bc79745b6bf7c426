"""When a docket entry starts the time to appeal, and when it is the notice of appeal. Pure:
text in, answer out; no ORM, no clock.

FRAP 4(a)(1): a notice of appeal in a civil case is filed with the district clerk within 30 days
after entry of the judgment or order appealed from — 60 days when the United States, a U.S.
agency or a U.S. officer is a party (4(a)(1)(B)). Besides a final judgment, an interlocutory
order granting, denying or modifying an injunction is appealable (28 U.S.C. 1292(a)(1)): in
this case, the preliminary relief of 21 Nov 2025, now D.C. Cir. No. 26-5006. FRAP 26(a) counts
the days exactly like FRCP 6(a), so notices.deadlines.rules.compute does the counting."""

import re
from dataclasses import dataclass

_JUDGMENT = re.compile(r"^\s*(?:final\s+|amended\s+)?judgment\b", re.IGNORECASE)
_INJUNCTION_RULING = re.compile(
    r"\b(?P<verb>grant\w*|den\w*|modif\w*|dissolv\w*)\b[^.;]{0,120}?"
    r"\b(?:preliminary\s+(?:injunction|relief)|injunctive\s+relief|"
    r"(?:stay|postpone)\w*\s+(?:of\s+)?(?:the\s+)?(?:agency|policy|effective))",
    re.IGNORECASE,
)
# A stay pending appeal is asked of the district court and then the circuit (FRAP 8); ruling on
# it does not start a new appeal period.
_PENDING_APPEAL = re.compile(r"\bpending\s+appeal\b", re.IGNORECASE)
_NOTICE_OF_APPEAL = re.compile(
    r"^\s*(?:amended\s+)?notice\s+of\s+(?:interlocutory\s+)?appeal\b", re.I
)


@dataclass(frozen=True)
class AppealRule:
    rule_key: str  # a key of notices.deadlines.rules.NAMED_RULES
    title: str
    why: str  # why the order is appealable, for the explanation


def notice_of_appeal_due(kind, text, *, united_states_party):
    """The FRAP 4(a)(1) period an order starts, or None for an order that is not appealable
    on its face (most are not: scheduling orders, minute orders granting extensions...)."""
    if kind not in ("order", "minute_order"):
        return None
    key = "frap_4a1b_notice_of_appeal" if united_states_party else "frap_4a1a_notice_of_appeal"
    if _JUDGMENT.search(text or ""):
        return AppealRule(key, "Notice of appeal due", "a judgment (FRAP 4(a)(1))")
    if _INJUNCTION_RULING.search(text or "") and not _PENDING_APPEAL.search(text or ""):
        return AppealRule(
            key,
            "Notice of appeal due",
            "an order granting or denying an injunction, appealable under 28 U.S.C. 1292(a)(1)",
        )
    return None


def is_notice_of_appeal(text):
    return bool(_NOTICE_OF_APPEAL.search(text or ""))
