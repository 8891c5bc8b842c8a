import csv
import io
import json
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from accounts.audit import HEADER, county_lookup, csv_line, tracked_models, trailer_rows, window
from accounts.models import AccessEvent, AuditExport, User
from kernel.history import save_with_history
from referrals.models import Client
from screening.models import Screening

pytestmark = pytest.mark.django_db


def export(api, requester, **params):
    answer = api(requester).get("/api/v1/audit/export/", params)
    return answer


def rows_of(answer):
    """The export's rows, once its trailer has said it is complete and counted them."""
    body = b"".join(answer.streaming_content).decode()
    header, *rows, trailer = list(csv.reader(io.StringIO(body)))
    assert trailer_rows(csv_line(trailer)) == len(rows), trailer
    return [dict(zip(header, row, strict=True)) for row in rows]


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


# --- Every column, at disk speed: what the v1 export wrote, row for row -----------------------------------------

EXCLUDED = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def json_value(value):
    """How the export writes a field's value: ISO 8601 instants and dates, ids as strings, JSON as JSON."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def expected_rows(county, since, until):
    """The export as v1 computed it, one record at a time in Python: the reference the SQL must match."""
    start, end = window(since, until, county.zone)
    found = []
    models_ = tracked_models()
    for ordinal, model in enumerate(models_):
        history = get_history_model_for_model(model)
        fields = [f for f in history._meta.fields if f.name not in EXCLUDED]
        rows = history.objects.filter(
            **{county_lookup(model): county.pk}, history_date__gte=start, history_date__lt=end
        )
        for row in rows.select_related("history_user"):
            values = {f.attname: json_value(getattr(row, f.attname)) for f in fields}
            earlier = (
                history.objects.filter(id=row.id, history_id__lt=row.history_id)
                .order_by("-history_id")
                .first()
            )
            before = (
                {f.attname: json_value(getattr(earlier, f.attname)) for f in fields}
                if earlier is not None and row.history_type != "+"
                else {}
            )
            changes = {k: [before.get(k), v] for k, v in values.items() if before.get(k) != v}
            found.append(
                (
                    (row.history_date, ordinal, row.history_id, ""),
                    [
                        row.history_date.isoformat(),
                        row.history_user.username if row.history_user else "",
                        {"+": "create", "~": "update", "-": "delete"}[row.history_type],
                        model._meta.label_lower,
                        str(row.id),
                        {} if row.history_type == "-" else changes,
                        row.history_change_reason or "",
                        "",
                    ],
                )
            )
    for event in AccessEvent.objects.filter(county=county, at__gte=start, at__lt=end).select_related("user"):
        found.append(
            (
                (event.at, len(models_), 0, str(event.id)),
                [
                    event.at.isoformat(),
                    event.user.username,
                    "view",
                    event.record_type,
                    event.record_id,
                    {"via": event.via, "path": event.path},
                    "",
                    event.source_address or "",
                ],
            )
        )
    return [row for _, row in sorted(found, key=lambda item: item[0])]


def records_of_every_kind(cast):
    """Creations, corrections with awkward reasons, a JSON field, a deletion, reads from IPv4 and IPv6."""
    client = Client(
        county=cast.sw.county,
        first_name='Ana, "Nana"',
        last_name="Ruiz",
        date_of_birth=date(2011, 4, 2),
        assigned_worker=cast.sw,
        created_by=cast.sw,
        foster_care_status="in_foster_care",
    )
    save_with_history(client, cast.sw, "client recorded")
    client.last_name = "Ruiz-Gómez"
    save_with_history(client, cast.supervisor, 'name corrected, see "intake"\nsecond line')
    Screening.objects.create(
        county=cast.sw.county,
        client=client,
        performed_at=timezone.now(),
        performed_by=cast.sw,
        context="visit",
        indicators=["frequent_truancy", "substance_abuse"],
        at_risk=True,
        basis="two_other_indicators",
        rule_version="test",
    )
    doomed = User.objects.create(username="leaving", county=cast.sw.county)
    doomed.delete()
    now = timezone.now()
    for user, address, path in (
        (cast.sw, "10.1.2.3", f"/clients/{client.pk}/"),
        (cast.supervisor, "2001:db8::7", f"/api/v1/clients/?q=Ruiz,%20Ana&x={client.pk}"),
    ):
        AccessEvent.objects.create(
            county=cast.sw.county,
            user=user,
            at=now,
            record_type="referrals.client",
            record_id=str(client.pk),
            via="page",
            path=path,
            source_address=address,
        )
    return client


def test_every_column_of_every_row_is_what_the_records_say(cast, api):
    records_of_every_kind(cast)
    today = timezone.localdate(timezone=cast.admin.county.zone)
    rows = rows_of(export(api, cast.admin, since=today.isoformat(), until=today.isoformat()))
    # The export's own record (asked for, then done) is written around the stream: compared elsewhere.
    rows = [r for r in rows if r["record_type"] != "accounts.auditexport"]
    wanted = [r for r in expected_rows(cast.admin.county, today, today) if r[3] != "accounts.auditexport"]
    assert len(rows) == len(wanted) > 10
    for row, expected in zip(rows, wanted, strict=True):
        got = [row[column] for column in HEADER]
        got[5] = json.loads(got[5])
        assert got == expected


def test_a_change_and_a_read_name_who_did_them_in_csv_as_python_writes_it(cast, api):
    client = records_of_every_kind(cast)
    today = today_in_county(cast.admin)
    body = b"".join(export(api, cast.admin, since=today, until=today).streaming_content).decode()
    update = next(
        r for r in rows_of_text(body) if r["action"] == "update" and r["record_id"] == str(client.pk)
    )
    assert update["user"] == "sup_a"
    assert json.loads(update["changes"]) == {
        "last_name": ["Ruiz", "Ruiz-Gómez"],
        "updated_at": json.loads(update["changes"])["updated_at"],
    }
    assert update["reason"] == 'name corrected, see "intake"\nsecond line'
    read = next(
        r for r in rows_of_text(body) if r["action"] == "view" and r["source_address"] == "2001:db8::7"
    )
    assert read["user"] == "sup_a"
    # Byte for byte what Python's csv module writes for the same fields (quoting, doubled quotes, CRLF).
    assert csv_line([read[column] for column in HEADER]) in body
    assert csv_line([update[column] for column in HEADER]) in body


def of_records(rows):
    """The rows about the case record: not the exports' own (each export adds its record as it runs)."""
    return [r for r in rows if r["record_type"] != "accounts.auditexport"]


def rows_of_text(body):
    header, *rows, _trailer = list(csv.reader(io.StringIO(body)))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_trailer_counts_the_rows_and_says_complete(cast, api):
    records_of_every_kind(cast)
    today = today_in_county(cast.admin)
    body = b"".join(export(api, cast.admin, since=today, until=today).streaming_content).decode()
    last = body.splitlines()[-1]
    assert last.startswith("# complete,")
    assert trailer_rows(last) == len(rows_of_text(body))


@pytest.mark.parametrize(
    ("narrowed", "kept"),
    [
        ({"action": "view"}, lambda r: r["action"] == "view"),
        ({"action": "update"}, lambda r: r["action"] == "update"),
        ({"record_type": "screening.screening"}, lambda r: r["record_type"] == "screening.screening"),
    ],
)
def test_an_export_narrowed_to_an_action_or_a_record_type_keeps_only_those_rows(cast, api, narrowed, kept):
    records_of_every_kind(cast)
    today = today_in_county(cast.admin)
    everything = of_records(rows_of(export(api, cast.admin, since=today, until=today)))
    narrow = of_records(rows_of(export(api, cast.admin, since=today, until=today, **narrowed)))
    assert narrow
    assert narrow == [r for r in everything if kept(r)]


def test_an_export_narrowed_to_a_user_keeps_what_they_did_and_read(cast, api):
    records_of_every_kind(cast)
    today = today_in_county(cast.admin)
    everything = of_records(rows_of(export(api, cast.admin, since=today, until=today)))
    narrow = of_records(
        rows_of(export(api, cast.admin, since=today, until=today, user=str(cast.supervisor.pk)))
    )
    assert {r["action"] for r in narrow} == {"update", "view"}
    assert narrow == [r for r in everything if r["user"] == "sup_a"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"record_type": "referrals.nothing"}, "record_type"),
        ({"action": "erase"}, "action"),
        ({"user": "not-an-id"}, "user"),
    ],
)
def test_an_unknown_filter_is_a_400_naming_it(cast, api, params, field):
    today = today_in_county(cast.admin)
    answer = export(api, cast.admin, since=today, until=today, **params)
    assert answer.status_code == 400
    assert field in answer.json()


def test_a_user_of_another_county_is_no_filter(cast, api):
    today = today_in_county(cast.admin)
    answer = export(api, cast.admin, since=today, until=today, user=str(cast.sw_b.pk))
    assert answer.status_code == 400
    assert "user" in answer.json()


def test_a_range_larger_than_one_request_answers_409_pointing_to_the_job(cast, api, settings):
    settings.AUDIT_EXPORT_SYNC_MAX_ROWS = 3
    records_of_every_kind(cast)
    today = today_in_county(cast.admin)
    answer = export(api, cast.admin, since=today, until=today)
    assert answer.status_code == 409
    body = answer.json()
    assert set(body) == {"detail", "export_job"}
    assert body["export_job"].endswith("/api/v1/audit/exports/")
    assert not AuditExport.objects.exists()  # nothing was written, nothing half-written


def test_the_query_count_does_not_grow_with_the_rows(cast, api):
    today = timezone.localdate(timezone=cast.admin.county.zone)

    def queries_for(reads):
        AccessEvent.objects.bulk_create(
            AccessEvent(
                county=cast.sw.county,
                user=cast.sw,
                at=timezone.now(),
                record_type="referrals.client",
                record_id=str(n),
                via="api",
            )
            for n in range(reads)
        )
        with CaptureQueriesContext(connection) as captured:
            rows = rows_of(export(api, cast.admin, since=today.isoformat(), until=today.isoformat()))
        return len(captured), len(rows)

    few_queries, few_rows = queries_for(10)
    many_queries, many_rows = queries_for(5_000)
    assert many_rows > few_rows + 4_999
    assert many_queries == few_queries


def test_a_streamed_export_is_itself_audited_with_who_the_range_and_the_rows(cast, api):
    records_of_every_kind(cast)
    today = today_in_county(cast.admin)
    rows = rows_of(export(api, cast.admin, since=today, until=today, action="view"))
    job = AuditExport.objects.get()
    assert (job.requested_by, str(job.since), str(job.until), job.action) == (
        cast.admin,
        today,
        today,
        "view",
    )
    assert (job.status, job.rows_written, job.streamed) == ("done", len(rows), True)
    reasons = list(job.history.order_by("history_id").values_list("history_change_reason", "history_user"))
    assert reasons[0] == (f"Audit export requested: {today} to {today} (action view)", cast.admin.pk)
    assert reasons[-1][0] == f"Audit export complete: {len(rows)} rows"
    # The audit of the audit is in the next export.
    later = rows_of(export(api, cast.admin, since=today, until=today, record_type="accounts.auditexport"))
    assert [r["user"] for r in later if r["action"] == "create"] == ["admin_a", "admin_a"]
