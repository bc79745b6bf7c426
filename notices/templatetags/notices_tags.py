"""Panels the case page shows from the notices app (next deadline, open notice windows).
A template tag keeps the dependency one-way: the docket templates load it by name."""

from django import template

register = template.Library()


@register.inclusion_tag("notices/_case_time_panel.html")
def case_time_panel(case, membership):
    return {"case": case, "membership": membership}
