"""screenings/ in the API: recording with the rule's result, refusals with field messages, county scoping."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AccessEvent
from referrals import services as case_services
from referrals.models import CsecRow
from screening.models import Screening

from .conftest import hours_ago

pytestmark = pytest.mark.django_db

URL = "/api/v1/screenings/"


def body(child, **overrides):
    data = {
        "client": str(child.pk),
        "performed_at": hours_ago(1).isoformat(),
        "context": "visit",
        "indicators": ["frequent_truancy", "substance_abuse"],
    }
    data.update(overrides)
    return data


def test_a_worker_records_a_screening_and_gets_the_rule_result(cast, api, child):
    answer = api(cast.sw).post(URL, body(child, tool="cse_it", tool_result="Clear concern"), format="json")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert data["at_risk"] is True
    assert data["basis"] == "two_other_indicators"
    assert data["rule_version"]
    assert data["tool"] == "cse_it"
    assert data["tool_result"] == "Clear concern"
    assert data["performed_by"] == str(cast.sw.pk)
    screening = Screening.objects.get(pk=data["id"])
    record = screening.history.get()
    assert record.history_user == cast.sw
    assert "two_other_indicators" in record.history_change_reason


@pytest.mark.parametrize(
    ("indicators", "at_risk", "basis"),
    [
        ([], False, None),
        (["frequent_truancy"], False, None),
        (["controlled_or_groomed"], True, "strong_indicator"),
        (["controlled_or_groomed", "frequent_truancy", "substance_abuse"], True, "strong_indicator"),
    ],
)
def test_the_basis_is_null_when_not_at_risk(cast, api, child, indicators, at_risk, basis):
    data = api(cast.po).post(URL, body(child, indicators=indicators), format="json").json()
    assert (data["at_risk"], data["basis"]) == (at_risk, basis)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"indicators": ["frequent_truancy", "bogus_code"]}, "indicators"),
        ({"indicators": ["frequent_truancy", "frequent_truancy"]}, "indicators"),
        ({"indicators": "frequent_truancy"}, "indicators"),
        ({"indicators": ["frequent_truancy", None, 3]}, "indicators"),
        ({"indicators": None}, "indicators"),
        ({"context": "coffee"}, "context"),
        ({"tool": "magic_8_ball"}, "tool"),
        ({"performed_at": (timezone.now() + timedelta(hours=2)).isoformat()}, "performed_at"),
        ({"performed_at": "yesterday"}, "performed_at"),
        ({"performed_at": "2009-01-01T10:00:00-08:00"}, "performed_at"),
        ({"client": "not-a-uuid"}, "client"),
        ({"tool_result": "High"}, "tool_result"),
    ],
)
def test_bad_input_is_a_400_with_a_message_on_the_field_and_nothing_saved(cast, api, child, overrides, field):
    answer = api(cast.sw).post(URL, body(child, **overrides), format="json")
    assert answer.status_code == 400
    messages = answer.json()[field]
    assert isinstance(messages, list)
    assert messages and all(isinstance(m, str) and m for m in messages)
    assert not Screening.objects.exists()


def test_unknown_and_repeated_codes_are_named_in_the_message(cast, api, child):
    indicators = ["frequent_truancy", "frequent_truancy", "bogus_code"]
    messages = api(cast.sw).post(URL, body(child, indicators=indicators), format="json").json()["indicators"]
    text = " ".join(messages)
    assert "bogus_code" in text
    assert "frequent_truancy" in text


def test_a_referral_of_another_child_is_refused(cast, api, child):
    other = case_services.client_create(
        user=cast.sw,
        first_name="Sam",
        last_name="Other",
        date_of_birth=child.date_of_birth,
        foster_care_status="in_foster_care",
    )
    referral = case_services.referral_create(
        user=cast.sw,
        client=other,
        received_at=hours_ago(3),
        source="hotline",
        alleges_cse=True,
        narrative="Concern.",
    )
    answer = api(cast.sw).post(URL, body(child, referral=str(referral.pk)), format="json")
    assert answer.status_code == 400
    assert "referral" in answer.json()


def test_another_countys_child_is_unknown_and_its_screenings_are_404(cast, api, child, child_b):
    answer = api(cast.sw).post(URL, body(child_b), format="json")
    assert answer.status_code == 400
    assert answer.json()["client"] == ["Unknown client."]
    theirs = api(cast.sw_b).post(URL, body(child_b), format="json").json()
    ours = api(cast.sw).post(URL, body(child), format="json").json()
    assert api(cast.sw).get(f"{URL}{theirs['id']}/").status_code == 404
    assert api(cast.sw).get(f"{URL}not-a-uuid/").status_code == 404
    assert api(cast.sw).post(f"{URL}{theirs['id']}/document-at-risk/").status_code == 404
    listed = api(cast.sw).get(URL).json()["results"]
    assert [s["id"] for s in listed] == [ours["id"]]
    assert api(cast.sw).get(URL, {"client": str(child_b.pk)}).status_code == 400


def test_the_list_filters_by_client_and_each_read_is_an_access_event(cast, api, child):
    other = case_services.client_create(
        user=cast.sw,
        first_name="Sam",
        last_name="Other",
        date_of_birth=child.date_of_birth,
        foster_care_status="in_foster_care",
    )
    mine = api(cast.sw).post(URL, body(child), format="json").json()
    api(cast.sw).post(URL, body(other), format="json")
    listed = api(cast.admin).get(URL, {"client": str(child.pk)}).json()
    assert [s["id"] for s in listed["results"]] == [mine["id"]]
    assert set(listed) == {"next", "previous", "results"}
    before = AccessEvent.objects.filter(user=cast.admin, record_id=mine["id"]).count()
    detail = api(cast.admin).get(f"{URL}{mine['id']}/")
    assert detail.status_code == 200
    assert detail.json()["basis"] == "two_other_indicators"
    events = AccessEvent.objects.filter(user=cast.admin, record_id=mine["id"], via="api")
    assert events.count() == before + 1


def test_county_admins_read_but_do_not_record(cast, api, child):
    assert api(cast.admin).post(URL, body(child), format="json").status_code == 403
    assert api().get(URL).status_code == 401
    assert api(cast.supervisor).post(URL, body(child), format="json").status_code == 201


def test_a_positive_screening_documents_at_risk_only_when_confirmed_and_only_once(cast, api, child):
    positive = api(cast.sw).post(URL, body(child), format="json").json()
    assert not CsecRow.objects.exists()  # nothing written silently
    url = f"{URL}{positive['id']}/document-at-risk/"
    answer = api(cast.sw).post(url)
    assert answer.status_code == 201, answer.json()
    row = CsecRow.objects.get()
    assert row.csec_type == "at_risk"
    screening = Screening.objects.get(pk=positive["id"])
    assert row.start_date == timezone.localtime(screening.performed_at, child.county.zone).date()
    assert row.information_received_at == screening.performed_at
    assert str(screening.pk) in row.history.get().history_change_reason
    again = api(cast.sw).post(url)
    assert again.status_code == 400
    assert CsecRow.objects.count() == 1


def test_a_negative_screening_cannot_document_at_risk(cast, api, child):
    negative = api(cast.sw).post(URL, body(child, indicators=["frequent_truancy"]), format="json").json()
    answer = api(cast.sw).post(f"{URL}{negative['id']}/document-at-risk/")
    assert answer.status_code == 400
    assert not CsecRow.objects.exists()


def test_the_rule_endpoint_lists_the_catalogue(cast, api):
    data = api(cast.sw).get(f"{URL}rule/").json()
    assert len(data["indicators"]) == 8
    assert {i["group"] for i in data["indicators"]} == {"strong", "other"}
