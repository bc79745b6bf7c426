"""`{% case_header %}`: the case header every case page starts with (court, number, caption,
judge, status, the case in other courts, the case's menu), rendered once per change of any case,
court or link between cases (casetracker.cache_tokens.CASES) and per audience — the team's menu
or a client's. It shows nothing derived from a docket entry, so the audience is the whole key:
two clients of a case see the same header, and a client never gets the team's."""

from django import template
from django.template.loader import render_to_string

from casetracker.cache_tokens import CASES, cached
from casetracker.permissions import is_team

register = template.Library()


@register.simple_tag(takes_context=True)
def case_header(context):
    case = context["case"]
    team = is_team(getattr(context.get("request"), "membership", None))

    def rendered():
        return render_to_string("docket/_case_header.html", {"case": case, "team": team})

    return cached(f"case-header:{case.pk}:{'team' if team else 'client'}", [CASES], rendered)
