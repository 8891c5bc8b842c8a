from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AccessEvent
from referrals import services
from referrals.models import Allegation, Client, Referral, ReferralCode

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
TAG = "S-CSEC Referral"


def test_the_tag_is_there_from_creation_and_survives_everything(cast, api, child, cse_referral):
    assert cse_referral.special_project_codes == [TAG]
    services.response_decision_record(
        user=cast.sw, referral=cse_referral, decision="evaluated_out", reason="dup"
    )
    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    services.allegation_dispose(user=cast.sw, allegation=allegation, disposition="unfounded")
    services.referral_update(
        user=cast.sw, referral=cse_referral, alleges_cse=False, narrative="Duplicate referral."
    )
    answer = api(cast.sw).patch(
        f"/api/v1/referrals/{cse_referral.pk}/", {"alleges_cse": False}, format="json"
    )
    assert answer.status_code == 200
    body = api(cast.sw).get(f"/api/v1/referrals/{cse_referral.pk}/").json()
    assert body["special_project_codes"] == [TAG]
    assert body["response_decision"] == "evaluated_out"
    assert ReferralCode.objects.get().history.count() == 1  # never edited, never deleted


def test_a_referral_without_cse_has_no_tag_until_cse_is_alleged(cast, child):
    referral = services.referral_create(
        user=cast.sw, client=child, received_at=hours_ago(1), source="school", alleges_cse=False
    )
    assert referral.special_project_codes == []
    services.referral_update(user=cast.sw, referral=referral, alleges_cse=True)
    assert Referral.objects.get(pk=referral.pk).special_project_codes == [TAG]


def test_a_probation_officers_referral_defaults_to_probation(cast, child):
    referral = services.referral_create(
        user=cast.po, client=child, received_at=hours_ago(1), source="probation", alleges_cse=True
    )
    assert referral.receiving_agency == "probation"


FINDINGS = [
    # type, disposition, in a CSE referral, subcategory, CACI
    ("sexual_exploitation", "substantiated", True, "commercial_sexual_exploitation", True),
    ("sexual_exploitation", "inconclusive", True, None, False),
    ("sexual_exploitation", "unfounded", True, None, False),
    ("general_neglect", "substantiated", True, "fail_unable_to_protect_from_cse", False),
    ("general_neglect", "substantiated", False, None, False),
    ("general_neglect", "inconclusive", True, None, False),
    ("general_neglect", "unfounded", True, None, False),
    ("sexual_abuse", "substantiated", True, None, True),
    ("sexual_abuse", "inconclusive", True, None, False),
    ("sexual_abuse", "unfounded", True, None, False),
    ("caretaker_absence", "substantiated", True, None, True),
    ("caretaker_absence", "inconclusive", True, None, False),
    ("caretaker_absence", "unfounded", True, None, False),
    ("other", "substantiated", True, None, True),
    ("other", "inconclusive", True, None, False),
    ("other", "unfounded", True, None, False),
]


@pytest.mark.parametrize(("kind", "disposition", "cse_case", "subcategory", "caci"), FINDINGS)
def test_findings_give_the_subcategory_and_caci_flag(
    cast, api, child, kind, disposition, cse_case, subcategory, caci
):
    referral = services.referral_create(
        user=cast.sw, client=child, received_at=hours_ago(1), source="hotline", alleges_cse=cse_case
    )
    created = api(cast.sw).post(
        f"/api/v1/referrals/{referral.pk}/allegations/",
        {
            "victim": str(child.pk),
            "allegation_type": kind,
            "perpetrator_relationship": "parent",
            "wic_300_subdivision": "b2",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["disposition"] is None and created.json()["abuse_subcategory"] is None
    answer = api(cast.sw).patch(
        f"/api/v1/allegations/{created.json()['id']}/", {"disposition": disposition}, format="json"
    )
    assert answer.status_code == 200
    assert (answer.json()["abuse_subcategory"], answer.json()["caci_referral_required"]) == (
        subcategory,
        caci,
    )


def test_general_neglect_beside_a_substantiated_exploitation_allegation_is_a_cse_case(cast, child):
    referral = services.referral_create(
        user=cast.sw, client=child, received_at=hours_ago(1), source="hotline", alleges_cse=False
    )
    exploitation = services.allegation_create(
        user=cast.sw,
        referral=referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    neglect = services.allegation_create(
        user=cast.sw,
        referral=referral,
        victim=child,
        allegation_type="general_neglect",
        perpetrator_relationship="parent",
    )
    services.allegation_dispose(user=cast.sw, allegation=exploitation, disposition="substantiated")
    services.allegation_dispose(user=cast.sw, allegation=neglect, disposition="substantiated")
    assert Allegation.objects.get(pk=neglect.pk).abuse_subcategory == "fail_unable_to_protect_from_cse"


def test_contact_checklist_follows_the_findings(cast, api, child, cse_referral):
    def checklist():
        items = api(cast.sw).get(f"/api/v1/referrals/{cse_referral.pk}/").json()["contact_checklist"]
        return {i["code"]: (i["done"], i["required"]) for i in items}

    assert checklist()["child"] == (False, True)
    services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    services.contact_record(
        user=cast.sw,
        referral=cse_referral,
        contact_type="adult_with_information",
        made_at=hours_ago(1),
        in_person=False,
    )
    state = checklist()
    assert state["child"] == (True, True)
    assert state["adult_with_information"] == (False, True)  # by phone does not count
    assert state["parent"] == (False, True)
    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    services.allegation_dispose(user=cast.sw, allegation=allegation, disposition="unfounded")
    assert checklist()["parent"] == (False, False)
    services.response_decision_record(
        user=cast.sw, referral=cse_referral, decision="evaluated_out", reason="dup"
    )
    assert checklist() == {}


def test_history_rows_name_the_acting_user(cast, api, child):
    api(cast.po).patch(f"/api/v1/clients/{child.pk}/", {"first_name": "Mayra"}, format="json")
    latest = Client.objects.get(pk=child.pk).history.first()
    assert (latest.history_user, latest.first_name) == (cast.po, "Mayra")
    created = (
        api(cast.sw)
        .post(
            "/api/v1/referrals/",
            {
                "client": str(child.pk),
                "received_at": hours_ago(1).isoformat(),
                "source": "school",
                "alleges_cse": True,
            },
            format="json",
        )
        .json()
    )
    referral = Referral.objects.get(pk=created["id"])
    assert referral.history.get().history_user == cast.sw
    assert referral.codes.get().history.get().history_user == cast.sw


def test_reading_a_client_writes_one_access_event(cast, api, client, child):
    assert not AccessEvent.objects.exists()
    api(cast.sw).get(f"/api/v1/clients/{child.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AccessEvent.objects.get()
    assert (event.user, event.record_type, event.record_id, event.via, event.source_address) == (
        cast.sw,
        "referrals.client",
        str(child.pk),
        "api",
        "10.1.2.3",
    )
    client.force_login(cast.supervisor)
    client.get(f"/clients/{child.pk}/")
    assert AccessEvent.objects.filter(via="page", user=cast.supervisor, record_id=str(child.pk)).count() == 1


def test_reassigning_a_client_keeps_history_and_refuses_other_counties(cast, api, child):
    moved = api(cast.sw).patch(
        f"/api/v1/clients/{child.pk}/", {"assigned_worker": str(cast.po.pk)}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["assigned_worker"] == str(cast.po.pk)
    refused = api(cast.sw).patch(
        f"/api/v1/clients/{child.pk}/", {"assigned_worker": str(cast.sw_b.pk)}, format="json"
    )
    assert refused.status_code == 400 and "assigned_worker" in refused.json()
    admin = api(cast.sw).patch(
        f"/api/v1/clients/{child.pk}/", {"assigned_worker": str(cast.admin.pk)}, format="json"
    )
    assert admin.status_code == 400


def test_search_by_name_and_date_of_birth_within_the_county(cast, api, child, child_b):
    found = api(cast.sw).get("/api/v1/clients/", {"q": "maya lop"}).json()["results"]
    assert [c["id"] for c in found] == [str(child.pk)]
    assert api(cast.sw).get("/api/v1/clients/", {"date_of_birth": "2011-05-04"}).json()["results"][0][
        "id"
    ] == str(child.pk)
    assert api(cast.sw).get("/api/v1/clients/", {"q": "Other"}).json()["results"] == []
    assert api(cast.sw).get("/api/v1/clients/", {"date_of_birth": "May 4"}).status_code == 400


def test_received_at_accepts_any_offset_and_compares_instants(cast, api, child):
    instant = timezone.now() - timedelta(hours=1)
    body = {
        "client": str(child.pk),
        "received_at": instant.astimezone(timezone.get_fixed_timezone(330)).isoformat(),
        "source": "school",
        "alleges_cse": False,
    }
    created = api(cast.sw).post("/api/v1/referrals/", body, format="json")
    assert created.status_code == 201
    assert Referral.objects.get(pk=created.json()["id"]).received_at == instant
