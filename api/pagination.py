"""Cursor pagination for every list: `?page_size=` up to 500, 100 by default."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    ordering = "-created_at"
