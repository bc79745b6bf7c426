"""Lists are `{"next": url-or-null, "results": [...]}`: a cursor, so a page never skips or
repeats an item when entries are added while someone pages through."""

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response


class Cursor(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering: tuple[str, ...] = ("pk",)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class EntryCursor(Cursor):
    ordering = ("date_filed", "pk")


class DeadlineCursor(Cursor):
    ordering = ("due_at", "pk")
