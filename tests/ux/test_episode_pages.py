"""The missing-episode pages: what they offer while the child is missing, what they tick for the worker, what
they explain, and labels that each point at their own box."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from referrals import services as record
from referrals.models import Client
from reporting import episodes
from screening import services as screening

from ..conftest import county_today

pytestmark = pytest.mark.django_db
RETURN_NOTICES = ("return_notice_law_enforcement", "return_notice_ncmec")


def new_child(cast, first_name: str = "Lena") -> Client:
    return record.client_create(
        user=cast.sw,
        first_name=first_name,
        last_name="Ortiz",
        date_of_birth=date(2012, 2, 3),
        foster_care_status="in_foster_care",
    )


def concern_box(page: str) -> str:
    return re.search(r'<input[^>]*name="reasonably_believed_cse"[^>]*>', page).group(0)


@pytest.mark.parametrize("csec_type", ["at_risk", "victim_during_foster_care"])
def test_a_child_with_an_open_csec_row_starts_with_the_exploitation_concern_ticked(
    client, cast, csec_type
) -> None:
    child = new_child(cast)
    record.csec_row_document(
        user=cast.sw, client=child, csec_type=csec_type, start_date=county_today() - timedelta(days=2)
    )
    client.force_login(cast.sw)
    page = client.get(f"/clients/{child.pk}/missing/new/").content.decode()
    assert "checked" in concern_box(page)
    assert "Ticked because the child&#x27;s record has an open" in page


def test_a_child_without_an_open_row_starts_unticked(client, cast) -> None:
    child = new_child(cast)
    ended = county_today() - timedelta(days=5)
    record.csec_row_document(
        user=cast.sw, client=child, csec_type="at_risk", start_date=ended - timedelta(days=9), end_date=ended
    )
    voided = new_child(cast, "Iris")
    row = record.csec_row_document(
        user=cast.sw, client=voided, csec_type="at_risk", start_date=county_today()
    )
    record.csec_row_void(user=cast.sw, row=row, reason="Wrong child.")
    client.force_login(cast.sw)
    for someone in (child, voided):
        page = client.get(f"/clients/{someone.pk}/missing/new/").content.decode()
        assert "checked" not in concern_box(page)
        assert "Ticked because" not in page


def test_a_positive_latest_screening_starts_it_ticked_too(client, cast) -> None:
    child = new_child(cast)
    screening.screening_record(
        user=cast.sw,
        client=child,
        performed_at=timezone.now() - timedelta(days=1),
        context="visit",
        indicators=["controlled_or_groomed"],
    )
    client.force_login(cast.sw)
    page = client.get(f"/clients/{child.pk}/missing/new/").content.decode()
    assert "checked" in concern_box(page)
    assert "a positive latest screening" in page


def test_notices_of_return_are_offered_only_once_the_child_is_back(client, cast) -> None:
    child = new_child(cast)
    episode = episodes.episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(hours=3), circumstance="runaway"
    )
    client.force_login(cast.sw)
    missing = client.get(f"/missing-episodes/{episode.pk}/").content.decode()
    assert "/reports/law_enforcement_missing/new/" in missing and "/reports/ncmec/new/" in missing
    assert not any(f"/reports/{kind}/new/" in missing for kind in RETURN_NOTICES)
    assert "Notice of return" not in missing
    episodes.episode_return(user=cast.sw, episode=episode, returned_at=timezone.now())
    back = client.get(f"/missing-episodes/{episode.pk}/").content.decode()
    assert all(f"/reports/{kind}/new/" in back for kind in RETURN_NOTICES)


def help_of(page: str, field_id: str) -> str:
    hint = re.search(rf'id="{field_id}_helptext"[^>]*>([^<]+)<', page)
    return hint.group(1) if hint else ""


def test_what_ncmec_asks_for_is_explained_next_to_its_fields(client, cast) -> None:
    child = new_child(cast)
    client.force_login(cast.sw)
    page = client.get(f"/clients/{child.pk}/missing/new/").content.decode()
    assert "authorized to release the child&#x27;s photographs" in help_of(page, "id_photo_release_contact")
    assert 'aria-describedby="id_photo_release_contact_helptext"' in page
    assert help_of(page, "id_guardian_contact")
    episode = episodes.episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(hours=3), circumstance="runaway"
    )
    ncmec = client.get(f"/clients/{child.pk}/reports/ncmec/new/?episode={episode.pk}").content.decode()
    assert "1-800-843-5678" in help_of(ncmec, "id_agency_name")
    assert 'value="National Center for Missing &amp; Exploited Children (NCMEC)"' in ncmec
    assert "NCMEC gives" in help_of(ncmec, "id_ncmec_case_number")
    police = client.get(
        f"/clients/{child.pk}/reports/law_enforcement_missing/new/?episode={episode.pk}"
    ).content.decode()
    assert "jurisdiction" in help_of(police, "id_agency_name")
    assert 'name="agency_name" value=' not in police  # nothing guessed for the police


def labels_and_ids(page: str) -> tuple[Counter[str], list[str]]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    return ids, re.findall(r'<label[^>]*\sfor="([^"]+)"', page)


def assert_each_label_points_at_its_own_box(page: str) -> None:
    ids, fors = labels_and_ids(page)
    assert [name for name, n in ids.items() if n > 1] == []
    assert [target for target in fors if target not in ids] == []
    assert len(fors) == len(set(fors))
    for box in re.findall(r"<(?:textarea|input|select)\b[^>]*>", page):
        if 'type="hidden"' in box or 'type="submit"' in box:
            continue
        box_id = re.search(r'\sid="([^"]+)"', box)
        assert box_id and box_id.group(1) in fors, box


def test_on_the_still_missing_page_every_box_has_its_own_label(client, cast) -> None:
    child = new_child(cast)
    episode = episodes.episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(hours=3), circumstance="runaway"
    )
    client.force_login(cast.sw)
    page = client.get(f"/missing-episodes/{episode.pk}/").content.decode()
    assert page.count('name="notes"') == 2  # the locate attempt's and the reconfirmation's
    assert 'id="id_notes"' not in page
    assert_each_label_points_at_its_own_box(page)
    # Shown again with an error (the attempt's time left out), the page keeps its ids apart.
    failed = client.post(
        f"/missing-episodes/{episode.pk}/locate/", {"method": "Called", "notes": "No answer"}
    )
    assert failed.status_code == 400
    page = failed.content.decode()
    assert "No answer" in page
    assert_each_label_points_at_its_own_box(page)
