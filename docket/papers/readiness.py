"""Is a filing ready to sign and file? Pure: no ORM, no clock.

FRCP 11(a) requires every paper to be signed by an attorney of record and to state the signer's
address, e-mail address and telephone number; LCvR 5.1 adds the attorney's bar identification
number (and D.D.C. papers give the firm). Each missing field is one plain sentence. A body that
still holds a bracketed placeholder from a starter text ("[describe the relief sought]") is not
ready either. Rendering only warns; Record as filed is refused while any problem remains."""

from __future__ import annotations

import re

RULE = "FRCP 11(a), LCvR 5.1"
SIGNATURE_FIELDS = (
    ("name", "name"),
    ("bar_number", "bar number"),
    ("organisation", "firm or organisation"),
    ("address", "office address"),
    ("email", "e-mail address"),
    ("phone", "telephone number"),
)
# [words] but not a Markdown link "[text](url)", a footnote/number "[1]" or an empty "[ ]".
PLACEHOLDER = re.compile(r"\[(?!\s*\d+\s*\])([^\[\]\n]*[A-Za-z][^\[\]\n]*)\](?!\()")


def signature_problems(attorney) -> list[str]:
    """One sentence per signature-block field the signing attorney's record lacks."""
    if attorney is None:
        return ["Choose the signing attorney: a paper must be signed by counsel of record."]
    who = (getattr(attorney, "name", "") or "").strip() or "the signing attorney"
    problems = []
    for attribute, label in SIGNATURE_FIELDS:
        if not (getattr(attorney, attribute, "") or "").strip():
            problems.append(
                f"The signature block has no {label} for {who} ({RULE}): add it to the "
                "attorney's record."
            )
    return problems


def placeholders(body: str) -> list[str]:
    """The bracketed placeholders still in the text, in order, each once."""
    seen = []
    for match in PLACEHOLDER.finditer(body or ""):
        if match.group(0) not in seen:
            seen.append(match.group(0))
    return seen


def filing_problems(*, attorney, body: str, title: str = "") -> list[str]:
    """Everything that stops the paper being signed and filed, in plain sentences."""
    problems = signature_problems(attorney)
    problems += [
        f"The title still holds the placeholder “{text}”: replace it with the real words."
        for text in placeholders(title)
    ]
    problems += [
        f"The text still holds the placeholder “{text}”: replace it with the real words."
        for text in placeholders(body)
    ]
    return problems
