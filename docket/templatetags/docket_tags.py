"""The docket table's rows, rendered in Python.

The docket page is the most-used page; rendering 50 rows through the template language cost
more than everything else on the page together (see bench/docket_page.py). `format_html`
escapes every value exactly as the template language would."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from casetracker.courttime import format_day

register = template.Library()
TEXT_LIMIT = 320
# A minute order or text-only entry has no ECF number: a dash, not a link that reads "—" to a
# screen reader (the docket text beside it is the link).
UNNUMBERED = mark_safe(  # noqa: S308 - a constant, no user data
    '<span aria-hidden="true">—</span><span class="visually-hidden">No ECF number</span>'
)


def _shorten(text):
    """Cut long docket text at a word boundary (plain slicing: Truncator's per-character
    Unicode analysis was the single most expensive call on the page)."""
    if len(text) <= TEXT_LIMIT:
        return text
    return text[: TEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _row(case_slug, entry, entry_prefix):
    url = f"{entry_prefix}{entry.permalink_key}/"
    restricted = entry.visibility != "public"
    parties = ", ".join(entry.filer_list)  # set by docket.entries.selectors.for_page
    return format_html(
        '<tr class="kind-{kind}{restricted_class}">'
        '<td class="num" data-label="#">{number}</td>'
        '<td class="date" data-label="Filed"><time datetime="{iso}">{date}</time></td>'
        '<td data-label="Kind"><span class="tag tag-{kind}">{kind_label}</span>{visibility}</td>'
        '<td class="text" data-label="Text"><a href="{url}">{text}</a>{parties}</td>'
        '<td class="num" data-label="Docs">{docs}</td></tr>',
        kind=entry.kind,
        restricted_class=" restricted" if restricted else "",
        url=url,
        number=format_html('<a href="{}">{}</a>', url, entry.number)
        if entry.number
        else UNNUMBERED,
        iso=entry.date_filed.isoformat(),
        date=format_day(entry.date_filed),
        kind_label=entry.get_kind_display(),
        visibility=format_html(
            ' <span class="tag tag-restricted">{}</span>', entry.get_visibility_display()
        )
        if restricted
        else "",
        text=_shorten(entry.text),
        parties=format_html('<div class="muted small">Filed by {}</div>', parties)
        if parties
        else "",
        docs=getattr(entry, "document_count", ""),
    )


@register.simple_tag
def docket_rows(case, entries):
    """All `<tr>` rows for a page of entries (empty-state row when there are none)."""
    entries = list(entries)
    if not entries:
        return format_html('<tr><td colspan="5">{}</td></tr>', "No entries match.")
    prefix = reverse("docket_list", args=[case.slug])
    return format_html_join("", "{}", ((_row(case.slug, e, prefix),) for e in entries))
