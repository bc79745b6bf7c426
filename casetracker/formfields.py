"""Form fields that say what is wrong in words a paralegal understands.

`CourtDateField`: a date typed as a lawyer writes it (09/05/2025) or as ISO (2025-09-05). A
date that does not exist ("02/30/2025") is "not a real date", not "required" or "invalid": a
browser date picker silently empties an impossible date, so the form uses a plain text box
and checks the calendar itself."""

from __future__ import annotations

import calendar
import re
from datetime import date

from django import forms

MONTH_NAMES = tuple(calendar.month_name)
US_DATE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
FORMAT_HINT = "MM/DD/YYYY"


def parse_court_date(text: str) -> date:
    """Pure: '09/05/2025' or '2025-09-05' -> date; ValueError with a plain message otherwise."""
    match = US_DATE.match(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
    else:
        match = ISO_DATE.match(text)
        if not match:
            raise ValueError(f"“{text.strip()}” is not a date: type it as {FORMAT_HINT}.")
        year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"“{text.strip()}” is not a real date: there is no month {month}.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            f"“{text.strip()}” is not a real date: {MONTH_NAMES[month]} {year} has {last} days."
        )
    if year < 1900:
        raise ValueError(f"“{text.strip()}” is not a plausible date: check the year.")
    return date(year, month, day)


class CourtDateInput(forms.TextInput):
    """A text box showing MM/DD/YYYY (a date picker would empty an impossible date silently)."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": FORMAT_HINT, "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return f"{value.month:02d}/{value.day:02d}/{value.year}"
        return super().format_value(value)


class CourtDateField(forms.DateField):
    widget = CourtDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_court_date(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
