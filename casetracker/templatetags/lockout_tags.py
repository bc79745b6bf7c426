"""`{{ delta|lockout_minutes }}` -> "1 minute", "15 minutes" (the lockout page)."""

from django import template

register = template.Library()


@register.filter
def lockout_minutes(delta):
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
