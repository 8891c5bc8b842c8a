"""Write paths of petitions: recorded, corrected with a reason, marked entered in error. Each validates the whole
petition, writes it with a history row naming who and why, all or nothing.

The rules (DOMAIN.md §4, "Petitions and protective capacity"):
- the subdivision is one of WIC 300's; the allegations are the child's own, recorded on the child's referrals
  and standing (not entered in error);
- the filing day is a real day of the child's life, not in the future, and not before the referral of an
  allegation it rests on was received;
- a hearing may be scheduled ahead (up to `HEARING_HORIZON_DAYS`) but not before the filing;
- the parents' protective behaviours are documented for a (b)(2) petition, each of the four the FAQ names with
  whether the parents showed it and a note, and for no other petition.

A message about one hearing carries its place in the list (`params={"hearing": index}`) and one about a behaviour
its code (`params={"behaviour": code}`), so a page can show it beside that hearing or behaviour; the API answers
the same messages as a flat list under `hearings` or `protective_behaviours`.
"""

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone

from accounts.models import User
from kernel.amend import (
    NON_FIELD,
    NOTHING_TO_CORRECT,
    check_reason,
    correction_write,
    mark_entered_in_error,
    refuse_if_in_error,
)
from kernel.county_time import county_day, county_today
from kernel.errors import FieldErrors, add_error, check_choice, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, NOT_A_DAY, check_day
from kernel.roles import may_write, require_writer
from referrals.models import Allegation, Client

from .catalogue import FAILURE_TO_PROTECT, HearingKind, Outcome, ProtectiveBehaviour, Subdivision
from .models import Petition

NOTE_MAX_LENGTH = 2000
MAX_HEARINGS = 60
MAX_ALLEGATIONS = 50
HEARING_HORIZON_DAYS = 731  # two years ahead: a later date is a mistyped year

CORRECTABLE = (
    "wic_300_subdivision",
    "allegations",
    "filed_at",
    "hearings",
    "outcome",
    "protective_behaviours",
)

NOT_A_WRITER = "Only social workers, probation officers and supervisors record petitions."
NO_ALLEGATION = "Name at least one allegation of this child that the petition rests on."
NOT_A_LIST_OF_IDS = "Give the ids of the child's allegations as a list."
TOO_MANY_ALLEGATIONS = f"At most {MAX_ALLEGATIONS} allegations."
FILED_BEFORE_REFERRAL = "Cannot be before the referral of an allegation it rests on was received ({day})."
NOT_A_LIST_OF_HEARINGS = "Give the hearings as a list, each with its date, kind and note."
TOO_MANY_HEARINGS = f"At most {MAX_HEARINGS} hearings."
ONLY_FOR_B2 = (
    "Only a (b)(2) petition (failure or inability to protect) documents the parents' protective behaviours: "
    "leave them out."
)
BEHAVIOURS_NEEDED = (
    "A (b)(2) petition documents each of the parents' protective behaviours the FAQ names, with a note: "
    + ", ".join(ProtectiveBehaviour.values)
    + "."
)
NOT_BEHAVIOURS = "Give the behaviours as an object keyed by code, each {present, note}."
UNKNOWN_BEHAVIOUR = "Only these behaviours are recorded: " + ", ".join(ProtectiveBehaviour.values) + "."
DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def require_petition_writer(user: User) -> None:
    """Who may record or change a petition: the roles that write the case record (a county admin reads)."""
    if not may_write(user):
        raise PermissionDenied(NOT_A_WRITER)


def shown_day(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


@dataclass
class Refusals:
    """The messages gathered while a petition is checked: per field, some placed at one hearing or behaviour."""

    errors: FieldErrors = field(default_factory=dict)
    placed: dict[str, list[ValidationError]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        add_error(self.errors, name, message)

    def at(self, name: str, message: str, **where: object) -> None:
        self.placed.setdefault(name, []).append(ValidationError(message, code="placed", params=where))

    def has(self, name: str) -> bool:
        return name in self.errors or name in self.placed

    def raise_any(self) -> None:
        names = [*self.errors, *(n for n in self.placed if n not in self.errors)]
        if names:
            raise ValidationError(
                {name: [*self.errors.get(name, []), *self.placed.get(name, [])] for name in names}
            )


class PetitionFields(TypedDict):
    """A petition as it is stored: the checked, normalised fields."""

    wic_300_subdivision: str
    allegation_ids: list[str]
    filed_at: date
    hearings: list[dict[str, str]]
    outcome: str
    protective_behaviours: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Draft:
    """A petition as someone gives it, before any check: the API's JSON or a form's cleaned values."""

    wic_300_subdivision: object
    allegations: object
    filed_at: object
    hearings: object = ()
    outcome: object = ""
    protective_behaviours: object = None


# --- Allegations ---------------------------------------------------------------------------------------------


def allegation_ids(refusals: Refusals, raw: object) -> list[str]:
    """The ids given, as canonical strings in the order given, each once."""
    if not isinstance(raw, list | tuple):
        refusals.add("allegations", NOT_A_LIST_OF_IDS)
        return []
    ids: list[str] = []
    for place, item in enumerate(raw, start=1):
        try:
            key = str(uuid.UUID(str(item))) if isinstance(item, str | uuid.UUID) else None
        except ValueError:
            key = None
        if key is None:
            refusals.add("allegations", f"Item {place} is not the id of an allegation.")
        elif key not in ids:
            ids.append(key)
    if not ids and not refusals.has("allegations"):
        refusals.add("allegations", NO_ALLEGATION)
    if len(ids) > MAX_ALLEGATIONS:
        refusals.add("allegations", TOO_MANY_ALLEGATIONS)
    return ids


def allegation_words(allegation: Allegation) -> str:
    return f"{allegation.get_allegation_type_display()} ({allegation.get_perpetrator_relationship_display()})"


def child_allegations(
    refusals: Refusals, client: Client, ids: list[str], linked: Iterable[str]
) -> list[Allegation]:
    """The child's allegations named by `ids`. Another child's or another county's is unknown here; one newly
    named (not in `linked`) must still stand: neither it nor its referral entered in error."""
    if refusals.has("allegations"):
        return []
    found = {
        str(a.pk): a
        for a in Allegation.objects.filter(
            pk__in=ids, victim=client, county_id=client.county_id
        ).select_related("referral")
    }
    already = set(linked)
    for key in ids:
        allegation = found.get(key)
        if allegation is None:
            refusals.add("allegations", f"Not an allegation of this child: {key}.")
        elif key not in already and (allegation.entered_in_error or allegation.referral.entered_in_error):
            refusals.add(
                "allegations",
                f"The allegation {allegation_words(allegation)} is marked entered in error: leave it out.",
            )
    return [found[key] for key in ids if key in found]


# --- The filing day ------------------------------------------------------------------------------------------


def check_filed_at(
    refusals: Refusals, client: Client, filed_at: object, allegations: Sequence[Allegation], *, against: bool
) -> date | None:
    """A real day of the child's life, not in the future; with `against`, not before the referral of any
    allegation it rests on was received (counted in the county's days)."""
    day = filed_at if isinstance(filed_at, date) and not isinstance(filed_at, datetime) else None
    if filed_at is not None and day is None:
        refusals.add("filed_at", NOT_A_DAY)
        return None
    today = county_today(client.county)
    check_day(refusals.errors, "filed_at", day, today, after=(client.date_of_birth, BEFORE_BIRTH))
    if refusals.has("filed_at") or day is None:
        return None
    if against and allegations:
        received = max(county_day(a.referral.received_at, client.county) for a in allegations)
        if day < received:
            refusals.add("filed_at", FILED_BEFORE_REFERRAL.format(day=shown_day(received)))
    return day


# --- Hearings ------------------------------------------------------------------------------------------------


def given_day(value: object) -> date | None:
    """A day given as a date or as YYYY-MM-DD text; None when it is neither or no such day exists."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def check_note(
    refusals: Refusals, name: str, label: str, note: object, *, required: bool, **where: object
) -> str:
    """A note of text, at most `NOTE_MAX_LENGTH` long: the stripped text, or '' once refused."""
    if note is None and not required:
        return ""
    if not isinstance(note, str):
        refusals.at(name, f"{label}: give the note as text.", **where)
    elif required and not note.strip():
        refusals.at(name, f"{label}: add a note: what the parents did, or why not.", **where)
    elif len(note) > NOTE_MAX_LENGTH:
        refusals.at(name, f"{label}: keep the note to {NOTE_MAX_LENGTH} characters.", **where)
    else:
        return note.strip()
    return ""


def one_hearing(
    refusals: Refusals, index: int, item: object, filed_at: date | None, today: date
) -> dict[str, str] | None:
    label = f"Hearing {index + 1}"
    if not isinstance(item, Mapping) or set(item) - {"date", "kind", "note"}:
        refusals.at("hearings", f"{label}: give its date, kind and note, nothing else.", hearing=index)
        return None
    day = given_day(item.get("date"))
    if day is None:
        refusals.at("hearings", f"{label}: give its date as YYYY-MM-DD.", hearing=index)
    elif filed_at is not None and day < filed_at:
        refusals.at("hearings", f"{label}: cannot be before the petition was filed.", hearing=index)
    elif day > today + timedelta(days=HEARING_HORIZON_DAYS):
        refusals.at("hearings", f"{label}: more than two years ahead; check the year.", hearing=index)
    kind = item.get("kind")
    if kind not in HearingKind.values:
        refusals.at(
            "hearings", f"{label}: the kind is one of: {', '.join(HearingKind.values)}.", hearing=index
        )
    note = check_note(refusals, "hearings", label, item.get("note", ""), required=False, hearing=index)
    if day is None or kind not in HearingKind.values:
        return None
    return {"date": day.isoformat(), "kind": str(kind), "note": note}


def check_hearings(
    refusals: Refusals, raw: object, filed_at: date | None, today: date
) -> list[dict[str, str]]:
    """The hearings in date order; the same kind twice on one day is refused."""
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        refusals.add("hearings", NOT_A_LIST_OF_HEARINGS)
        return []
    if len(raw) > MAX_HEARINGS:
        refusals.add("hearings", TOO_MANY_HEARINGS)
        return []
    hearings: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(raw):
        hearing = one_hearing(refusals, index, item, filed_at, today)
        if hearing is None:
            continue
        key = (hearing["date"], hearing["kind"])
        if key in seen:
            refusals.at("hearings", f"Hearing {index + 1}: listed twice (same day and kind).", hearing=index)
        seen.add(key)
        hearings.append(hearing)
    order = list(HearingKind.values)
    return sorted(hearings, key=lambda h: (h["date"], order.index(h["kind"])))


# --- Protective behaviours -----------------------------------------------------------------------------------


def one_behaviour(refusals: Refusals, code: str, entry: object) -> dict[str, Any] | None:
    label = ProtectiveBehaviour(code).label
    if entry is None:
        refusals.at(
            "protective_behaviours",
            f"{label}: say whether the parents did this, with a note.",
            behaviour=code,
        )
        return None
    if not isinstance(entry, Mapping) or set(entry) - {"present", "note"}:
        refusals.at("protective_behaviours", f"{label}: give {{present, note}}.", behaviour=code)
        return None
    present = entry.get("present")
    if not isinstance(present, bool):
        refusals.at(
            "protective_behaviours",
            f"{label}: say whether the parents did this (true or false).",
            behaviour=code,
        )
    note = check_note(
        refusals, "protective_behaviours", label, entry.get("note"), required=True, behaviour=code
    )
    return {"present": present, "note": note} if isinstance(present, bool) and note else None


def check_behaviours(refusals: Refusals, subdivision: str, raw: object) -> dict[str, dict[str, Any]]:
    """For a (b)(2) petition, each behaviour the FAQ names, in its order; for any other, none."""
    given = {} if raw is None else raw
    if not isinstance(given, Mapping):
        refusals.add("protective_behaviours", NOT_BEHAVIOURS)
        return {}
    if subdivision not in Subdivision.values:
        return {}
    if subdivision != FAILURE_TO_PROTECT:
        if given:
            refusals.add("protective_behaviours", ONLY_FOR_B2)
        return {}
    if not given:
        refusals.add("protective_behaviours", BEHAVIOURS_NEEDED)
        return {}
    if set(given) - set(ProtectiveBehaviour.values):
        refusals.add("protective_behaviours", UNKNOWN_BEHAVIOUR)
    checked = {code: one_behaviour(refusals, code, given.get(code)) for code in ProtectiveBehaviour.values}
    return {code: entry for code, entry in checked.items() if entry is not None}


# --- The petition as a whole ---------------------------------------------------------------------------------


def checked_fields(
    refusals: Refusals, client: Client, draft: Draft, current: Petition | None
) -> PetitionFields:
    """Every rule on the petition `draft` describes; `current` is the petition a correction starts from."""
    subdivision = draft.wic_300_subdivision
    check_choice(refusals.errors, "wic_300_subdivision", subdivision, Subdivision)
    linked = current.allegation_ids if current is not None else []
    ids = allegation_ids(refusals, draft.allegations)
    allegations = child_allegations(refusals, client, ids, linked)
    moved = current is None or draft.filed_at != current.filed_at or bool(set(ids) - set(linked))
    filed_at = check_filed_at(refusals, client, draft.filed_at, allegations, against=moved)
    hearings = check_hearings(refusals, draft.hearings, filed_at, county_today(client.county))
    outcome = draft.outcome or ""
    if outcome:
        check_choice(refusals.errors, "outcome", outcome, Outcome)
    behaviours = check_behaviours(refusals, str(subdivision), draft.protective_behaviours)
    return PetitionFields(
        wic_300_subdivision=str(subdivision),
        allegation_ids=ids,
        filed_at=filed_at or date.min,
        hearings=hearings,
        outcome=str(outcome),
        protective_behaviours=behaviours,
    )


def check_same_county(user: User, client: Client) -> None:
    if client.county_id != user.county_id:
        # Another county's child is unknown to the caller, never "forbidden".
        raise ValidationError({"client": ["Unknown client."]})


@transaction.atomic
def petition_record(
    *,
    user: User,
    client: Client,
    wic_300_subdivision: str,
    allegations: Sequence[object],
    filed_at: date | None,
    hearings: Sequence[object] | None = None,
    outcome: str | None = "",
    protective_behaviours: Mapping[str, object] | None = None,
) -> Petition:
    """Record a petition filed with the juvenile court for `client`."""
    require_writer(user)
    check_same_county(user, client)
    draft = Draft(wic_300_subdivision, allegations, filed_at, hearings, outcome, protective_behaviours)
    refusals = Refusals()
    fields = checked_fields(refusals, client, draft, None)
    refusals.raise_any()
    petition = Petition(county_id=client.county_id, client=client, created_by=user, **fields)
    save_with_history(petition, user, f"Petition recorded: WIC {petition.subdivision_short}")
    return petition


def draft_of(petition: Petition, changes: Mapping[str, object]) -> Draft:
    """The petition as it stands, with the changes given."""
    return Draft(
        wic_300_subdivision=changes.get("wic_300_subdivision", petition.wic_300_subdivision),
        allegations=changes.get("allegations", petition.allegation_ids),
        filed_at=changes.get("filed_at", petition.filed_at),
        hearings=changes.get("hearings", petition.hearings),
        outcome=changes.get("outcome", petition.outcome),
        protective_behaviours=changes.get("protective_behaviours", petition.protective_behaviours),
    )


def changed_fields(petition: Petition, fields: PetitionFields) -> dict[str, object]:
    return {name: value for name, value in fields.items() if getattr(petition, name) != value}


@transaction.atomic
def petition_correct(*, user: User, petition: Petition, reason: str, **changes: Any) -> Petition:
    """Correct a petition (`PATCH petitions/{id}/`): the fields given replace the petition's (a list or the
    checklist whole), the petition as corrected must pass every rule, and `reason` goes into history beside both
    versions. A petition entered in error takes no correction."""
    require_writer(user)
    refuse_unknown(changes, CORRECTABLE)
    petition = Petition.objects.select_for_update().select_related("client__county").get(pk=petition.pk)
    check_same_county(user, petition.client)
    refuse_if_in_error(petition)
    refusals = Refusals()
    check_reason(refusals.errors, reason)
    fields = checked_fields(refusals, petition.client, draft_of(petition, changes), petition)
    refusals.raise_any()
    changed = changed_fields(petition, fields)
    if not changed:
        raise ValidationError({NON_FIELD: [NOTHING_TO_CORRECT]})
    correction_write(petition, user, what="Petition", reason=reason, changes=changed)
    return petition


@transaction.atomic
def petition_void(*, user: User, petition: Petition, reason: str) -> Petition:
    """Mark a petition entered in error: it stays on the child's record, struck through, with who and why."""
    require_writer(user)
    petition = Petition.objects.select_for_update().select_related("client__county").get(pk=petition.pk)
    check_same_county(user, petition.client)
    mark_entered_in_error(petition, user, reason, what="Petition", at=timezone.now())
    return petition
