"""Reads scoped to what a user may see. An object of another county is simply not found (404)."""

import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import CountyScopedQuerySet, User

# The key of a record as a URL or a request body gives it; a malformed one is simply not found.
RecordId = uuid.UUID | str


def scoped[M: models.Model](queryset: models.QuerySet[M], user: User) -> models.QuerySet[M]:
    if not isinstance(queryset, CountyScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no county scope")
    return queryset.visible_to(user)


def scoped_get[M: models.Model](queryset: models.QuerySet[M], user: User, **lookup: Any) -> M:
    """The one object matching `lookup` in the user's county; 404 whether it is elsewhere, nowhere or malformed."""
    try:
        return scoped(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def county_users(user: User) -> models.QuerySet[User]:
    if not user.county_id:
        return User.objects.none()
    return User.objects.filter(county_id=user.county_id, is_active=True)


def county_accounts(user: User) -> models.QuerySet[User]:
    """Every account of the user's county, open or closed, with what the county admin's list shows of each:
    its supervisor, privileges, and whether it has a confirmed authenticator (`has_authenticator`)."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        scoped(User.objects.all(), user)
        .select_related("supervisor", "county")
        .prefetch_related("privileges")
        .annotate(has_authenticator=Exists(confirmed))
    )
