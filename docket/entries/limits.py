"""What a docket entry may plausibly hold. Pure: the form and the one write path both ask here,
so a typo (a 12-digit ECF number) or a paste gone wrong (60,000 characters of text) is refused
with the limit stated, wherever the entry comes from."""

MAX_ECF_NUMBER = 999_999  # the largest federal dockets run to five digits
MAX_DOCKET_TEXT = 20_000  # characters; CM/ECF docket texts are a few hundred to a few thousand


def entry_limit_errors(*, number=None, text=None) -> dict[str, str]:
    """{field: message} for each value beyond its limit (empty when all are plausible)."""
    errors = {}
    if number is not None and (number < 1 or number > MAX_ECF_NUMBER):
        digits = len(str(abs(number)))
        errors["number"] = (
            f"An ECF number is between 1 and {MAX_ECF_NUMBER:,} (at most 6 digits); "
            + (f"this one has {digits} digits." if number > 0 else f"{number} is not one.")
            + " Check the number, or leave it empty for an unnumbered entry."
        )
    if text is not None and len(text) > MAX_DOCKET_TEXT:
        errors["text"] = (
            f"Docket text is limited to {MAX_DOCKET_TEXT:,} characters; this one has "
            f"{len(text):,}. Shorten it, or attach the full text as a PDF."
        )
    return errors
