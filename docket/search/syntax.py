"""The search box's syntax, parsed once for both databases (pure: no ORM).

    words            every word must match, stemmed (filed matches filing, files)
    "quoted phrase"  the words next to each other, in that order
    prefix*          any word starting with "prefix"

Anything else (punctuation, operators, an unmatched quote) is read as plain words, so no input
can be a syntax error in the database's query language.

Stop words ("the", "by", "of"...) are dropped here, for both databases, so the same query finds
the same things: PostgreSQL's English configuration never indexes them, SQLite's FTS5 does. The
list is PostgreSQL's own (tsearch_data/english.stop). Inside a quoted phrase a stop word keeps its
place ("injunction by the Center" is still a phrase); at either end of a phrase it is dropped."""

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+", re.UNICODE)
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
MAX_TERMS = 12
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don should now
    """.split()
)


@dataclass(frozen=True)
class Term:
    kind: str  # "word", "phrase" or "prefix"
    words: tuple[str, ...]


def parse(text):
    """The terms of a query, all of which must match. Words inside a term that punctuation splits
    ("1:25-cv-00457", "IRS-AR-000012") become a phrase, which is how both databases index them."""
    terms: list[Term] = []
    for quoted, bare in TOKEN.findall((text or "").replace("\u201c", '"').replace("\u201d", '"')):
        if quoted:
            _add(terms, WORD.findall(quoted))
            continue
        words = WORD.findall(bare)
        if bare.endswith("*") and words:
            _add(terms, words[:-1])
            last = words[-1].lower()
            if last not in STOP_WORDS:
                terms.append(Term("prefix", (last,)))
        else:
            _add(terms, words)
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


def _add(terms, words):
    """A word or a phrase, without the stop words at its ends (a lone stop word is nothing)."""
    words = [w.lower() for w in words]
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
    if words:
        terms.append(Term("phrase" if len(words) > 1 else "word", tuple(words)))


def only_stop_words(text):
    """True when `text` has words but every one of them is a stop word (nothing to search)."""
    return bool(WORD.findall(text or "")) and not parse(text)


def fts5_match(terms):
    """An FTS5 MATCH expression: implicit AND of quoted strings (so no word is an operator)."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted + "*" if term.kind == "prefix" else quoted)
    return " ".join(parts)


def tsquery(terms):
    """A to_tsquery() expression (English configuration stems each word): & of words, <-> inside
    phrases, :* for prefixes. Words are letters and digits only, so the input cannot inject."""
    parts = []
    for term in terms:
        if term.kind == "prefix":
            parts.append(f"{term.words[0]}:*")
        elif term.kind == "phrase":
            parts.append("(" + " <-> ".join(term.words) + ")")
        else:
            parts.append(term.words[0])
    return " & ".join(parts)


def highlight_words(terms):
    """Lower-case words and prefixes a snippet highlights, for finding the page of a hit."""
    return [w for t in terms for w in t.words]
