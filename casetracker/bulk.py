"""Rows the database copies itself: `INSERT INTO … SELECT …`.

`bulk_create` builds a model instance per row and compiles every value of every row in Python;
for rows that are only a copy of other rows (an audit row is the saved row plus who, when and
why; a search row is an entry's kind, date and text) that work is the whole cost of a large
import. Here the SELECT is an ordinary queryset (so columns, lookups and value adaptation are
Django's, on SQLite and PostgreSQL alike) and the database writes its rows in one statement.
Triggers run as for any insert (SQLite's full-text index)."""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model, QuerySet


def insert_select(model: type[Model], fields: Sequence[str], rows: QuerySet) -> int:
    """Insert into `model`'s table one row per row of `rows` (a `values_list` queryset giving,
    in order, the values of `fields`, names of `model`'s fields). Returns the number of rows
    written. Fields left out take their column's default (NULL)."""
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    sql, params = rows.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(opts.db_table)} ({columns}) {sql}", params)
        return cursor.rowcount


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return column
