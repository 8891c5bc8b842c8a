import pytest

pytestmark = pytest.mark.django_db


def test_create_client_and_referral_through_the_api(cast, api):
    sw = api(cast.sw)
    client = sw.post(
        "/api/v1/clients/",
        {
            "first_name": "Ana",
            "last_name": "Diaz",
            "date_of_birth": "2010-02-03",
            "foster_care_status": "in_foster_care",
            "title_iv_e_assistance": False,
            "chafee_services": False,
        },
        format="json",
    )
    assert client.status_code == 201, client.json()
    body = client.json()
    assert body["cws_category"] == "A" and body["csec_types"] == [] and body["county"] == "Alameda"
    assert body["assigned_worker"] == str(cast.sw.pk)
    referral = sw.post(
        "/api/v1/referrals/",
        {
            "client": body["id"],
            "received_at": "2026-01-05T10:00:00-08:00",
            "receiving_agency": "child_welfare",
            "source": "hotline",
            "alleges_cse": True,
            "narrative": "n",
            "late_entry_reason": "Entered from the paper file.",
        },
        format="json",
    )
    assert referral.status_code == 201, referral.json()
    assert referral.json()["special_project_codes"] == ["S-CSEC Referral"]
    detail = sw.get(f"/api/v1/referrals/{referral.json()['id']}/")
    assert detail.status_code == 200
    assert [i["code"] for i in detail.json()["contact_checklist"]][:2] == ["child", "adult_with_information"]
    row = sw.post(
        f"/api/v1/clients/{body['id']}/csec-types/",
        {"csec_type": "at_risk", "start_date": "2026-01-05"},
        format="json",
    )
    assert row.status_code == 201, row.json()
    assert row.json()["label"] == "At Risk"
    assert [r["csec_type"] for r in sw.get(f"/api/v1/clients/{body['id']}/").json()["csec_types"]] == [
        "at_risk"
    ]
