"""Every instant field of the API answers a malformed instant with a 400 naming the field, never a 500, and saves
nothing: minute 99, hour 25, month 13, February 30, an offset past a day; a NUL anywhere is refused whole."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from referrals import services
from referrals.models import Client, Contact, CsecRow, LocateAttempt, MissingEpisode, Reconfirmation, Referral
from reporting import episodes
from reporting.models import Report
from screening.models import Screening

pytestmark = pytest.mark.django_db

MALFORMED = [
    "2026-01-05T12:99:00Z",
    "2026-01-05T25:00:00Z",
    "2026-13-05T10:00:00Z",
    "2026-02-30T10:00:00Z",
    "2026-01-05T10:00:00+25:00",
]


def saved() -> list[int]:
    models = (Referral, Contact, CsecRow, Screening, MissingEpisode, LocateAttempt, Reconfirmation, Report)
    return [model.objects.count() for model in models] + [
        MissingEpisode.objects.filter(returned_at__isnull=False).count()
    ]


@pytest.fixture
def records(cast):
    child = services.client_create(
        user=cast.sw,
        first_name="Ana",
        last_name="Diaz",
        date_of_birth=date(2011, 1, 1),
        foster_care_status="in_foster_care",
    )
    referral = services.referral_create(
        user=cast.sw, client=child, received_at=timezone.now(), source="school", alleges_cse=True
    )
    episode = episodes.episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(hours=1), circumstance="runaway"
    )
    return child, referral, episode


def posts(child: Client, referral, episode) -> list[tuple[str, dict[str, object], str]]:
    """(path, a valid body but for the instant, the instant's field)"""
    c, r, e = str(child.pk), str(referral.pk), str(episode.pk)
    return [
        ("/api/v1/referrals/", {"client": c, "source": "school", "alleges_cse": True}, "received_at"),
        (f"/api/v1/referrals/{r}/contacts/", {"contact_type": "child", "in_person": True}, "made_at"),
        (
            f"/api/v1/clients/{c}/csec-types/",
            {"csec_type": "at_risk", "start_date": str(timezone.localdate())},
            "information_received_at",
        ),
        ("/api/v1/screenings/", {"client": c, "context": "visit", "indicators": []}, "performed_at"),
        ("/api/v1/missing-episodes/", {"client": c, "circumstance": "runaway"}, "discovered_at"),
        (
            "/api/v1/missing-episodes/",
            {"client": c, "circumstance": "runaway", "discovered_at": timezone.now().isoformat()},
            "last_seen_at",
        ),
        (f"/api/v1/missing-episodes/{e}/locate-attempts/", {"method": "Called the mother"}, "attempted_at"),
        (f"/api/v1/missing-episodes/{e}/reconfirmations/", {}, "confirmed_at"),
        (f"/api/v1/missing-episodes/{e}/return/", {}, "returned_at"),
        (
            "/api/v1/reports/",
            {"client": c, "kind": "law_enforcement", "method": "phone", "agency_name": "Police"},
            "made_at",
        ),
    ]


@pytest.mark.parametrize("text", MALFORMED)
def test_each_instant_field_refuses_a_malformed_instant_with_a_field_error(cast, api, records, text):
    sw = api(cast.sw)
    before = saved()
    for path, body, field in posts(*records):
        answer = sw.post(path, {**body, field: text}, format="json")
        assert answer.status_code == 400, (path, field, answer.status_code)
        assert field in answer.json(), (path, field, answer.json())
    assert saved() == before


def test_a_nul_in_any_instant_field_is_refused_before_it_is_read(cast, api, records):
    sw = api(cast.sw)
    for path, body, field in posts(*records):
        answer = sw.post(path, {**body, field: "2026-01-05T10:00:00\x00Z"}, format="json")
        assert answer.status_code == 400, (path, field)
