"""DOMAIN.md §3: every rule of the CSEC data grid, through the service layer and the API."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import UserPrivilege
from referrals import services
from referrals.models import CsecRow

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate(timezone=ZoneInfo("America/Los_Angeles"))


def document(user, client, csec_type="at_risk", start=date(2026, 1, 10), end=None, **kw):
    return services.csec_row_document(
        user=user, client=client, csec_type=csec_type, start_date=start, end_date=end, **kw
    )


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_a_row_keeps_its_dates_and_when_the_information_came(cast, child):
    received = timezone.now() - timedelta(hours=3)
    row = document(cast.sw, child, "victim_during_foster_care", information_received_at=received)
    assert (row.start_date, row.end_date, row.information_received_at) == (date(2026, 1, 10), None, received)
    assert row.label == "Victim During Foster Care"


def test_information_received_defaults_to_now(cast, child):
    before = timezone.now()
    assert document(cast.sw, child).information_received_at >= before


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (None, None, "start_date", "This field is required."),
        (date(2011, 5, 3), None, "start_date", "Cannot be before the child's date of birth."),
        ("tomorrow", None, "start_date", "Cannot be in the future."),
        (date(2026, 1, 10), "tomorrow", "end_date", "Cannot be in the future."),
        (date(2026, 1, 10), date(2026, 1, 9), "end_date", "Cannot be before the start date."),
    ],
)
def test_date_rules(cast, child, start, end, field, message):
    tomorrow = today() + timedelta(days=1)
    start = tomorrow if start == "tomorrow" else start
    end = tomorrow if end == "tomorrow" else end
    with pytest.raises(ValidationError) as excinfo:
        document(cast.sw, child, start=start, end=end)
    assert message in errors_of(excinfo)[field]
    assert not CsecRow.objects.exists()


def test_start_on_the_date_of_birth_and_end_on_the_start_are_allowed(cast, child):
    row = document(cast.sw, child, start=child.date_of_birth, end=child.date_of_birth)
    assert row.start_date == row.end_date == child.date_of_birth


def test_victim_while_absent_needs_an_end_date(cast, child):
    with pytest.raises(ValidationError) as excinfo:
        document(cast.sw, child, "victim_while_absent_from_placement")
    assert "Required for Victim While Absent" in errors_of(excinfo)["end_date"][0]
    assert document(cast.sw, child, "victim_while_absent_from_placement", end=date(2026, 1, 12)).end_date


def test_several_types_at_once_but_no_overlap_within_a_type(cast, child):
    document(cast.sw, child, "at_risk", start=date(2026, 1, 1), end=date(2026, 1, 31))
    document(cast.sw, child, "victim_during_foster_care", start=date(2026, 1, 15))
    with pytest.raises(ValidationError) as excinfo:
        document(cast.sw, child, "at_risk", start=date(2026, 1, 31))
    assert "Overlaps the At Risk row" in errors_of(excinfo)["start_date"][0]
    document(cast.sw, child, "at_risk", start=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        document(
            cast.sw, child, "at_risk", start=date(2025, 12, 1)
        )  # an open-ended row covers every later day
    assert CsecRow.objects.filter(csec_type="at_risk").count() == 2


def test_ending_a_row_follows_the_same_rules(cast, child):
    first = document(cast.sw, child, start=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.csec_row_end(user=cast.sw, row=first, end_date=date(2025, 12, 31))
    services.csec_row_end(user=cast.sw, row=first, end_date=date(2026, 1, 20))
    document(cast.sw, child, start=date(2026, 1, 21))
    with pytest.raises(ValidationError) as excinfo:
        services.csec_row_end(user=cast.sw, row=first, end_date=None)  # reopening would overlap the next row
    assert "overlap" in errors_of(excinfo)["end_date"][0]


def test_closed_case_ilp_needs_the_privilege(cast, child):
    with pytest.raises(PermissionDenied):
        document(cast.sw, child, "victim_closed_case_ilp")
    UserPrivilege.objects.create(user=cast.sw, code="closed_case_update")
    assert document(cast.sw, child, "victim_closed_case_ilp").csec_type == "victim_closed_case_ilp"


def test_county_admins_read_but_do_not_write(cast, child):
    with pytest.raises(PermissionDenied):
        document(cast.admin, child)


def test_history_names_the_acting_user_and_the_reason(cast, child):
    row = document(cast.po, child, reason="disclosed at the probation interview")
    services.csec_row_end(user=cast.sw, row=row, end_date=date(2026, 1, 20))
    created, ended = row.history.order_by("history_date")
    assert (created.history_user, created.history_change_reason) == (
        cast.po,
        "disclosed at the probation interview",
    )
    assert (ended.history_user, ended.end_date) == (cast.sw, date(2026, 1, 20))


# --- through the API ------------------------------------------------------------------------------------------


def post_row(api, user, client, **body):
    return api(user).post(f"/api/v1/clients/{client.pk}/csec-types/", body, format="json")


def test_api_documents_and_ends_a_row(cast, api, child):
    answer = post_row(
        api,
        cast.sw,
        child,
        csec_type="at_risk",
        start_date="2026-01-10",
        information_received_at="2026-01-10T09:00:00-08:00",
        late_entry_reason="Entered from the paper file.",
    )
    assert answer.status_code == 201
    row = answer.json()
    assert {k: row[k] for k in ("csec_type", "label", "start_date", "end_date")} == {
        "csec_type": "at_risk",
        "label": "At Risk",
        "start_date": "2026-01-10",
        "end_date": None,
    }
    ended = api(cast.sw).patch(f"/api/v1/csec-types/{row['id']}/", {"end_date": "2026-01-15"}, format="json")
    assert ended.status_code == 200 and ended.json()["end_date"] == "2026-01-15"
    listed = api(cast.sw).get(f"/api/v1/clients/{child.pk}/csec-types/").json()["results"]
    assert [r["id"] for r in listed] == [row["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"csec_type": "victim", "start_date": "2026-01-10"}, "csec_type"),
        ({"start_date": "2026-01-10"}, "csec_type"),
        ({"csec_type": "at_risk"}, "start_date"),
        ({"csec_type": "at_risk", "start_date": "10/01/2026"}, "start_date"),
        ({"csec_type": "at_risk", "start_date": "2010-01-01"}, "start_date"),
        ({"csec_type": "at_risk", "start_date": "2026-01-10", "end_date": "2026-01-01"}, "end_date"),
        (
            {
                "csec_type": "at_risk",
                "start_date": "2026-01-10",
                "information_received_at": "2999-01-01T00:00:00Z",
            },
            "information_received_at",
        ),
        ({"csec_type": "victim_while_absent_from_placement", "start_date": "2026-01-10"}, "end_date"),
    ],
)
def test_api_bad_rows_are_400_with_the_field(cast, api, child, body, field):
    answer = post_row(api, cast.sw, child, **body)
    assert answer.status_code == 400
    assert field in answer.json()
    assert not CsecRow.objects.exists()


def test_api_closed_case_without_privilege_is_403(cast, api, child):
    answer = post_row(api, cast.sw, child, csec_type="victim_closed_case_ilp", start_date="2026-01-10")
    assert answer.status_code == 403
    UserPrivilege.objects.create(user=cast.po, code="closed_case_update")
    assert (
        post_row(api, cast.po, child, csec_type="victim_closed_case_ilp", start_date="2026-01-10").status_code
        == 201
    )


def test_api_future_start_is_400(cast, api, child):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    answer = post_row(api, cast.sw, child, csec_type="at_risk", start_date=tomorrow)
    assert answer.status_code == 400 and answer.json()["start_date"] == ["Cannot be in the future."]


def test_api_rows_of_another_county_are_404(cast, api, child):
    row = document(cast.sw, child)
    assert post_row(api, cast.sw_b, child, csec_type="at_risk", start_date="2026-01-10").status_code == 404
    assert api(cast.sw_b).get(f"/api/v1/clients/{child.pk}/csec-types/").status_code == 404
    assert (
        api(cast.sw_b).patch(f"/api/v1/csec-types/{row.pk}/", {"end_date": None}, format="json").status_code
        == 404
    )
