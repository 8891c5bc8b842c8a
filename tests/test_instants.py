"""API.md: instants are RFC 3339 with an offset. One without is refused with the field named, never guessed."""

from datetime import date

import pytest

from referrals import services

pytestmark = pytest.mark.django_db
NAIVE = "2026-01-05T10:00:00"


@pytest.fixture
def child(cast):
    return services.client_create(
        user=cast.sw,
        first_name="Ana",
        last_name="Diaz",
        date_of_birth=date(2011, 1, 1),
        foster_care_status="in_foster_care",
    )


def test_instants_without_an_offset_are_refused_everywhere(cast, api, child):
    sw = api(cast.sw)
    posts = [
        (
            "/api/v1/referrals/",
            {"client": str(child.pk), "received_at": NAIVE, "source": "school", "alleges_cse": True},
            "received_at",
        ),
        (
            "/api/v1/screenings/",
            {"client": str(child.pk), "performed_at": NAIVE, "context": "visit", "indicators": []},
            "performed_at",
        ),
        (
            "/api/v1/missing-episodes/",
            {
                "client": str(child.pk),
                "discovered_at": NAIVE,
                "circumstance": "runaway",
                "reasonably_believed_cse": False,
            },
            "discovered_at",
        ),
        (
            f"/api/v1/clients/{child.pk}/csec-types/",
            {"csec_type": "at_risk", "start_date": "2026-01-05", "information_received_at": NAIVE},
            "information_received_at",
        ),
    ]
    for url, body, field in posts:
        answer = sw.post(url, body, format="json")
        assert answer.status_code == 400, (url, answer.json())
        assert "UTC offset" in answer.json()[field][0], (url, answer.json())


def test_any_offset_is_accepted(cast, api, child):
    answer = api(cast.sw).post(
        "/api/v1/referrals/",
        {
            "client": str(child.pk),
            "received_at": "2026-01-05T10:00:00+05:30",
            "source": "school",
            "alleges_cse": False,
            "late_entry_reason": "Entered from the paper file.",
        },
        format="json",
    )
    assert answer.status_code == 201
    assert answer.json()["received_at"] in {"2026-01-05T04:30:00Z", "2026-01-05T04:30:00+00:00"}
