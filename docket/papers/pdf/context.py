"""Read what a paper needs from the database and shape it for the PDF templates."""

from dataclasses import dataclass, field
from datetime import date

from casetracker.models import Party
from docket.papers.pdf import caption
from docket.papers.pdf.sanitise import markdown_to_safe_html


@dataclass
class Caption:
    court: str
    plaintiffs: caption.PartyBlock
    defendants: caption.PartyBlock
    civil_action: str

    @property
    def court_lines(self):
        """`UNITED STATES DISTRICT COURT` / `FOR THE DISTRICT OF COLUMBIA`."""
        upper = self.court.upper()
        head, sep, tail = upper.partition(" FOR THE ")
        return [head, f"FOR THE {tail}"] if sep else [upper]


@dataclass
class Signature:
    name: str
    lines: list = field(default_factory=list)
    counsel_for: str = ""


def court_date(value: date):
    """`September 12, 2025`: the long US form courts use (no leading zero)."""
    return f"{value:%B} {value.day}, {value.year}"


def case_caption(case):
    parties = list(case.parties.order_by("pk").only("name", "side"))
    plaintiffs = [p.name for p in parties if p.side == Party.Side.PLAINTIFF]
    defendants = [p.name for p in parties if p.side == Party.Side.DEFENDANT]
    return Caption(
        court=case.court.name,
        plaintiffs=caption.party_block(plaintiffs, Party.Side.PLAINTIFF),
        defendants=caption.party_block(defendants, Party.Side.DEFENDANT, last=True),
        civil_action=caption.civil_action_number(case.docket_number, case.judge),
    )


def signature_for(attorney, case):
    if attorney is None:
        return None
    represented = [
        (r.party.name, r.party.side)
        for r in attorney.representations.filter(party__case=case, terminated__isnull=True)
        .select_related("party")
        .order_by("party__pk")
    ]
    totals: dict[str, int] = {}
    for side in case.parties.values_list("side", flat=True):
        totals[side] = totals.get(side, 0) + 1
    return Signature(
        name=attorney.name,
        lines=caption.signature_lines(
            name=attorney.name,
            bar_number=attorney.bar_number,
            organisation=attorney.organisation,
            address=attorney.address,
            phone=attorney.phone,
            email=attorney.email,
        ),
        counsel_for=caption.counsel_for(represented, totals),
    )


def filing_context(filing, *, today):
    """Everything filing.html needs. `today` is the date in court time the paper is dated."""
    case = filing.case
    return {
        "filing": filing,
        "type": filing.type,
        "title": filing.title,
        "caption": case_caption(case),
        "body_html": markdown_to_safe_html(filing.body),
        "dated": court_date(today),
        "signature": signature_for(filing.signing_attorney, case),
        "service_list": [line.strip() for line in filing.service_list.splitlines() if line.strip()],
    }
