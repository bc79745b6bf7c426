"""Queries whose SQL is compiled once per database connection instead of on every request.

Django turns a QuerySet into SQL each time it is evaluated. For the two queries every signed-in
page makes — the signed-in user, and on a case page the membership with its case and court —
compiling takes several times longer than SQLite takes to run them (the membership's three-table
join: ~0.5 ms of Python for ~50 µs of SQL; bench/floor.py). A `PreparedQuery` builds its QuerySet
once with stand-in parameters, keeps the compiled SQL and the compiler's row layout on the
connection (per thread, as Django's connections are), and afterwards only executes the SQL with
the real parameters and turns the rows into model instances exactly as Django's ModelIterable
does (same converters, same related-object population). Every call still reads the database:
nothing is cached but the SQL text, so the answer is never stale.

If the compiled parameters are not exactly the stand-ins (a query whose SQL would depend on its
parameters), the query is evaluated the ordinary way every time."""

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]


class _Plan:
    def __init__(self, queryset: QuerySet[Any], using: str) -> None:
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = tuple(params)
        select, klass_info = compiler.select, compiler.klass_info
        assert klass_info is not None  # noqa: S101 - a model query always has one
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.converters = compiler.get_converters([s[0] for s in select[0 : compiler.col_count]])
        self.compiler = compiler
        self.order: list[int] = []  # the call's parameters in the SQL's order


class PreparedQuery:
    """`PreparedQuery(build, stand_ins)`: `build(*params)` returns the QuerySet (the same SQL for
    any parameters); calling the prepared query with real parameters returns its model
    instances as a list."""

    def __init__(self, build: Callable[..., QuerySet[Any]], stand_ins: tuple[Any, ...]) -> None:
        self.build, self.stand_ins = build, stand_ins

    def _position(self, param: Any) -> int | None:
        for i, stand_in in enumerate(self.stand_ins):
            if type(param) is type(stand_in) and param == stand_in:
                return i
        return None

    def _plan(self, using: str) -> _Plan | None:
        connection = connections[using]
        plans: dict[int, _Plan | None] = connection.__dict__.setdefault("_prepared_plans", {})
        if id(self) not in plans:
            plans[id(self)] = None
            plan = _Plan(self.build(*self.stand_ins), using)
            # Each SQL parameter must be one of the stand-ins, and each stand-in used: then
            # `order` maps the call's parameters into the SQL's.
            positions = [self._position(p) for p in plan.params]
            order = [i for i in positions if i is not None]
            if len(order) == len(positions) and sorted(set(order)) == list(
                range(len(self.stand_ins))
            ):
                plan.order = order
                plans[id(self)] = plan
        return plans[id(self)]

    def is_prepared(self, using: str = "default") -> bool:
        """Whether calls on this connection run the compiled SQL (False: the ORM each time)."""
        return self._plan(using) is not None

    def __call__(self, *params: Any, using: str = "default") -> list[Any]:
        plan = self._plan(using)
        if plan is None:
            return list(self.build(*params).using(using))
        with connections[using].cursor() as cursor:
            cursor.execute(plan.sql, [params[i] for i in plan.order])
            rows = cursor.fetchall()
        if plan.converters:
            rows = list(plan.compiler.apply_converters(rows, plan.converters))
        found = []
        for row in rows:
            obj = plan.model.from_db(using, plan.init_list, row[plan.start : plan.end])
            for populator in plan.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found
