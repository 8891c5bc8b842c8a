"""Reads of the case record, scoped to the user's county (anything else is not found)."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, Exists, IntegerChoices, OuterRef, Q, QuerySet, Value, When

from accounts.models import User
from accounts.selectors import RecordId, county_users, scoped, scoped_get
from kernel.pagination import flipped

from .models import (
    VICTIM_TYPES,
    Allegation,
    Client,
    Contact,
    ContactType,
    CsecRow,
    CsecType,
    Disposition,
    Referral,
    ResponseDecision,
)


def clients_visible(user: User) -> QuerySet[Client]:
    return scoped(Client.objects.select_related("assigned_worker", "county"), user)


def client_get(user: User, client_id: RecordId) -> Client:
    return scoped_get(Client.objects.select_related("assigned_worker", "county"), user, pk=client_id)


def client_search(user: User, q: str = "", date_of_birth: date | None = None) -> QuerySet[Client]:
    """Clients of the county whose names contain every word of `q`, born on `date_of_birth` when given."""
    clients = clients_visible(user)
    for word in q.split():
        clients = clients.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if date_of_birth is not None:
        clients = clients.filter(date_of_birth=date_of_birth)
    return clients.order_by("last_name", "first_name", "date_of_birth")


def caseload(user: User) -> QuerySet[Client]:
    return clients_visible(user).filter(assigned_worker=user).order_by("last_name", "first_name")


class CsecStatus(IntegerChoices):
    """Where the child stands today in the CSEC grid, most serious last (the order the list sorts by)."""

    NONE = 0, "None open"
    AT_RISK = 1, "At risk"
    VICTIM = 2, "Victim"


# How the client list may be sorted: the `sort` parameter names a column, `-` before it reverses it. The last key
# of each is unique, so the order is total and a page never shuffles rows that tie.
CLIENT_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "date_of_birth", "id"),
    "born": ("date_of_birth", "last_name", "first_name", "id"),
    "status": ("-csec_status", "last_name", "first_name", "id"),
    "clocks": ("-overdue_clocks", "-open_clocks", "last_name", "first_name", "id"),
    "worker": ("assigned_worker__last_name", "assigned_worker__first_name", "last_name", "first_name", "id"),
}
DEFAULT_CLIENT_SORT = "name"


def csec_status_of(client: Client) -> CsecStatus:
    """The status `clients_listed` annotated the client with."""
    return CsecStatus(getattr(client, "csec_status", CsecStatus.NONE))


def client_sort(sort: str) -> tuple[str, bool]:
    """The column and direction a `sort` parameter asks for: an unknown one sorts by name."""
    descending = sort.startswith("-")
    column = sort.removeprefix("-")
    if column not in CLIENT_SORTS:
        return DEFAULT_CLIENT_SORT, False
    return column, descending


def open_csec_rows(day: date, types: Collection[str]) -> Exists:
    return Exists(
        CsecRow.objects.filter(
            client=OuterRef("pk"), csec_type__in=types, start_date__lte=day, entered_in_error_at__isnull=True
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )


def clients_listed(clients: QuerySet[Client], today: date, now: datetime, sort: str) -> QuerySet[Client]:
    """The clients of a list with what the list shows of each, in one query however many rows: the CSEC status
    today (`csec_status`), the open clocks and how many are overdue, ordered by `sort` (see `client_sort`).

    The clocks are kept by reporting, a layer above: they are counted through the reverse relation it declares
    (`Deadline.client`, related name `deadlines`); open means neither met nor cancelled, as there."""
    column, descending = client_sort(sort)
    still_open = Q(deadlines__met_at__isnull=True, deadlines__cancelled_at__isnull=True)
    rows = clients.annotate(
        csec_status=Case(
            When(open_csec_rows(today, VICTIM_TYPES), then=Value(CsecStatus.VICTIM)),
            When(open_csec_rows(today, [CsecType.AT_RISK]), then=Value(CsecStatus.AT_RISK)),
            default=Value(CsecStatus.NONE),
        ),
        open_clocks=Count("deadlines", filter=still_open),
        overdue_clocks=Count("deadlines", filter=still_open & Q(deadlines__due_at__lte=now)),
    )
    order = CLIENT_SORTS[column]
    return rows.order_by(*(flipped(key) for key in order) if descending else order)


def workers_with_caseloads(user: User) -> QuerySet[User]:
    """The county's open accounts, each with how many children are assigned to it (the county admin's view)."""
    return (
        county_users(user)
        .annotate(caseload=Count("assigned_clients", distinct=True))
        .order_by("last_name", "first_name", "username")
    )


def referrals_visible(user: User) -> QuerySet[Referral]:
    return scoped(Referral.objects.select_related("client", "county").prefetch_related("codes"), user)


def referral_get(user: User, referral_id: RecordId) -> Referral:
    return scoped_get(
        Referral.objects.select_related("client", "county", "response_decided_by").prefetch_related(
            "codes", "contacts", "allegations__victim"
        ),
        user,
        pk=referral_id,
    )


def contact_get(user: User, contact_id: RecordId) -> Contact:
    return scoped_get(Contact.objects.select_related("referral__client", "county"), user, pk=contact_id)


def allegation_get(user: User, allegation_id: RecordId) -> Allegation:
    return scoped_get(
        Allegation.objects.select_related("referral__client", "victim", "county"), user, pk=allegation_id
    )


def csec_rows_visible(user: User) -> QuerySet[CsecRow]:
    return scoped(CsecRow.objects.select_related("client"), user)


def csec_row_get(user: User, row_id: RecordId) -> CsecRow:
    return scoped_get(CsecRow.objects.select_related("client", "county"), user, pk=row_id)


def csec_rows_open_on(client: Client, day: date) -> QuerySet[CsecRow]:
    """The child's rows open on `day`; a row entered in error is open on no day."""
    return client.csec_rows.filter(start_date__lte=day, entered_in_error_at__isnull=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    done: bool
    required: bool
    note: str = ""


def all_unfounded(referral: Referral) -> bool:
    """Every allegation of the referral is found unfounded (and it has at least one)."""
    dispositions = [a.disposition for a in referral.allegations.all() if not a.entered_in_error]
    return bool(dispositions) and all(d == Disposition.UNFOUNDED for d in dispositions)


def contacts_always_owed(in_person: set[str]) -> list[ChecklistItem]:
    """Owed whatever the finding: the child, and an adult with information."""
    return [
        ChecklistItem(
            "child", "The child alleged to be exploited, in person", ContactType.CHILD in in_person, True
        ),
        ChecklistItem(
            "adult_with_information",
            "At least one adult with information, in person",
            ContactType.ADULT_WITH_INFORMATION in in_person,
            True,
        ),
    ]


def contacts_owed_unless_unfounded(
    in_person: set[str], collateral: bool, unfounded: bool
) -> list[ChecklistItem]:
    """Owed until the referral is found unfounded: the other children, the parents, collateral contacts."""
    beyond = (
        "Required unless the referral is found unfounded." if not unfounded else "Not required: unfounded."
    )
    return [
        ChecklistItem(
            "other_child",
            "Every other child present, in person",
            ContactType.OTHER_CHILD in in_person,
            not unfounded,
            beyond,
        ),
        ChecklistItem(
            "parent",
            "Every parent with access to the child, in person",
            ContactType.PARENT in in_person,
            not unfounded,
            beyond + " Never required: contacting a non-parent perpetrator.",
        ),
        ChecklistItem(
            "collateral",
            "Collateral contacts (law enforcement, juvenile justice, shelters, providers)",
            collateral,
            not unfounded,
            beyond,
        ),
    ]


def contact_checklist(referral: Referral) -> list[ChecklistItem]:
    """The in-person contacts the investigation still owes (MPP 31-125; ACL 16-85 part I). A contact entered in
    error counts for nothing."""
    if referral.response_decision == ResponseDecision.EVALUATED_OUT:
        return []
    contacts = [c for c in referral.contacts.all() if not c.entered_in_error]
    in_person = {c.contact_type for c in contacts if c.in_person}
    collateral = any(c.contact_type == ContactType.COLLATERAL for c in contacts)
    unfounded = all_unfounded(referral)
    return [
        *contacts_always_owed(in_person),
        *contacts_owed_unless_unfounded(in_person, collateral, unfounded),
    ]
