"""Write paths of screenings: validate, apply the at-risk rule, record with history, tell the clocks."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel import amend
from kernel.amend import (
    NON_FIELD,
    NOTHING_TO_CORRECT,
    check_reason,
    mark_entered_in_error,
    refuse_if_in_error,
)
from kernel.county_time import county_day, county_day_start, county_today
from kernel.display import day_text
from kernel.errors import FieldErrors, check_choice, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, LateEntry, check_instant
from kernel.roles import may_write, require_writer
from referrals import selectors as case_selectors
from referrals import services as case_services
from referrals.models import Client, CsecRow, CsecType, MissingEpisode, Referral

from . import events, rules
from .models import Screening, ScreeningContext, ScreeningTool


def require_screener(user: User) -> None:
    """Who may open the screening form: the roles that write the case record."""
    if not may_write(user):
        raise PermissionDenied(
            "Only social workers, probation officers and supervisors may record screenings."
        )


def indicator_errors(indicators: object) -> list[str]:
    if not isinstance(indicators, list | tuple) or not all(isinstance(c, str) for c in indicators):
        return ["Give a list of indicator codes."]
    messages = []
    unknown = rules.unknown_codes(indicators)
    if unknown:
        messages.append(
            f"Unknown indicator codes: {', '.join(sorted(set(unknown)))}. "
            f"Known codes: {', '.join(rules.CODES)}."
        )
    repeated = sorted(code for code, count in Counter(indicators).items() if count > 1)
    if repeated:
        messages.append(f"Each indicator may be given once; repeated: {', '.join(repeated)}.")
    return messages


@dataclass(frozen=True)
class ScreeningEntry:
    """A screening as the worker gave it: the child and what it answers, when and why, the tool, the boxes."""

    client: Client
    performed_at: datetime | None
    context: str
    indicators: Sequence[str]
    tool: str
    tool_result: str
    notes: str
    referral: Referral | None
    missing_episode: MissingEpisode | None


def validate_screening(
    entry: ScreeningEntry, late: LateEntry | None, errors: FieldErrors | None = None
) -> None:
    """The screening's rules; `late` is the county's window for a newly entered `performed_at` (None when the
    instant is not entered anew), `errors` what the caller found already."""
    errors = {} if errors is None else errors
    client = entry.client
    born = county_day_start(client.date_of_birth, client.county)
    check_instant(
        errors, "performed_at", entry.performed_at, timezone.now(), after=(born, BEFORE_BIRTH), late=late
    )
    check_choice(errors, "context", entry.context, ScreeningContext)
    if entry.tool:
        check_choice(errors, "tool", entry.tool, ScreeningTool)
    elif entry.tool_result:
        errors["tool_result"] = ["Name the tool this result comes from."]
    if messages := indicator_errors(entry.indicators):
        errors["indicators"] = messages
    if entry.referral is not None and entry.referral.client_id != client.pk:
        errors["referral"] = ["This referral is about another child."]
    if entry.missing_episode is not None and entry.missing_episode.client_id != client.pk:
        errors["missing_episode"] = ["This missing episode is another child's."]
    raise_if(errors)


def screening_build(entry: ScreeningEntry, performed_at: datetime, user: User) -> Screening:
    """The screening as stored: the rule's result beside the version of the rule that produced it."""
    result = rules.assess(entry.indicators)
    return Screening(
        county_id=entry.client.county_id,
        client=entry.client,
        referral=entry.referral,
        missing_episode=entry.missing_episode,
        performed_at=performed_at,
        performed_by=user,
        context=entry.context,
        tool=entry.tool,
        tool_result=entry.tool_result,
        # Stored in catalogue order, so equal screenings look equal whatever order the boxes were ticked in.
        indicators=[*result.strong, *result.other],
        at_risk=result.at_risk,
        basis=result.basis.value if result.basis else "",
        rule_version=rules.RULE_VERSION,
        notes=entry.notes,
    )


@transaction.atomic
def screening_record(
    *,
    user: User,
    client: Client,
    performed_at: datetime | None,
    context: str,
    indicators: Sequence[str],
    tool: str = "",
    tool_result: str = "",
    notes: str = "",
    referral: Referral | None = None,
    missing_episode: MissingEpisode | None = None,
    late_entry_reason: str = "",
) -> Screening:
    """Record a screening with the rule's result and the version of the rule that produced it."""
    require_writer(user)
    entry = ScreeningEntry(
        client=client,
        performed_at=performed_at,
        context=context,
        indicators=indicators,
        tool=tool or "",
        tool_result=(tool_result or "").strip(),
        notes=(notes or "").strip(),
        referral=referral,
        missing_episode=missing_episode,
    )
    validate_screening(entry, LateEntry.of(client.county, late_entry_reason))
    assert performed_at is not None  # checked above
    screening = screening_build(entry, performed_at, user)
    screening.late_entry_reason = (late_entry_reason or "").strip()
    save_with_history(screening, user, history_reason(screening))
    events.screening_recorded.publish(screening, user)
    return screening


def history_reason(screening: Screening) -> str:
    """The history reason is short (100 characters); the full reason is the stored result itself."""
    outcome = f"at risk, {screening.basis}" if screening.basis else "not at risk"
    return f"Screening recorded: {outcome} ({screening.rule_version})"


def open_at_risk_row(client: Client) -> CsecRow | None:
    """The child's at_risk row open today in the county's zone, if any."""
    today = county_today(client.county)
    return case_selectors.csec_rows_open_on(client, today).filter(csec_type=CsecType.AT_RISK).first()


def may_document_at_risk(screening: Screening) -> bool:
    return screening.at_risk and not screening.entered_in_error and open_at_risk_row(screening.client) is None


def late_reason_of(screening: Screening) -> str:
    """Documenting At Risk from a screening dates the information at the screening; when that lies beyond the
    county's late-entry window, the screening itself is the reason."""
    county = screening.client.county
    if timezone.now() - screening.performed_at <= timedelta(days=county.late_entry_days):
        return ""
    return (
        screening.late_entry_reason
        or f"Documented from the screening of {day_text(county_day(screening.performed_at, county))}."
    )


@transaction.atomic
def screening_document_at_risk(*, user: User, screening: Screening) -> CsecRow:
    """Document the at_risk CSEC type from a positive screening, once the worker has confirmed it."""
    require_writer(user)
    # Lock the child so two confirmations at once cannot both pass the check below.
    Client.objects.select_for_update().filter(pk=screening.client_id).first()
    refuse_if_in_error(screening)
    if not screening.at_risk:
        raise ValidationError({"screening": ["This screening did not find the child at risk."]})
    if open_at_risk_row(screening.client) is not None:
        raise ValidationError({"screening": ["The child already has an open At Risk row."]})
    return case_services.csec_row_document(
        user=user,
        client=screening.client,
        csec_type=CsecType.AT_RISK,
        start_date=county_day(screening.performed_at, screening.client.county),
        information_received_at=screening.performed_at,
        reason=f"At Risk documented from screening {screening.pk}",
        late_entry_reason=late_reason_of(screening),
    )


SCREENING_CORRECTABLE = frozenset({"performed_at", "context", "indicators", "tool", "tool_result", "notes"})
# What the clocks hang on: a return-from-missing screening meets the return screening's clock when performed.
SCREENING_CLOCK_FIELDS = ("performed_at", "context")


def corrected_entry(screening: Screening, changes: dict[str, Any]) -> ScreeningEntry:
    """The screening as the correction would leave it, in the shape the rules check."""
    current = ScreeningEntry(
        client=screening.client,
        performed_at=screening.performed_at,
        context=screening.context,
        indicators=list(screening.indicators or []),
        tool=screening.tool,
        tool_result=screening.tool_result,
        notes=screening.notes,
        referral=screening.referral,
        missing_episode=screening.missing_episode,
    )
    texts = ("tool", "tool_result", "notes")
    cleaned: dict[str, Any] = {k: (v or "").strip() if k in texts else v for k, v in changes.items()}
    return replace(current, **cleaned)


def screening_apply(screening: Screening, entry: ScreeningEntry, changes: dict[str, Any]) -> None:
    """Write the corrected fields; changed indicators are assessed again by the rule in force."""
    assert entry.performed_at is not None  # checked by the rules
    if "indicators" in changes and sorted(entry.indicators) != sorted(screening.indicators or []):
        fresh = screening_build(entry, entry.performed_at, screening.performed_by)
        for name in ("indicators", "at_risk", "basis", "rule_version"):
            setattr(screening, name, getattr(fresh, name))
    for name in ("performed_at", "context", "tool", "tool_result", "notes"):
        setattr(screening, name, getattr(entry, name))


@transaction.atomic
def screening_correct(
    *, user: User, screening: Screening, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> Screening:
    """Correct a screening: checked again by its rules, history keeping both versions with who and why."""
    require_writer(user)
    refuse_unknown(changes, SCREENING_CORRECTABLE)
    screening = Screening.objects.select_for_update().select_related("client__county").get(pk=screening.pk)
    refuse_if_in_error(screening)
    if not changes and not late_entry_reason:
        raise ValidationError({NON_FIELD: [NOTHING_TO_CORRECT]})
    errors: FieldErrors = {}
    check_reason(errors, reason)
    entry = corrected_entry(screening, changes)
    anew = "performed_at" in changes and changes["performed_at"] != screening.performed_at
    late = (
        LateEntry.of(screening.client.county, late_entry_reason or screening.late_entry_reason)
        if anew
        else None
    )
    validate_screening(entry, late, errors)
    before = tuple(getattr(screening, name) for name in SCREENING_CLOCK_FIELDS)
    screening_apply(screening, entry, changes)
    if late_entry_reason and late_entry_reason.strip():
        screening.late_entry_reason = late_entry_reason.strip()
    save_with_history(screening, user, amend.history_reason("screening corrected", reason))
    if tuple(getattr(screening, name) for name in SCREENING_CLOCK_FIELDS) != before:
        events.record_corrected.publish(screening, user)
    return screening


@transaction.atomic
def screening_void(*, user: User, screening: Screening, reason: str) -> Screening:
    """Mark a screening entered in error: kept, struck through, no longer the latest; the clocks it met reopen."""
    require_writer(user)
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    mark_entered_in_error(screening, user, reason, what="screening", at=timezone.now())
    events.record_voided.publish(screening, user)
    return screening
