"""The search box's syntax, read the same way for both databases (table-driven)."""

import pytest

from docket.search.syntax import Term, fts5_match, parse, tsquery

W, P, X = "word", "phrase", "prefix"


@pytest.mark.parametrize(
    "text, terms",
    [
        ("", []),
        ("   ", []),
        ("motion", [Term(W, ("motion",))]),
        ("Motion STAY", [Term(W, ("motion",)), Term(W, ("stay",))]),
        ('"notice of disclosure"', [Term(P, ("notice", "of", "disclosure"))]),
        ("\u201cnotice of disclosure\u201d", [Term(P, ("notice", "of", "disclosure"))]),
        ('"single"', [Term(W, ("single",))]),
        ("disclos*", [Term(X, ("disclos",))]),
        ("IRS-AR-000012", [Term(P, ("irs", "ar", "000012"))]),
        ("1:25-cv*", [Term(P, ("1", "25")), Term(X, ("cv",))]),
        # operators of either engine are just words or dropped punctuation
        ("NOT sealed OR -x", [Term(W, ("sealed",)), Term(W, ("x",))]),
        ("') OR 1=1 --", [Term(P, ("1", "1"))]),
        ('unclosed "quote here', [Term(W, ("unclosed",)), Term(W, ("quote",))]),
        ("stay stay", [Term(W, ("stay",))]),
        ("* ** ()", []),
        # stop words (PostgreSQL's English list) are dropped for both databases...
        ("injunction by Center", [Term(W, ("injunction",)), Term(W, ("center",))]),
        ("the", []),
        ("The BY of", []),
        ("the* a*", []),
        ('"the order"', [Term(W, ("order",))]),
        ('"by the"', []),
        ("by-laws", [Term(W, ("laws",))]),
        # ...but inside a phrase they hold their place
        ('"injunction by the Center"', [Term(P, ("injunction", "by", "the", "center"))]),
        ('"the motion to dismiss"', [Term(P, ("motion", "to", "dismiss"))]),
        ("them* thex*", [Term(X, ("thex",))]),
    ],
)
def test_parse(text, terms):
    assert parse(text) == terms


def test_engine_expressions():
    terms = parse('ice "taxpayer information" disclos*')
    assert fts5_match(terms) == '"ice" "taxpayer information" "disclos"*'
    assert tsquery(terms) == "ice & (taxpayer <-> information) & disclos:*"


def test_at_most_twelve_terms():
    assert len(parse(" ".join(f"w{n}" for n in range(40)))) == 12
