"""Access events: every read of a child's record leaves one."""

import ipaddress
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.options import Options
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.generics import GenericAPIView

from kernel.acting import acting

from .models import AccessEvent


class CountyRecord(Protocol):
    """A record an access event names: its model's label, its key, and the county it belongs to."""

    @property
    def pk(self) -> object: ...

    @property
    def county_id(self) -> uuid.UUID: ...

    @property
    def _meta(self) -> "Options[Any]": ...  # Options is generic to type checkers only


def source_address(request: HttpRequest) -> str | None:
    """The client's address, for throttling and audit. With no proxy of ours in front (TRUSTED_PROXY_COUNT 0) it
    is what the server saw. Behind N proxies of ours, each appends to X-Forwarded-For the address it was reached
    from, so the client's is the N-th entry from the right; anything further left was written by the client and
    is never read. A missing or malformed entry falls back to what the server saw."""
    seen = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return seen
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return seen
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return seen


def not_yet_recorded[R: CountyRecord](request: HttpRequest, objs: Iterable[R]) -> list[R]:
    """The records this response has not yet logged: a page naming a child in two panels is one read of it."""
    seen: set[tuple[str, str]] = request.__dict__.setdefault("_access_recorded", set())
    fresh = []
    for obj in objs:
        key = (obj._meta.label_lower, str(obj.pk))
        if key not in seen:
            seen.add(key)
            fresh.append(obj)
    return fresh


def access_record(request: HttpRequest, obj: CountyRecord, *, via: str) -> None:
    """Record that the requesting user read `obj`: a child's record, or a part of it that names the child."""
    access_record_many(request, [obj], via=via)


def access_record_many(request: HttpRequest, objs: Iterable[CountyRecord], *, via: str) -> None:
    """Record a list's reads: one event per record shown (a list of children is a read of each), in one insert."""
    fresh = not_yet_recorded(request, objs)
    if not fresh:
        return
    user = acting(request)
    at = timezone.now()
    path = request.get_full_path()[:300]
    address = source_address(request)
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                county_id=obj.county_id,
                record_type=obj._meta.label_lower,
                record_id=str(obj.pk),
                user=user,
                at=at,
                via=via,
                path=path,
                source_address=address,
            )
            for obj in fresh
        ]
    )


class RecordsPageAccess(GenericAPIView):
    """For a list of a child's records: each record on the page answered leaves an access event."""

    def paginate_queryset(self, queryset: QuerySet[Any] | Sequence[Any]) -> list[Any] | None:
        # DRF's signature: a page of whatever model the view lists.
        page = super().paginate_queryset(queryset)
        if page:
            access_record_many(self.request, page, via="api")
        return page
