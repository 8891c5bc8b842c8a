"""How every API list pages: a cursor, newest first, with the caller's page size up to a bound."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    ordering = "-created_at"
    page_size_query_param = "page_size"
    max_page_size = 200
