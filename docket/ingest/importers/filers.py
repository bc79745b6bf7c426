"""Who filed a paper, read from what the court sends. Pure: strings in, strings out; matching the
names to the case's parties is `match_parties` (plain objects with `name` and `side`).

- An NEF names the filer on its own line: `Filer: INTERNAL REVENUE SERVICE` (one line per
  filer; the HTML NEF puts it in a table cell). An empty `Filer:` (orders) means the court.
- CM/ECF docket text names it in a phrase: "MOTION for Preliminary Injunction by CENTER FOR
  TAXPAYER RIGHTS, MAIN STREET ALLIANCE. (Attachments: ...)", "COMPLAINT against X filed by
  UNITED STATES OF AMERICA.", "NOTICE of Appearance by Jane Example on behalf of INTERNAL REVENUE
  SERVICE". CM/ECF prints party names in capitals, which is how a party is told from an
  attorney ("by Jane Example") or a judge ("Signed by Judge ...").
- Hand-written text (the loader's paraphrases, a paralegal's entry) says "Plaintiffs' motion"
  or "filed by Center for Taxpayer Rights, Main Street Alliance": such names count only when
  they match a party of the case."""

import html
import re

_TAGS = re.compile(r"<[^>]+>")
_NEF_FILER = re.compile(r"^\s*Filer:[ \t]*(?P<name>[^\n]*)$", re.IGNORECASE | re.MULTILINE)
_ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+(?P<names>[^.;()\[\]]+)", re.IGNORECASE)
_FILED_BY = re.compile(r"\bfiled\s+by\s+(?P<names>[^.;()\[\]]+)", re.IGNORECASE)
# " by NAME" anywhere: the last one that reads as a party wins (CM/ECF puts the filer last).
_BY = re.compile(r"(?<![A-Za-z])by\s+(?P<names>[^.;()\[\]]+)", re.IGNORECASE)
_NOT_A_FILER = re.compile(
    r"(?:signed|set|ordered|entered|issued|held|directed|granted|denied|served|reported|"
    r"prepared|requested|represented|reviewed|joined)\s*$",
    re.IGNORECASE,
)
# Words that end the names: "... by X re 12 Motion", "... by X as to Y", "... by X (Attachments".
# Lower-case words that end the names (CM/ECF prints names in capitals, links in lower case):
# "... by X re 12 Motion", "... by X as to Y".
_TAIL = re.compile(r"\s+(?:re:?|as\s+to|regarding|in\s+support|in\s+opposition|to|on|until)\s.*$")
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=[A-Z])|\s*;\s*")
_POSSESSIVE = re.compile(
    r"^\s*(?:the\s+)?(?:joint\s+)?(?P<who>(?:federal\s+)?(?:plaintiffs?|defendants?))['’]s?\s",
    re.IGNORECASE,
)
_ALL_SIDE = re.compile(
    r"^(?:all\s+|the\s+)?(?:federal\s+)?(?P<side>plaintiffs?|defendants?)$", re.IGNORECASE
)
_NOISE = re.compile(r"[^\w\s&]")
_COURT_WORDS = re.compile(r"\b(?:judge|court|clerk|magistrate)\b", re.IGNORECASE)


def _clean(name):
    name = " ".join(html.unescape(_TAGS.sub(" ", name)).split()).strip(" ,.:")
    return re.sub(r"\s+et\s+al$", "", name, flags=re.IGNORECASE)


def nef_filers(text):
    """Names on the NEF's `Filer:` lines ([] when the line is empty, as for an order)."""
    plain = html.unescape(_TAGS.sub(" ", re.sub(r"</td>\s*<td[^>]*>", " ", text or "")))
    names = []
    for match in _NEF_FILER.finditer(plain):
        name = _clean(match.group("name"))
        if name and name not in names:
            names.append(name)
    return names


def _split(phrase):
    phrase = _TAIL.sub("", phrase)
    return [n for n in (_clean(part) for part in _SPLIT.split(phrase)) if n]


def _is_capitals(name):
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def docket_text_filers(text):
    """Filer names a docket text gives, in order: "on behalf of X", else "filed by X", else the
    last "by X" whose X is in CM/ECF capitals. [] when the text names no filer."""
    text = " ".join((text or "").split())
    for pattern in (_ON_BEHALF, _FILED_BY):
        match = pattern.search(text)
        if match:
            names = _split(match.group("names"))
            if names:
                return names
    found = []
    for match in _BY.finditer(text):
        if _NOT_A_FILER.search(text[: match.start()]):
            continue
        names = [n for n in _split(match.group("names")) if _is_capitals(n)]
        if names and not any(_COURT_WORDS.search(n) for n in names):
            found = names
    return found


def side_word(text):
    """'plaintiff' / 'defendant' for text opening with "Plaintiffs' ..." / "Defendants' ...";
    '' otherwise."""
    match = _POSSESSIVE.match(text or "")
    if not match:
        return ""
    return "plaintiff" if "plaintiff" in match.group("who").lower() else "defendant"


def normalise_name(name):
    """For comparing party names: case, punctuation and a leading 'the' ignored."""
    words = _NOISE.sub(" ", (name or "").casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def match_parties(names, parties):
    """(matched parties, unmatched names). "Plaintiffs" / "All Defendants" match every party on
    that side; other names match a party whose normalised name is the same."""
    parties = list(parties)
    by_name = {normalise_name(p.name): p for p in parties}
    matched, unmatched = [], []
    for name in names:
        side = _ALL_SIDE.match(name.strip())
        if side:
            word = side.group("side").lower()
            wanted = "plaintiff" if word.startswith("plaintiff") else "defendant"
            hits = [p for p in parties if p.side == wanted]
        else:
            hit = by_name.get(normalise_name(name))
            hits = [hit] if hit else []
        if not hits:
            unmatched.append(name)
        for party in hits:
            if party not in matched:
                matched.append(party)
    return matched, unmatched


def filers_from_text(text, parties):
    """Parties that filed an entry, from its docket text alone: (matched, unmatched names).
    A name not in CM/ECF capitals counts only if it matches a party."""
    names = docket_text_filers(text)
    if not names:
        mixed = _FILED_BY.search(" ".join((text or "").split()))
        names = _split(mixed.group("names")) if mixed else []
        matched, _ = match_parties(names, parties)
        if not matched:
            side = side_word(text)
            names = [f"{side}s"] if side else []
    matched, unmatched = match_parties(names, parties)
    return matched, [n for n in unmatched if _is_capitals(n)]
