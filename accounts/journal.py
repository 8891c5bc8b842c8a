"""The journal of accounts: what happened to each (sign-ins and failed ones, locks, unlocks, MFA resets, tokens
revoked, accounts closed), who did it and from where. Each entry has its history row, so the county's audit
export lists it beside every other change."""

from datetime import datetime

from django.utils import timezone

from kernel.history import history_note

from .models import AccountEvent, User

Kind = AccountEvent.Kind
Via = AccountEvent.Via

# What happens to an account without its owner proving who they are: the history row names no one.
NOT_BY_THE_OWNER = frozenset(
    {
        Kind.SIGN_IN_FAILED,
        Kind.SIGN_IN_REFUSED_LOCKED,
        Kind.LOCKED,
        Kind.SESSION_EXPIRED,
        Kind.DISABLED_UNUSED,
    }
)


def account_event(
    user: User,
    kind: AccountEvent.Kind,
    *,
    via: AccountEvent.Via,
    actor: User | None = None,
    address: str | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> AccountEvent:
    """Record that `kind` happened to `user`'s account; `actor` is who did it when someone other than the
    account's owner did (a county admin), or None for the owner, a failed sign-in or the system."""
    event = AccountEvent(
        county_id=user.county_id,
        user=user,
        actor=actor,
        kind=kind,
        at=at or timezone.now(),
        via=via,
        source_address=address,
        detail=detail[:300],
    )
    history_note(event, actor or (None if kind in NOT_BY_THE_OWNER else user), event.get_kind_display())
    event.save()
    return event
