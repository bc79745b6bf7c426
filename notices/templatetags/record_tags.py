"""The record page's production status (the rule and its read: notices.deadlines.production)."""

from django import template

from notices.deadlines import production

register = template.Library()


@register.inclusion_tag("notices/_record_status.html")
def record_production_status(case, obligation, produced_on):
    """`{% record_production_status case obligation first_produced_on %}`"""
    return production.record_production_status(case, obligation, produced_on)
