"""The two full-text engines behind one interface. `backend()` picks by the database in use:

    window(items, terms, limit) -> [(id, date, rank)]   items: a permitted queryset
    entry_window(items, terms, limit) -> [entry id] of the same window, without ranking
    entry_ids(case_id, terms) -> a subquery of the docket entries whose text or documents match
    id_list(ids) -> a subquery of these ids, for `pk__in` (one parameter, not one per id)
    snippets(ids, terms) -> {id: (title, body)}   with \\x02 ... \\x03 around matched words

`window` reads at most `limit` matches, the most recently indexed first (the highest ids), with
their relevance, in ONE statement that joins the permission predicate of `items` (the entry's
visibility, judged now) to the full-text match. Its cost is bounded by `limit`, not by the number
of hits: SQLite walks the FTS5 doclist backwards by rowid and stops after `limit` permitted rows;
PostgreSQL walks the primary key backwards (or, for a rare word, the GIN index) the same way. The
caller ranks and pages within that window (search.selectors).

Snippets come back as plain text with control-character markers; search.selectors escapes the
text and only then turns the markers into <mark> tags, so no indexed text can inject HTML."""

import json
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL

from docket.search import syntax
from docket.search.models import SearchItem

START, STOP = "\x02", "\x03"
ELLIPSIS = " … "


class SQLiteFTS5:
    """FTS5 with the Porter stemmer (search_fts, migration 0002). bm25 ranks; title weighs 4x.
    The FTS table joins the permitted queryset in one statement, so SQLite drives the query from
    the full-text match (newest rowid first) and checks each hit's permissions by primary key."""

    def _matching(self, items, terms):
        return items.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchitem.id", "search_fts MATCH %s"],
            params=[syntax.fts5_match(terms)],
        )

    def window(self, items, terms, limit):
        rows = (
            self._matching(items, terms)
            .extra(
                select={"rank": "bm25(search_fts, 4.0, 1.0)"},
                order_by=["-search_fts.rowid"],  # FTS5 consumes this order: no sort, stops early
            )
            .values_list("id", "date", "rank")[:limit]
        )
        return [(pk, date, -rank) for pk, date, rank in rows]

    def entry_window(self, items, terms, limit):
        rows = self._matching(items, terms).extra(order_by=["-search_fts.rowid"])
        return list(rows.values_list("entry_id", flat=True)[:limit])

    def entry_ids(self, case_id, terms):
        return RawSQL(
            "SELECT s.entry_id FROM search_fts JOIN search_searchitem s ON s.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND s.case_id = %s AND s.source IN ('entry', 'document')",
            [syntax.fts5_match(terms), case_id],
        )

    def id_list(self, ids):
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])

    def snippets(self, ids, terms):
        """One statement. FTS5 walks the matches between the smallest and largest id (a range it
        seeks to; at most the search's window of matches) and SQLite keeps the wanted ids: the
        unary `+` stops it from handing `rowid IN (...)` to FTS5, which would re-run the whole
        match (every prefix expansion) once per id."""
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))  # placeholders only: the ids are parameters
        sql = (
            "SELECT rowid, snippet(search_fts, 0, %s, %s, %s, 16), "  # noqa: S608
            "snippet(search_fts, 1, %s, %s, %s, 28) FROM search_fts "
            "WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s AND +rowid IN (" + marks + ")"
        )
        args = [START, STOP, ELLIPSIS, START, STOP, ELLIPSIS, syntax.fts5_match(terms)]
        args += [min(ids), max(ids), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}


class PostgresTsvector:
    """A stored tsvector (English configuration) with a GIN index; ts_rank and ts_headline."""

    def _query(self, terms):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(syntax.tsquery(terms), search_type="raw", config="english")

    def window(self, items, terms, limit):
        from django.contrib.postgres.search import SearchRank
        from django.db.models import F

        query = self._query(terms)
        rows = (
            items.filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query))
            .order_by("-id")
            .values_list("id", "date", "rank")[:limit]
        )
        return list(rows)

    def entry_window(self, items, terms, limit):
        rows = items.filter(vector=self._query(terms)).order_by("-id")
        return list(rows.values_list("entry_id", flat=True)[:limit])

    def entry_ids(self, case_id, terms):
        """The matches are collected first (ARRAY(...) runs once, from the GIN index) and then
        joined: as a plain `IN (subquery)` the planner, which cannot estimate how rare a word
        is, walks the whole docket in page order testing each entry against the index (0.75 s
        for a rare word at 100,000 entries; 1 ms this way)."""
        items = SearchItem.objects.filter(case_id=case_id, source__in=["entry", "document"])
        sql, params = (
            items.filter(vector=self._query(terms)).values("entry_id").query.sql_with_params()
        )
        return RawSQL(f"SELECT unnest(ARRAY({sql}))", params)  # noqa: S611 - Django's own SQL

    def id_list(self, ids):
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])

    def snippets(self, ids, terms):
        if not ids:
            return {}
        from django.contrib.postgres.search import SearchHeadline

        query = self._query(terms)
        common: dict[str, Any] = {"config": "english", "start_sel": START, "stop_sel": STOP}
        rows = (
            SearchItem.objects.filter(pk__in=ids)
            .annotate(
                t=SearchHeadline("title", query, highlight_all=True, **common),
                b=SearchHeadline(
                    "body",
                    query,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=ELLIPSIS,
                    **common,
                ),
            )
            .values_list("id", "t", "b")
        )
        return {pk: (title or "", body or "") for pk, title, body in rows}


def backend():
    return PostgresTsvector() if connection.vendor == "postgresql" else SQLiteFTS5()
