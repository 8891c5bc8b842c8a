"""Lists page by a unique order: a client paging through never misses or repeats a row (DESIGN.md)."""

from datetime import UTC, date, datetime

import pytest

from referrals.models import Client

pytestmark = pytest.mark.django_db
TIED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def pages(client, path: str) -> list[list[str]]:
    seen = []
    url: str | None = path
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen.append([row["id"] for row in response.json()["results"]])
        url = response.json()["next"]
    return seen


def test_500_children_recorded_in_one_instant_page_50_at_a_time_each_exactly_once(cast, api):
    Client.objects.bulk_create(
        Client(
            county=cast.sw.county,
            created_by=cast.sw,
            assigned_worker=cast.sw,
            first_name=f"Child{n:03}",
            last_name="Tied",
            date_of_birth=date(2012, 1, 1),
            foster_care_status="in_foster_care",
        )
        for n in range(500)
    )
    Client.objects.update(created_at=TIED)
    listed = pages(api(cast.sw), "/api/v1/clients/?page_size=50")
    assert [len(page) for page in listed] == [50] * 10
    ids = [pk for page in listed for pk in page]
    assert len(set(ids)) == 500
    assert set(ids) == {str(pk) for pk in Client.objects.values_list("pk", flat=True)}


def tied_children(cast, count: int) -> None:
    Client.objects.bulk_create(
        Client(
            county=cast.sw.county,
            created_by=cast.sw,
            assigned_worker=cast.sw,
            first_name=f"Child{n:03}",
            last_name="Tied",
            date_of_birth=date(2012, 1, 1),
            foster_care_status="in_foster_care",
        )
        for n in range(count)
    )
    Client.objects.update(created_at=TIED)


def test_paging_back_from_the_last_page_gives_the_same_pages_in_reverse(cast, api):
    tied_children(cast, 120)
    sw = api(cast.sw)
    forward = pages(sw, "/api/v1/clients/?page_size=50")
    backward = []
    url = sw.get("/api/v1/clients/?page_size=50").json()["next"]
    url = sw.get(url).json()["next"]  # the last page
    body = sw.get(url).json()
    backward.append([row["id"] for row in body["results"]])
    while body["previous"]:
        body = sw.get(body["previous"]).json()
        backward.append([row["id"] for row in body["results"]])
    assert backward == list(reversed(forward))
    assert body["previous"] is None


@pytest.mark.parametrize("cursor", ["not-base64!", "eyJwIjpbXX0=", "eyJwIjpbIngiLCJ5Il0sImIiOmZhbHNlfQ=="])
def test_a_cursor_not_made_here_is_not_found_never_a_server_error(cast, api, cursor):
    response = api(cast.sw).get(f"/api/v1/clients/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}
