import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.records import EnteredRecord


class Heartbeat(models.Model):
    """The last time a periodic process proved it was alive (beat's tick runs through a worker)."""

    name = models.CharField(max_length=40, primary_key=True)
    last_beat_at = models.DateTimeField()
    beats = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.last_beat_at:%Y-%m-%d %H:%M:%S}"


# --- Clocks -------------------------------------------------------------------------------------------------


class DeadlineKind(models.TextChoices):
    LAW_ENFORCEMENT_REPORT = "law_enforcement_report", "Report to law enforcement"
    LAW_ENFORCEMENT_MISSING_REPORT = (
        "law_enforcement_missing_report",
        "Missing report to law enforcement (NCIC)",
    )
    NCMEC_REPORT = "ncmec_report", "Report to NCMEC"
    WHEREABOUTS_RECONFIRMATION = "whereabouts_reconfirmation", "Reconfirm whereabouts still unknown"
    RETURN_NOTICE_LAW_ENFORCEMENT = "return_notice_law_enforcement", "Notice of return to law enforcement"
    RETURN_NOTICE_NCMEC = "return_notice_ncmec", "Notice of return to NCMEC"
    RETURN_ASSESSMENT = "return_assessment", "Screening on return"
    IN_PERSON_RESPONSE = "in_person_response", "In-person response"
    CHILD_WELFARE_AGENCY_REPORT = "child_welfare_agency_report", "Report to the child welfare agency"


# The reason a clock is closed unmet when its period ended before it was recorded (a missing episode entered
# late): it counts as late in the on-time rates, and its overdue alert is still sent, once.
MISSED = "missed"


# A clock still running: neither met nor cancelled (what the dashboard counts and lists).
OPEN_CLOCK = models.Q(met_at__isnull=True, cancelled_at__isnull=True)
# The clocks the on-time rates count, each by when it closed: met (on time or late; at `met_at`), and missed
# (counted late; at `cancelled_at`). No clock is both: a missed clock is closed, and a report meets open ones.
MET_CLOCK = models.Q(met_at__isnull=False)
MISSED_CLOCK = models.Q(cancelled_reason=MISSED)


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    CANCELLED = "cancelled", "Cancelled"


class Deadline(models.Model):
    """One statutory clock. `due_at` is computed once when it starts; overdue is derived from due_at and now."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("referrals.Client", on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField(max_length=40, choices=DeadlineKind.choices)
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="deadlines", null=True, blank=True
    )
    csec_row = models.ForeignKey(
        "referrals.CsecRow", on_delete=models.PROTECT, related_name="deadlines", null=True, blank=True
    )
    allegation = models.ForeignKey(
        "referrals.Allegation", on_delete=models.PROTECT, related_name="deadlines", null=True, blank=True
    )
    missing_episode = models.ForeignKey(
        "referrals.MissingEpisode", on_delete=models.PROTECT, related_name="deadlines", null=True, blank=True
    )
    # The 30-day period a reconfirmation clock covers (1, 2, 3...); 0 for every other kind.
    period = models.PositiveIntegerField(default=0)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deadlines"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    met_late = models.BooleanField(null=True, blank=True)
    met_by = models.CharField(max_length=200, blank=True, help_text="What met the clock, in words.")
    met_by_report = models.ForeignKey(
        "reporting.Report", on_delete=models.PROTECT, related_name="met_deadlines", null=True, blank=True
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=40, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    alert_sent_at = models.DateTimeField(null=True, blank=True)
    # Which round of alerts the clock is in: 1 from its start, one more each time what met it is corrected
    # away or entered in error (`amendments.clock_reopen`), so that a reopened clock reminds and alerts again.
    alert_round = models.PositiveIntegerField(default=1)
    # A row the sweep failed on waits before it is tried again, so one bad row cannot crash-loop a worker.
    sweep_failures = models.PositiveIntegerField(default=0)
    sweep_retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["due_at"]
        indexes: ClassVar = [
            # What the sweep asks every minute: cheap however long the history grows.
            models.Index(
                fields=["due_at"],
                name="deadline_due_unalerted",
                condition=models.Q(met_at__isnull=True, alert_sent_at__isnull=True)
                & (models.Q(cancelled_at__isnull=True) | models.Q(cancelled_reason=MISSED)),
            ),
            models.Index(
                fields=["remind_at"],
                name="deadline_remind_unsent",
                condition=models.Q(
                    met_at__isnull=True, cancelled_at__isnull=True, reminder_sent_at__isnull=True
                ),
            ),
            models.Index(fields=["client", "kind"]),
            # The dashboard's questions: a county's or a unit's open clocks by when they fall due, and the clocks
            # it rates by when they closed. Each holds only the clocks it answers for, however long the history
            # grows, and what the question counts them by (an index-only scan reads no table row).
            models.Index(
                fields=["county", "due_at"],
                name="deadline_open_county",
                condition=OPEN_CLOCK,
                include=["kind", "assigned_to"],
            ),
            models.Index(
                fields=["assigned_to", "due_at"],
                name="deadline_open_assignee",
                condition=OPEN_CLOCK,
                include=["kind", "county"],
            ),
            models.Index(
                fields=["county", "met_at"],
                name="deadline_met_county",
                condition=MET_CLOCK,
                include=["kind", "met_late", "assigned_to"],
            ),
            models.Index(
                fields=["assigned_to", "met_at"],
                name="deadline_met_assignee",
                condition=MET_CLOCK,
                include=["kind", "met_late", "county"],
            ),
            models.Index(
                fields=["county", "cancelled_at"],
                name="deadline_missed_county",
                condition=MISSED_CLOCK,
                include=["kind", "assigned_to"],
            ),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(
                    kind="law_enforcement_report", met_at__isnull=True, cancelled_at__isnull=True
                ),
                name="one_open_law_enforcement_clock_per_child",
            ),
            models.UniqueConstraint(
                fields=["missing_episode", "kind", "period"],
                condition=models.Q(missing_episode__isnull=False),
                name="one_clock_per_episode_kind_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M} UTC"

    def status_at(self, now: datetime) -> str:
        if self.met_at is not None:
            return DeadlineStatus.MET
        if self.cancelled_at is not None:
            return DeadlineStatus.CANCELLED
        return DeadlineStatus.OVERDUE if now >= self.due_at else DeadlineStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())


class ClockSettings(models.Model):
    """A county's own numbers where the law leaves them to county protocol (DOMAIN.md §5 defaults)."""

    county = models.OneToOneField("accounts.County", on_delete=models.CASCADE, related_name="clock_settings")
    return_notice_hours = models.PositiveIntegerField(default=24)
    return_assessment_hours = models.PositiveIntegerField(default=72)
    reminder_lead_hours = models.PositiveIntegerField(
        default=4, help_text="How long before a clock falls due its worker and supervisor are reminded."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Clock settings of {self.county}"


# --- Reports ------------------------------------------------------------------------------------------------


class ReportKind(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    LAW_ENFORCEMENT_MISSING = "law_enforcement_missing", "Law enforcement, missing child (NCIC)"
    NCMEC = "ncmec", "NCMEC"
    RETURN_NOTICE_LAW_ENFORCEMENT = "return_notice_law_enforcement", "Notice of return to law enforcement"
    RETURN_NOTICE_NCMEC = "return_notice_ncmec", "Notice of return to NCMEC"
    CHILD_WELFARE_AGENCY = "child_welfare_agency", "Child welfare agency"


class ReportMethod(models.TextChoices):
    PHONE = "phone", "Telephone"
    WEB = "web", "Web form"
    EMAIL = "email", "E-mail"
    FAX = "fax", "Fax"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Other"


class Report(EnteredRecord, models.Model):
    """A report made to someone outside the agency; it meets the clocks of its kind (DOMAIN.md §6)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("referrals.Client", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=40, choices=ReportKind.choices)
    missing_episode = models.ForeignKey(
        "referrals.MissingEpisode", on_delete=models.PROTECT, related_name="reports", null=True, blank=True
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="reports", null=True, blank=True
    )
    made_at = models.DateTimeField()
    method = models.CharField(max_length=20, choices=ReportMethod.choices)
    agency_name = models.CharField(max_length=200)
    recipient = models.CharField(max_length=200, blank=True, help_text="Who took the report (name, badge).")
    report_number = models.CharField(max_length=100, blank=True)
    missing_person_report_number = models.CharField(max_length=100, blank=True)
    ncic_entry_confirmed = models.BooleanField(default=False)
    ncmec_case_number = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report at {self.made_at:%Y-%m-%d %H:%M} UTC"


# --- Notifications ------------------------------------------------------------------------------------------


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class Notification(models.Model):
    """One in-app notice to one person about one child's clocks: a sweep tells each person once per child,
    naming every clock it concerns. `deadline` is the first of them to fall due; `deadlines`, all of them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="+")
    deadlines = models.ManyToManyField(Deadline, through="NotificationClock", related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            # A person's inbox, newest first, in the order the cursor pages it.
            models.Index(fields=["user", "-created_at", "-id"], name="notification_inbox"),
            # The header's unread count on every page.
            models.Index(
                fields=["user"], name="notification_unread", condition=models.Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.deadline} to {self.user}"


class NotificationClock(models.Model):
    """A clock a notification names. The unique constraint makes each alert of a clock reach each person
    once per round of the clock's alerts, however many sweeps run or re-run: a sweep inserts these rows
    skipping any the constraint already holds. A reopened clock is in a new round (`Deadline.alert_round`):
    its reminder and overdue alert are new rows, and those of the earlier rounds stay as they were.

    Whether a notice is resolved (`selectors.notifications_of`) is read from its clocks as they stand now, not
    from the round it was sent in: a notice is resolved while every clock it names stands met or cancelled.
    So a first-round alert of a clock that was met and then reopened reads unresolved again (the clock is
    unmet), and once the reopened clock is met the notices of both rounds read resolved: nothing is left to
    do about either."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="clocks")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="+")
    # The notification's person and kind, repeated so the constraint can name them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    # The clock's alert round when the notification was made.
    alert_round = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["deadline", "user", "kind", "alert_round"], name="one_alert_per_clock_person_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.deadline_id} (round {self.alert_round}) to {self.user_id}"


class EmailDelivery(models.Model):
    """Sending a notification by e-mail: a separate step, retried until sent, never sent twice once marked."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="email")
    to_address = models.EmailField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Not to be taken before: a sender's claim holds the row this long (its lease), a failure backs off to it.
    retry_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["created_at"], name="email_unsent", condition=models.Q(sent_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"E-mail to {self.to_address} ({'sent' if self.sent_at else 'pending'})"
