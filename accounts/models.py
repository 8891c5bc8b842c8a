"""Counties, agencies, users and their privileges, API tokens, and access events.

Every record of the product belongs to exactly one county. `CountyScopedQuerySet.visible_to(user)` is the one
place where a query is narrowed to what a user may see; selectors call it, nothing filters by hand.
"""

import hashlib
import secrets
import uuid
import zoneinfo
from datetime import datetime
from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, UserManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from kernel.roles import Role

LATE_ENTRY_DAYS = 30
MAX_LATE_ENTRY_DAYS = 365


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone.")


class County(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(
        max_length=64, default=settings.DEFAULT_COUNTY_TIME_ZONE, validators=[validate_time_zone]
    )
    late_entry_days = models.PositiveSmallIntegerField(
        default=LATE_ENTRY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LATE_ENTRY_DAYS)],
        help_text="How far back a worker may date an entry without marking it a late entry and saying why.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "counties"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Agency(models.Model):
    class Kind(models.TextChoices):
        CHILD_WELFARE = "child_welfare", "Child welfare agency"
        PROBATION = "probation", "Probation department"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="agencies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "agencies"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "kind"], name="one_agency_kind_per_county")
        ]

    def __str__(self) -> str:
        return self.name


class CountyScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """A queryset that knows the path from its model to the county (`county_path` on the model)."""

    def visible_to(self, user: "User | AnonymousUser | None") -> Self:
        if user is None or not user.is_authenticated or not user.county_id:
            return self.none()
        path = getattr(self.model, "county_path", "county")
        return self.filter(**{f"{path}_id": user.county_id})


# Written as a module-level assignment, the one form of `from_queryset` the django-stubs plugin types. Django
# places the class it makes in its own module; migrations import the manager by name from this one.
CountyUserManager = UserManager.from_queryset(CountyScopedQuerySet, "CountyUserManager")
CountyUserManager.__module__ = __name__


ROLE_AGENCY = {
    Role.SOCIAL_WORKER: Agency.Kind.CHILD_WELFARE,
    Role.PROBATION_OFFICER: Agency.Kind.PROBATION,
    Role.SUPERVISOR: Agency.Kind.CHILD_WELFARE,
    Role.COUNTY_ADMIN: Agency.Kind.CHILD_WELFARE,
}


class Privilege(models.TextChoices):
    CLOSED_CASE_UPDATE = "closed_case_update", "Closed case/referral update"


class User(AbstractUser):
    """A county worker. Every user but a platform superuser belongs to one county."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SOCIAL_WORKER)
    county = models.ForeignKey(County, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    supervisor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supervisees"
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[CountyUserManager] = CountyUserManager()

    class Meta:
        ordering: ClassVar = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.supervisor_id and self.supervisor and self.supervisor.county_id != self.county_id:
            raise ValidationError({"supervisor": "A supervisor must belong to the same county."})
        if self.agency_id and self.agency and self.agency.county_id != self.county_id:
            raise ValidationError({"agency": "The agency must belong to the user's county."})

    @property
    def home_county_id(self) -> uuid.UUID:
        """The county a county worker acts in; an account of no county (a platform superuser) is refused."""
        if self.county_id is None:
            raise PermissionDenied("This account belongs to no county.")
        return self.county_id

    @property
    def home_county(self) -> County:
        """The county itself, refused the same way for an account of no county."""
        if self.county is None:
            raise PermissionDenied("This account belongs to no county.")
        return self.county

    @property
    def privilege_codes(self) -> list[str]:
        return sorted(self.privileges.values_list("code", flat=True))

    def has_privilege(self, code: str) -> bool:
        return self.privileges.filter(code=code).exists()

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_county_admin(self) -> bool:
        return self.role == Role.COUNTY_ADMIN


class UserPrivilege(models.Model):
    """A privilege granted to one user, such as `closed_case_update`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="privileges")
    code = models.CharField(max_length=40, choices=Privilege.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="privileges_granted"
    )
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "code"], name="one_grant_per_privilege")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.code}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An expiring API token. Only its SHA-256 digest is stored; the key is shown once, when issued."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"token of {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user: User, now: datetime) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(digest=hash_token(key), user=user, expires_at=now + settings.API_TOKEN_TTL)
        return token, key


class AccessEvent(models.Model):
    """One read of a child's record: who, when, what, from where, through which door."""

    class Via(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        EXPORT = "export", "Export"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="access_events")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_events")
    at = models.DateTimeField(db_index=True)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=64)
    via = models.CharField(max_length=10, choices=Via.choices)
    path = models.CharField(max_length=300, blank=True)
    source_address = models.GenericIPAddressField(null=True, blank=True)

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["county", "at"]),
            models.Index(fields=["record_type", "record_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.record_type} {self.record_id} at {self.at:%Y-%m-%d %H:%M}"
