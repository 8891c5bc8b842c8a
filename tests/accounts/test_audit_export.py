import csv
import io
import json

import pytest
from django.utils import timezone

from accounts.audit import county_lookup, tracked_models
from accounts.models import AccessEvent, User

pytestmark = pytest.mark.django_db


def export(api, user, **params):
    answer = api(user).get("/api/v1/audit/export/", params)
    return answer


def rows_of(answer):
    body = b"".join(answer.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_every_tracked_model_reaches_a_county():
    missing = [m._meta.label for m in tracked_models() if county_lookup(m) is None]
    assert missing == []


def today_in_county(user):
    return timezone.localdate(timezone=user.county.zone).isoformat()


def test_export_lists_changes_and_reads_of_the_admins_county_only(cast, api):
    cast.sw.first_name = "Solana"
    cast.sw._history_user = cast.admin
    cast.sw._change_reason = "name corrected"
    cast.sw.save()
    now = timezone.now()
    AccessEvent.objects.create(
        county=cast.sw.county,
        user=cast.sw,
        at=now,
        record_type="referrals.client",
        record_id="c-1",
        via="page",
        path="/clients/c-1/",
        source_address="10.0.0.9",
    )
    AccessEvent.objects.create(
        county=cast.sw_b.county,
        user=cast.sw_b,
        at=now,
        record_type="referrals.client",
        record_id="c-b",
        via="api",
    )

    today = today_in_county(cast.admin)
    answer = export(api, cast.admin, since=today, until=today)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    rows = rows_of(answer)
    assert list(rows[0].keys())[:6] == ["timestamp", "user", "action", "record_type", "record_id", "changes"]
    timestamps = [r["timestamp"] for r in rows]
    assert timestamps == sorted(timestamps)

    update = next(r for r in rows if r["action"] == "update" and r["record_id"] == str(cast.sw.pk))
    assert update["user"] == "admin_a"
    assert json.loads(update["changes"]) == {"first_name": ["Sol", "Solana"]}
    assert update["reason"] == "name corrected"

    views = [r for r in rows if r["action"] == "view"]
    assert [(v["user"], v["record_id"], v["source_address"]) for v in views] == [("sw_a", "c-1", "10.0.0.9")]

    usernames_created = {
        r["record_id"] for r in rows if r["action"] == "create" and r["record_type"] == "accounts.user"
    }
    assert str(cast.sw_b.pk) not in usernames_created
    assert str(cast.sw.pk) in usernames_created
    assert all(r["record_id"] != "c-b" for r in rows)


def test_the_window_is_whole_days_in_the_county_zone(cast, api):
    # 2026-03-11 06:30 UTC is still 10 March in Los Angeles (PDT, UTC-7).
    AccessEvent.objects.create(
        county=cast.sw.county,
        user=cast.sw,
        at="2026-03-11T06:30Z",
        record_type="x",
        record_id="late-evening",
        via="page",
    )
    AccessEvent.objects.create(
        county=cast.sw.county,
        user=cast.sw,
        at="2026-03-11T07:30Z",
        record_type="x",
        record_id="next-morning",
        via="page",
    )
    ids = {r["record_id"] for r in rows_of(export(api, cast.admin, since="2026-03-10", until="2026-03-10"))}
    assert "late-evening" in ids and "next-morning" not in ids


@pytest.mark.parametrize("role_user", ["sw", "po", "supervisor"])
def test_only_a_county_admin_may_export(cast, api, role_user):
    assert export(api, getattr(cast, role_user), since="2026-01-01", until="2026-01-02").status_code == 403


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "since"),
        ({"since": "2026-01-01"}, "until"),
        ({"since": "yesterday", "until": "2026-01-02"}, "since"),
        ({"since": "2026-01-05", "until": "2026-01-02"}, "until"),
    ],
)
def test_bad_dates_are_a_400_naming_the_field(cast, api, params, field):
    answer = export(api, cast.admin, **params)
    assert answer.status_code == 400
    assert field in answer.json()


def test_anonymous_is_401(api):
    assert (
        api().get("/api/v1/audit/export/", {"since": "2026-01-01", "until": "2026-01-01"}).status_code == 401
    )


def test_deleted_records_are_exported_as_delete(cast, api):
    doomed = User.objects.create(username="temp", county=cast.sw.county)
    doomed_id = str(doomed.pk)
    doomed.delete()
    today = today_in_county(cast.admin)
    actions = [
        r["action"]
        for r in rows_of(export(api, cast.admin, since=today, until=today))
        if r["record_id"] == doomed_id
    ]
    assert actions == ["create", "delete"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=9999-12-31&until=9999-12-31", "since"),
        ("since=2026-01-01&until=9999-12-31", "until"),
        ("since=0001-01-01&until=0001-01-02", "since"),
        ("since=1899-12-31&until=1900-01-01", "since"),
    ],
)
def test_an_absurd_window_is_a_400_naming_the_field_never_a_server_error(api, cast, query, field):
    answer = api(cast.admin).get(f"/api/v1/audit/export/?{query}")
    assert answer.status_code == 400
    assert field in answer.json()
