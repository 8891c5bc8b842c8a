"""Intake starts at now and says everything wrong at once; the home page's search has a name at any width, and
a supervisor's home leads to the dashboard."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.utils import timezone

from referrals import services as record
from referrals.models import Client, Referral

from .text import read_text

pytestmark = pytest.mark.django_db


def field_errors(page: str) -> dict[str, str]:
    """Each field's message, by the id of its box."""
    return {
        box: read_text(text).strip()
        for box, text in re.findall(
            r'<span class="usa-error-message" id="([^"]+)_error"[^>]*>(.*?)</span>', page
        )
    }


def test_intake_starts_at_now_in_the_countys_zone(client, cast) -> None:
    client.force_login(cast.sw)
    with time_machine.travel(datetime.fromisoformat("2026-06-15T17:42:31+00:00"), tick=False):
        page = client.get("/referrals/new/").content.decode()
    box = re.search(r'<input[^>]*name="received_at"[^>]*>', page).group(0)
    assert 'value="2026-06-15T10:42"' in box  # 10:42 Pacific


def test_every_error_of_the_intake_form_shows_on_one_submit(client, cast) -> None:
    client.force_login(cast.sw)
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1), cast.sw.county.zone)
    typed = {
        "first_name": "Maya",
        "last_name": "",  # missing
        "date_of_birth": (tomorrow.date() + timedelta(days=30)).isoformat(),  # in the future
        "foster_care_status": "in_foster_care",
        "received_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),  # in the future
        "receiving_agency": "child_welfare",
        "source": "",  # missing
        "narrative": "Seen with an older adult.",
    }
    answer = client.post("/referrals/new/", typed)
    assert answer.status_code == 400
    page = answer.content.decode()
    errors = field_errors(page)
    assert errors == {
        "id_last_name": "Required for a new client (or choose an existing client).",
        "id_date_of_birth": "Cannot be in the future.",
        "id_received_at": "Cannot be in the future.",
        "id_source": "This field is required.",
    }
    assert 'value="Maya"' in page and "Seen with an older adult." in page
    assert not Client.objects.exists() and not Referral.objects.exists()


def test_a_referral_before_the_childs_birth_and_an_old_one_without_its_reason_show_with_the_rest(
    client, cast
) -> None:
    child = record.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Reyes",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )
    client.force_login(cast.sw)
    answer = client.post(
        "/referrals/new/",
        {
            "existing_client": str(child.pk),
            "received_at": "2010-01-01T09:00",
            "receiving_agency": "child_welfare",
        },
    )
    assert field_errors(answer.content.decode()) == {
        "id_received_at": "Cannot be before the child's date of birth.",
        "id_source": "This field is required.",
    }
    long_ago = timezone.localtime(timezone.now() - timedelta(days=90), child.county.zone)
    answer = client.post(
        "/referrals/new/",
        {
            "first_name": "Nia",
            "last_name": "Reyes",
            "date_of_birth": "2012-03-04",
            "received_at": long_ago.strftime("%Y-%m-%dT%H:%M"),
            "receiving_agency": "child_welfare",
            "source": "school",
        },
    )
    assert field_errors(answer.content.decode()) == {
        "id_foster_care_status": "Required for a new client (or choose an existing client).",
        "id_received_at": "More than 30 days ago: mark it a late entry and say why.",
    }


def test_a_good_intake_still_saves(client, cast) -> None:
    client.force_login(cast.sw)
    answer = client.post(
        "/referrals/new/",
        {
            "first_name": "Nia",
            "last_name": "Reyes",
            "date_of_birth": "2012-03-04",
            "foster_care_status": "in_foster_care",
            "received_at": timezone.localtime(timezone.now(), cast.sw.county.zone).strftime("%Y-%m-%dT%H:%M"),
            "receiving_agency": "child_welfare",
            "source": "school",
        },
    )
    assert answer.status_code == 302
    assert Referral.objects.get().client.first_name == "Nia"


def test_the_home_search_button_is_named_when_its_text_is_hidden(client, cast) -> None:
    client.force_login(cast.sw)
    page = client.get("/").content.decode()
    form = re.search(r'<form class="usa-search.*?</form>', page, re.S).group(0)
    button = re.search(r"<button.*?</button>", form, re.S).group(0)
    # The text hides below 480 px and the icon shows: the button keeps its name either way, said once.
    assert re.search(r'<button[^>]*aria-label="Search"', button)
    assert re.search(r'<img[^>]*class="usa-search__submit-icon"[^>]*alt=""', button)
    icon = re.search(r'<img[^>]*src="/static/([^"]+)"', button).group(1)
    assert finders.find(icon), icon


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_a_supervisors_and_an_admins_home_link_the_dashboard(client, cast, role) -> None:
    client.force_login(getattr(cast, role))
    page = client.get("/").content.decode()
    link = re.search(r'<a[^>]*href="/dashboard/"[^>]*data-testid="home-dashboard-link"[^>]*>', page)
    assert link
    main = page.split("<main", 1)[1]
    assert 'href="/dashboard/"' in main


def test_a_workers_home_does_not(client, cast) -> None:
    client.force_login(cast.sw)
    assert 'data-testid="home-dashboard-link"' not in client.get("/").content.decode()
