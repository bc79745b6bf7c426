"""Risky actions are legal judgments (issue 11 §5): vacating or reopening a deadline, overriding
a computed date, withdrawing a document. Each one is allowed to the case's attorneys and admins
only, is confirmed with a tick box, and needs a reason that is kept in the audit history.

One form (`DecisionForm`) and one check (`require_decision`, called by every such service, so a
command or an API cannot skip what the page asks) serve all of them; the pages include
`templates/_decision_fields.html` for the reason, the tick box and their errors."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from casetracker.forms import apply_service_error
from casetracker.models import Case, User

from .permissions import can_decide

REASON_MAX = 1000


def reason_required_message(verb, thing):
    return f"Say why {thing} is {_past(verb)} (e.g. the order or the mistake that calls for it)."


def confirm_required_message(verb, thing):
    return f"Tick the box to confirm that you want to {verb} {thing}."


def _past(verb):
    """'vacate' -> 'vacated', 'reopen' -> 'reopened', 'override' -> 'overridden'."""
    irregular = {"override": "overridden", "withdraw": "withdrawn"}
    if verb in irregular:
        return irregular[verb]
    return f"{verb}d" if verb.endswith("e") else f"{verb}ed"


class DecisionForm(forms.Form):
    """A reason (required) and a tick box confirming the action. `verb` and `thing` word the
    labels and errors: DecisionForm(data, verb="vacate", thing="the deadline")."""

    reason = forms.CharField(
        label="Why",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. Minute order of 3 Nov 2025 vacated the briefing schedule",
    )
    confirm = forms.BooleanField(label="I confirm", required=True)

    def __init__(self, *args, verb, thing, reason_help=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.verb, self.thing = verb, thing
        self.fields["confirm"].label = f"Yes, {verb} {thing}"
        self.fields["confirm"].error_messages["required"] = confirm_required_message(verb, thing)
        self.fields["reason"].error_messages["required"] = reason_required_message(verb, thing)
        self.fields["reason"].error_messages["max_length"] = (
            f"Keep the reason under {REASON_MAX:,} characters."
        )
        if reason_help is not None:
            self.fields["reason"].help_text = reason_help

    def add_service_errors(self, error):
        """Show a service's ValidationError on the fields it names (or on the form)."""
        apply_service_error(self, error)


def require_decision(
    *, user: User, case: Case, reason: str | None, confirmed: bool, verb: str, thing: str
) -> str:
    """Refuse a risky action unless `user` is an attorney or admin of `case`, gave a reason and
    confirmed. Returns the reason, stripped. PermissionDenied for the role; ValidationError
    (`reason`, `confirm`) for what is missing — nothing is changed in either case."""
    if not can_decide(user, case):
        raise PermissionDenied(f"Only the case's attorneys and admins may {verb} {thing}.")
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = reason_required_message(verb, thing)
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"Keep the reason under {REASON_MAX:,} characters."
    if not confirmed:
        errors["confirm"] = confirm_required_message(verb, thing)
    if errors:
        raise ValidationError(errors)
    return reason
