"""Form fields that say what is wrong in words a paralegal understands, and widgets drawn fast.

`CourtDateField`: a date typed as a lawyer writes it (09/05/2025) or as ISO (2025-09-05). A
date that does not exist ("02/30/2025") is "not a real date", not "required" or "invalid": a
browser date picker silently empties an impossible date, so the form uses a plain text box
and checks the calendar itself.

`FastSelect`, `FastTextInput`, `FastDateInput`: Django's select, text box and date box, rendered
in Python to exactly the HTML of Django's own widget templates. The docket's filter form (on the
docket and case pages) rendered ~35 template includes — one per option and attribute list — which
cost more than the rest of the form; the search page's filter form as many."""

from __future__ import annotations

import calendar
import re
from datetime import date

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


def _attrs(attrs) -> SafeString:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for
    False."""
    parts = [
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped by format_html


class FastSelect(forms.Select):
    """django/forms/widgets/select.html and select_option.html, in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',  # the included file's newline
                        str(option["value"]),
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        options_html = mark_safe("".join(parts))  # noqa: S308 - each part escaped above
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            options_html,
        )


class FastTextInput(forms.TextInput):
    """django/forms/widgets/input.html, in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = (
            format_html(' value="{}"', str(widget["value"])) if widget["value"] is not None else ""
        )
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown,
            _attrs(widget["attrs"]),
        )  # fmt: skip


class FastDateInput(forms.DateInput):
    """django/forms/widgets/date.html (input.html), in Python (the search page's date boxes)."""

    render = FastTextInput.render


class CourtDateInput(FastTextInput):
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
