"""How every API list pages: a keyset cursor over a unique order, newest first, up to a bounded page size.

The order ends on the primary key, so rows stamped with one instant (a sweep writes thousands at once) still
come in one fixed order, and the cursor names the last row shown by all its sort keys rather than by an offset:
a client paging through never misses or repeats a row, however many share a time, and page 1,000 costs what
page 1 does (an index on the order answers it).
"""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

INVALID_CURSOR = "Invalid cursor"


def flipped(order: str) -> str:
    return order[1:] if order.startswith("-") else f"-{order}"


class CursorPagination(pagination.CursorPagination):
    ordering: Any = ("-created_at", "-id")  # the last name must be unique
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        if not isinstance(queryset, QuerySet):
            raise TypeError("A keyset page is cut from a queryset.")
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = self.page_url = request.build_absolute_uri()
        self.ordering = tuple(self.ordering)
        position, backwards = self.decode(request, queryset.model)
        order = [flipped(o) for o in self.ordering] if backwards else list(self.ordering)
        rows = queryset.order_by(*order)
        if position is not None:
            rows = rows.filter(self.beyond(order, position))
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if backwards:
            page.reverse()
        self.has_next, self.has_previous = (
            (position is not None, more) if backwards else (more, position is not None)
        )
        self.page = page
        return page

    @staticmethod
    def beyond(order: Sequence[str], position: Sequence[object]) -> Q:
        """The rows after `position` in `order`: greater on the first key, or equal on it and after on the rest."""
        after = Q()
        equal: dict[str, object] = {}
        for key, value in zip(order, position, strict=True):
            name = key.lstrip("-")
            after |= Q(**equal, **{f"{name}__{'lt' if key.startswith('-') else 'gt'}": value})
            equal[name] = value
        return after

    def position_of(self, row: Model) -> list[str]:
        return [str(getattr(row, key.lstrip("-"))) for key in self.ordering]

    def link(self, position: list[str], backwards: bool) -> str:
        token = json.dumps({"p": position, "b": backwards}, separators=(",", ":"))
        cursor = base64.urlsafe_b64encode(token.encode()).decode()
        return replace_query_param(self.page_url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self.link(self.position_of(self.page[-1]), backwards=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:
            return remove_query_param(self.page_url, self.cursor_query_param)
        return self.link(self.position_of(self.page[0]), backwards=True)

    def decode(self, request: Request, model: type[Model]) -> tuple[list[object] | None, bool]:
        """The position and direction a cursor names; a cursor not made here is a 404, as DRF answers."""
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None, False
        try:
            token = json.loads(base64.urlsafe_b64decode(raw.encode()).decode())
            position, backwards = token["p"], token["b"]
            if not isinstance(position, list) or len(position) != len(self.ordering):
                raise ValueError("wrong number of keys")
            fields = [model._meta.get_field(key.lstrip("-")) for key in self.ordering]
            values = [
                field.to_python(value)
                for field, value in zip(fields, position, strict=True)
                if isinstance(field, Field)
            ]
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, ValidationError) as exc:
            raise NotFound(INVALID_CURSOR) from exc
        return values, bool(backwards)
