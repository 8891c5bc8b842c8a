"""The county's zone and day: a county's calendar decides its days, not the server's."""

import zoneinfo
from datetime import date, datetime, time
from typing import Protocol

from django.utils import timezone


class HasZone(Protocol):
    @property
    def zone(self) -> zoneinfo.ZoneInfo: ...


class InCounty(Protocol):
    @property
    def county(self) -> HasZone | None: ...


def county_zone(place: HasZone | InCounty) -> zoneinfo.ZoneInfo:
    """The zone of a county, or of the county of a user or record."""
    if hasattr(place, "zone"):
        return place.zone
    county = place.county
    if county is None:
        raise ValueError("This user belongs to no county.")
    return county.zone


def county_today(place: HasZone | InCounty) -> date:
    return timezone.localdate(timezone=county_zone(place))


def county_day(instant: datetime, place: HasZone | InCounty) -> date:
    """The county's calendar day on which `instant` fell."""
    return timezone.localtime(instant, county_zone(place)).date()


def county_day_start(day: date, place: HasZone | InCounty) -> datetime:
    """The first instant of the county's calendar day `day`."""
    return datetime.combine(day, time.min, tzinfo=county_zone(place))
