"""`manage.py seed_scale` at a small scale: the sizes are in proportion, every row is one the application could have
written (its model's own checks, the clock rules, history from creation to the live row), and the pages and APIs
answer on it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client as Browser
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from accounts.audit import tracked_models
from accounts.models import AccessEvent, County, User
from caseplans.selectors import flagged_clients
from cse_casework.scale import HISTORY_COLUMNS, ScaleSeedError, Sizes, seed_scale
from kernel.roles import Role
from referrals.models import Client, Contact, MissingEpisode, Referral
from reporting import rules
from reporting.episode_rules import cse_concern_when_discovered
from reporting.models import Deadline, Notification, Report
from reporting.reports import CLOCK_OF_REPORT

SCALE = 0.004
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seed for the module, committed (as the command does), emptied afterwards."""
    with django_db_blocker.unblock():
        summary = seed_scale(scale=SCALE, county_name="Scale County", prefix="sc")
        yield summary
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def county(seeded):
    return County.objects.get(name="Scale County")


def test_the_sizes_are_in_proportion_to_the_scale(seeded):
    sizes = Sizes.at(SCALE)
    counts = seeded.counts
    assert counts["children"] == sizes.children
    assert 1.5 * sizes.children <= counts["referrals"] <= 1.8 * sizes.children
    assert 2.5 * sizes.children <= counts["clocks"] <= 4 * sizes.children
    assert 0.05 * counts["clocks"] <= counts["open clocks"] <= 0.2 * counts["clocks"]
    assert counts["access events in the month"] == sizes.month_access_events
    assert (
        abs(counts["history rows in the month"] - sizes.month_history_rows) < 0.05 * sizes.month_history_rows
    )


def test_a_second_seed_of_the_county_is_refused(seeded):
    with pytest.raises(ScaleSeedError):
        seed_scale(scale=SCALE, county_name="Scale County", prefix="sc2")


def test_every_record_has_its_history_from_creation_and_the_live_row_is_its_last_version(county):
    checked = 0
    with connection.cursor() as cur:
        for model in tracked_models():
            history = get_history_model_for_model(model)
            columns = [f.column for f in history._meta.concrete_fields if f.column not in HISTORY_COLUMNS]
            # What the sweep stamps without history (DESIGN.md: bookkeeping, not a change).
            if model is Deadline:
                columns = [c for c in columns if c not in {"reminder_sent_at", "alert_sent_at"}]
            live, hist = model._meta.db_table, history._meta.db_table
            pk = model._meta.pk.column
            live_cols = ", ".join(f"l.{c}" for c in columns)
            hist_cols = ", ".join(f"h.{c}" for c in columns)
            cur.execute(
                f"""SELECT count(*), count(*) FILTER (WHERE first.history_type IS DISTINCT FROM '+'),
                           count(*) FILTER (WHERE ({live_cols}) IS DISTINCT FROM ({hist_cols}))
                    FROM {live} l
                    LEFT JOIN LATERAL (SELECT * FROM {hist} x WHERE x.{pk} = l.{pk}
                                       ORDER BY x.history_id LIMIT 1) first ON true
                    LEFT JOIN LATERAL (SELECT * FROM {hist} x WHERE x.{pk} = l.{pk}
                                       ORDER BY x.history_id DESC LIMIT 1) h ON true"""
            )
            rows, without_creation, differing = cur.fetchone()
            assert (model._meta.label, without_creation, differing) == (model._meta.label, 0, 0)
            checked += rows
            # Versions in time order: a later history id is never an earlier instant.
            cur.execute(
                f"""SELECT count(*) FROM (SELECT history_date < lag(history_date) OVER
                        (PARTITION BY {pk} ORDER BY history_id) AS back FROM {hist}) v WHERE back"""
            )
            assert cur.fetchone()[0] == 0, model._meta.label
    assert checked > 10 * Sizes.at(SCALE).children


@pytest.mark.parametrize("label", ["referrals.client", "referrals.referral", "reporting.deadline",
                                   "referrals.missingepisode", "screening.screening", "reporting.report",
                                   "caseplans.plannedservice", "referrals.allegation", "accounts.user"])  # fmt: skip
def test_rows_pass_their_models_own_checks(county, label):
    from django.apps import apps

    model = apps.get_model(label)
    sample = list(model.objects.order_by("?")[:25])
    assert sample
    for row in sample:
        row.full_clean(exclude=["password"])


def test_clocks_follow_the_rules(county):
    clocks = list(Deadline.objects.filter(county=county).select_related("client", "met_by_report"))
    zone = county.zone
    for clock in clocks:
        client = clock.client
        assert client.cws_category_on(clock.started_at.astimezone(zone).date()).receiving_cws, clock
        assert clock.remind_at == rules.reminder_at(clock.started_at, clock.due_at, timedelta(hours=4))
        if clock.kind == "in_person_response" and clock.due_at - clock.started_at > timedelta(hours=24):
            received = clock.referral.received_at
            assert clock.due_at == rules.ten_day_response_due(received, zone)
        elif clock.kind == "whereabouts_reconfirmation":
            assert clock.due_at - clock.started_at == timedelta(days=30)
        elif clock.kind == "return_assessment":
            assert clock.due_at - clock.started_at == timedelta(hours=72)
        else:
            assert clock.due_at - clock.started_at == timedelta(hours=24), clock.kind
        if clock.met_at is not None:
            assert clock.met_at >= clock.started_at
            assert clock.met_late == (clock.met_at > clock.due_at)
        if clock.met_by_report is not None:
            report = clock.met_by_report
            assert (report.made_at, report.client_id) == (clock.met_at, clock.client_id)
            assert CLOCK_OF_REPORT[report.kind] == clock.kind
        overdue_unmet = clock.met_at is None and clock.cancelled_at is None and clock.due_at < timezone.now()
        if overdue_unmet:
            assert clock.alert_sent_at is not None
    kinds = {c.kind for c in clocks}
    assert {"in_person_response", "law_enforcement_report", "whereabouts_reconfirmation", "ncmec_report",
            "return_assessment"} <= kinds  # fmt: skip


def test_an_in_person_response_is_met_by_the_first_in_person_contact(county):
    for clock in Deadline.objects.filter(county=county, kind="in_person_response").select_related("referral"):
        first = (
            Contact.objects.filter(referral=clock.referral, in_person=True, made_at__gte=clock.started_at)
            .order_by("made_at")
            .first()
        )
        assert clock.met_at == (first.made_at if first else None)


def test_reports_meet_what_they_answer(county):
    for report in Report.objects.filter(county=county):
        assert Deadline.objects.filter(met_by_report=report).exists(), report


def test_missing_episodes_one_open_per_child_and_concern_as_the_rule_says(county):
    episodes = list(MissingEpisode.objects.filter(county=county).select_related("client__county"))
    assert episodes
    open_per_child = {}
    for episode in episodes:
        if episode.returned_at is None:
            assert episode.client_id not in open_per_child
            open_per_child[episode.client_id] = episode
        expected = cse_concern_when_discovered(
            episode.client, episode.discovered_at, episode.reasonably_believed_cse
        )
        assert episode.cse_concern == expected
        periods = Deadline.objects.filter(missing_episode=episode, kind="whereabouts_reconfirmation")
        if episode.returned_at is None:
            assert sorted(periods.values_list("due_at", flat=True)) == rules.reconfirmation_dues(
                episode.discovered_at, timezone.now()
            )


def test_users_are_supervisors_with_units_workers_and_admins(county):
    users = User.objects.filter(county=county)
    workers = users.filter(role__in=[Role.SOCIAL_WORKER, Role.PROBATION_OFFICER])
    assert users.filter(role=Role.COUNTY_ADMIN).exists()
    assert not workers.filter(supervisor__isnull=True).exists()
    assert set(workers.values_list("supervisor__role", flat=True)) == {Role.SUPERVISOR}
    assert not Client.objects.filter(county=county, assigned_worker__is_active=False).exists()
    assert not AccessEvent.objects.filter(county=county).exclude(user__county=county).exists()


def test_the_dashboard_has_overdue_clocks_and_case_plan_flags(county):
    admin = User.objects.get(username="sc_admin")
    assert flagged_clients(admin)
    assert Notification.objects.filter(county=county, kind="overdue").exists()


@pytest.mark.parametrize("role", ["county_admin", "supervisor", "social_worker"])
def test_pages_and_apis_answer_on_the_seeded_county(county, role):
    user = User.objects.filter(county=county, role=role, is_active=True).order_by("username").first()
    browser = Browser()
    browser.force_login(user)
    child = Client.objects.filter(county=county, missing_episodes__isnull=False).order_by("pk").first()
    if role == "social_worker":
        child = Client.objects.filter(assigned_worker=user).order_by("pk").first() or child
    referral = Referral.objects.filter(client=child).first()
    episode = MissingEpisode.objects.filter(client=child).first()
    paths = ["/", "/clients/", "/api/v1/clients/", "/api/v1/deadlines/", "/notifications/",
             "/api/v1/notifications/", "/training/"]  # fmt: skip
    if role != "county_admin":
        paths += [f"/clients/{child.pk}/", f"/api/v1/clients/{child.pk}/", f"/referrals/{referral.pk}/",
                  f"/clients/{child.pk}/clocks/", f"/clients/{child.pk}/case-plan/"]  # fmt: skip
        if episode is not None:
            paths.append(f"/missing-episodes/{episode.pk}/")
    if role != "social_worker":
        paths += ["/dashboard/", "/api/v1/dashboard/", "/case-plans/flags/", "/api/v1/case-plan-flags/"]
    for path in paths:
        answer = browser.get(path)
        assert answer.status_code in (200, 403), (path, answer.status_code)
        if role == "supervisor" or path in ("/", "/clients/", "/dashboard/"):
            assert answer.status_code == 200, path


def test_the_command_prints_the_sizes_and_the_logins(seeded):
    out = StringIO()
    with pytest.raises(Exception, match="already has children"):
        call_command("seed_scale", "--scale", str(SCALE), "--county", "Scale County", "--prefix", "sc3",
                     stdout=out)  # fmt: skip
