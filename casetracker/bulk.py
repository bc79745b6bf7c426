"""Rows the database copies itself: `INSERT INTO … SELECT …`.

`bulk_create` builds a model instance per row and compiles every value of every row in Python;
for rows that are only a copy of other rows (an audit row is the saved row plus who, when and
why; a search row is an entry's kind, date and text) that work is the whole cost of a large
import. Here the SELECT is an ordinary queryset (so columns, lookups and value adaptation are
Django's, on SQLite and PostgreSQL alike) and the database writes its rows in one statement.
Triggers run as for any insert (SQLite's full-text index)."""

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections
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


def insert_many(objs: Sequence[Model]) -> None:
    """`Model.objects.bulk_create(objs)` for new rows of one plain model (no parents, an
    auto-increment primary key), with the primary keys set from `RETURNING`. On SQLite each
    value is prepared by its field as bulk_create prepares it (`pre_save`, `get_db_prep_save`)
    but without the general compiler's per-value work (expressions, placeholders, conflicts),
    which was most of a large import's time in its two biggest tables. PostgreSQL gets
    bulk_create itself: Django already sends each column there as one array (UNNEST), and one
    statement with a placeholder per value would cost the driver more than it saves."""
    objs = list(objs)
    if not objs:
        return
    model = type(objs[0])
    opts = model._meta
    pk = opts.pk
    fields = [f for f in opts.concrete_fields if f is not pk and not f.generated]
    if (
        connection.vendor != "sqlite"
        or opts.all_parents
        or any(hasattr(f, "get_placeholder") for f in fields)  # a value with its own SQL
    ):
        model._base_manager.bulk_create(objs)
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: `connection` is a proxy
    ops = db.ops
    quote = ops.quote_name
    returning, returning_params = ops.return_insert_columns([pk])
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, ops.bulk_batch_size(fields, objs))
    with db.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params: list = []
            for obj in chunk:
                obj._prepare_related_fields_for_save(operation_name="insert_many")
                params += [f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]
            values = ", ".join([row] * len(chunk))
            cursor.execute(f"{head}VALUES {values} {returning}", [*params, *returning_params])
            for obj, (ident, *_rest) in zip(
                chunk, ops.fetch_returned_insert_rows(cursor), strict=True
            ):
                setattr(obj, pk.attname, ident)
                obj._state.adding = False
                obj._state.db = db.alias
