"""Reads scoped to what a user may see. An object of another county is simply not found (404)."""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404

from .models import CountyScopedQuerySet, User

M = TypeVar("M", bound=models.Model)


def scoped[M: models.Model](queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    if not isinstance(queryset, CountyScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no county scope")
    return queryset.visible_to(user)  # type: ignore[return-value]


def scoped_get[M: models.Model](queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """The one object matching `lookup` in the user's county; 404 whether it is elsewhere, nowhere or malformed."""
    try:
        return scoped(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def county_users(user: User) -> models.QuerySet[User]:
    if not user.county_id:
        return User.objects.none()
    return User.objects.filter(county_id=user.county_id, is_active=True)
