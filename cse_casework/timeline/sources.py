"""What the timeline shows: one registered source per kind of entry.

A source names its kind, how it reads the child's rows as the timeline's common columns (`COLUMNS`), how it says
what happened in one line, and which page shows the record. The selector joins the sources it is asked for in
one UNION ALL, so a new kind is one more `Source` in `SOURCES` (and, for its corrections, one more `Corrected`
in `CORRECTED`), as the dependency petitions are.

Instants: an entry is placed at the instant the record says it happened (a referral when it was received, a
contact when it was made, a CSEC row when the information was received). Records dated by day only (a planned
service's referral day, a CFT meeting's day, a petition's filing day) are placed at the start of that day in
the county's zone.

Corrections: a history row is a correction when it is an update (`history_type` "~") whose reason has the shape
`kernel.amend.history_reason` gives a correction or an entry marked entered in error: an action ending in
"corrected" or "entered in error", a colon, then the person's reason ("contact corrected: wrong hour", "case
note entered in error: wrong child", "Corrected: ...", "return entered in error: ..."). Creations, ordinary
changes (a finding, a status moving on, a row's end date) and the clocks' own rows are not corrections: the
entries themselves show them. A correction entry is placed when the correction was made and links to the
corrected record's page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    UUIDField,
    Value,
)
from django.db.models.functions import Cast, Concat, Left
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import formats
from simple_history.utils import get_history_model_for_model

from caseplans.catalogue import ServiceCode
from caseplans.models import CasePlan, CftMeeting, PlannedService, ServiceStatus
from notes.models import CaseNote, NoteKind
from petitions.catalogue import Outcome, Subdivision, short_label
from petitions.models import Petition
from referrals.models import (
    Allegation,
    AllegationType,
    Client,
    Contact,
    ContactType,
    CsecRow,
    CsecType,
    Disposition,
    LocateAttempt,
    MissingCircumstance,
    MissingEpisode,
    Reconfirmation,
    Referral,
    ReferralSource,
    ResponseDecision,
)
from reporting.models import Report, ReportKind, ReportMethod
from screening.models import RiskBasis, Screening, ScreeningContext

# The columns every source reads, in this order (a UNION ALL matches them by position).
COLUMNS = (
    "entry_at",
    "entry_rank",
    "entry_key",
    "entry_kind",
    "entry_type",
    "entry_record",
    "entry_link",
    "entry_code",
    "entry_detail",
    "entry_extra",
    "entry_state",
    "entry_flag",
    "entry_in_error",
)
EXCERPT = 200  # characters of a free text shown in a summary
CORRECTION_REASON = r"^[^:]*(corrected|entered in error):"

type Expression = Any  # a Django query expression (F, Value, Func...): the stubs give them no common type


@dataclass(frozen=True)
class Branch:
    """One query of a source: every row of its model as the common columns, and the lookup from a row to the
    child it belongs to (the selector narrows the rows to one child, in the child's county)."""

    rows: models.QuerySet[Any]
    child: str


@dataclass(frozen=True)
class Row:
    """One entry as the query reads it: its place in the order, its record, and the few facts its summary
    needs (what they mean depends on the kind)."""

    at: datetime
    rank: int
    key: str
    kind: str
    record_type: str
    record_id: UUID
    link_id: UUID | None
    code: str | None
    detail: str | None
    extra: str | None
    state: str | None
    flag: bool | None
    in_error: bool

    @classmethod
    def of(cls, values: dict[str, Any]) -> "Row":
        return cls(*(values[name] for name in COLUMNS))


# --- Where each record is shown -----------------------------------------------------------------------------

type Page = Callable[[Client, UUID, UUID | None], str]


def client_page(anchor: str = "") -> Page:
    return lambda client, record, link: reverse("referrals:client", args=[client.pk]) + anchor


def referral_page(client: Client, record: UUID, link: UUID | None) -> str:
    return reverse("referrals:referral", args=[link or record])


def screening_page(client: Client, record: UUID, link: UUID | None) -> str:
    return reverse("screening:detail", args=[record])


def episode_page(client: Client, record: UUID, link: UUID | None) -> str:
    return reverse("reporting:episode", args=[link or record])


def report_page(client: Client, record: UUID, link: UUID | None) -> str:
    """A report about a missing episode is shown on the episode; the others with the child's clocks."""
    if link is not None:
        return reverse("reporting:episode", args=[link])
    return reverse("reporting:client-clocks", args=[client.pk]) + "#reports-heading"


def plan_page(client: Client, record: UUID, link: UUID | None) -> str:
    return reverse("caseplans:plan", args=[client.pk])


def note_page(client: Client, record: UUID, link: UUID | None) -> str:
    return reverse("notes:note", args=[record])


def petition_page(client: Client, record: UUID, link: UUID | None) -> str:
    return reverse("petitions:detail", args=[record])


# The page of each kind of record, and what a correction calls it. A record's kind is its entry's kind; the case
# plan itself has no entry of its own (its services and meetings do) but its corrections have one.
RECORD_PAGES: dict[str, Page] = {
    "referral": referral_page,
    "contact": referral_page,
    "allegation": referral_page,
    "screening": screening_page,
    "csec_status": client_page("#csec-grid"),
    "missing_episode": episode_page,
    "locate_attempt": episode_page,
    "reconfirmation": episode_page,
    "report": report_page,
    "case_plan": plan_page,
    "case_plan_service": plan_page,
    "cft_meeting": plan_page,
    "petition": petition_page,
    "note": note_page,
}
RECORD_NAMES = {
    "referral": "Referral",
    "contact": "Contact",
    "allegation": "Allegation",
    "screening": "Screening",
    "csec_status": "CSEC row",
    "missing_episode": "Missing episode",
    "locate_attempt": "Locate attempt",
    "reconfirmation": "Reconfirmation",
    "report": "Report",
    "case_plan": "Case plan",
    "case_plan_service": "Case plan service",
    "cft_meeting": "CFT meeting",
    "petition": "Petition",
    "note": "Case note",
}


# --- The columns --------------------------------------------------------------------------------------------


def nothing(field: "models.Field[Any, Any]") -> Expression:
    """A typed NULL: an untyped one beside another would be read as text, and the union refuse a uuid or a
    boolean in the same column."""
    return Cast(Value(None), output_field=field)


NO_TEXT = nothing(CharField())


class DayStart(Func):
    """The first instant of a day in a zone: PostgreSQL reads the zone's rules for that very day. Elsewhere (the
    embedded SQLite default) the day starts at the zone's standard offset, an hour late in summer time: still
    the same day."""

    output_field = models.DateTimeField()

    def __init__(self, day: str, zone: str) -> None:
        super().__init__(F(day), Value(zone))
        self.zone = zone

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        zone_sql, zone_params = compiler.compile(self.source_expressions[1])
        return f"(({day_sql})::timestamp AT TIME ZONE {zone_sql})", (*day_params, *zone_params)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        offset = datetime(2001, 1, 1, tzinfo=ZoneInfo(self.zone)).utcoffset()
        minutes = -int(offset.total_seconds() // 60) if offset is not None else 0
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        return f"datetime({day_sql}, '{minutes:+d} minutes')", tuple(day_params)


def in_error() -> Expression:
    return ExpressionWrapper(Q(entered_in_error_at__isnull=False), output_field=BooleanField())


def columns(
    kind: str,
    record_type: str,
    at: Expression,
    *,
    key: Expression | None = None,
    link: str | None = None,
    code: Expression = NO_TEXT,
    detail: Expression = NO_TEXT,
    extra: Expression = NO_TEXT,
    state: Expression = NO_TEXT,
    flag: Expression | None = None,
    marked: Expression | None = None,
) -> dict[str, Expression]:
    """A source's rows as the common columns; a field name stands for the field."""

    def text(value: Expression) -> Expression:
        return F(value) if isinstance(value, str) else value

    return {
        "entry_at": text(at),
        "entry_rank": Value(rank_of(kind), output_field=IntegerField()),
        "entry_key": key if key is not None else Cast("id", output_field=CharField()),
        "entry_kind": Value(kind, output_field=CharField()),
        "entry_type": Value(record_type, output_field=CharField()),
        "entry_record": F("id"),
        "entry_link": F(link) if link else nothing(UUIDField()),
        "entry_code": text(code),
        "entry_detail": text(detail),
        "entry_extra": text(extra),
        "entry_state": text(state),
        "entry_flag": text(flag) if flag is not None else nothing(BooleanField()),
        "entry_in_error": marked if marked is not None else in_error(),
    }


def excerpt(field: str) -> Expression:
    """The start of a free text: one character more than is shown, to know whether it goes on."""
    return Left(field, EXCERPT + 1)


def as_text(field: str) -> Expression:
    return Cast(field, output_field=CharField())


def record_type(model: type[models.Model]) -> str:
    return model._meta.label_lower


# --- Saying what happened -----------------------------------------------------------------------------------


def label(choices: type[models.Choices], code: str | None) -> str:
    """The label of a code, or the code itself when it is not (or no longer) one of the choices."""
    if not code:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def shortened(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"


def day_shown(value: str | None) -> str:
    return formats.date_format(date.fromisoformat(value[:10]), "DATE_FORMAT") if value else ""


def referral_summary(row: Row) -> str:
    said = f"Referral received from {label(ReferralSource, row.code).lower()}"
    if row.flag:
        said += ", alleging commercial sexual exploitation"
    if row.detail:
        said += f"; {label(ResponseDecision, row.detail).lower()}"
    return said


def contact_summary(row: Row) -> str:
    how = "In-person contact" if row.flag else "Contact, not in person"
    said = f"{how}: {label(ContactType, row.code).lower()}"
    return f"{said} ({row.detail})" if row.detail else said


def allegation_summary(row: Row) -> str:
    finding = label(Disposition, row.detail).lower() if row.detail else "no finding yet"
    return f"Allegation of {label(AllegationType, row.code).lower()}: {finding}"


def screening_summary(row: Row) -> str:
    result = "at risk" if row.flag else "not at risk"
    said = f"Screening ({label(ScreeningContext, row.code).lower()}): {result}"
    return f"{said}, {label(RiskBasis, row.detail).lower()}" if row.flag and row.detail else said


def csec_summary(row: Row) -> str:
    said = f"CSEC type documented: {label(CsecType, row.code)}, from {day_shown(row.detail)}"
    return f"{said} to {day_shown(row.extra)}" if row.extra else said


def episode_summary(row: Row) -> str:
    after = "since returned" if row.flag else "still missing"
    return f"Found missing ({label(MissingCircumstance, row.code).lower()}); {after}"


def attempt_summary(row: Row) -> str:
    return f"Locate attempt: {shortened(row.detail)}"


def reconfirmation_summary(row: Row) -> str:
    return "Whereabouts reconfirmed as still unknown"


def report_summary(row: Row) -> str:
    return f"Report to {row.detail} ({label(ReportKind, row.code)}, {label(ReportMethod, row.extra).lower()})"


def service_summary(row: Row) -> str:
    name = label(ServiceCode, row.code)
    if row.detail:
        name = f"{name}: {shortened(row.detail)}" if name else shortened(row.detail)
    return f"Service referred: {name}, with {row.extra} ({label(ServiceStatus, row.state).lower()})"


def meeting_summary(row: Row) -> str:
    took_part = "; the child took part" if row.flag else ""
    return f"Child and Family Team meeting{took_part}: {shortened(row.detail)}"


def petition_summary(row: Row) -> str:
    subdivision = short_label(row.code) if row.code in Subdivision.values else row.code
    outcome = label(Outcome, row.detail).lower() if row.detail else "pending"
    return f"Petition filed under WIC {subdivision}: {outcome}"


def note_summary(row: Row) -> str:
    return f"{label(NoteKind, row.code)}: {shortened(row.detail)}"


def correction_summary(row: Row) -> str:
    """The correction in one line ("Contact corrected: why", "Case note entered in error: why"), from the
    history row's reason."""
    recorded = row.detail or ""
    action, _, why = recorded.partition(":")
    action = action.strip().lower()
    if action.endswith("entered in error"):
        done = "return entered in error" if action.startswith("return") else "entered in error"
    else:
        done = "corrected"
    return f"{RECORD_NAMES.get(row.code or '', 'Record')} {done}: {shortened(why)}"


# --- The sources --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    kind: str
    label: str  # the kind of entries, for the filter
    name: str  # one entry of the kind
    branches: Callable[[str], list[Branch]]  # given the county's zone
    summary: Callable[[Row], str]

    def page(self, client: Client, row: Row) -> str:
        record_kind = row.code if self.kind == "correction" else self.kind
        return RECORD_PAGES[record_kind or ""](client, row.record_id, row.link_id)


def referrals(zone: str) -> list[Branch]:
    return [
        Branch(
            Referral.objects.annotate(
                **columns(
                    "referral",
                    record_type(Referral),
                    "received_at",
                    code="source",
                    detail="response_decision",
                    flag="alleges_cse",
                )
            ),
            "client",
        )
    ]


def contacts(zone: str) -> list[Branch]:
    return [
        Branch(
            Contact.objects.annotate(
                **columns(
                    "contact",
                    record_type(Contact),
                    "made_at",
                    link="referral_id",
                    code="contact_type",
                    detail="name",
                    flag="in_person",
                )
            ),
            "referral__client",
        )
    ]


def allegations(zone: str) -> list[Branch]:
    """The allegations of which the child is the victim, with their finding, placed when alleged."""
    return [
        Branch(
            Allegation.objects.annotate(
                **columns(
                    "allegation",
                    record_type(Allegation),
                    "created_at",
                    link="referral_id",
                    code="allegation_type",
                    detail="disposition",
                )
            ),
            "victim",
        )
    ]


def screenings(zone: str) -> list[Branch]:
    return [
        Branch(
            Screening.objects.annotate(
                **columns(
                    "screening",
                    record_type(Screening),
                    "performed_at",
                    code="context",
                    detail="basis",
                    flag="at_risk",
                )
            ),
            "client",
        )
    ]


def csec_rows(zone: str) -> list[Branch]:
    return [
        Branch(
            CsecRow.objects.annotate(
                **columns(
                    "csec_status",
                    record_type(CsecRow),
                    "information_received_at",
                    code="csec_type",
                    detail=as_text("start_date"),
                    extra=as_text("end_date"),
                )
            ),
            "client",
        )
    ]


def episodes(zone: str) -> list[Branch]:
    returned = ExpressionWrapper(Q(returned_at__isnull=False), output_field=BooleanField())
    return [
        Branch(
            MissingEpisode.objects.annotate(
                **columns(
                    "missing_episode",
                    record_type(MissingEpisode),
                    "discovered_at",
                    code="circumstance",
                    flag=returned,
                )
            ),
            "client",
        )
    ]


def locate_attempts(zone: str) -> list[Branch]:
    return [
        Branch(
            LocateAttempt.objects.annotate(
                **columns(
                    "locate_attempt",
                    record_type(LocateAttempt),
                    "attempted_at",
                    link="episode_id",
                    detail=excerpt("method"),
                )
            ),
            "episode__client",
        )
    ]


def reconfirmations(zone: str) -> list[Branch]:
    return [
        Branch(
            Reconfirmation.objects.annotate(
                **columns("reconfirmation", record_type(Reconfirmation), "confirmed_at", link="episode_id")
            ),
            "episode__client",
        )
    ]


def reports(zone: str) -> list[Branch]:
    return [
        Branch(
            Report.objects.annotate(
                **columns(
                    "report",
                    record_type(Report),
                    "made_at",
                    link="missing_episode_id",
                    code="kind",
                    detail="agency_name",
                    extra="method",
                )
            ),
            "client",
        )
    ]


def planned_services(zone: str) -> list[Branch]:
    return [
        Branch(
            PlannedService.objects.annotate(
                **columns(
                    "case_plan_service",
                    record_type(PlannedService),
                    DayStart("referred_on", zone),
                    code="service_code",
                    detail=excerpt("description"),
                    extra="provider",
                    state="status",
                )
            ),
            "case_plan__client",
        )
    ]


def cft_meetings(zone: str) -> list[Branch]:
    return [
        Branch(
            CftMeeting.objects.annotate(
                **columns(
                    "cft_meeting",
                    record_type(CftMeeting),
                    DayStart("held_on", zone),
                    detail=excerpt("decisions"),
                    flag="child_participated",
                )
            ),
            "case_plan__client",
        )
    ]


def petitions(zone: str) -> list[Branch]:
    """Dependency petitions, placed on the day they were filed."""
    return [
        Branch(
            Petition.objects.annotate(
                **columns(
                    "petition",
                    record_type(Petition),
                    DayStart("filed_at", zone),
                    code="wic_300_subdivision",
                    detail="outcome",
                )
            ),
            "client",
        )
    ]


def notes(zone: str) -> list[Branch]:
    return [
        Branch(
            CaseNote.objects.annotate(
                **columns("note", record_type(CaseNote), "occurred_at", code="kind", detail=excerpt("text"))
            ),
            "client",
        )
    ]


@dataclass(frozen=True)
class Corrected:
    """A kind of record whose corrections the timeline shows: its model, the path from its history rows to the
    child, the field of the page it is shown on (if not its own), and its kind of record (`RECORD_PAGES`)."""

    model: type[models.Model]
    child: str
    record_kind: str
    link: str | None = None


CORRECTED = [
    Corrected(Referral, "client", "referral"),
    Corrected(Contact, "referral__client", "contact", link="referral_id"),
    Corrected(Allegation, "victim", "allegation", link="referral_id"),
    Corrected(Screening, "client", "screening"),
    Corrected(CsecRow, "client", "csec_status"),
    Corrected(MissingEpisode, "client", "missing_episode"),
    Corrected(LocateAttempt, "episode__client", "locate_attempt", link="episode_id"),
    Corrected(Reconfirmation, "episode__client", "reconfirmation", link="episode_id"),
    Corrected(Report, "client", "report", link="missing_episode_id"),
    Corrected(CasePlan, "client", "case_plan"),
    Corrected(PlannedService, "case_plan__client", "case_plan_service"),
    Corrected(CftMeeting, "case_plan__client", "cft_meeting"),
    Corrected(Petition, "client", "petition"),
    Corrected(CaseNote, "client", "note"),
]


def corrections(zone: str) -> list[Branch]:
    """The history rows that correct a record, or mark one entered in error (module docstring)."""
    branches = []
    for corrected in CORRECTED:
        history = get_history_model_for_model(corrected.model)
        rows = history.objects.filter(history_type="~", history_change_reason__iregex=CORRECTION_REASON)
        key = Concat(as_text("id"), Value(":"), as_text("history_id"), output_field=CharField())
        columns_of = columns(
            "correction",
            record_type(corrected.model),
            "history_date",
            key=key,
            link=corrected.link,
            code=Value(corrected.record_kind, output_field=CharField()),
            detail=Left("history_change_reason", 2 * EXCERPT),
            marked=Value(False, output_field=BooleanField()),
        )
        branches.append(Branch(rows.annotate(**columns_of), corrected.child))
    return branches


SOURCES = [
    Source("referral", "Referrals", "Referral", referrals, referral_summary),
    Source("contact", "Contacts", "Contact", contacts, contact_summary),
    Source("allegation", "Allegations and findings", "Allegation", allegations, allegation_summary),
    Source("screening", "Screenings", "Screening", screenings, screening_summary),
    Source("csec_status", "CSEC status", "CSEC status", csec_rows, csec_summary),
    Source("missing_episode", "Missing episodes", "Missing", episodes, episode_summary),
    Source("locate_attempt", "Locate attempts", "Locate attempt", locate_attempts, attempt_summary),
    Source(
        "reconfirmation",
        "Whereabouts reconfirmations",
        "Reconfirmation",
        reconfirmations,
        reconfirmation_summary,
    ),
    Source("report", "Reports", "Report", reports, report_summary),
    Source("case_plan_service", "Case plan services", "Service", planned_services, service_summary),
    Source("cft_meeting", "CFT meetings", "CFT meeting", cft_meetings, meeting_summary),
    Source("petition", "Petitions", "Petition", petitions, petition_summary),
    Source("note", "Case notes", "Note", notes, note_summary),
    Source("correction", "Corrections", "Correction", corrections, correction_summary),
]
SOURCE_OF = {source.kind: source for source in SOURCES}
KINDS = tuple(source.kind for source in SOURCES)
# The kinds as the API schema names them.
KIND_CHOICES = [(source.kind, source.label) for source in SOURCES]


def rank_of(kind: str) -> int:
    """A kind's place among entries of one instant (the order's second key): its place in `SOURCES`."""
    return KINDS.index(kind)
