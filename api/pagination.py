"""Cursor pagination for every list: `?page_size=` from 1 to 500, 100 by default."""

import re
from datetime import UTC

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}\Z")


class CursorPagination(pagination.CursorPagination):
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    # The cursor holds the first field; the primary key breaks ties (records created in one
    # batch share created_at), else PostgreSQL may return tied rows in a different order on the
    # next page and a record is listed twice while another is skipped.
    ordering = ("-created_at", "-pk")

    def decode_cursor(self, request):
        """DRF's cursor, with its position checked: an altered one is "Invalid cursor", not a 500."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                position = parse_datetime(cursor.position)
                if position is None or position.tzinfo is None:
                    raise ValueError(cursor.position)
                position.astimezone(UTC)  # compared in UTC: must have a UTC form
            except (ValueError, OverflowError):
                raise NotFound(self.invalid_cursor_message) from None
        return cursor

    def get_page_size(self, request) -> int:
        """`page_size` is a whole number from 1 to 500, as the schema says; 400 naming it otherwise."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not WHOLE_NUMBER.match(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: gettext("A whole number from 1 to %(max)s.")
                    % {"max": self.max_page_size}
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = f"Records per page: 1 to {self.max_page_size}, 100 by default."
        return parameters
