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


@dataclass
class SyntheticAppellateEntry:
    date_filed: date
    text: str
    number: int | None = None
    seq: str = ""


def appellate_docket_html(
    *,
    docket_number,
    case_name,
    entries,
    parties=(),
    docketed=None,
    court_name="United States Court of Appeals for District of Columbia Circuit",
    court_id="cadc",
    origin_court_id="dcd",
    origin_docket_number="",
    trial_judge="",
    origin_filed=None,
    judgment_date=None,
    noa_date=None,
    nature_of_suit="3890 Other Statutory Actions",
):
    """A court of appeals "General Docket" page in the layout of the real D.C. Circuit report
    (tests/docket/samples/appellate/cadc_22-8513.html), which juriscraper's
    `AppellateDocketReport` parses. `parties`: [(name, type)] with type as CM/ECF prints it
    ("Appellant", "Plaintiff - Appellee")."""

    def day(value):
        return f"{value:%m/%d/%Y}" if value else ""

    origin = "<tr><td>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;None</td></tr>"
    if origin_docket_number:
        origin = (
            f"<tr><td colspan=4>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<B>District: </B>0090-1 : "
            f'<A href="https://ecf.{origin_court_id}.uscourts.gov/cgi-bin/DktRpt.pl?caseNumber='
            f'{escape(origin_docket_number)}" TARGET="_BLANK">{escape(origin_docket_number)}</A>'
            "</td></tr>\n"
            f"<tr><td colspan=4>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<B>Trial Judge: </B>"
            f"{escape(trial_judge)}, U.S. District Judge</td></tr>\n"
            f"<tr><td colspan=2><B>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Date Filed: </B>"
            f"{day(origin_filed)}</td></tr>\n"
            "<TR><TD><B>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Date Order/Judgment:</B></TD>"
            "<TD><B>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Date Order/Judgment EOD:</B></TD>"
            "<TD><B>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Date NOA Filed:</B></TD>"
            "<TD><B>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Date Rec'd COA:</B></TD></TR>\n"
            f"<TR><TD>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{day(judgment_date)}</TD>"
            f"<TD>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{day(judgment_date)}</TD>"
            f"<TD>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{day(noa_date)}</TD>"
            f"<TD>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{day(docketed)}</TD></TR>"
        )
    party_rows = "\n".join(
        f'\t<tr><td valign="top" width="50%">{escape(name)}<br>\n{escape(kind)}\n</td>\n'
        f'\t\t<td valign="top" width="50%">\n</td></tr>'
        for name, kind in parties
    )
    rows = []
    for i, entry in enumerate(entries):
        seq = entry.seq or f"{2100000 + i}"
        number = (
            f'<a href="https://ecf.{court_id}.uscourts.gov/docs1/0121{seq}" title="Open Document">'
            f"&nbsp;{entry.number}&nbsp;</a>"
            if entry.number
            else f'<input type="checkbox" name="d" value="{seq}">&nbsp;&nbsp;'
        )
        rows.append(
            f'\t\t<tr><td valign="top">{day(entry.date_filed)}</td><td valign="top" nowrap="">\n'
            f'{number}\n</td><td width="90%" valign="top">{escape(entry.text)} '
            f"[{escape(docket_number)}]  [Entered: {day(entry.date_filed)} 10:00 AM]</td></tr>"
        )
    return f"""<html><head><title>SYNTHETIC {escape(docket_number)} Docket (test data)</title></head>
<body>
<table width="100%" border="0">
\t<tbody><tr><td align="right"></td></tr>
\t<tr><td align="center"><b>General Docket<br>
\t{escape(court_name)}</b></td>
\t</tr>
</tbody></table>
<table width="100%" border="1" cellpadding="4">
<!-- ===================== NEW SECTION - Case Stub ======================== -->
<tbody><tr><td>
\t<table width="100%" border="0" cellpadding="0" cellspacing="0">
\t<tbody><tr><td><b>Court of Appeals Docket #: </b>{escape(docket_number)}</td>
\t\t<td valign="top" align="right" rowspan="2">
\t\t<b>Docketed:</b> {day(docketed)}</td></tr>
<tr><td><b>Nature of Suit: </b>
\t{escape(nature_of_suit)}</td></tr>
<tr><td>{escape(case_name)}</td></tr>
\t<tr><td><b>Appeal From:</b>
\tUnited States District Court for the District of Columbia</td>
</tr>
\t<tr><td><b>Fee Status:</b>  USA - No Fee Req</td>
</tr>
\t</tbody></table>
</td></tr>
<!-- ==================== NEW SECTION - Case Type ========================= -->
<tr><td>
\t<table width="100%" border="0" cellpadding="0" cellspacing="0">
\t<tbody><tr><td><b>Case Type Information:</b></td></tr>
\t<tr><td><b>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;1)</b> civil</td></tr>
\t<tr><td><b>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;2)</b> united states</td></tr>
\t<tr><td></td></tr>
\t</tbody></table>
</td></tr>
<!-- =================== NEW SECTION - Orig Court ========================= -->
<tr><td>
\t<table width="100%" border="0" cellpadding="0" cellspacing="0">
\t<tbody><tr><td colspan="4"><b>Originating Court Information:</b></td></tr>
{origin}
\t</tbody></table>
</td></tr>
<!-- ================= NEW SECTION - Panel Assignment ===================== -->
<tr><td><b>Panel Assignment:</b>
\t&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Not available
</td></tr>
</tbody></table>
<!-- ===================NEW SECTION - Party/Aty List ====================== -->
<br>
<table width="100%" border="1" cellpadding="0">
<tbody><tr><td>
\t<table width="100%" border="0" cellpadding="4" cellspacing="0">
<tbody><tr><td colspan="2"></td></tr>
{party_rows}
</tbody></table>
</td></tr>
</tbody></table>
<!-- ================= NEW SECTION - DOCKET ENTRIES =================== -->
<table width="100%" border="1" cellpadding="0">
\t\t<tbody><tr><td>
\t\t<table border="0" cellpadding="4">
<tbody>
{chr(10).join(rows)}
</tbody></table></td></tr></tbody></table>
</body></html>"""
