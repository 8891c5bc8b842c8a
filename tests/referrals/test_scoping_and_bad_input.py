from datetime import date, timedelta

import pytest
from django.utils import timezone

from referrals import services
from referrals.models import Allegation, Client, Contact, Referral, ReferralCode

from .conftest import hours_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(cast, child_b):
    referral = services.referral_create(
        user=cast.sw_b, client=child_b, received_at=hours_ago(3), source="hotline", alleges_cse=True
    )
    allegation = services.allegation_create(
        user=cast.sw_b,
        referral=referral,
        victim=child_b,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    row = services.csec_row_document(
        user=cast.sw_b, client=child_b, csec_type="at_risk", start_date=date(2026, 1, 1)
    )
    return {"client": child_b, "referral": referral, "allegation": allegation, "row": row}


def test_another_countys_objects_answer_404_on_every_endpoint(cast, api, theirs):
    c, r, a, row = theirs["client"].pk, theirs["referral"].pk, theirs["allegation"].pk, theirs["row"].pk
    sw = api(cast.sw)
    calls = [
        ("get", f"/api/v1/clients/{c}/", None),
        ("patch", f"/api/v1/clients/{c}/", {"first_name": "X"}),
        ("get", f"/api/v1/clients/{c}/csec-types/", None),
        ("post", f"/api/v1/clients/{c}/csec-types/", {"csec_type": "at_risk", "start_date": "2026-02-01"}),
        ("get", f"/api/v1/csec-types/{row}/", None),
        ("patch", f"/api/v1/csec-types/{row}/", {"end_date": "2026-01-02"}),
        ("get", f"/api/v1/referrals/{r}/", None),
        ("patch", f"/api/v1/referrals/{r}/", {"narrative": "x"}),
        ("post", f"/api/v1/referrals/{r}/response-decision/", {"decision": "immediate"}),
        ("get", f"/api/v1/referrals/{r}/contacts/", None),
        (
            "post",
            f"/api/v1/referrals/{r}/contacts/",
            {"contact_type": "child", "made_at": hours_ago(1).isoformat(), "in_person": True},
        ),
        ("get", f"/api/v1/referrals/{r}/allegations/", None),
        (
            "post",
            f"/api/v1/referrals/{r}/allegations/",
            {"victim": str(c), "allegation_type": "other", "perpetrator_relationship": "other"},
        ),
        ("get", f"/api/v1/allegations/{a}/", None),
        ("patch", f"/api/v1/allegations/{a}/", {"disposition": "substantiated"}),
    ]
    for method, url, body in calls:
        answer = getattr(sw, method)(url, body, format="json") if body is not None else sw.get(url)
        assert answer.status_code == 404, (method, url, answer.status_code)
    assert Allegation.objects.get(pk=a).disposition == ""
    assert not Contact.objects.exists()


def test_another_countys_objects_never_list(cast, api, theirs, child):
    sw = api(cast.sw)
    assert [c["id"] for c in sw.get("/api/v1/clients/").json()["results"]] == [str(child.pk)]
    assert sw.get("/api/v1/referrals/").json()["results"] == []
    assert sw.get("/api/v1/referrals/", {"client": str(theirs["client"].pk)}).status_code == 400


def test_a_referral_for_another_countys_child_is_refused(cast, api, theirs):
    answer = api(cast.sw).post(
        "/api/v1/referrals/",
        {
            "client": str(theirs["client"].pk),
            "received_at": hours_ago(1).isoformat(),
            "source": "school",
            "alleges_cse": True,
        },
        format="json",
    )
    assert answer.status_code == 400 and answer.json() == {"client": ["Unknown client."]}
    assert Referral.objects.count() == 1


def test_pages_of_another_county_are_404(cast, client, theirs):
    client.force_login(cast.sw)
    for url in (
        f"/clients/{theirs['client'].pk}/",
        f"/clients/{theirs['client'].pk}/edit/",
        f"/referrals/{theirs['referral'].pk}/",
        f"/referrals/new/?client={theirs['client'].pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/csec-rows/{theirs['row'].pk}/end/", {}).status_code == 404
    assert client.post(f"/allegations/{theirs['allegation'].pk}/finding/", {}).status_code == 404
    listing = client.get("/clients/", {"q": "Other"}).content.decode()
    assert "County, Other" not in listing


VALID_CLIENT = {
    "first_name": "Ana",
    "last_name": "Diaz",
    "date_of_birth": "2010-02-03",
    "foster_care_status": "in_foster_care",
    "title_iv_e_assistance": False,
    "chafee_services": False,
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": None}, "first_name"),
        ({"date_of_birth": "2010-13-01"}, "date_of_birth"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1900-01-01"}, "date_of_birth"),
        ({"foster_care_status": "adopted"}, "foster_care_status"),
        ({"title_iv_e_assistance": "maybe"}, "title_iv_e_assistance"),
        ({"sex": "x"}, "sex"),
        ({"assigned_worker": "not-a-uuid"}, "assigned_worker"),
    ],
)
def test_bad_clients_are_400_and_nothing_is_saved(cast, api, change, field):
    body = {k: v for k, v in {**VALID_CLIENT, **change}.items() if v is not None}
    answer = api(cast.sw).post("/api/v1/clients/", body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_at": "2999-01-01T00:00:00Z"}, "received_at"),
        ({"received_at": "yesterday"}, "received_at"),
        ({"received_at": None}, "received_at"),
        ({"source": "rumour"}, "source"),
        ({"receiving_agency": "police"}, "receiving_agency"),
        ({"alleges_cse": None}, "alleges_cse"),
        ({"client": "00000000-0000-0000-0000-000000000000"}, "client"),
    ],
)
def test_bad_referrals_are_400_and_nothing_is_saved(cast, api, child, change, field):
    body = {
        "client": str(child.pk),
        "received_at": hours_ago(1).isoformat(),
        "source": "school",
        "alleges_cse": True,
    }
    body = {k: v for k, v in {**body, **change}.items() if v is not None}
    answer = api(cast.sw).post("/api/v1/referrals/", body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Referral.objects.exists() and not ReferralCode.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("response-decision/", {"decision": "later"}, "decision"),
        ("response-decision/", {"decision": "evaluated_out"}, "reason"),
        (
            "contacts/",
            {"contact_type": "neighbour", "made_at": "2026-01-01T00:00:00Z", "in_person": True},
            "contact_type",
        ),
        (
            "contacts/",
            {"contact_type": "child", "made_at": "2999-01-01T00:00:00Z", "in_person": True},
            "made_at",
        ),
        (
            "contacts/",
            {"contact_type": "child", "made_at": "2020-01-01T00:00:00Z", "in_person": True},
            "made_at",
        ),
        ("contacts/", {"contact_type": "child", "made_at": "2026-01-01T00:00:00Z"}, "in_person"),
        (
            "allegations/",
            {"allegation_type": "theft", "perpetrator_relationship": "parent"},
            "allegation_type",
        ),
        (
            "allegations/",
            {"allegation_type": "other", "perpetrator_relationship": "cousin"},
            "perpetrator_relationship",
        ),
        (
            "allegations/",
            {"allegation_type": "other", "perpetrator_relationship": "parent", "wic_300_subdivision": "z"},
            "wic_300_subdivision",
        ),
    ],
)
def test_bad_referral_actions_are_400(cast, api, child, cse_referral, path, body, field):
    if path == "allegations/":
        body = {"victim": str(child.pk), **body}
    answer = api(cast.sw).post(f"/api/v1/referrals/{cse_referral.pk}/{path}", body, format="json")
    assert answer.status_code == 400, answer.json()
    assert field in answer.json()
    referral = Referral.objects.get(pk=cse_referral.pk)
    assert (
        referral.response_decision == ""
        and not referral.contacts.exists()
        and not referral.allegations.exists()
    )


def test_an_unknown_finding_is_400(cast, api, child, cse_referral):
    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="other",
        perpetrator_relationship="other",
    )
    answer = api(cast.sw).patch(
        f"/api/v1/allegations/{allegation.pk}/", {"disposition": "proven"}, format="json"
    )
    assert answer.status_code == 400 and "disposition" in answer.json()


def test_county_admin_may_read_but_not_write(cast, api, child):
    assert api(cast.admin).get(f"/api/v1/clients/{child.pk}/").status_code == 200
    assert api(cast.admin).post("/api/v1/clients/", VALID_CLIENT, format="json").status_code == 403
    answer = api(cast.admin).post(
        f"/api/v1/clients/{child.pk}/csec-types/",
        {"csec_type": "at_risk", "start_date": "2026-01-01"},
        format="json",
    )
    assert answer.status_code == 403


def test_a_form_error_keeps_what_was_typed_and_saves_nothing(cast, client, child):
    client.force_login(cast.sw)
    answer = client.post(
        "/referrals/new/",
        {
            "existing_client": str(child.pk),
            "received_at": "2999-01-01T10:00",
            "receiving_agency": "child_welfare",
            "source": "school",
            "narrative": "Typed with care.",
            "alleges_cse": "on",
        },
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Cannot be in the future." in page and "Typed with care." in page
    assert not Referral.objects.exists()
    tomorrow = timezone.localdate() + timedelta(days=2)
    answer = client.post(
        f"/clients/{child.pk}/csec-rows/",
        {"csec-csec_type": "at_risk", "csec-start_date": tomorrow.isoformat()},
    )
    assert answer.status_code == 400 and "Cannot be in the future." in answer.content.decode()
