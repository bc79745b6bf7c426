"""PostgreSQL: keep a row's tsvector in the row (STORAGE MAIN) rather than in the TOAST table.

A document's vector (≈ 2 KB for three pages) made its row longer than PostgreSQL's 2 KB TOAST
threshold, and as an EXTENDED column the vector, being incompressible, was moved out of line: every
match test (`@@`) and every `ts_rank` then fetched it from the TOAST table by index, twice per row.
With MAIN the body text (compressible, and read only for the page's 20 snippets) goes out of line
first and the vector stays in the heap tuple (up to a page, ≈ 8 KB). A search's window of 1,001
matches read its vectors ≈ 2-3x faster (bench/scale.py, "search page, common word").

Existing rows move when next written; this migration rewrites the vectors stored out of line now
(`vector || ''` is the same vector, a new value the TOAST code places afresh)."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_searchitem ALTER COLUMN vector SET STORAGE MAIN",
    "UPDATE search_searchitem SET vector = vector || ''::tsvector "
    "WHERE pg_column_size(vector) > 1000",
]
BACKWARD = ["ALTER TABLE search_searchitem ALTER COLUMN vector SET STORAGE EXTENDED"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
