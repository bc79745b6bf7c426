"""Panels a docket page shows from the apps above docket (notices: the next deadline and open
notice windows on the case page, an order's deadlines on the entry page, the record's production
deadline, the deadlines block of the docket sheet PDF).

docket never imports notices, and a docket template never loads another app's template tags.
The view composes the page instead: it asks for the HTML of a slot (`panels.render("case_detail",
case=..., membership=...)`) and puts it in its context; an app above docket registers a provider
for the slot in its `AppConfig.ready()` (notices/panels.py). A provider renders its own template
with its own reads and returns the HTML. With no provider (docket alone) a slot is empty."""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

SLOTS = ("case_detail", "entry_detail", "record_page", "docket_sheet")
_providers: dict[str, list[Callable[..., str]]] = {slot: [] for slot in SLOTS}


def provide(slot: str) -> Callable:
    """Register the decorated function as a provider of `slot` (once, however often imported)."""

    def register(provider):
        if provider not in _providers[slot]:
            _providers[slot].append(provider)
        return provider

    return register


def render(slot: str, **context) -> SafeString:
    """The HTML of every provider of `slot`, in registration order. Providers escape their own
    output (they render Django templates), so the result is safe to put in a page."""
    return mark_safe("".join(provider(**context) for provider in _providers[slot]))  # noqa: S308
