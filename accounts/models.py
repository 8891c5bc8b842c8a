"""Counties, agencies, users and their privileges, API tokens, access events and account events.

Every record of the product belongs to exactly one county. `CountyScopedQuerySet.visible_to(user)` is the one
place where a query is narrowed to what a user may see; selectors call it, nothing filters by hand.
"""

import hashlib
import secrets
import uuid
import zoneinfo
from collections.abc import Iterator
from datetime import datetime
from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, UserManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from simple_history.models import HistoricalRecords

from kernel.roles import Role

LATE_ENTRY_DAYS = 30
MAX_LATE_ENTRY_DAYS = 365
LOCKOUT_MINUTES = 30
MAX_LOCKOUT_MINUTES = 24 * 60


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
    lockout_minutes = models.PositiveSmallIntegerField(
        default=LOCKOUT_MINUTES,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LOCKOUT_MINUTES)],
        help_text="How long an account locked by failed sign-ins stays locked unless a county admin unlocks it.",
    )
    report_contact = models.CharField(
        max_length=300,
        blank=True,
        help_text="How law enforcement and NCMEC reach the county about a child at any hour (the desk or person, "
        "phone, e-mail): printed on every report packet.",
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
    # Failed sign-ins in a row, counted from the first of them (see `accounts.lockout`).
    failed_sign_ins = models.PositiveSmallIntegerField(default=0, editable=False)
    failures_began_at = models.DateTimeField(null=True, blank=True, editable=False)
    locked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When failed sign-ins locked the account."
    )
    # Part of every session's and token's fingerprint: raising it ends them all (MFA reset, closing the account).
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    reactivated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a closed account was last opened again."
    )
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "failed_sign_ins", "failures_began_at"]
    )

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

    def get_session_auth_hash(self) -> str:
        """The fingerprint each session and token keeps: it changes with the password and `session_generation`,
        so a password change, an MFA reset or a closed account ends every session and token issued before."""
        return self.credentials_fingerprint()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self.credentials_fingerprint(secret)

    def credentials_fingerprint(self, secret: str | bytes | None = None) -> str:
        return salted_hmac(
            "accounts.User.credentials_fingerprint",
            f"{self.password}\n{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

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
    """An expiring API token. Only its SHA-256 digest is stored; the key is shown once, when issued. It also
    keeps its user's credentials fingerprint: a password change or an MFA reset ends it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_from = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user: User, now: datetime, address: str | None = None) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            digest=hash_token(key),
            user=user,
            expires_at=now + settings.API_TOKEN_TTL,
            fingerprint=user.credentials_fingerprint(),
            created_from=address,
        )
        return token, key

    def matches_credentials(self) -> bool:
        """Whether its user's password and session generation are still those it was issued under."""
        return constant_time_compare(self.fingerprint, self.user.credentials_fingerprint())


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


class AccountEvent(models.Model):
    """Something that happened to an account: a sign-in or a failed one, a lock and its unlock, an MFA reset, a
    token revoked, a closed account. The county admin answers for these as for every change: each row has its
    history (simple-history), so the county's audit export lists it with who and why."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_IN_REFUSED_LOCKED = "sign_in_refused_locked", "Sign-in refused: account locked"
        LOCKED = "locked", "Locked after failed sign-ins"
        UNLOCKED = "unlocked", "Unlocked"
        MFA_ENROLLED = "mfa_enrolled", "Authenticator set up"
        MFA_RESET = "mfa_reset", "Authenticator reset"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        SESSION_EXPIRED = "session_expired", "Signed out by the time limit"
        CREATED = "created", "Account created"
        CHANGED = "changed", "Account changed"
        CLOSED = "closed", "Account closed"
        REOPENED = "reopened", "Account opened again"
        DISABLED_UNUSED = "disabled_unused", "Closed after 90 days unused"

    class Via(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        SYSTEM = "system", "Scheduled task or command"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="account_events"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_events")
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="account_events_made"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(db_index=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    source_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["county", "at"]),
            models.Index(fields=["user", "kind", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} at {self.at:%Y-%m-%d %H:%M}"


class AuditExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class AuditExport(models.Model):
    """One audit export a county admin asked for: its range and filters, and how it went. A large one runs as a
    job that writes the file to storage and reports its progress; the file is downloaded once done, with its row
    count and checksum. Its history is the audit of the audit: who exported what, when, and how many rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    since = models.DateField()
    until = models.DateField()
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Only this user's rows.",
    )
    record_type = models.CharField(max_length=100, blank=True, help_text="Only this record type (app.model).")
    action = models.CharField(max_length=10, blank=True, help_text="Only this action.")
    streamed = models.BooleanField(
        default=False, help_text="Answered within the request (a small range) rather than written as a file."
    )
    status = models.CharField(
        max_length=10, choices=AuditExportStatus.choices, default=AuditExportStatus.QUEUED
    )
    rows_estimated = models.PositiveBigIntegerField(default=0)
    rows_written = models.PositiveBigIntegerField(default=0)
    file_name = models.CharField(
        max_length=300, blank=True, help_text="The file's name in the export storage."
    )
    size_bytes = models.PositiveBigIntegerField(default=0)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the whole file, in hex.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Audit export {self.since} to {self.until} ({self.get_status_display()})"
