"""Starter text for each kind of paper: what a new draft opens with, in Markdown, for the team to
edit. Placeholders are in [square brackets] so nothing unfinished slips through unnoticed."""

from django.template.loader import render_to_string

STARTER_TITLES = {
    "notice": "Notice of [subject]",
    "motion": "Plaintiffs' Motion for [relief]",
    "status_report": "Status Report",
    "non_compliance": "Plaintiffs' Notice of Defendants' Non-Compliance with the Court's Order",
    "certificate": "Certificate of Service",
}


def starter_for(filing_type, *, case):
    """(title, body) for a new draft of `filing_type` in `case`."""
    if filing_type not in STARTER_TITLES:
        return "", ""
    body = render_to_string(f"docket/pdf/starters/{filing_type}.md", {"case": case})
    return STARTER_TITLES[filing_type], body.strip() + "\n"
