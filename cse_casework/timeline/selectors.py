"""A page of the child's timeline, read in one query however many kinds and rows there are.

Every kind's rows are read as the same columns and joined with UNION ALL; the page is cut by a keyset over
(instant, kind's rank, key), newest first, so a reader paging through never misses or repeats an entry, and
page 50 costs what page 1 does. The cursor names the last entry shown by those three keys; each source's rows
are narrowed to the far side of it before the union (a union cannot be filtered afterwards).
"""

import base64
import binascii
import functools
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from referrals.models import Client

from .sources import COLUMNS, KINDS, SOURCE_OF, Branch, Row, Source, rank_of

ORDER = ("-entry_at", "-entry_rank", "-entry_key")
MAX_KEY = 100


@dataclass(frozen=True)
class Position:
    """Where an entry stands in the timeline's order."""

    at: datetime
    rank: int
    key: str

    def cursor(self, backwards: bool) -> str:
        token = json.dumps(
            {"p": [self.at.isoformat(), self.rank, self.key], "b": backwards}, separators=(",", ":")
        )
        return base64.urlsafe_b64encode(token.encode()).decode()

    @classmethod
    def from_cursor(cls, raw: str) -> tuple["Position", bool]:
        """The position and direction a cursor names; ValueError for one not made here."""
        try:
            token = json.loads(base64.urlsafe_b64decode(raw.encode()).decode())
            (at_text, rank, key), backwards = token["p"], token["b"]
            at = datetime.fromisoformat(at_text)
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError) as exc:
            raise ValueError("Not a timeline cursor.") from exc
        if (
            timezone.is_naive(at)
            or isinstance(rank, bool)
            or not isinstance(rank, int)
            or not isinstance(key, str)
            or len(key) > MAX_KEY
            or not isinstance(backwards, bool)
        ):
            raise ValueError("Not a timeline cursor.")
        return cls(at, rank, key), backwards


@dataclass(frozen=True)
class Entry:
    """One thing that happened, as a reader sees it."""

    kind: str
    kind_label: str
    kind_name: str
    at: datetime
    summary: str
    record_type: str
    record_id: str
    url: str
    entered_in_error: bool
    position: Position


@dataclass(frozen=True)
class TimelinePage:
    """A page of entries, newest first, and the positions to page on from: older after `older`, newer before
    `newer` (None where there is nothing that way)."""

    entries: list[Entry]
    older: Position | None
    newer: Position | None
    first: bool  # the newest entries: no position was given


def beyond(rank: int, position: Position, backwards: bool) -> Q:
    """The rows of a source of `rank` beyond `position`: older ones going forward, newer ones going back."""
    if rank == position.rank:
        key = "gt" if backwards else "lt"
        return Q(**{f"entry_at__{key}": position.at}) | Q(
            entry_at=position.at, **{f"entry_key__{key}": position.key}
        )
    ahead = rank > position.rank if backwards else rank < position.rank
    if ahead:
        return Q(**{f"entry_at__{'gte' if backwards else 'lte'}": position.at})
    return Q(**{f"entry_at__{'gt' if backwards else 'lt'}": position.at})


@functools.cache
def template(kind: str, zone: str) -> tuple[Branch, ...]:
    """A source's queries, annotated once per kind and zone: each page clones and narrows them (building the
    annotations is most of the work of composing the union)."""
    return tuple(SOURCE_OF[kind].branches(zone))


def branches(
    client: Client, sources: Sequence[Source], position: Position | None, backwards: bool
) -> list[models.QuerySet[Any]]:
    """Each source's rows of the child, in the child's county, beyond `position`, as the common columns."""
    narrowed = []
    for source in sources:
        for branch in template(source.kind, client.county.time_zone):
            rows = branch.rows.filter(**{branch.child: client.pk}, county_id=client.county_id)
            if position is not None:
                rows = rows.filter(beyond(rank_of(source.kind), position, backwards))
            narrowed.append(rows.values(*COLUMNS))
    return narrowed


def read_rows(parts: list[models.QuerySet[Any]], size: int, backwards: bool) -> list[Row]:
    """The first `size + 1` rows of the parts joined, in the timeline's order. Where the database can, each part
    is cut to as many rows first, so the union sorts a few rows per part rather than the child's whole record."""
    order = [o.lstrip("-") for o in ORDER] if backwards else list(ORDER)
    if len(parts) == 1:
        joined = parts[0].order_by(*order)
    else:
        if connection.features.supports_slicing_ordering_in_compound:
            parts = [part.order_by(*order)[: size + 1] for part in parts]
        else:
            parts = [part.order_by() for part in parts]
        first, *rest = parts
        joined = first.union(*rest, all=True).order_by(*order)
    return [Row.of(values) for values in joined[: size + 1]]


def entry_of(client: Client, row: Row) -> Entry:
    source = SOURCE_OF[row.kind]
    return Entry(
        kind=row.kind,
        kind_label=source.label,
        kind_name=source.name,
        at=row.at,
        summary=source.summary(row),
        record_type=row.record_type,
        record_id=str(row.record_id),
        url=source.page(client, row),
        entered_in_error=bool(row.in_error),
        position=Position(row.at, row.rank, row.key),
    )


def timeline_page(
    client: Client,
    *,
    kinds: Collection[str] = (),
    position: Position | None = None,
    backwards: bool = False,
    size: int = 50,
) -> TimelinePage:
    """The child's entries of `kinds` (every kind when empty), newest first: the newest `size`, or the `size`
    after `position` (older), or before it (newer) when `backwards`. The caller has checked that the reader may
    see the child; every row read here is the child's, in the child's county."""
    sources = [SOURCE_OF[kind] for kind in KINDS if not kinds or kind in kinds]
    rows = read_rows(branches(client, sources, position, backwards), size, backwards)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    entries = [entry_of(client, row) for row in rows]
    has_older, has_newer = (position is not None, more) if backwards else (more, position is not None)
    return TimelinePage(
        entries=entries,
        older=entries[-1].position if has_older and entries else None,
        newer=entries[0].position if has_newer and entries else None,
        first=position is None,
    )


def unknown_kinds(kinds: Collection[str]) -> list[str]:
    return sorted(set(kinds) - set(KINDS))


def requested_kinds(values: Sequence[str]) -> list[str]:
    """The kinds a query asks for: `kind=a,b` or `kind=a&kind=b`; blanks ignored."""
    return [kind.strip() for value in values for kind in value.split(",") if kind.strip()]
