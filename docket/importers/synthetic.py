"""Build docket report HTML in the real CM/ECF district-court layout (the one juriscraper's
`DocketReport` parses: the `CIVIL DOCKET FOR CASE #` heading, the party table with
"represented by" cells, and the docket table of date / number / text rows).

For tests, demos and bench/pacer_import.py only: the output is synthetic and says so in its
title, so it can never be mistaken for a real report about a real case."""

from dataclasses import dataclass, field
from datetime import date
from html import escape


@dataclass
class SyntheticEntry:
    date_filed: date
    text: str
    number: int | None = None
    doc_id: str = ""
    attachments: list = field(default_factory=list)  # [(number, description)]


@dataclass
class SyntheticParty:
    name: str
    role: str  # "Plaintiff", "Defendant", ...
    attorneys: list = field(default_factory=list)  # [(name, organisation, email, roles)]


def _party_rows(parties):
    rows = []
    for party in parties:
        rows.append(
            f'<tr><td valign="top" width="40%"><br><b><u>{escape(party.role)}</u></b></td></tr>'
        )
        counsel = []
        for name, organisation, email, roles in party.attorneys:
            lines = [f"<b>{escape(name)}</b>"]
            if organisation:
                lines.append(f"<br>{escape(organisation)}")
            lines.append("<br>1250 Eye Street NW<br>Washington, DC 20005")
            if email:
                lines.append(f"<br>Email: {escape(email)}")
            lines.extend(f"<br><i>{escape(role)}</i>" for role in roles)
            counsel.append("\n".join(lines))
        cell = "<br><br>\n".join(counsel)
        rows.append(
            f'<tr><td valign="top" width="40%"><b>{escape(party.name)}</b></td>'
            + (
                f'<td valign="top" width="20%" align="right">represented&nbsp;by</td>'
                f'<td valign="top" width="40%">{cell}</td>'
                if counsel
                else ""
            )
            + "</tr>"
        )
    return "\n".join(rows)


def _entry_row(court_id, entry):
    if entry.number is not None and entry.doc_id:
        number = (
            f'<a href="https://ecf.{court_id}.uscourts.gov/doc1/{entry.doc_id}">{entry.number}</a>'
        )
    elif entry.number is not None:
        number = str(entry.number)
    else:
        number = ""
    text = escape(entry.text)
    if entry.attachments:
        links = ", ".join(
            f'# <a href="https://ecf.{court_id}.uscourts.gov/doc1/{entry.doc_id}{n}">{n}</a> '
            f"{escape(description)}"
            for n, description in entry.attachments
        )
        text += f" (Attachments: {links})"
    text += f" (Entered: {entry.date_filed:%m/%d/%Y})"
    return (
        f'<tr><td width="94" valign="top" nowrap="">{entry.date_filed:%m/%d/%Y}</td>'
        f'<td style="white-space:nowrap" valign="top" align="right">{number}&nbsp;</td>'
        f'<td valign="top"><!--SB-->{text}</td></tr>'
    )


def docket_report_html(
    *,
    docket_number,
    case_name,
    entries,
    parties=(),
    court_id="dcd",
    judge="Jane Q. Doe",
    date_filed=None,
    nature_of_suit="890 Other Statutory Actions",
):
    """A complete docket report page. `docket_number` as CM/ECF prints it (`1:25-cv-00457-CKK`)."""
    filed = f"{date_filed:%m/%d/%Y}" if date_filed else ""
    party_table = (
        f'<table width="100%" border="0" cellspacing="5">{_party_rows(parties)}</table>'
        if parties
        else ""
    )
    rows = "\n".join(_entry_row(court_id, e) for e in entries)
    return f"""<html><head><title>SYNTHETIC docket report (test data) - District of Columbia live database</title></head>
<body bgcolor="FFFFFF"><div id="cmecfMainContent">
<table border="0" cellspacing="0" width="100%"><tr><td align="right"><span>TYPE-F</span></td></tr></table>
<h3 align="center">U.S. District Court<br>
District of Columbia (Washington, DC)<br>
CIVIL DOCKET FOR CASE #: {escape(docket_number)}</h3>
<table width="100%" border="0" cellspacing="5"><tr>
<td valign="top" width="60%"><br>{escape(case_name)}<br>
Assigned to: Judge {escape(judge)}<br>
Cause: 05:702 Administrative Procedure Act</td>
<td valign="top" width="40%"><br>Date Filed: {filed}<br>
Jury Demand: None<br>
Nature of Suit: {escape(nature_of_suit)}<br>
Jurisdiction: U.S. Government Defendant</td>
</tr></table>
{party_table}
<br><table align="center" width="99%" border="1" cellpadding="5" cellspacing="0" rules="all">
<tr><td style="font-weight:bold; width=94; white-space:nowrap">Date Filed</td>
<th>#</th><td style="font-weight:bold">Docket Text</td></tr>
{rows}
</table><br>
<hr><center><table border="1" bgcolor="white" width="400"><tr><th colspan="4"><font size="+1" color="DARKRED">PACER Service Center </font></th></tr>
<tr><th colspan="4"><font color="DARKBLUE">Transaction Receipt </font></th></tr></table></center>
</div></body></html>"""
