"""A county at the size of Los Angeles, written in a few minutes by set-based inserts (INSERT ... SELECT over
generate_series), for the benchmarks that must hold at that size (`manage.py seed_scale`, `python -m bench --scale
la`).

At scale 1: about 100,000 children, 170,000 referrals, 300,000 clocks of which about 30,000 open, and in the last
whole month (the export month) about a million history rows and a million access events. Every row is one the
application could have written: the rules of DOMAIN.md hold (clocks only for children receiving child welfare
services, due and met times as the rules give them, one open law-enforcement clock per child, one open missing
episode per child, reports and contacts meeting what they meet), every record has its history from its
creation on (the live row is its last version, history ids in time order), and the users are supervisors with
their units, workers with caseloads and county admins.

Pseudo-random choices are a hash of the row's number (`pg_temp.u(n, salt)`, uniform in [0, 1)), so a seed at a
given scale and instant is reproducible. Staging tables (`s_*`, temporary) carry each record's facts from the
statement that decides them to those that depend on them.
"""

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from accounts.models import AccessEvent, County, User, UserPrivilege
from accounts.services import county_get_or_create
from caseplans.catalogue import AT_RISK_SERVICES, VICTIM_SERVICES
from caseplans.models import CasePlan, CftMeeting, PlannedService
from kernel.roles import Role
from referrals.models import (
    Allegation,
    Client,
    Contact,
    CsecRow,
    LocateAttempt,
    MissingEpisode,
    Reconfirmation,
    Referral,
    ReferralCode,
)
from reporting.models import (
    Deadline,
    EmailDelivery,
    Notification,
    NotificationClock,
    Report,
    ReportKind,
    ReportMethod,
)
from screening import rules
from screening.models import Screening
from training.models import Completion

SCALE_PASSWORD = "scale-password-2026"
HISTORY_COLUMNS = ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")


@dataclass(frozen=True)
class Sizes:
    """How much of everything at a scale (1 is Los Angeles)."""

    scale: float
    admins: int
    supervisors: int
    workers: int
    children: int
    second_referrals: int
    month_access_events: int
    month_history_rows: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def of(n: int, least: int) -> int:
            return max(least, round(n * scale))

        return cls(
            scale=scale,
            admins=3,
            supervisors=of(500, 2),
            workers=of(4_000, 16),
            children=of(100_000, 50),
            second_referrals=of(70_000, 30),
            month_access_events=of(1_000_000, 500),
            month_history_rows=of(1_000_000, 500),
        )


@dataclass
class SeedSummary:
    county: str
    scale: float
    month_start: datetime
    month_end: datetime
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    phases: list[tuple[str, float]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


class ScaleSeedError(RuntimeError):
    """The seed cannot run here (the county already has children, a username is taken)."""


FIRST_NAMES = [
    "Sofia", "Isabella", "Camila", "Valentina", "Mia", "Emma", "Olivia", "Ava", "Luna", "Aaliyah", "Maya",
    "Zoe", "Layla", "Nevaeh", "Ximena", "Daniela", "Gabriela", "Jasmine", "Destiny", "Angelina", "Kimberly",
    "Brianna", "Alexa", "Naomi", "Leah", "Jayla", "Genesis", "Aria", "Victoria", "Hannah", "Liam", "Noah",
    "Mateo", "Sebastian", "Elijah", "Santiago", "Daniel", "Julian", "Adrian", "Angel", "Diego", "Jayden",
    "Isaiah", "Josiah", "Ethan", "Gabriel", "Christopher", "Anthony", "Joshua", "David", "Jesus", "Carlos",
    "Marcus", "Andre", "Malik", "Kevin", "Brandon", "Tyler", "Luis", "Jose",
]  # fmt: skip
LAST_NAMES = [
    "Garcia", "Hernandez", "Lopez", "Martinez", "Gonzalez", "Rodriguez", "Perez", "Sanchez", "Ramirez",
    "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutierrez", "Chavez",
    "Ramos", "Ruiz", "Alvarez", "Mendoza", "Castillo", "Jimenez", "Moreno", "Romero", "Herrera", "Medina",
    "Aguilar", "Vargas", "Castro", "Guzman", "Fernandez", "Juarez", "Salazar", "Estrada", "Smith", "Johnson",
    "Williams", "Brown", "Jones", "Davis", "Miller", "Wilson", "Anderson", "Thomas", "Jackson", "White",
    "Harris", "Martin", "Thompson", "Robinson", "Clark", "Lewis", "Walker", "Hall", "Young", "Allen", "King",
    "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Nguyen", "Tran",
    "Le", "Pham", "Kim", "Park", "Lee", "Chen", "Wang", "Santos",
]  # fmt: skip

# Indicator sets a screening may record, with what the rule makes of them (computed below, never by hand).
NEGATIVE_SETS = [
    [],
    [],
    [],
    ["frequent_truancy"],
    ["runaway_or_unstable_housing"],
    ["substance_abuse"],
    ["law_enforcement_involvement"],
]
POSITIVE_SETS = [
    ["controlled_or_groomed"],
    ["associates_with_commercial_sex", "runaway_or_unstable_housing"],
    ["atypical_online_sexual_behavior"],
    ["runaway_or_unstable_housing", "frequent_truancy"],
    ["concerning_relationships", "substance_abuse", "law_enforcement_involvement"],
    ["controlled_or_groomed", "concerning_relationships"],
]


def previous_month(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The last whole calendar month before `now`, in the county's zone: the month the export benchmark reads."""
    today = now.astimezone(zone).date()
    end_day = today.replace(day=1)
    start_day = (end_day - timedelta(days=1)).replace(day=1)
    return (
        datetime.combine(start_day, datetime.min.time(), tzinfo=zone),
        datetime.combine(end_day, datetime.min.time(), tzinfo=zone),
    )


# --- SQL building ---------------------------------------------------------------------------------------------


def literal(value: object) -> str:
    """A model default as SQL (constants of the models' own definitions, never input)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list) and not value:
        return "'[]'::jsonb"
    raise ValueError(f"no SQL literal for {value!r}")


def default_of(model_field: "models.Field[Any, Any]") -> str:
    if model_field.null:
        return "NULL"
    if model_field.has_default() and callable(model_field.default) and model_field.default is list:
        return "'[]'::jsonb"
    if model_field.has_default() and callable(model_field.default):
        raise ValueError(f"{model_field} needs a value: its default is computed")
    if model_field.has_default() or model_field.empty_strings_allowed:
        return literal(model_field.get_default())
    raise ValueError(f"{model_field} needs a value")


def is_serial(model_field: "models.Field[Any, Any]") -> bool:
    return isinstance(model_field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def insert_live(
    cur: CursorWrapper,
    model: type[models.Model],
    source: str,
    values: Mapping[str, str],
    params: Mapping[str, Any],
) -> int:
    """INSERT every concrete column of `model`: `values[column]` where given (an SQL expression over `source`),
    the model's default otherwise."""
    fields = [f for f in model._meta.concrete_fields if str(f.column) in values or not is_serial(f)]
    unknown = set(values) - {str(f.column) for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    columns = ", ".join(str(f.column) for f in fields)
    exprs = ", ".join(values.get(str(f.column)) or default_of(f) for f in fields)
    cur.execute(f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {exprs} FROM {source}", params)  # noqa: S608
    return cur.rowcount


def insert_history(
    cur: CursorWrapper,
    model: type[models.Model],
    source: str,
    *,
    kind: str,
    at: str,
    user: str,
    reason: str,
    params: Mapping[str, Any],
    values: Mapping[str, str] | None = None,
) -> int:
    """The history rows of `model` for the rows `source` (aliased `t`) yields: each version as `t` holds it, but
    for the columns `values` gives. Written in time order, so history ids follow the versions of each record."""
    history = get_history_model_for_model(model)
    fields = [f for f in history._meta.concrete_fields if f.column not in HISTORY_COLUMNS]
    values = values or {}
    columns = ", ".join(f.column for f in fields)
    exprs = ", ".join(values.get(f.column, f"t.{f.column}") for f in fields)
    cur.execute(
        f"INSERT INTO {history._meta.db_table} ({columns}, history_date, history_change_reason, history_type, "  # noqa: S608
        f"history_user_id) SELECT {exprs}, {at}, {reason}, '{kind}', {user} FROM {source} ORDER BY {at}",
        params,
    )
    return cur.rowcount


def run(cur: CursorWrapper, statements: Iterable[str], params: Mapping[str, Any]) -> None:
    for statement in statements:
        cur.execute(statement, params)


def labels_case(column: str, choices: Iterable[tuple[str, str]]) -> str:
    """A CASE mapping a code column to its label (the labels of the models' own choices)."""
    whens = " ".join(f"WHEN {literal(code)} THEN {literal(label)}" for code, label in choices)
    return f"(CASE {column} {whens} END)"


# --- the phases -----------------------------------------------------------------------------------------------

HELPERS = [
    # u(n, salt): a uniform pseudo-random number in [0, 1) from a row's number; inlined by the planner.
    """CREATE OR REPLACE FUNCTION pg_temp.u(n bigint, salt int) RETURNS double precision
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $$ SELECT (hashint8(n * 7919 + salt * 104729) & 2147483647)::double precision / 2147483648.0 $$""",
    # secs(x): x seconds as an interval.
    """CREATE OR REPLACE FUNCTION pg_temp.secs(x double precision) RETURNS interval
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT make_interval(secs => x) $$""",
    """CREATE OR REPLACE FUNCTION pg_temp.pick(arr text[], x double precision) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT arr[1 + floor(x * cardinality(arr))::int] $$""",
]


def seed_users(cur: CursorWrapper, sizes: Sizes, params: dict[str, Any]) -> None:
    """County admins, supervisors, and workers in units of about eight under each supervisor; one in 50 workers
    has left (the account closed, nothing assigned to them), one in eight is a probation officer."""
    run(
        cur,
        [
            """CREATE TEMP TABLE s_user AS
               SELECT n, gen_random_uuid() AS id,
                      CASE WHEN n <= %(admins)s THEN 'county_admin'
                           WHEN n <= %(admins)s + %(sups)s THEN 'supervisor'
                           WHEN n %% 8 = 7 THEN 'probation_officer'
                           ELSE 'social_worker' END AS role,
                      CASE WHEN n <= %(admins)s THEN NULL
                           WHEN n <= %(admins)s + %(sups)s THEN NULL
                           ELSE %(admins)s + 1 + (n %% %(sups)s) END AS sup_n,
                      NOT (n > %(admins)s + %(sups)s AND n %% 50 = 49) AS active,
                      %(now)s - pg_temp.secs(86400 * (400 + 1000 * pg_temp.u(n, 101))) AS joined,
                      pg_temp.pick(%(first)s, pg_temp.u(n, 102)) AS first_name,
                      pg_temp.pick(%(last)s, pg_temp.u(n, 103)) AS last_name
               FROM generate_series(1, %(admins)s + %(sups)s + %(workers)s) AS n""",
            """ALTER TABLE s_user ADD COLUMN username text, ADD COLUMN left_at timestamptz""",
            """UPDATE s_user SET username = %(prefix)s || '_' || CASE role
                   WHEN 'county_admin' THEN 'admin' || CASE WHEN n = 1 THEN '' ELSE n::text END
                   WHEN 'supervisor' THEN 'sup_' || lpad((n - %(admins)s)::text, 4, '0')
                   WHEN 'probation_officer' THEN 'po_' || lpad((n - %(admins)s - %(sups)s)::text, 5, '0')
                   ELSE 'sw_' || lpad((n - %(admins)s - %(sups)s)::text, 5, '0') END,
               left_at = CASE WHEN active THEN NULL
                              ELSE %(now)s - pg_temp.secs(86400 * (5 + 300 * pg_temp.u(n, 104))) END""",
            "CREATE UNIQUE INDEX ON s_user (n)",
            # The active case-carrying workers, numbered 1..k: clients are assigned by that number.
            """CREATE TEMP TABLE s_worker AS
               SELECT row_number() OVER (ORDER BY w.n) AS k, w.id, w.n AS user_n, w.role, s.id AS sup_id
               FROM s_user w JOIN s_user s ON s.n = w.sup_n
               WHERE w.role IN ('social_worker', 'probation_officer') AND w.active""",
            "CREATE UNIQUE INDEX ON s_worker (k)",
        ],
        params,
    )
    cur.execute("SELECT count(*) FROM s_worker")
    params["active_workers"] = cur.fetchone()[0]
    agency_kind = "CASE WHEN s.role = 'probation_officer' THEN 'probation' ELSE 'child_welfare' END"
    insert_live(
        cur,
        User,
        f"s_user s LEFT JOIN s_user sup ON sup.n = s.sup_n JOIN accounts_agency a ON a.county_id = %(county)s "
        f"AND a.kind = {agency_kind} ORDER BY s.n",
        {
            "id": "s.id",
            "password": "%(password)s",
            "username": "s.username",
            "first_name": "s.first_name",
            "last_name": "s.last_name",
            "email": "s.username || '@example.invalid'",
            "is_active": "s.active",
            "date_joined": "s.joined",
            "role": "s.role",
            "supervisor_id": "sup.id",
            "agency_id": "a.id",
            "county_id": "%(county)s",
        },
        params,
    )
    user_source = "accounts_user t JOIN s_user s ON s.id = t.id"
    insert_history(
        cur,
        User,
        user_source,
        kind="+",
        at="t.date_joined",
        user="(SELECT id FROM s_user WHERE n = 1)",
        reason="'account created'",
        values={"is_active": "true"},
        params=params,
    )
    insert_history(
        cur,
        User,
        user_source + " WHERE NOT s.active",
        kind="~",
        at="s.left_at",
        user="(SELECT id FROM s_user WHERE n = 1)",
        reason="'account closed'",
        params=params,
    )
    # One social worker in ten may update closed cases (victim_closed_case_ilp rows).
    cur.execute(
        """CREATE TEMP TABLE s_privilege AS
           SELECT gen_random_uuid() AS id, s.id AS user_id, s.joined + interval '1 day' AS granted_at
           FROM s_user s WHERE s.role = 'social_worker' AND s.n %% 10 = 3""",
        params,
    )
    insert_live(
        cur,
        UserPrivilege,
        "s_privilege s",
        {
            "id": "s.id",
            "user_id": "s.user_id",
            "code": "'closed_case_update'",
            "granted_at": "s.granted_at",
            "granted_by_id": "(SELECT id FROM s_user WHERE n = 1)",
        },
        params,
    )
    insert_history(
        cur,
        UserPrivilege,
        "accounts_userprivilege t JOIN s_privilege s ON s.id = t.id",
        kind="+",
        at="t.granted_at",
        user="t.granted_by_id",
        reason="'privilege granted'",
        params=params,
    )


def seed_clients(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """The children: most in foster care or with an open case (receiving child welfare services, so their clocks
    run), some discharged or with no case (no clock starts for them unless they receive Chafee services). A
    quarter were referred for commercial sexual exploitation: they are identified (a CSEC row), more than half
    of them as victims."""
    run(
        cur,
        [
            """CREATE TEMP TABLE s_client AS
               SELECT n, gen_random_uuid() AS id, w.id AS worker_id, w.sup_id, w.role = 'probation_officer' AS po,
                      (%(today)s::date - (1461 + floor(6170 * pg_temp.u(n, 2)))::int) AS dob,
                      pg_temp.u(n, 3) AS status_u,
                      %(now)s - interval '5 hours' - pg_temp.secs(86400 * 730 * pg_temp.u(n, 4)) AS r1,
                      pg_temp.u(n, 7) < 0.25 AS identified,
                      pg_temp.u(n, 10) < 0.55 AS victim,
                      pg_temp.pick(%(first)s, pg_temp.u(n, 11)) AS first_name,
                      pg_temp.pick(%(last)s, pg_temp.u(n, 12)) AS last_name,
                      CASE WHEN pg_temp.u(n, 8) < 0.55 THEN 'female' WHEN pg_temp.u(n, 8) < 0.97 THEN 'male'
                           WHEN pg_temp.u(n, 8) < 0.98 THEN 'nonbinary' ELSE 'unknown' END AS sex
               FROM generate_series(1, %(children)s) AS n
               JOIN s_worker w ON w.k = 1 + floor(pg_temp.u(n, 1) * %(active_workers)s)::int""",
            """ALTER TABLE s_client ADD COLUMN status text, ADD COLUMN age int, ADD COLUMN created_at timestamptz,
                   ADD COLUMN iv_e boolean, ADD COLUMN chafee boolean, ADD COLUMN cws boolean,
                   ADD COLUMN sex_first text, ADD COLUMN row_ends boolean""",
            """UPDATE s_client SET
                   status = CASE WHEN status_u < 0.55 THEN 'in_foster_care'
                                 WHEN status_u < 0.80 THEN 'open_case_in_home'
                                 WHEN status_u < 0.83 THEN 'absent_from_foster_care'
                                 WHEN status_u < 0.90 THEN 'discharged' ELSE 'none' END,
                   age = extract(year FROM age(%(today)s::date, dob))::int,
                   created_at = r1 + pg_temp.secs(600 + 6600 * pg_temp.u(n, 5))""",
            """UPDATE s_client SET
                   iv_e = status = 'in_foster_care' AND age >= 17,
                   chafee = (status IN ('discharged', 'none') AND age >= 16 AND pg_temp.u(n, 6) < 0.5)
                            OR (status = 'in_foster_care' AND age >= 16 AND pg_temp.u(n, 6) < 0.3),
                   sex_first = CASE WHEN created_at < %(month_start)s AND pg_temp.u(n, 9) < 0.3 THEN 'unknown'
                                    ELSE sex END,
                   row_ends = identified AND NOT victim AND status <> 'absent_from_foster_care'
                              AND pg_temp.u(n, 13) < 0.2""",
            """UPDATE s_client SET cws = status IN ('in_foster_care', 'open_case_in_home', 'absent_from_foster_care')
                   OR chafee""",
            "CREATE UNIQUE INDEX ON s_client (n)",
            "CREATE UNIQUE INDEX ON s_client (id)",
            "ANALYZE s_client",
        ],
        params,
    )
    insert_live(
        cur,
        Client,
        "s_client s ORDER BY s.n",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "first_name": "s.first_name",
            "last_name": "s.last_name",
            "date_of_birth": "s.dob",
            "sex": "s.sex_first",
            "assigned_worker_id": "s.worker_id",
            "foster_care_status": "s.status",
            "title_iv_e_assistance": "s.iv_e",
            "chafee_services": "s.chafee",
            "updated_at": "s.created_at",
        },
        params,
    )
    insert_history(
        cur,
        Client,
        "referrals_client t WHERE t.county_id = %(county)s",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'client recorded'",
        params=params,
    )


def seed_referrals(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Each child's first referral (the intake that recorded them), and a second, later one for most of them.
    Decided within hours of being entered, except those received in the last few hours."""
    run(
        cur,
        [
            """CREATE TEMP TABLE s_referral AS
               SELECT c.n AS n, c.n AS client_n, true AS first, c.r1 AS received_at,
                      c.created_at + interval '5 milliseconds' AS created_at, c.identified AS alleges
               FROM s_client c
               UNION ALL
               SELECT %(children)s + c.n, c.n, false,
                      r2.at, r2.at + pg_temp.secs(900 + 12000 * pg_temp.u(c.n, 22)), pg_temp.u(c.n, 23) < 0.15
               FROM s_client c
               CROSS JOIN LATERAL (SELECT c.r1 + interval '7 days' + pg_temp.u(c.n, 21)
                                          * (%(now)s - interval '5 hours' - c.r1 - interval '7 days') AS at) r2
               WHERE c.n <= %(second_referrals)s AND c.r1 + interval '7 days' < %(now)s - interval '5 hours'""",
            """ALTER TABLE s_referral ADD COLUMN id uuid DEFAULT gen_random_uuid(), ADD COLUMN client_id uuid,
                   ADD COLUMN worker_id uuid, ADD COLUMN sup_id uuid, ADD COLUMN agency text,
                   ADD COLUMN source text, ADD COLUMN decision text, ADD COLUMN decided_at timestamptz,
                   ADD COLUMN cws boolean, ADD COLUMN identified boolean, ADD COLUMN status text,
                   ADD COLUMN in_person boolean, ADD COLUMN m1 timestamptz, ADD COLUMN due_at timestamptz""",
            """UPDATE s_referral r SET client_id = c.id, worker_id = c.worker_id, sup_id = c.sup_id,
                   agency = CASE WHEN c.po THEN 'probation' ELSE 'child_welfare' END,
                   cws = c.cws, identified = c.identified, status = c.status
               FROM s_client c WHERE c.n = r.client_n""",
            """UPDATE s_referral SET
                   source = CASE WHEN agency = 'probation'
                                 THEN CASE WHEN pg_temp.u(n, 24) < 0.7 THEN 'probation' ELSE 'law_enforcement' END
                                 ELSE pg_temp.pick(ARRAY['hotline', 'hotline', 'hotline', 'hotline', 'hotline',
                                      'hotline', 'law_enforcement', 'school', 'family', 'service_provider',
                                      'caregiver', 'self_disclosure'], pg_temp.u(n, 24)) END,
                   decision = CASE WHEN created_at > %(now)s - interval '4 hours' THEN ''
                                   WHEN pg_temp.u(n, 25) < 0.30 THEN 'immediate'
                                   WHEN pg_temp.u(n, 25) < 0.85 THEN 'ten_day' ELSE 'evaluated_out' END,
                   decided_at = CASE WHEN created_at > %(now)s - interval '4 hours' THEN NULL
                                     ELSE created_at + pg_temp.secs(600 + 10200 * pg_temp.u(n, 26)) END,
                   in_person = pg_temp.u(n, 27) >= 0.12""",
            # The in-person response owed, and when the child was first seen in person (on time nine in ten).
            """UPDATE s_referral SET
                   due_at = CASE decision WHEN 'immediate' THEN received_at + interval '24 hours'
                       WHEN 'ten_day' THEN (((received_at AT TIME ZONE %(zone)s)::date + 11)::timestamp
                                             AT TIME ZONE %(zone)s) END,
                   m1 = CASE WHEN decision = 'immediate' AND pg_temp.u(n, 28) < 0.9
                                 THEN received_at + pg_temp.secs(3600 + 72000 * pg_temp.u(n, 29))
                             WHEN decision = 'immediate'
                                 THEN received_at + pg_temp.secs(90000 + 172800 * pg_temp.u(n, 29))
                             WHEN decision = 'ten_day' AND pg_temp.u(n, 28) < 0.9
                                 THEN received_at + pg_temp.secs(86400 + 777600 * pg_temp.u(n, 29))
                             WHEN decision = 'ten_day'
                                 THEN received_at + pg_temp.secs(954000 + 432000 * pg_temp.u(n, 29)) END""",
            "CREATE UNIQUE INDEX ON s_referral (n)",
            "CREATE UNIQUE INDEX ON s_referral (id)",
            "CREATE INDEX ON s_referral (client_n)",
            "ANALYZE s_referral",
        ],
        params,
    )
    narrative = (
        "CASE WHEN s.alleges THEN 'Reporter describes signs that the child is being exploited for commercial sex.'"
        " ELSE 'Reporter is concerned for the child''s safety and care at home.' END"
    )
    insert_live(
        cur,
        Referral,
        "s_referral s ORDER BY s.n",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "client_id": "s.client_id",
            "received_at": "s.received_at",
            "receiving_agency": "s.agency",
            "source": "s.source",
            "narrative": narrative,
            "alleges_cse": "s.alleges",
            "response_decision": "s.decision",
            "response_decision_reason": "CASE WHEN s.decision = 'evaluated_out' THEN 'The allegations do not meet "
            "the definitions of abuse or neglect; the family was referred to community services.' ELSE '' END",
            "response_decided_at": "s.decided_at",
            "response_decided_by_id": "CASE WHEN s.decided_at IS NULL THEN NULL ELSE s.worker_id END",
        },
        params,
    )
    source = "referrals_referral t JOIN s_referral s ON s.id = t.id"
    insert_history(
        cur,
        Referral,
        source,
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'referral received'",
        values={
            "response_decision": "''",
            "response_decision_reason": "''",
            "response_decided_at": "NULL",
            "response_decided_by_id": "NULL",
        },
        params=params,
    )
    insert_history(
        cur,
        Referral,
        source + " WHERE t.response_decided_at IS NOT NULL",
        kind="~",
        at="t.response_decided_at",
        user="t.response_decided_by_id",
        reason="'emergency response decision: ' || t.response_decision",
        params=params,
    )
    cur.execute(
        """CREATE TEMP TABLE s_code AS SELECT gen_random_uuid() AS id, s.id AS referral_id, s.worker_id,
               s.created_at + interval '2 milliseconds' AS applied_at FROM s_referral s WHERE s.alleges""",
        params,
    )
    insert_live(
        cur,
        ReferralCode,
        "s_code s",
        {
            "id": "s.id",
            "referral_id": "s.referral_id",
            "code": "'S-CSEC Referral'",
            "applied_at": "s.applied_at",
            "applied_by_id": "s.worker_id",
        },
        params,
    )
    insert_history(
        cur,
        ReferralCode,
        "referrals_referralcode t JOIN s_code s ON s.id = t.id",
        kind="+",
        at="t.applied_at",
        user="t.applied_by_id",
        reason="'special project code applied'",
        params=params,
    )


def seed_contacts(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """The investigation's contacts: the child and an adult with information in person (the first meets the
    in-person response), a collateral call, a parent for half; a referral with no in-person contact has only
    the call. A contact exists once it has been entered (before now)."""
    cur.execute(
        """CREATE TEMP TABLE s_contact AS
           SELECT gen_random_uuid() AS id, r.id AS referral_id, r.worker_id, c.kind, c.made_at, c.in_person,
                  c.made_at + pg_temp.secs(600 + 6600 * pg_temp.u(r.n, c.salt)) AS created_at
           FROM s_referral r
           CROSS JOIN LATERAL (VALUES
               ('child', r.m1, true, 31),
               ('adult_with_information', r.m1 + pg_temp.secs(3600 + 172800 * pg_temp.u(r.n, 32)), true, 33),
               ('collateral', r.received_at + pg_temp.secs(7200 + 36000 * pg_temp.u(r.n, 34)), false, 35),
               ('parent', CASE WHEN pg_temp.u(r.n, 36) < 0.5 THEN r.m1 + interval '2 days' END, true, 37)
           ) AS c(kind, made_at, in_person, salt)
           WHERE r.decision IN ('immediate', 'ten_day') AND c.made_at IS NOT NULL
             AND (r.in_person OR c.kind = 'collateral')""",
        params,
    )
    cur.execute("DELETE FROM s_contact WHERE created_at > %(now)s", params)
    insert_live(
        cur,
        Contact,
        "s_contact s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "referral_id": "s.referral_id",
            "contact_type": "s.kind",
            "made_at": "s.made_at",
            "in_person": "s.in_person",
            "name": "''",
            "notes": "CASE WHEN s.in_person THEN 'Seen in person.' ELSE 'Spoke by telephone.' END",
        },
        params,
    )
    insert_history(
        cur,
        Contact,
        "referrals_contact t JOIN s_contact s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'investigation contact'",
        params=params,
    )


def seed_allegations(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """One allegation per referral about the child, a second for three in ten; findings three to four weeks
    after receipt for referrals old enough. Only a first referral's exploitation allegation may be
    substantiated, so a child's law-enforcement clocks never overlap."""
    cur.execute(
        """CREATE TEMP TABLE s_allegation AS
           SELECT gen_random_uuid() AS id, r.id AS referral_id, r.client_id, r.worker_id, r.n, a.k, r.cws, r.first,
                  CASE WHEN a.k = 1 AND r.alleges THEN 'sexual_exploitation'
                       ELSE pg_temp.pick(ARRAY['general_neglect', 'general_neglect', 'general_neglect',
                            'sexual_abuse', 'caretaker_absence', 'caretaker_absence', 'other'],
                            pg_temp.u(r.n * 3 + a.k, 41)) END AS kind,
                  pg_temp.pick(ARRAY['parent', 'parent', 'parent', 'parent', 'guardian', 'other', 'other',
                       'unknown'], pg_temp.u(r.n * 3 + a.k, 42)) AS perpetrator,
                  r.created_at + a.k * interval '1 minute' AS created_at,
                  r.received_at + pg_temp.secs(86400 * (21 + 9 * pg_temp.u(r.n * 3 + a.k, 43))) AS disposition_at,
                  pg_temp.u(r.n * 3 + a.k, 44) AS finding_u, r.decision
           FROM s_referral r CROSS JOIN LATERAL generate_series(1, 2) AS a(k)
           WHERE a.k = 1 OR pg_temp.u(r.n, 45) < 0.3""",
        params,
    )
    run(
        cur,
        [
            """ALTER TABLE s_allegation ADD COLUMN disposition text, ADD COLUMN recorded_at timestamptz""",
            """UPDATE s_allegation SET
                   disposition = CASE
                       WHEN decision = 'evaluated_out' OR disposition_at + interval '5 minutes' > %(now)s THEN ''
                       WHEN kind = 'sexual_exploitation' AND NOT first
                           THEN CASE WHEN finding_u < 0.5 THEN 'inconclusive' ELSE 'unfounded' END
                       WHEN finding_u < 0.35 THEN 'substantiated'
                       WHEN finding_u < 0.60 THEN 'inconclusive' ELSE 'unfounded' END""",
            """UPDATE s_allegation SET
                   disposition_at = CASE WHEN disposition = '' THEN NULL ELSE disposition_at END,
                   recorded_at = CASE WHEN disposition = '' THEN NULL
                                      ELSE disposition_at + interval '5 minutes' END""",
        ],
        params,
    )
    insert_live(
        cur,
        Allegation,
        "s_allegation s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "referral_id": "s.referral_id",
            "victim_id": "s.client_id",
            "allegation_type": "s.kind",
            "perpetrator_relationship": "s.perpetrator",
            "wic_300_subdivision": "CASE WHEN s.kind = 'sexual_exploitation' AND s.perpetrator IN "
            "('parent', 'guardian') THEN 'b2' ELSE '' END",
            "disposition": "s.disposition",
            "disposition_at": "s.disposition_at",
        },
        params,
    )
    source = "referrals_allegation t JOIN s_allegation s ON s.id = t.id"
    insert_history(
        cur,
        Allegation,
        source,
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'allegation recorded'",
        values={"disposition": "''", "disposition_at": "NULL"},
        params=params,
    )
    insert_history(
        cur,
        Allegation,
        source + " WHERE s.recorded_at IS NOT NULL",
        kind="~",
        at="s.recorded_at",
        user="t.created_by_id",
        reason="'finding: ' || t.disposition",
        params=params,
    )


def seed_csec_rows(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """The identified children's CSEC row, documented two hours after their referral: a victim type fitting
    their situation, or at risk (one in five at-risk rows since ended)."""
    cur.execute(
        """CREATE TEMP TABLE s_csec AS
           SELECT gen_random_uuid() AS id, c.n, c.id AS client_id, c.worker_id, c.cws,
                  CASE WHEN NOT c.victim THEN 'at_risk'
                       WHEN c.status = 'open_case_in_home' THEN 'victim_open_case_not_in_foster_care'
                       WHEN c.status IN ('in_foster_care', 'absent_from_foster_care')
                           THEN CASE WHEN pg_temp.u(c.n, 51) < 0.5 THEN 'victim_before_foster_care'
                                     ELSE 'victim_during_foster_care' END
                       ELSE 'at_risk' END AS kind,
                  (c.r1 AT TIME ZONE %(zone)s)::date AS start_date,
                  c.r1 + interval '2 hours' AS received_at,
                  c.r1 + interval '2 hours 10 minutes' AS created_at, c.row_ends
           FROM s_client c WHERE c.identified""",
        params,
    )
    cur.execute(
        """ALTER TABLE s_csec ADD COLUMN end_date date;
           UPDATE s_csec SET end_date = least(start_date + (60 + floor(240 * pg_temp.u(n, 52)))::int,
                                              %(today)s::date - 1)
           WHERE row_ends AND start_date < %(today)s::date - 1""",
        params,
    )
    insert_live(
        cur,
        CsecRow,
        "s_csec s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "client_id": "s.client_id",
            "csec_type": "s.kind",
            "start_date": "s.start_date",
            "end_date": "s.end_date",
            "information_received_at": "s.received_at",
        },
        params,
    )
    source = "referrals_csecrow t JOIN s_csec s ON s.id = t.id"
    insert_history(
        cur,
        CsecRow,
        source,
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'CSEC type documented'",
        values={"end_date": "NULL"},
        params=params,
    )
    insert_history(
        cur,
        CsecRow,
        source + " WHERE t.end_date IS NOT NULL",
        kind="~",
        at="least((t.end_date + 1)::timestamp AT TIME ZONE %(zone)s + interval '10 hours', %(now)s - interval '1 minute')",
        user="t.created_by_id",
        reason="'CSEC row end date'",
        params=params,
    )


def seed_episodes(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Missing episodes: every child absent from foster care has one open (a few of their workers have stopped
    reconfirming); half of the other children receiving services ran away once and came back, one in ten
    twice. An identified child (an open row) is of concern; of the others, some are reasonably believed
    exploited."""
    cur.execute(
        """CREATE TEMP TABLE s_episode AS
           SELECT c.n * 3 AS n, c.id AS client_id, c.worker_id, c.sup_id, c.po, c.identified,
                  c.created_at + interval '1 day' + pg_temp.u(c.n, 61)
                      * (%(now)s - interval '3 hours' - c.created_at - interval '1 day') AS discovered_at,
                  NULL::timestamptz AS returned_at, pg_temp.u(c.n, 62) < 0.85 AS diligent
           FROM s_client c
           WHERE c.status = 'absent_from_foster_care' AND c.created_at < %(now)s - interval '1 day 3 hours'
           UNION ALL
           SELECT c.n * 3 + e.k, c.id, c.worker_id, c.sup_id, c.po, c.identified, d.at,
                  d.at + least(pg_temp.secs(21600 + 2160000 * pg_temp.u(c.n * 3 + e.k, 64)),
                               (e.window_end - d.at) * 0.9),
                  true
           FROM s_client c
           CROSS JOIN LATERAL (VALUES
               (1, c.created_at + interval '1 day', c.created_at + (%(now)s - c.created_at) / 2),
               (2, c.created_at + (%(now)s - c.created_at) / 2, %(now)s - interval '2 hours')
           ) AS e(k, window_start, window_end)
           CROSS JOIN LATERAL (SELECT e.window_start + pg_temp.u(c.n * 3 + e.k, 63) * 0.5
                                      * (e.window_end - e.window_start) AS at) d
           WHERE c.cws AND c.status <> 'absent_from_foster_care' AND NOT c.row_ends
             AND e.window_end - e.window_start > interval '2 days'
             AND pg_temp.u(c.n, 60) < CASE e.k WHEN 1 THEN 0.5 ELSE 0.1 END""",
        params,
    )
    run(
        cur,
        [
            """ALTER TABLE s_episode ADD COLUMN id uuid DEFAULT gen_random_uuid(), ADD COLUMN believed boolean,
                   ADD COLUMN concern boolean, ADD COLUMN created_at timestamptz, ADD COLUMN return_at timestamptz,
                   ADD COLUMN last_seen_at timestamptz""",
            """UPDATE s_episode SET
                   believed = pg_temp.u(n, 65) < CASE WHEN identified THEN 0.5 ELSE 0.15 END,
                   created_at = discovered_at + pg_temp.secs(3600 + 14400 * pg_temp.u(n, 66)),
                   last_seen_at = discovered_at - pg_temp.secs(3600 + 100000 * pg_temp.u(n, 67))""",
            """UPDATE s_episode SET concern = identified OR believed,
                   return_at = CASE WHEN returned_at IS NULL THEN NULL
                                    ELSE greatest(returned_at, created_at) + interval '40 minutes' END""",
            # A return recorded after now has not happened yet: that episode is still open.
            "UPDATE s_episode SET returned_at = NULL, return_at = NULL WHERE return_at > %(now)s",
            "DELETE FROM s_episode WHERE created_at > %(now)s",
            # The return is recorded after the episode (a child back within the hour is no episode here).
            "DELETE FROM s_episode WHERE returned_at < created_at + interval '1 hour'",
            "CREATE UNIQUE INDEX ON s_episode (id)",
            "ANALYZE s_episode",
        ],
        params,
    )
    # A child is missing once at a time: an episode beginning before the child's earlier one ended is dropped.
    cur.execute(
        """DELETE FROM s_episode e WHERE EXISTS (
               SELECT 1 FROM s_episode o WHERE o.client_id = e.client_id AND o.n < e.n
                  AND coalesce(o.returned_at, 'infinity') > e.discovered_at)""",
        params,
    )
    locations = "ARRAY['Downtown Los Angeles', 'Hollywood', 'Long Beach', 'Compton', 'Van Nuys', 'Pomona']"
    insert_live(
        cur,
        MissingEpisode,
        "s_episode s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "client_id": "s.client_id",
            "discovered_at": "s.discovered_at",
            "last_seen_at": "s.last_seen_at",
            "last_known_location": f"pg_temp.pick({locations}, pg_temp.u(s.n, 68))",
            "circumstance": "pg_temp.pick(ARRAY['runaway', 'runaway', 'runaway', 'runaway', 'runaway', 'runaway',"
            " 'refuses_to_return', 'abducted', 'lost'], pg_temp.u(s.n, 69))",
            "reasonably_believed_cse": "s.believed",
            "cse_concern": "s.concern",
            "returned_at": "s.returned_at",
            "return_location": "CASE WHEN s.returned_at IS NULL THEN '' ELSE 'Returned to placement' END",
            "absence_factors": "CASE WHEN s.returned_at IS NULL THEN '' ELSE 'Conflict at the placement.' END",
            "experiences_while_absent": "CASE WHEN s.returned_at IS NULL THEN '' "
            "ELSE 'Stayed with friends; no harm disclosed.' END",
            "photo_release_contact": "'Placement agency director'",
            "physical_description": "'Brown hair, brown eyes, about 5 ft 4 in.'",
        },
        params,
    )
    source = "referrals_missingepisode t JOIN s_episode s ON s.id = t.id"
    returned_blank = {
        "returned_at": "NULL",
        "return_location": "''",
        "absence_factors": "''",
        "experiences_while_absent": "''",
    }
    insert_history(
        cur,
        MissingEpisode,
        source,
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'missing episode recorded'",
        values=returned_blank,
        params=params,
    )
    insert_history(
        cur,
        MissingEpisode,
        source + " WHERE s.return_at IS NOT NULL",
        kind="~",
        at="s.return_at",
        user="t.created_by_id",
        reason="'return recorded'",
        params=params,
    )
    cur.execute(
        """CREATE TEMP TABLE s_attempt AS
           SELECT gen_random_uuid() AS id, e.id AS episode_id, e.worker_id, a.at, a.method,
                  a.at + interval '30 minutes' AS created_at
           FROM s_episode e CROSS JOIN LATERAL (VALUES
               (e.discovered_at + interval '6 hours', 'Called the placement and known friends'),
               (e.discovered_at + interval '3 days', 'Visited the last known location')) AS a(at, method)
           WHERE a.at + interval '30 minutes' <= coalesce(e.returned_at, %(now)s)""",
        params,
    )
    insert_live(
        cur,
        LocateAttempt,
        "s_attempt s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "episode_id": "s.episode_id",
            "attempted_at": "s.at",
            "method": "s.method",
        },
        params,
    )
    insert_history(
        cur,
        LocateAttempt,
        "referrals_locateattempt t JOIN s_attempt s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'locate attempt recorded'",
        params=params,
    )


def seed_screenings(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Screenings: at intake for every identified child (positive) and a third of the others (negative); on
    return from each episode; at a visit in the export month for the children in foster care. A child who is
    not identified never screens positive, so no episode of theirs is of concern by a screening."""
    cur.execute(
        """CREATE TEMP TABLE s_screening AS
           SELECT gen_random_uuid() AS id, c.id AS client_id, c.worker_id, r.id AS referral_id,
                  NULL::uuid AS episode_id, 'intake' AS context, c.r1 + interval '1 hour' AS performed_at,
                  c.identified AS positive, c.n * 4 AS n
           FROM s_client c JOIN s_referral r ON r.n = c.n
           WHERE c.identified OR pg_temp.u(c.n, 71) < 0.33
           UNION ALL
           SELECT gen_random_uuid(), e.client_id, e.worker_id, NULL, e.id, 'return_from_missing',
                  e.returned_at + CASE WHEN pg_temp.u(e.n, 72) < 0.95
                                       THEN pg_temp.secs(7200 + 208800 * pg_temp.u(e.n, 73))
                                       ELSE pg_temp.secs(270000 + 172800 * pg_temp.u(e.n, 73)) END,
                  e.identified AND pg_temp.u(e.n, 74) < 0.4, e.n * 4 + 1
           FROM s_episode e WHERE e.returned_at IS NOT NULL AND pg_temp.u(e.n, 75) >= 0.15
           UNION ALL
           SELECT gen_random_uuid(), c.id, c.worker_id, NULL, NULL, 'visit',
                  %(month_start)s + pg_temp.u(c.n, 76) * (%(month_end)s - %(month_start)s),
                  c.identified AND pg_temp.u(c.n, 77) < 0.3, c.n * 4 + 2
           FROM s_client c WHERE c.status = 'in_foster_care' AND c.created_at < %(month_start)s""",
        params,
    )
    run(
        cur,
        [
            "ALTER TABLE s_screening ADD COLUMN created_at timestamptz, ADD COLUMN pattern int",
            """UPDATE s_screening SET created_at = performed_at + interval '15 minutes',
                   pattern = floor(pg_temp.u(n, 78) * CASE WHEN positive THEN %(positive_sets)s
                                                           ELSE %(negative_sets)s END)::int""",
            "DELETE FROM s_screening WHERE created_at > %(now)s",
        ],
        params,
    )
    patterns = [(True, i, codes) for i, codes in enumerate(POSITIVE_SETS)]
    patterns += [(False, i, codes) for i, codes in enumerate(NEGATIVE_SETS)]
    rows = []
    for positive, index, codes in patterns:
        result = rules.assess(codes)
        assert result.at_risk == positive, codes
        basis = result.basis.value if result.basis else ""
        rows.append(f"({literal(positive)}, {index}, '{_json_list(codes)}'::jsonb, {literal(basis)})")
    cur.execute(f"CREATE TEMP TABLE s_pattern (positive, k, indicators, basis) AS VALUES {', '.join(rows)}")
    insert_live(
        cur,
        Screening,
        "s_screening s JOIN s_pattern p ON p.positive = s.positive AND p.k = s.pattern ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "client_id": "s.client_id",
            "referral_id": "s.referral_id",
            "missing_episode_id": "s.episode_id",
            "performed_at": "s.performed_at",
            "performed_by_id": "s.worker_id",
            "context": "s.context",
            "tool": "CASE WHEN s.context = 'intake' THEN 'cse_it' ELSE '' END",
            "tool_result": "CASE WHEN s.context = 'intake' THEN CASE WHEN s.positive THEN 'Clear concern' "
            "ELSE 'No concern' END ELSE '' END",
            "indicators": "p.indicators",
            "at_risk": "s.positive",
            "basis": "p.basis",
            "rule_version": "%(rule_version)s",
            "created_at": "s.created_at",
        },
        params,
    )
    outcome = "CASE WHEN t.at_risk THEN 'at risk, ' || t.basis ELSE 'not at risk' END"
    insert_history(
        cur,
        Screening,
        "screening_screening t JOIN s_screening s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.performed_by_id",
        reason=f"'Screening recorded: ' || {outcome} || ' (' || t.rule_version || ')'",
        params=params,
    )


def _json_list(codes: list[str]) -> str:
    return "[" + ", ".join(f'"{code}"' for code in codes) + "]"


CLOCK_TABLE = """CREATE TEMP TABLE s_clock (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), kind text NOT NULL, client_id uuid NOT NULL,
    referral_id uuid, csec_row_id uuid, allegation_id uuid, missing_episode_id uuid, period int NOT NULL DEFAULT 0,
    assigned_to uuid NOT NULL, sup_id uuid, started_at timestamptz NOT NULL, due_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL, creator uuid,
    met_at timestamptz, met_by text NOT NULL DEFAULT '', met_by_report uuid, closed_at timestamptz,
    cancelled_at timestamptz, cancelled_reason text NOT NULL DEFAULT '', close_reason text,
    remind_at timestamptz, reminder_sent_at timestamptz, alert_sent_at timestamptz)"""

# Clocks a report meets: the clock and its report (if made by now) decided together.
REPORTED_TABLE = """CREATE TEMP TABLE s_reported (
    kind text NOT NULL, report_kind text NOT NULL, client_id uuid NOT NULL, referral_id uuid, csec_row_id uuid,
    allegation_id uuid, missing_episode_id uuid, assigned_to uuid NOT NULL, sup_id uuid, po boolean NOT NULL,
    started_at timestamptz NOT NULL, due_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
    made_at timestamptz, n bigint NOT NULL, report_id uuid DEFAULT gen_random_uuid())"""


def seed_clocks(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Every clock the records above started, met by what met it, as the rules of DOMAIN.md §5 say; those
    still unmet are open (overdue ones alerted, due-soon ones reminded, as a sweep at `now` leaves them)."""
    run(cur, [CLOCK_TABLE, REPORTED_TABLE], params)
    reported_clocks(cur, params)
    in_person_clocks(cur, params)
    episode_clocks(cur, params)
    cur.execute(
        """UPDATE s_clock SET remind_at = greatest(started_at, due_at - interval '4 hours'),
               closed_at = coalesce(closed_at, cancelled_at)""",
        params,
    )
    # A sweep at every tick: the reminder once its time came while the clock was open, the alert once due.
    cur.execute(
        """UPDATE s_clock SET
               reminder_sent_at = CASE WHEN remind_at < due_at
                   AND remind_at < least(coalesce(closed_at, %(now)s), %(now)s)
                   AND (cancelled_reason = '' OR cancelled_at > remind_at)
                   THEN remind_at + interval '7 seconds' END,
               alert_sent_at = CASE WHEN due_at < least(coalesce(closed_at, %(now)s), %(now)s)
                   THEN due_at + interval '9 seconds' END""",
        params,
    )
    reports_insert(cur, params)
    clocks_insert(cur, params)


def reported_clocks(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Law-enforcement (from a victim row and from a substantiated exploitation finding), the child welfare
    agency's (probation's CSE referrals), missing-child reports and return notices: each with its report, made
    within hours (late for a few), or not yet made when its time is still to come."""
    cur.execute(
        """INSERT INTO s_reported (kind, report_kind, client_id, csec_row_id, assigned_to, sup_id, po, started_at,
               due_at, created_at, made_at, n)
           SELECT 'law_enforcement_report', 'law_enforcement', c.client_id, c.id, cl.worker_id, cl.sup_id, cl.po,
                  c.received_at, c.received_at + interval '24 hours', c.created_at,
                  c.received_at + CASE WHEN pg_temp.u(c.n, 81) < 0.92 THEN pg_temp.secs(3600 + 68400 * pg_temp.u(c.n, 82))
                                       ELSE pg_temp.secs(90000 + 126000 * pg_temp.u(c.n, 82)) END, c.n * 10
           FROM s_csec c JOIN s_client cl ON cl.id = c.client_id
           WHERE c.kind <> 'at_risk' AND c.cws""",
        params,
    )
    cur.execute(
        """INSERT INTO s_reported (kind, report_kind, client_id, referral_id, allegation_id, assigned_to, sup_id, po,
               started_at, due_at, created_at, made_at, n)
           SELECT 'law_enforcement_report', 'law_enforcement', a.client_id, a.referral_id, a.id, cl.worker_id,
                  cl.sup_id, cl.po, a.disposition_at, a.disposition_at + interval '24 hours', a.recorded_at,
                  a.disposition_at + CASE WHEN pg_temp.u(a.n, 83) < 0.92 THEN pg_temp.secs(3600 + 68400 * pg_temp.u(a.n, 84))
                                          ELSE pg_temp.secs(90000 + 126000 * pg_temp.u(a.n, 84)) END, a.n * 10 + 1
           FROM s_allegation a JOIN s_client cl ON cl.id = a.client_id
           WHERE a.kind = 'sexual_exploitation' AND a.disposition = 'substantiated' AND a.cws""",
        params,
    )
    cur.execute(
        """INSERT INTO s_reported (kind, report_kind, client_id, referral_id, assigned_to, sup_id, po, started_at,
               due_at, created_at, made_at, n)
           SELECT 'child_welfare_agency_report', 'child_welfare_agency', r.client_id, r.id, r.worker_id, r.sup_id,
                  true, r.received_at, r.received_at + interval '24 hours', r.created_at,
                  r.received_at + CASE WHEN pg_temp.u(r.n, 85) < 0.93 THEN pg_temp.secs(1800 + 64800 * pg_temp.u(r.n, 86))
                                       ELSE pg_temp.secs(90000 + 86400 * pg_temp.u(r.n, 86)) END, r.n * 10 + 2
           FROM s_referral r WHERE r.agency = 'probation' AND r.alleges AND r.cws""",
        params,
    )
    # Reports about a missing child come before their return (the return notices need them made).
    cur.execute(
        """INSERT INTO s_reported (kind, report_kind, client_id, missing_episode_id, assigned_to, sup_id, po,
               started_at, due_at, created_at, made_at, n)
           SELECT k.kind, k.report_kind, e.client_id, e.id, e.worker_id, e.sup_id, e.po, e.discovered_at,
                  e.discovered_at + interval '24 hours', e.created_at,
                  least(greatest(e.created_at, e.discovered_at
                      + CASE WHEN pg_temp.u(e.n * 2 + k.salt, 87) < 0.93
                             THEN pg_temp.secs(3600 + 64800 * pg_temp.u(e.n * 2 + k.salt, 88))
                             ELSE pg_temp.secs(93600 + 100000 * pg_temp.u(e.n * 2 + k.salt, 88)) END)
                            + interval '1 minute',
                        coalesce(e.returned_at - interval '30 minutes', 'infinity')),
                  e.n * 10 + 3 + k.salt
           FROM s_episode e CROSS JOIN (VALUES ('law_enforcement_missing_report', 'law_enforcement_missing', 0),
                                               ('ncmec_report', 'ncmec', 1)) AS k(kind, report_kind, salt)
           WHERE e.concern""",
        params,
    )
    # A report is made after the clock it meets was started (entered), never before.
    cur.execute(
        "UPDATE s_reported SET made_at = created_at + interval '1 minute' WHERE made_at <= created_at", params
    )
    cur.execute(
        """INSERT INTO s_reported (kind, report_kind, client_id, missing_episode_id, assigned_to, sup_id, po,
               started_at, due_at, created_at, made_at, n)
           SELECT CASE r.report_kind WHEN 'law_enforcement_missing' THEN 'return_notice_law_enforcement'
                                     ELSE 'return_notice_ncmec' END,
                  CASE r.report_kind WHEN 'law_enforcement_missing' THEN 'return_notice_law_enforcement'
                                     ELSE 'return_notice_ncmec' END,
                  e.client_id, e.id, e.worker_id, e.sup_id, e.po, e.returned_at,
                  e.returned_at + interval '24 hours', e.return_at,
                  greatest(e.return_at, e.returned_at + pg_temp.secs(3600 + 72000 * pg_temp.u(r.n, 89)))
                      + interval '1 minute',
                  r.n + 5
           FROM s_reported r JOIN s_episode e ON e.id = r.missing_episode_id
           WHERE e.returned_at IS NOT NULL AND r.made_at + interval '20 minutes' <= e.return_at""",
        params,
    )
    # Not made yet: the report's time is still to come (its clock is open).
    cur.execute(
        "UPDATE s_reported SET made_at = NULL, report_id = NULL WHERE made_at + interval '20 minutes' > %(now)s",
        params,
    )
    agency = """CASE WHEN r.report_kind IN ('ncmec', 'return_notice_ncmec')
                     THEN 'National Center for Missing & Exploited Children'
                     WHEN r.report_kind = 'child_welfare_agency' THEN 'Los Angeles County DCFS'
                     WHEN r.n %% 2 = 0 THEN 'Los Angeles Police Department'
                     ELSE 'Los Angeles County Sheriff''s Department' END"""
    method = """CASE WHEN r.report_kind IN ('ncmec', 'return_notice_ncmec') AND NOT r.po THEN 'web'
                     WHEN r.report_kind = 'child_welfare_agency' THEN 'email' ELSE 'phone' END"""
    cur.execute(
        f"""CREATE TEMP TABLE s_report AS
            SELECT r.report_id AS id, r.report_kind AS kind, r.client_id, r.missing_episode_id, r.referral_id,
                   r.made_at, r.assigned_to AS created_by, r.made_at + interval '20 minutes' AS created_at,
                   {agency} AS agency_name, {method} AS method, r.n
            FROM s_reported r WHERE r.report_id IS NOT NULL""",  # noqa: S608
        params,
    )
    met_by = (
        f"{labels_case('p.kind', ReportKind.choices)} || ' report to ' || p.agency_name || ' (' || "
        f"{labels_case('p.method', ReportMethod.choices)} || ')'"
    )
    cur.execute(
        f"""INSERT INTO s_clock (kind, client_id, referral_id, csec_row_id, allegation_id, missing_episode_id,
                assigned_to, sup_id, started_at, due_at, created_at, creator, met_at, met_by, met_by_report,
                closed_at, close_reason)
            SELECT r.kind, r.client_id, r.referral_id, r.csec_row_id, r.allegation_id, r.missing_episode_id,
                   r.assigned_to, r.sup_id, r.started_at, r.due_at, r.created_at, r.assigned_to, p.made_at,
                   coalesce(left({met_by}, 200), ''), p.id, p.created_at, left('met by ' || {met_by}, 100)
            FROM s_reported r LEFT JOIN s_report p ON p.id = r.report_id""",  # noqa: S608
        params,
    )


def in_person_clocks(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """The in-person response to each referral decided immediate or within ten days, met by the child's first
    in-person contact once entered."""
    cur.execute(
        """INSERT INTO s_clock (kind, client_id, referral_id, assigned_to, sup_id, started_at, due_at, created_at,
               creator, met_at, met_by, closed_at, close_reason)
           SELECT 'in_person_response', r.client_id, r.id, r.worker_id, r.sup_id, r.received_at, r.due_at,
                  r.decided_at, r.worker_id, c.made_at,
                  CASE WHEN c.id IS NULL THEN '' ELSE 'In-person contact: The child alleged to be exploited' END,
                  CASE WHEN c.id IS NOT NULL THEN greatest(c.created_at, r.decided_at) END,
                  'met by In-person contact: The child alleged to be exploited'
           FROM s_referral r
           LEFT JOIN s_contact c ON c.referral_id = r.id AND c.kind = 'child'
           WHERE r.decision IN ('immediate', 'ten_day') AND r.cws""",
        params,
    )


def episode_clocks(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Each 30-day reconfirmation period begun (a returned episode's first cancelled by its return), met by the
    worker's reconfirmation a few days before its end; and the screening owed on return, met by it."""
    cur.execute(
        """CREATE TEMP TABLE s_period AS
           SELECT e.id AS episode_id, e.client_id, e.worker_id, e.sup_id, e.n, p.k, e.diligent, e.returned_at,
                  e.return_at, e.created_at AS episode_created,
                  e.discovered_at + (p.k - 1) * interval '30 days' AS started_at,
                  e.discovered_at + p.k * interval '30 days' AS due_at
           FROM s_episode e
           CROSS JOIN LATERAL generate_series(1, CASE WHEN e.returned_at IS NULL
               THEN floor(extract(epoch FROM %(now)s - e.discovered_at) / 2592000)::int + 1 ELSE 1 END) AS p(k)""",
        params,
    )
    cur.execute(
        """CREATE TEMP TABLE s_reconfirmation AS
           SELECT gen_random_uuid() AS id, p.episode_id, p.worker_id, p.n, p.k,
                  p.due_at - pg_temp.secs(86400 * (1 + 4 * pg_temp.u(p.n * 50 + p.k, 91))) AS confirmed_at
           FROM s_period p
           WHERE p.returned_at IS NULL AND p.diligent AND p.due_at <= %(now)s""",
        params,
    )
    cur.execute(
        "ALTER TABLE s_reconfirmation ADD COLUMN created_at timestamptz; "
        "UPDATE s_reconfirmation SET created_at = confirmed_at + interval '30 minutes'",
        params,
    )
    cur.execute(
        """INSERT INTO s_clock (kind, client_id, missing_episode_id, period, assigned_to, sup_id, started_at, due_at,
               created_at, creator, met_at, met_by, closed_at, close_reason, cancelled_at, cancelled_reason)
           SELECT 'whereabouts_reconfirmation', p.client_id, p.episode_id, p.k, p.worker_id, p.sup_id, p.started_at,
                  p.due_at,
                  CASE WHEN p.k = 1 THEN p.episode_created ELSE p.started_at + interval '15 seconds' END,
                  CASE WHEN p.k = 1 THEN p.worker_id END,
                  r.confirmed_at, CASE WHEN r.id IS NULL THEN '' ELSE 'Whereabouts reconfirmed' END,
                  coalesce(r.created_at, p.return_at),
                  CASE WHEN r.id IS NOT NULL THEN 'met by Whereabouts reconfirmed' ELSE 'cancelled: returned' END,
                  p.return_at, CASE WHEN p.return_at IS NULL THEN '' ELSE 'returned' END
           FROM s_period p LEFT JOIN s_reconfirmation r ON r.episode_id = p.episode_id AND r.k = p.k""",
        params,
    )
    cur.execute(
        """INSERT INTO s_clock (kind, client_id, missing_episode_id, assigned_to, sup_id, started_at, due_at,
               created_at, creator, met_at, met_by, closed_at, close_reason)
           SELECT 'return_assessment', e.client_id, e.id, e.worker_id, e.sup_id, e.returned_at,
                  e.returned_at + interval '72 hours', e.return_at, e.worker_id, s.performed_at,
                  CASE WHEN s.id IS NULL THEN '' ELSE 'Screening on return' END, s.created_at,
                  'met by Screening on return'
           FROM s_episode e LEFT JOIN s_screening s ON s.episode_id = e.id
           WHERE e.returned_at IS NOT NULL""",
        params,
    )
    insert_live(
        cur,
        Reconfirmation,
        "s_reconfirmation s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "episode_id": "s.episode_id",
            "confirmed_at": "s.confirmed_at",
            "notes": "'Placement, family and friends have not seen the child.'",
        },
        params,
    )
    insert_history(
        cur,
        Reconfirmation,
        "referrals_reconfirmation t JOIN s_reconfirmation s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'whereabouts reconfirmed'",
        params=params,
    )


def reports_insert(cur: CursorWrapper, params: dict[str, Any]) -> None:
    insert_live(
        cur,
        Report,
        "s_report s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "client_id": "s.client_id",
            "kind": "s.kind",
            "missing_episode_id": "s.missing_episode_id",
            "referral_id": "s.referral_id",
            "made_at": "s.made_at",
            "method": "s.method",
            "agency_name": "s.agency_name",
            "recipient": "CASE WHEN s.kind IN ('law_enforcement', 'law_enforcement_missing') "
            "THEN 'Officer ' || pg_temp.pick(%(last)s, pg_temp.u(s.n, 92)) || ' #' || (1000 + s.n %% 9000)::text "
            "ELSE 'Intake desk' END",
            "report_number": "CASE WHEN s.kind IN ('law_enforcement', 'law_enforcement_missing') "
            "THEN 'LA-' || to_char(s.made_at, 'YY') || '-' || lpad((s.n %% 1000000)::text, 6, '0') ELSE '' END",
            "missing_person_report_number": "CASE WHEN s.kind = 'law_enforcement_missing' "
            "THEN 'MP-' || lpad((s.n %% 1000000)::text, 6, '0') ELSE '' END",
            "ncic_entry_confirmed": "s.kind = 'law_enforcement_missing'",
            "ncmec_case_number": "CASE WHEN s.kind = 'ncmec' THEN 'NCMEC-' || (1000000 + s.n %% 1000000)::text "
            "ELSE '' END",
            "created_at": "s.created_at",
            "created_by_id": "s.created_by",
        },
        params,
    )
    insert_history(
        cur,
        Report,
        "reporting_report t JOIN s_report s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'report recorded'",
        params=params,
    )


def clocks_insert(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """The clocks, then their history: as started (nothing met, nothing sent), and as closed when they were
    met or cancelled (the stamps the sweeps had set by then, which they write without history)."""
    cur.execute("DELETE FROM s_clock WHERE created_at > %(now)s", params)
    cur.execute(
        """UPDATE s_clock SET met_at = NULL, met_by = '', met_by_report = NULL, closed_at = NULL
           WHERE closed_at > %(now)s OR (met_at IS NULL AND cancelled_at IS NULL)""",
        params,
    )
    insert_live(
        cur,
        Deadline,
        "s_clock s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "client_id": "s.client_id",
            "kind": "s.kind",
            "referral_id": "s.referral_id",
            "csec_row_id": "s.csec_row_id",
            "allegation_id": "s.allegation_id",
            "missing_episode_id": "s.missing_episode_id",
            "period": "s.period",
            "assigned_to_id": "s.assigned_to",
            "started_at": "s.started_at",
            "due_at": "s.due_at",
            "remind_at": "s.remind_at",
            "met_at": "s.met_at",
            "met_late": "CASE WHEN s.met_at IS NULL THEN NULL ELSE s.met_at > s.due_at END",
            "met_by": "s.met_by",
            "met_by_report_id": "s.met_by_report",
            "cancelled_at": "s.cancelled_at",
            "cancelled_reason": "s.cancelled_reason",
            "reminder_sent_at": "s.reminder_sent_at",
            "alert_sent_at": "s.alert_sent_at",
            "created_at": "s.created_at",
        },
        params,
    )
    source = "reporting_deadline t JOIN s_clock s ON s.id = t.id"
    insert_history(
        cur,
        Deadline,
        source,
        kind="+",
        at="t.created_at",
        user="s.creator",
        reason="'started: ' || t.kind",
        values={
            "met_at": "NULL",
            "met_late": "NULL",
            "met_by": "''",
            "met_by_report_id": "NULL",
            "cancelled_at": "NULL",
            "cancelled_reason": "''",
            "reminder_sent_at": "NULL",
            "alert_sent_at": "NULL",
        },
        params=params,
    )
    insert_history(
        cur,
        Deadline,
        source + " WHERE s.closed_at IS NOT NULL",
        kind="~",
        at="s.closed_at",
        user="s.assigned_to",
        reason="s.close_reason",
        values={
            "reminder_sent_at": "CASE WHEN t.reminder_sent_at < s.closed_at THEN t.reminder_sent_at END",
            "alert_sent_at": "CASE WHEN t.alert_sent_at < s.closed_at THEN t.alert_sent_at END",
        },
        params=params,
    )


def seed_notifications(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """What the sweeps told: each overdue alert, and the reminders of the last 30 days, to the clock's worker and
    their supervisor, with the e-mail sent; older ones read."""
    cur.execute(
        """CREATE TEMP TABLE s_notice AS
           SELECT gen_random_uuid() AS id, c.id AS deadline_id, p.user_id, k.kind, k.at AS created_at
           FROM s_clock c
           CROSS JOIN LATERAL (VALUES ('overdue', c.alert_sent_at), ('due_soon', c.reminder_sent_at)) AS k(kind, at)
           CROSS JOIN LATERAL (VALUES (c.assigned_to), (c.sup_id)) AS p(user_id)
           WHERE k.at IS NOT NULL AND p.user_id IS NOT NULL
             AND (k.kind = 'overdue' OR k.at > %(now)s - interval '30 days')""",
        params,
    )
    insert_live(
        cur,
        Notification,
        "s_notice s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "user_id": "s.user_id",
            "deadline_id": "s.deadline_id",
            "kind": "s.kind",
            "created_at": "s.created_at",
            "read_at": "CASE WHEN s.created_at < %(now)s - interval '7 days' THEN s.created_at + interval '1 day' END",
        },
        params,
    )
    insert_live(
        cur,
        NotificationClock,
        "s_notice s",
        {
            "notification_id": "s.id",
            "deadline_id": "s.deadline_id",
            "user_id": "s.user_id",
            "kind": "s.kind",
            "alert_round": "1",
        },
        params,
    )
    insert_live(
        cur,
        EmailDelivery,
        "s_notice s JOIN accounts_user u ON u.id = s.user_id",
        {
            "notification_id": "s.id",
            "to_address": "u.email",
            "sent_at": "s.created_at + interval '5 seconds'",
            "attempts": "1",
            "created_at": "s.created_at",
        },
        params,
    )


def seed_case_plans(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """A case plan for most identified children, within the county's 30 days, with a CSE service fitting their
    identification and a Child and Family Team meeting; a few have no plan yet, or a plan whose only service was
    declined: those are the flags on the dashboard."""
    victim_services = sorted(str(code) for code in VICTIM_SERVICES)
    at_risk_services = sorted(str(code) for code in AT_RISK_SERVICES)
    params = {**params, "victim_services": victim_services, "at_risk_services": at_risk_services}
    cur.execute(
        """CREATE TEMP TABLE s_plan AS
           SELECT gen_random_uuid() AS id, c.id AS client_id, c.worker_id, c.n, r.kind <> 'at_risk' AS victim,
                  least(r.start_date + (5 + floor(20 * pg_temp.u(c.n, 101)))::int, %(today)s::date) AS assessed_on,
                  pg_temp.u(c.n, 102) < 0.04 AS declined
           FROM s_client c JOIN s_csec r ON r.client_id = c.id
           WHERE r.received_at < %(now)s - interval '3 days' AND pg_temp.u(c.n, 103) >= 0.05""",
        params,
    )
    run(
        cur,
        [
            """ALTER TABLE s_plan ADD COLUMN created_at timestamptz;
               UPDATE s_plan SET created_at = least((assessed_on::timestamp AT TIME ZONE %(zone)s)
                   + interval '15 hours', %(now)s - interval '1 hour')""",
            """CREATE TEMP TABLE s_service AS
               SELECT gen_random_uuid() AS id, p.id AS plan_id, p.worker_id, p.n * 3 + k AS n,
                      CASE WHEN k = 1 AND p.victim THEN pg_temp.pick(%(victim_services)s, pg_temp.u(p.n, 104))
                           WHEN k = 1 THEN pg_temp.pick(%(at_risk_services)s, pg_temp.u(p.n, 104))
                           ELSE pg_temp.pick(%(at_risk_services)s, pg_temp.u(p.n, 105)) END AS code,
                      CASE WHEN p.declined THEN 'declined' WHEN pg_temp.u(p.n, 106) < 0.6 THEN 'active'
                           WHEN pg_temp.u(p.n, 106) < 0.8 THEN 'completed' ELSE 'referred' END AS status,
                      p.assessed_on AS referred_on, p.created_at + k * interval '10 minutes' AS created_at
               FROM s_plan p CROSS JOIN generate_series(1, 2) AS k
               WHERE k = 1 OR (pg_temp.u(p.n, 107) < 0.4 AND NOT p.declined)""",
            """ALTER TABLE s_service ADD COLUMN started_on date, ADD COLUMN ended_on date;
               UPDATE s_service SET
                   started_on = CASE WHEN status IN ('active', 'completed')
                                     THEN least(referred_on + 7, %(today)s::date) END,
                   ended_on = CASE WHEN status = 'completed' THEN least(referred_on + 60, %(today)s::date) END""",
        ],
        params,
    )
    insert_live(
        cur,
        CasePlan,
        "s_plan s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "updated_at": "s.created_at",
            "client_id": "s.client_id",
            "assessment_date": "s.assessed_on",
            "goal": "'Safety and stability: a safe placement, school, and a trusted adult.'",
            "addresses_cse": "true",
        },
        params,
    )
    insert_history(
        cur,
        CasePlan,
        "caseplans_caseplan t JOIN s_plan s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'Case plan created'",
        params=params,
    )
    insert_live(
        cur,
        PlannedService,
        "s_service s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "updated_at": "s.created_at",
            "case_plan_id": "s.plan_id",
            "service_code": "s.code",
            "description": "''",
            "provider": "pg_temp.pick(ARRAY['Saving Innocence', 'Children''s Law Center', 'LA Youth Network', "
            "'Journey Out', 'Zoe International'], pg_temp.u(s.n, 108))",
            "status": "s.status",
            "referred_on": "s.referred_on",
            "started_on": "s.started_on",
            "ended_on": "s.ended_on",
        },
        params,
    )
    insert_history(
        cur,
        PlannedService,
        "caseplans_plannedservice t JOIN s_service s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'Service added to the case plan'",
        params=params,
    )
    cur.execute(
        """CREATE TEMP TABLE s_meeting AS
           SELECT gen_random_uuid() AS id, p.id AS plan_id, p.worker_id,
                  least(p.assessed_on + 3, %(today)s::date) AS held_on,
                  p.created_at + interval '20 minutes' AS created_at, pg_temp.u(p.n, 109) < 0.8 AS child
           FROM s_plan p""",
        params,
    )
    insert_live(
        cur,
        CftMeeting,
        "s_meeting s ORDER BY s.created_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "created_at": "s.created_at",
            "created_by_id": "s.worker_id",
            "updated_at": "s.created_at",
            "case_plan_id": "s.plan_id",
            "held_on": "s.held_on",
            "child_participated": "s.child",
            "caregiver_participated": "true",
            "participants": "'Caregiver; CSEC advocate; therapist'",
            "decisions": "'Services agreed with the child; next meeting in 90 days.'",
        },
        params,
    )
    insert_history(
        cur,
        CftMeeting,
        "caseplans_cftmeeting t JOIN s_meeting s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'Child and Family Team meeting recorded'",
        params=params,
    )


def seed_training(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Nine in ten workers and supervisors completed each course required of their role."""
    cur.execute(
        """CREATE TEMP TABLE s_completion AS
           SELECT gen_random_uuid() AS id, c.id AS course_id, u.id AS worker_id,
                  least((u.joined + pg_temp.secs(86400 * (20 + 200 * pg_temp.u(u.n * 17 + c.k, 111)))), %(now)s)
                      AS done_at
           FROM s_user u
           JOIN (SELECT id, required_roles, row_number() OVER (ORDER BY title) AS k
                 FROM training_course WHERE county_id = %(county)s AND required AND active) c
             ON c.required_roles ? u.role
           WHERE pg_temp.u(u.n * 17 + c.k, 112) < 0.9""",
        params,
    )
    insert_live(
        cur,
        Completion,
        "s_completion s ORDER BY s.done_at",
        {
            "id": "s.id",
            "county_id": "%(county)s",
            "course_id": "s.course_id",
            "worker_id": "s.worker_id",
            "completed_on": "(s.done_at AT TIME ZONE %(zone)s)::date",
            "created_at": "s.done_at",
            "created_by_id": "(SELECT id FROM s_user WHERE n = 1)",
        },
        params,
    )
    insert_history(
        cur,
        Completion,
        "training_completion t JOIN s_completion s ON s.id = t.id",
        kind="+",
        at="t.created_at",
        user="t.created_by_id",
        reason="'Training completion recorded'",
        params=params,
    )


def seed_access_events(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """The export month's reads: a child's record (nine in ten) or one of their referrals, by the child's worker
    mostly, their supervisor or a county admin otherwise; on a page or through the API."""
    cur.execute(
        """CREATE TEMP TABLE s_known AS
           SELECT row_number() OVER (ORDER BY n) AS k, n, id, worker_id, sup_id
           FROM s_client WHERE created_at < %(month_start)s""",
        params,
    )
    cur.execute("CREATE UNIQUE INDEX ON s_known (k)")
    cur.execute("SELECT count(*) FROM s_known")
    known = cur.fetchone()[0]
    if not known:
        return
    cur.execute(
        """CREATE TEMP TABLE s_read AS
           SELECT g.n, c.id AS client_id, c.n AS client_n,
                  CASE WHEN pg_temp.u(g.n, 122) < 0.85 THEN c.worker_id WHEN pg_temp.u(g.n, 122) < 0.95 THEN c.sup_id
                       ELSE (SELECT id FROM s_user WHERE n = 1) END AS user_id,
                  %(month_start)s + pg_temp.u(g.n, 123) * (%(month_end)s - %(month_start)s) AS at,
                  pg_temp.u(g.n, 124) < 0.7 AS page, pg_temp.u(g.n, 125) < 0.9 AS child
           FROM generate_series(1, %(access_events)s) AS g(n)
           JOIN s_known c ON c.k = 1 + floor(pg_temp.u(g.n, 121) * %(known)s)::int""",
        {**params, "known": known},
    )
    record = "CASE WHEN s.child THEN 'referrals.client' ELSE 'referrals.referral' END"
    record_id = "CASE WHEN s.child THEN s.client_id::text ELSE r.id::text END"
    path = (
        "CASE WHEN s.page AND s.child THEN '/clients/' || s.client_id || '/' "
        "WHEN s.page THEN '/referrals/' || r.id || '/' "
        "WHEN s.child THEN '/api/v1/clients/' || s.client_id || '/' "
        "ELSE '/api/v1/referrals/' || r.id || '/' END"
    )
    insert_live(
        cur,
        AccessEvent,
        "s_read s JOIN s_referral r ON r.n = s.client_n ORDER BY s.at",
        {
            "id": "gen_random_uuid()",
            "county_id": "%(county)s",
            "user_id": "s.user_id",
            "at": "s.at",
            "record_type": record,
            "record_id": record_id,
            "via": "CASE WHEN s.page THEN 'page' ELSE 'api' END",
            "path": path,
            "source_address": "('10.' || (s.n %% 200) || '.' || (s.n / 200 %% 250) || '.' || (1 + s.n %% 250))::inet",
        },
        params,
    )


def month_history_rows(cur: CursorWrapper, params: dict[str, Any]) -> int:
    total = 0
    for model in history_models():
        table = get_history_model_for_model(model)._meta.db_table
        cur.execute(
            f"SELECT count(*) FROM {table} WHERE history_date >= %(month_start)s AND history_date < %(month_end)s",  # noqa: S608
            params,
        )
        total += cur.fetchone()[0]
    return total


def history_models() -> list[type[models.Model]]:
    from simple_history.models import registered_models

    return sorted(registered_models.values(), key=lambda m: m._meta.label)


def seed_client_updates(cur: CursorWrapper, params: dict[str, Any], wanted: int) -> None:
    """The month's record keeping: each child's record saved at visits (the sex recorded at the first for those
    entered without it), as many times as bring the month's history to `wanted` rows."""
    have = month_history_rows(cur, params)
    missing = max(0, wanted - have)
    cur.execute("SELECT count(*) FROM s_client WHERE created_at < %(month_start)s", params)
    eligible = cur.fetchone()[0]
    if not missing or not eligible:
        return
    per_child = missing / eligible
    cur.execute(
        """CREATE TEMP TABLE s_update AS
           SELECT c.id AS client_id, c.worker_id, c.sex, k,
                  %(month_start)s + pg_temp.u(c.n * 64 + k, 131) * (%(month_end)s - %(month_start)s) AS at
           FROM s_client c CROSS JOIN LATERAL generate_series(1, floor(%(per_child)s
                + pg_temp.u(c.n, 132))::int) AS k
           WHERE c.created_at < %(month_start)s""",
        {**params, "per_child": per_child},
    )
    insert_history(
        cur,
        Client,
        "referrals_client t JOIN s_update s ON s.client_id = t.id",
        kind="~",
        at="s.at",
        user="s.worker_id",
        reason="'client updated'",
        values={"sex": "s.sex", "updated_at": "s.at"},
        params=params,
    )
    cur.execute(
        """UPDATE referrals_client c SET sex = s.sex, updated_at = s.at
           FROM (SELECT DISTINCT ON (client_id) client_id, sex, at FROM s_update ORDER BY client_id, at DESC) s
           WHERE c.id = s.client_id""",
        params,
    )


def seed_notes(cur: CursorWrapper, params: dict[str, Any]) -> None:
    """Where case notes are installed: a contact note for each visit screening of the export month."""
    if not apps.is_installed("notes"):
        return
    note = apps.get_model("notes", "CaseNote")
    columns = {f.column for f in note._meta.concrete_fields}
    if note._meta.db_table not in connection.introspection.table_names(cur):
        return  # installed, not yet migrated
    if not {"client_id", "kind", "occurred_at", "text", "author_id"} <= columns:
        return
    values = {
        "id": "gen_random_uuid()",
        "county_id": "%(county)s",
        "client_id": "s.client_id",
        "kind": "'contact'",
        "occurred_at": "s.performed_at",
        "text": "'Monthly visit at the placement. The child is settled and attending school.'",
        "author_id": "s.worker_id",
        "created_at": "s.performed_at + interval '2 hours'",
        "updated_at": "s.performed_at + interval '2 hours'",
    }
    try:
        [default_of(f) for f in note._meta.concrete_fields if f.column not in values and not is_serial(f)]
    except ValueError:
        return  # a field this seed does not know how to fill
    insert_live(
        cur,
        note,
        "s_screening s WHERE s.context = 'visit' AND s.performed_at + interval '2 hours' <= %(now)s",
        {k: v for k, v in values.items() if k in columns},
        params,
    )
    insert_history(
        cur,
        note,
        f"{note._meta.db_table} t WHERE t.county_id = %(county)s",
        kind="+",
        at="t.created_at",
        user="t.author_id",
        reason="'note recorded'",
        params=params,
    )


def counts(cur: CursorWrapper, county_id: Any, month: tuple[datetime, datetime]) -> dict[str, int]:
    found: dict[str, int] = {}
    for label, sql in (
        ("users", "SELECT count(*) FROM accounts_user WHERE county_id = %s"),
        ("children", "SELECT count(*) FROM referrals_client WHERE county_id = %s"),
        ("referrals", "SELECT count(*) FROM referrals_referral WHERE county_id = %s"),
        ("clocks", "SELECT count(*) FROM reporting_deadline WHERE county_id = %s"),
        (
            "open clocks",
            "SELECT count(*) FROM reporting_deadline WHERE county_id = %s AND met_at IS NULL "
            "AND cancelled_at IS NULL",
        ),
        ("missing episodes", "SELECT count(*) FROM referrals_missingepisode WHERE county_id = %s"),
        ("case plans", "SELECT count(*) FROM caseplans_caseplan WHERE county_id = %s"),
    ):
        cur.execute(sql, [county_id])
        found[label] = cur.fetchone()[0]
    cur.execute(
        "SELECT count(*) FROM accounts_accessevent WHERE county_id = %s AND at >= %s AND at < %s",
        [county_id, *month],
    )
    found["access events in the month"] = cur.fetchone()[0]
    found["history rows in the month"] = month_history_rows(
        cur, {"month_start": month[0], "month_end": month[1]}
    )
    return found


Phase = tuple[str, Callable[[CursorWrapper, dict[str, Any]], None]]


def seed_scale(
    *,
    scale: float,
    county_name: str = "Los Angeles",
    prefix: str = "la",
    now: datetime | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> SeedSummary:
    """Seed the county at `scale` in one transaction; refused when the county already has children."""
    if scale <= 0:
        raise ScaleSeedError("The scale must be positive.")
    started = time.monotonic()
    sizes = Sizes.at(scale)
    with transaction.atomic():
        county = county_get_or_create(county_name)
        if Client.objects.filter(county=county).exists():
            raise ScaleSeedError(f"{county.name} already has children: seed a fresh database.")
        if User.objects.filter(username__startswith=f"{prefix}_").exists():
            raise ScaleSeedError(f"Usernames starting {prefix}_ are taken: choose another prefix.")
        now = now or timezone.now()
        zone = county.zone
        month = previous_month(now, zone)
        params = seed_params(county, sizes, prefix, now, month)
        summary = SeedSummary(county.name, scale, *month)
        with connection.cursor() as cur:
            run(cur, HELPERS, params)
            cur.execute("SET LOCAL work_mem = '128MB'")
            cur.execute("SET LOCAL jit = off")
            checked_after = without_foreign_key_triggers(cur)
            deferred = indexes_drop(cur, [m._meta.db_table for m in seeded_models()])
            phases: list[Phase] = [
                ("users", lambda c, p: seed_users(c, sizes, p)),
                ("children", seed_clients),
                ("referrals", seed_referrals),
                ("contacts", seed_contacts),
                ("allegations", seed_allegations),
                ("CSEC rows", seed_csec_rows),
                ("missing episodes", seed_episodes),
                ("screenings", seed_screenings),
                ("clocks and reports", seed_clocks),
                ("notifications", seed_notifications),
                ("case plans", seed_case_plans),
                ("training", seed_training),
                ("case notes", seed_notes),
                ("access events", seed_access_events),
                (
                    "the month's record keeping",
                    lambda c, p: seed_client_updates(c, p, sizes.month_history_rows),
                ),
            ]
            for name, phase in phases:
                begun = time.monotonic()
                phase(cur, params)
                summary.phases.append((name, time.monotonic() - begun))
                log(f"  {name}: {time.monotonic() - begun:.1f} s")
            for name, finish in (
                ("indexes", lambda: indexes_create(cur, deferred)),
                ("foreign keys", lambda: foreign_keys_check(cur) if checked_after else None),
            ):
                begun = time.monotonic()
                finish()
                summary.phases.append((name, time.monotonic() - begun))
                log(f"  {name}: {time.monotonic() - begun:.1f} s")
            summary.counts = counts(cur, county.pk, month)
    analyze()
    summary.seconds = time.monotonic() - started
    summary.logins = logins(prefix)
    return summary


def without_foreign_key_triggers(cur: CursorWrapper) -> bool:
    """Row-by-row foreign-key triggers (deferred to the commit, millions of them) cost most of a seed's time:
    where the role may (a superuser), they are off for this transaction, and `foreign_keys_check` verifies every
    reference at the end in one pass per key instead."""
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cur.fetchone()[0]:
        return False
    cur.execute("SET LOCAL session_replication_role = replica")
    return True


def indexes_drop(cur: CursorWrapper, tables: list[str]) -> list[str]:
    """Drop the seeded tables' indexes that back no constraint (rebuilt by `indexes_create` once the rows are in:
    one sorted build instead of millions of random inserts); their definitions, to build them again."""
    cur.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
           FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           WHERE t.relname = ANY(%s) AND t.relnamespace = 'public'::regnamespace
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
        [tables],
    )
    found = cur.fetchall()
    for name, _ in found:
        cur.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def indexes_create(cur: CursorWrapper, definitions: list[str]) -> None:
    """Build the dropped indexes again (a unique one checks its rows as it is built)."""
    cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for definition in definitions:
        cur.execute(definition)


def seeded_models() -> list[type[models.Model]]:
    live = [
        User, UserPrivilege, Client, Referral, ReferralCode, Contact, Allegation, CsecRow, MissingEpisode,
        LocateAttempt, Reconfirmation, Screening, Report, Deadline, Notification, NotificationClock,
        EmailDelivery, CasePlan, PlannedService, CftMeeting, Completion, AccessEvent,
    ]  # fmt: skip
    if apps.is_installed("notes"):
        live.append(apps.get_model("notes", "CaseNote"))
    histories = [get_history_model_for_model(m) for m in live if m in history_models()]
    return live + histories


def foreign_keys_check(cur: CursorWrapper) -> None:
    """Every foreign key of every seeded table points at a row that exists (one anti-join per key)."""
    cur.execute("SET LOCAL session_replication_role = origin")
    broken = []
    for model in seeded_models():
        for fk in model._meta.concrete_fields:
            if not isinstance(fk, models.ForeignKey) or not getattr(fk, "db_constraint", True):
                continue
            target = fk.target_field
            cur.execute(
                f"SELECT count(*) FROM {model._meta.db_table} c WHERE c.{fk.column} IS NOT NULL AND NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {target.model._meta.db_table} p WHERE p.{target.column} = c.{fk.column})"
            )
            missing = cur.fetchone()[0]
            if missing:
                broken.append(f"{model._meta.db_table}.{fk.column}: {missing}")
    if broken:
        raise ScaleSeedError("References to nothing: " + "; ".join(broken))


def seed_params(
    county: County, sizes: Sizes, prefix: str, now: datetime, month: tuple[datetime, datetime]
) -> dict[str, Any]:
    return {
        "county": county.pk,
        "now": now,
        "today": now.astimezone(county.zone).date(),
        "zone": county.time_zone,
        "month_start": month[0],
        "month_end": month[1],
        "prefix": prefix,
        "password": make_password(SCALE_PASSWORD),
        "admins": sizes.admins,
        "sups": sizes.supervisors,
        "workers": sizes.workers,
        "children": sizes.children,
        "second_referrals": sizes.second_referrals,
        "access_events": sizes.month_access_events,
        "first": FIRST_NAMES,
        "last": LAST_NAMES,
        "positive_sets": len(POSITIVE_SETS),
        "negative_sets": len(NEGATIVE_SETS),
        "rule_version": rules.RULE_VERSION,
    }


def analyze() -> None:
    """Fresh statistics for the planner: the benchmarks run right after a seed."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def logins(prefix: str) -> list[tuple[str, str]]:
    found = []
    for role in (Role.COUNTY_ADMIN, Role.SUPERVISOR, Role.SOCIAL_WORKER, Role.PROBATION_OFFICER):
        user = (
            User.objects.filter(username__startswith=f"{prefix}_", role=role, is_active=True)
            .order_by("username")
            .first()
        )
        if user is not None:
            found.append((user.username, Role(role).label))
    return found
