"""Pagination that stays fast on deep pages: keyset cursors, never OFFSET over big tables."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class KeysetCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
