"""What a paper *is*, read from its docket text — a pure module (no ORM, no clock).

Why: "any motion whose text mentions 'preliminary injunction' gets 7 days" put a motion to stay
the PI pending appeal under LCvR 65.1(c). A motion is classified by the relief it asks for —
the words right after "MOTION for" / "MOTION to" (CM/ECF's event text) or "motion for/to" in
free text — never by a phrase anywhere in it:

- an application for a preliminary injunction: LCvR 65.1(c) (opposition 7 days) and, if a
  hearing is requested, LCvR 65.1(d) (hearing no later than 21 days after filing);
- an application for a TRO: no automatic period — the Court sets the schedule;
- every other motion (a stay pending appeal, an extension, leave to file...): LCvR 7(b), 14 days;
- an opposition starts the reply: LCvR 7(d), 7 days;
- a return of service on the U.S. Attorney starts the federal defendants' answer: FRCP 12(a)(2),
  60 days after that service;
- an answer in an agency-review case starts the certified list: LCvR 7(n)(1), 30 days;
- a judgment or an order granting or denying a preliminary injunction starts the notice of
  appeal (FRAP 4(a)(1)); that deadline is written by notices.deadlines.appeal_deadlines.

When the reading is not certain the result says why, and the deadline is a *suggestion* the team
confirms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PI = "pi_application"
TRO = "tro_application"
MOTION = "motion"
OPPOSITION = "opposition"
SERVICE_ON_USAO = "service_on_us_attorney"
ANSWER = "answer"
APPEALABLE = "appealable_order"
OTHER = "other"


@dataclass(frozen=True)
class Classification:
    paper: str  # one of the constants above
    rules: tuple[str, ...] = ()  # keys of notices.deadlines.rules.NAMED_RULES it starts
    uncertain: str = ""  # why the reading is uncertain ("" = certain)
    set_by_court: bool = False  # TRO: no automatic period
    relief: str = ""  # the relief read from the text
    service: str = "electronic"  # FRCP 6(d): how the paper was served
    start_date: object = None  # a date read from the text that starts the period (service)
    notes: tuple[str, ...] = field(default_factory=tuple)


_SPACE = re.compile(r"\s+")
# CM/ECF: "MOTION for Preliminary Injunction by X", "MOTION to Stay re [12] Order by X",
# "Emergency MOTION for Temporary Restraining Order". Free text: "Plaintiffs' motion for a stay".
_RELIEF = re.compile(
    r"\b(?:cross[- ])?motions?\s+(?P<verb>for|to)\s+(?P<relief>.+?)"
    r"(?=\s+(?:by|filed by|as to|re:?|pursuant|under)\s|\s*\(|\s*\[|[.;,]|\s+and\s+memorandum|$)",
    re.IGNORECASE,
)
_PI = re.compile(
    r"^(?:an?\s+)?(?:(?:§\s*705\s+)?stay\s+or\s+(?:a\s+)?|(?:expedited\s+)?)?"
    r"preliminary\s+(?:injunction|injunctive\s+relief)\b",
    re.IGNORECASE,
)
_TRO = re.compile(r"^(?:an?\s+)?(?:temporary\s+restraining\s+order|tro)\b", re.IGNORECASE)
_TRO_AND_PI = re.compile(
    r"temporary\s+restraining\s+order\s+and(?:/or)?\s+(?:a\s+)?preliminary\s+injunction",
    re.IGNORECASE,
)
_PRELIMINARY_RELIEF = re.compile(
    r"^(?:an?\s+)?(?:§\s*705\s+stay|stay\s+(?:of\s+(?:the\s+)?(?:agency|effective\s+date)|"
    r"under\s+(?:5\s+U\.S\.C\.\s+)?§?\s*705)|preliminary\s+relief|"
    r"relief\s+under\s+5\s+U\.S\.C\.?\s+§?\s*705)",
    re.IGNORECASE,
)
_HEARING_REQUESTED = re.compile(
    r"request(?:s|ed|ing)?\s+(?:for\s+)?(?:an?\s+)?(?:oral\s+|evidentiary\s+)?hearing|"
    r"hearing\s+requested",
    re.IGNORECASE,
)
_BY_MAIL = re.compile(
    r"\b(?:served|service)\s+(?:by|via)\s+(?:U\.?S\.?\s+|first[- ]class\s+|certified\s+)?mail",
    re.IGNORECASE,
)
_OPPOSITION = re.compile(
    r"^\s*(?:memorandum|response|brief)\s+(?:of\s+points\s+and\s+authorities\s+)?in\s+"
    r"opposition|^\s*opposition\b",
    re.IGNORECASE,
)
_USAO_SERVICE = re.compile(
    r"(?:date\s+of\s+)?service\s+upon\s+(?:the\s+)?united\s+states\s+attorney\s+(?:on\s+)?"
    r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})",
    re.IGNORECASE,
)
_ANSWER = re.compile(r"^\s*answer\s+to\s+(?:the\s+)?(?:amended\s+)?complaint\b", re.IGNORECASE)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def relief_of(text: str) -> str:
    """The relief a motion asks for ("Preliminary Injunction", "Stay Pending Appeal"), or ""."""
    match = _RELIEF.search(_clean(text))
    return match["relief"].strip() if match else ""


def _service(text: str) -> str:
    return "mail" if _BY_MAIL.search(text) else "electronic"


def classify(
    kind: str, text: str, *, us_party: bool = False, agency_review: bool = False
) -> Classification:
    """Classify one docket entry. `kind` is the entry's kind (motion, opposition, order...)."""
    text = _clean(text)
    service = _service(text)
    mail_note = (
        "Service by mail was read from the docket text (FRCP 6(d) adds 3 days); confirm how it "
        "was served."
        if service == "mail"
        else ""
    )
    if kind == "motion":
        return _classify_motion(text, service, mail_note)
    if kind == "opposition" or _OPPOSITION.search(text):
        if kind not in ("opposition", "other"):
            return Classification(OTHER)
        uncertain = (
            "" if kind == "opposition" else "Docketed as 'other' but reads as an opposition."
        )
        return Classification(
            OPPOSITION,
            ("lcvr_7d_reply",),
            uncertain=" ".join(x for x in (uncertain, mail_note) if x),
            service=service,
        )
    if kind in ("order", "minute_order"):
        return _classify_order(text, us_party)
    match = _USAO_SERVICE.search(text)
    if match:
        from datetime import date

        try:
            served = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return Classification(SERVICE_ON_USAO, uncertain="The service date is not a date.")
        return Classification(SERVICE_ON_USAO, ("frcp_12a2_answer",), start_date=served)
    if _ANSWER.search(text):
        uncertain = (
            ""
            if agency_review
            else "LCvR 7(n)(1) applies only to judicial review of agency action; confirm this "
            "case is one."
        )
        return Classification(ANSWER, ("lcvr_7n1_record_list",), uncertain=uncertain)
    return Classification(OTHER)


def _classify_motion(text: str, service: str, mail_note: str) -> Classification:
    relief = relief_of(text)
    notes = (mail_note,) if mail_note else ()
    uncertain_parts = [mail_note] if mail_note else []
    if not relief:
        uncertain_parts.insert(
            0,
            "The relief the motion asks for could not be read from the docket text; LCvR 7(b) "
            "(14 days) assumed.",
        )
        return Classification(
            MOTION,
            ("lcvr_7b_opposition",),
            uncertain=" ".join(uncertain_parts),
            service=service,
            notes=notes,
        )
    if _TRO_AND_PI.search(relief) or (
        _TRO.search(relief) and re.search(r"preliminary", relief, re.I)
    ):
        return Classification(
            PI,
            ("lcvr_65_1c_pi_opposition",),
            uncertain=" ".join(
                [
                    "A TRO and a preliminary injunction asked together: the Court usually sets "
                    "the schedule for the TRO; LCvR 65.1(c) (7 days) is shown for the PI part.",
                    *uncertain_parts,
                ]
            ),
            relief=relief,
            service=service,
        )
    if _TRO.search(relief):
        return Classification(TRO, (), set_by_court=True, relief=relief, service=service)
    if _PI.search(relief):
        rules = ["lcvr_65_1c_pi_opposition"]
        if _HEARING_REQUESTED.search(text):
            rules.append("lcvr_65_1d_hearing")
        return Classification(
            PI, tuple(rules), uncertain=" ".join(uncertain_parts), relief=relief, service=service
        )
    if _PRELIMINARY_RELIEF.search(relief) and not re.search(r"pending\s+appeal", relief, re.I):
        return Classification(
            PI,
            ("lcvr_65_1c_pi_opposition",),
            uncertain=" ".join(
                [
                    f"“{relief}” may be preliminary relief treated as an application for a "
                    "preliminary injunction (LCvR 65.1(c), 7 days) or an ordinary motion "
                    "(LCvR 7(b), 14 days); the shorter period is shown.",
                    *uncertain_parts,
                ]
            ),
            relief=relief,
            service=service,
        )
    return Classification(
        MOTION,
        ("lcvr_7b_opposition",),
        uncertain=" ".join(uncertain_parts),
        relief=relief,
        service=service,
    )


def _classify_order(text: str, us_party: bool) -> Classification:
    """Judgments and injunction rulings start the notice of appeal (notice_of_appeal_due, below:
    the one reading of an appealable order); that deadline is written by
    notices.deadlines.appeal_deadlines, so no rule is returned here."""
    if notice_of_appeal_due("order", text, united_states_party=us_party) is not None:
        return Classification(APPEALABLE, (), notes=("FRAP 4(a)(1): see notice_of_appeal_due",))
    return Classification(OTHER)


def requests_hearing(text: str) -> bool:
    return bool(_HEARING_REQUESTED.search(_clean(text)))


# --------------------------------------------------------------------------- appeals
# When a docket entry starts the time to appeal, and when it is the notice of appeal.
# FRAP 4(a)(1): a notice of appeal in a civil case is filed with the district clerk within 30 days
# after entry of the judgment or order appealed from — 60 days when the United States, a U.S.
# agency or a U.S. officer is a party (4(a)(1)(B)). Besides a final judgment, an interlocutory
# order granting, denying or modifying an injunction is appealable (28 U.S.C. 1292(a)(1)): in
# this case, the preliminary relief of 21 Nov 2025, now D.C. Cir. No. 26-5006. FRAP 26(a) counts
# the days exactly like FRCP 6(a), so notices.deadlines.rules.compute does the counting.

_APPEAL_JUDGMENT = re.compile(r"^\s*(?:final\s+|amended\s+)?judgment\b", re.IGNORECASE)
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


def notice_of_appeal_due(
    kind: str, text: str | None, *, united_states_party: bool
) -> AppealRule | None:
    """The FRAP 4(a)(1) period an order starts, or None for an order that is not appealable
    on its face (most are not: scheduling orders, minute orders granting extensions...)."""
    if kind not in ("order", "minute_order"):
        return None
    key = "frap_4a1b_notice_of_appeal" if united_states_party else "frap_4a1a_notice_of_appeal"
    if _APPEAL_JUDGMENT.search(text or ""):
        return AppealRule(key, "Notice of appeal due", "a judgment (FRAP 4(a)(1))")
    if _INJUNCTION_RULING.search(text or "") and not _PENDING_APPEAL.search(text or ""):
        return AppealRule(
            key,
            "Notice of appeal due",
            "an order granting or denying an injunction, appealable under 28 U.S.C. 1292(a)(1)",
        )
    return None


def is_notice_of_appeal(text: str | None) -> bool:
    return bool(_NOTICE_OF_APPEAL.search(text or ""))
