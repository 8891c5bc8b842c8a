"""A list that names children is a read of each: one access event per record shown, none for what is not."""

from datetime import date

import pytest

from accounts.models import AccessEvent
from referrals import services

pytestmark = pytest.mark.django_db


def events(user, via: str) -> list[tuple[str, str]]:
    return sorted(AccessEvent.objects.filter(user=user, via=via).values_list("record_type", "record_id"))


@pytest.fixture
def second_child(cast):
    return services.client_create(
        user=cast.sw,
        first_name="Rosa",
        last_name="Diaz",
        date_of_birth=date(2010, 2, 3),
        foster_care_status="open_case_in_home",
    )


def test_client_list_records_each_child_on_the_page_only(cast, api, child, second_child, child_b) -> None:
    api(cast.supervisor).get("/api/v1/clients/", {"page_size": 1}, REMOTE_ADDR="10.0.0.7")
    shown = AccessEvent.objects.get(user=cast.supervisor)
    assert (shown.record_type, shown.via, shown.source_address) == ("referrals.client", "api", "10.0.0.7")
    assert shown.record_id in {str(child.pk), str(second_child.pk)}
    AccessEvent.objects.all().delete()

    api(cast.supervisor).get("/api/v1/clients/")
    assert events(cast.supervisor, "api") == sorted(
        [("referrals.client", str(child.pk)), ("referrals.client", str(second_child.pk))]
    )
    assert not AccessEvent.objects.filter(record_id=str(child_b.pk)).exists()


def test_an_empty_search_records_nothing(cast, api, child) -> None:
    answer = api(cast.sw).get("/api/v1/clients/", {"q": "Nobody"}).json()
    assert answer["results"] == []
    assert not AccessEvent.objects.exists()


def test_referral_lists_and_their_contacts_and_allegations_record_the_reads(cast, api, child, cse_referral):
    sw = api(cast.sw)
    sw.get("/api/v1/referrals/")
    assert events(cast.sw, "api") == [("referrals.referral", str(cse_referral.pk))]
    AccessEvent.objects.all().delete()

    sw.get(f"/api/v1/referrals/{cse_referral.pk}/contacts/")
    sw.get(f"/api/v1/referrals/{cse_referral.pk}/allegations/")
    assert events(cast.sw, "api") == [("referrals.referral", str(cse_referral.pk))] * 2

    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    AccessEvent.objects.all().delete()
    sw.get(f"/api/v1/allegations/{allegation.pk}/")
    assert events(cast.sw, "api") == [("referrals.allegation", str(allegation.pk))]


def test_client_search_page_and_home_caseload_record_the_children_named(
    client, cast, child, second_child, child_b
) -> None:
    client.force_login(cast.sw)
    page = client.get("/clients/", {"q": "Lopez"}).content.decode()
    assert "Maya" in page and "Rosa" not in page
    assert events(cast.sw, "page") == [("referrals.client", str(child.pk))]
    AccessEvent.objects.all().delete()

    home = client.get("/").content.decode()
    assert "Lopez" in home and "Diaz" in home
    assert events(cast.sw, "page") == sorted(
        [("referrals.client", str(child.pk)), ("referrals.client", str(second_child.pk))]
    )
    assert not AccessEvent.objects.filter(record_id=str(child_b.pk)).exists()
