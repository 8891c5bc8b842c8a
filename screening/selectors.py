"""Reads of screenings shared by the pages and the API, scoped to the caller's county."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import RecordId, scoped, scoped_get
from referrals.models import Client

from .models import Screening


def screenings_visible(user: User) -> QuerySet[Screening]:
    return scoped(Screening.objects.select_related("client", "performed_by", "referral"), user)


def screening_get(user: User, screening_id: RecordId) -> Screening:
    return scoped_get(
        Screening.objects.select_related("client", "client__county", "performed_by", "referral", "county"),
        user,
        pk=screening_id,
    )


def client_screenings(user: User, client: Client) -> QuerySet[Screening]:
    """The child's screenings, latest first (the client is already checked to be in the caller's county)."""
    return screenings_visible(user).filter(client=client).order_by("-performed_at", "-created_at")


def latest_screening(user: User, client: Client) -> Screening | None:
    """The child's latest screening that stands: one entered in error is no one's latest."""
    return client_screenings(user, client).filter(entered_in_error_at__isnull=True).first()
