"""A user's own API tokens: listing them and revoking one or all. Each revocation is in the account journal."""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .journal import Kind, Via, account_event
from .models import ApiToken, User


def tokens_of(user: User, now: datetime | None = None) -> QuerySet[ApiToken]:
    """The user's tokens still in force (an expired one, or one issued before a password change, is not)."""
    live = ApiToken.objects.filter(user=user, expires_at__gt=now or timezone.now())
    return live.filter(fingerprint=user.credentials_fingerprint())


def token_of(user: User, public_id: uuid.UUID | str) -> ApiToken:
    """One of the user's tokens, by its public id; anyone else's, or none, is 404."""
    try:
        return ApiToken.objects.get(user=user, public_id=public_id)
    except (ApiToken.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@transaction.atomic
def token_revoke(user: User, token: ApiToken, *, via: Via, address: str | None) -> None:
    if token.user_id != user.pk:
        raise Http404
    token.delete()
    account_event(user, Kind.TOKEN_REVOKED, via=via, address=address, detail=f"token {token.public_id}")


@transaction.atomic
def tokens_revoke_all(user: User, *, via: Via, address: str | None) -> int:
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        account_event(user, Kind.TOKEN_REVOKED, via=via, address=address, detail=f"all {deleted} tokens")
    return deleted
