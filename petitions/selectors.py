"""Reads of petitions, scoped to the user's county; a petition is read through its child."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import formats

from accounts.models import User
from accounts.selectors import RecordId, scoped_get
from kernel.county_time import county_day, county_day_start, county_today
from referrals.models import Allegation, Client
from referrals.selectors import client_get

from .catalogue import GENUINE_EFFORTS
from .models import Hearing, Petition

TIMELINE_KIND = "petition"


def petition_get(user: User, petition_id: RecordId) -> Petition:
    """The petition in the user's county (404 otherwise), whose child the user may open: the child is read the
    way every page of the child's record reads it."""
    petition = scoped_get(
        Petition.objects.select_related("client__county", "county", "created_by", "entered_in_error_by"),
        user,
        pk=petition_id,
    )
    client_get(user, petition.client_id)
    return petition


def petitions_of(client: Client) -> QuerySet[Petition]:
    """The child's petitions, the latest filed first, entered in error or not (those are shown struck through)."""
    return client.petitions.select_related("county", "entered_in_error_by").order_by(
        "-filed_at", "-created_at", "-id"
    )


def allegations_of(client: Client) -> QuerySet[Allegation]:
    """The child's allegations a petition may rest on (the form offers those that stand)."""
    return (
        Allegation.objects.filter(victim=client, county_id=client.county_id)
        .select_related("referral__county")
        .order_by("referral__received_at", "created_at")
    )


def allegation_label(allegation: Allegation) -> str:
    """An allegation as the petition pages name it: its type, perpetrator, finding and referral day."""
    referral = allegation.referral
    received = formats.date_format(county_day(referral.received_at, referral.county), "DATE_FORMAT")
    finding = allegation.get_disposition_display() or "no finding yet"
    return (
        f"{allegation.get_allegation_type_display()}, perpetrator: "
        f"{allegation.get_perpetrator_relationship_display().lower()}, {finding.lower()} "
        f"(referral received {received})"
    )


def petition_allegations(petition: Petition) -> list[Allegation]:
    """The allegations the petition rests on, in the order it names them."""
    found = {
        str(a.pk): a
        for a in Allegation.objects.filter(
            pk__in=petition.allegation_ids, county_id=petition.county_id
        ).select_related("referral__county")
    }
    return [found[key] for key in petition.allegation_ids if key in found]


def next_hearing(petition: Petition, today: date | None = None) -> Hearing | None:
    """The first hearing on or after today (the county's), if one is scheduled."""
    today = today or county_today(petition.county)
    return next((h for h in petition.hearing_list if h.date >= today), None)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    user: str
    reason: str


def petition_history(petition: Petition) -> list[HistoryEntry]:
    """Who changed the petition, when and why, the earliest first."""
    rows = petition.history.select_related("history_user").order_by("history_date", "history_id")
    return [
        HistoryEntry(
            at=row.history_date, user=str(row.history_user or ""), reason=row.history_change_reason or ""
        )
        for row in rows
    ]


def protective_summary(petition: Petition) -> str:
    """The FAQ's caution beside the checklist, once the parents showed any protective behaviour."""
    if not petition.is_failure_to_protect or not petition.behaviours_shown:
        return ""
    shown = petition.behaviours_shown
    count = f"{shown} of the {len(petition.behaviour_list)}"
    return f"The parents showed {count} protective behaviours recorded. {GENUINE_EFFORTS}"


# --- The child's timeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """A petition as the child's timeline lists it (`GET clients/{id}/timeline/`: kind, at, summary,
    record_type, record_id)."""

    kind: str
    at: datetime
    summary: str
    record_type: str
    record_id: str
    entered_in_error: bool


def timeline_summary(petition: Petition) -> str:
    words = f"Petition filed under WIC {petition.subdivision_short}: {petition.outcome_label.lower()}"
    coming = next_hearing(petition)
    if coming is not None:
        words += f"; {coming.label.lower()} on {formats.date_format(coming.date, 'DATE_FORMAT')}"
    if petition.entered_in_error:
        words += f" (entered in error: {petition.entered_in_error_reason})"
    return words


def petition_timeline(client: Client) -> list[TimelineEntry]:
    """The child's petitions for the timeline, the latest first, each at the start of its filing day in the
    county's zone. The caller has read the child through `referrals.selectors.client_get`."""
    return [
        TimelineEntry(
            kind=TIMELINE_KIND,
            at=county_day_start(petition.filed_at, client.county),
            summary=timeline_summary(petition),
            record_type=Petition._meta.label_lower,
            record_id=str(petition.pk),
            entered_in_error=petition.entered_in_error,
        )
        for petition in petitions_of(client)
    ]
