"""The search box's syntax, parsed once for both databases (pure: no ORM).

    words            every word must match, stemmed (filed matches filing, files)
    "quoted phrase"  the words next to each other, in that order
    prefix*          any word starting with "prefix"

Anything else (punctuation, operators, an unmatched quote) is read as plain words, so no input
can be a syntax error in the database's query language."""

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+", re.UNICODE)
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    kind: str  # "word", "phrase" or "prefix"
    words: tuple[str, ...]


def parse(text):
    """The terms of a query, all of which must match. Words inside a term that punctuation splits
    ("1:25-cv-00457", "IRS-AR-000012") become a phrase, which is how both databases index them."""
    terms = []
    for quoted, bare in TOKEN.findall((text or "").replace("\u201c", '"').replace("\u201d", '"')):
        if quoted:
            words = tuple(w.lower() for w in WORD.findall(quoted))
            if words:
                terms.append(Term("phrase" if len(words) > 1 else "word", words))
            continue
        prefix = bare.endswith("*")
        words = tuple(w.lower() for w in WORD.findall(bare))
        if not words:
            continue
        if prefix:
            if len(words) > 1:
                terms.append(Term("phrase", words[:-1]))
            terms.append(Term("prefix", words[-1:]))
        else:
            terms.append(Term("phrase" if len(words) > 1 else "word", words))
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


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
