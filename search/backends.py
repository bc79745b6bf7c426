"""The two full-text engines behind one interface. `backend()` picks by the database in use:

    ranked(items, terms, order, limit, offset) -> [(id, rank)]   items: a permitted queryset
    count(items, terms) -> int
    entry_ids(case_id, terms) -> a subquery of the docket entries whose text or documents match
    snippets(ids, terms) -> {id: (title, body)}   with \\x02 ... \\x03 around matched words

Snippets come back as plain text with control-character markers; search.selectors escapes the
text and only then turns the markers into <mark> tags, so no indexed text can inject HTML."""

from django.db import connection

from . import syntax
from .models import SearchItem

START, STOP = "\x02", "\x03"
ELLIPSIS = " … "


class SQLiteFTS5:
    """FTS5 with the Porter stemmer (search_fts, migration 0002). bm25 ranks; title weighs 4x.
    The FTS table joins the permitted queryset in one statement, so SQLite drives the query from
    the full-text match and checks each hit's permissions by primary key."""

    def _matching(self, items, terms):
        return items.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchitem.id", "search_fts MATCH %s"],
            params=[syntax.fts5_match(terms)],
        )

    def ranked(self, items, terms, order, limit, offset):
        matches = self._matching(items, terms)
        if order == "relevance":
            matches = matches.extra(select={"rank": "bm25(search_fts, 4.0, 1.0)"}).order_by(
                "rank", "id"
            )
            rows = matches.values_list("id", "rank")[offset : offset + limit]
            return [(pk, -rank) for pk, rank in rows]
        matches = matches.order_by("-date", "-id")
        return [(pk, 0.0) for pk in matches.values_list("id", flat=True)[offset : offset + limit]]

    def count(self, items, terms):
        return self._matching(items, terms).count()

    def entry_ids(self, case_id, terms):
        from django.db.models.expressions import RawSQL

        return RawSQL(
            "SELECT s.entry_id FROM search_fts JOIN search_searchitem s ON s.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND s.case_id = %s AND s.source IN ('entry', 'document')",
            [syntax.fts5_match(terms), case_id],
        )

    def snippets(self, ids, terms):
        """One statement; each part looks its row up by `rowid =` (FTS5 plans `rowid IN (...)`
        as a scan of every match)."""
        if not ids:
            return {}
        part = (
            "SELECT rowid, snippet(search_fts, 0, %s, %s, %s, 16), "
            "snippet(search_fts, 1, %s, %s, %s, 28) FROM search_fts "
            "WHERE search_fts MATCH %s AND rowid = %s"
        )
        match = syntax.fts5_match(terms)
        args = []
        for pk in ids:
            args += [START, STOP, ELLIPSIS, START, STOP, ELLIPSIS, match, pk]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([part] * len(ids)), args)
            return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}


class PostgresTsvector:
    """A stored tsvector (English configuration) with a GIN index; ts_rank and ts_headline."""

    def _query(self, terms):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(syntax.tsquery(terms), search_type="raw", config="english")

    def ranked(self, items, terms, order, limit, offset):
        from django.contrib.postgres.search import SearchRank
        from django.db.models import F

        query = self._query(terms)
        matches = items.filter(vector=query)
        if order == "relevance":
            matches = matches.annotate(rank=SearchRank(F("vector"), query)).order_by("-rank", "id")
            return list(matches.values_list("id", "rank")[offset : offset + limit])
        matches = matches.order_by("-date", "-id")
        return [(pk, 0.0) for pk in matches.values_list("id", flat=True)[offset : offset + limit]]

    def count(self, items, terms):
        return items.filter(vector=self._query(terms)).count()

    def entry_ids(self, case_id, terms):
        items = SearchItem.objects.filter(case_id=case_id, source__in=["entry", "document"])
        return items.filter(vector=self._query(terms)).values("entry_id")

    def snippets(self, ids, terms):
        if not ids:
            return {}
        from django.contrib.postgres.search import SearchHeadline

        query = self._query(terms)
        common = {"config": "english", "start_sel": START, "stop_sel": STOP}
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
