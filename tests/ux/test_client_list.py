"""The client list shows where each child stands (CSEC status, open clocks, worker), sorts by any of them, refuses
no `sort` value, and costs the same number of queries for two children as for twenty."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals import services as record
from referrals.models import Client

from ..conftest import county_today
from .text import read_text

pytestmark = pytest.mark.django_db


def new_child(cast, last_name: str, born: date = date(2011, 5, 4), worker=None) -> Client:
    return record.client_create(
        user=cast.sw,
        first_name="Kid",
        last_name=last_name,
        date_of_birth=born,
        foster_care_status="in_foster_care",
        assigned_worker=worker,
    )


@pytest.fixture
def three(cast):
    """Avila: a victim with an overdue clock; Brook: at risk; Cruz: nothing documented, assigned to the PO."""
    avila = new_child(cast, "Avila", date(2012, 1, 1))
    record.csec_row_document(
        user=cast.sw,
        client=avila,
        csec_type="victim_during_foster_care",
        start_date=county_today() - timedelta(days=3),
        information_received_at=timezone.now() - timedelta(days=3),
    )
    brook = new_child(cast, "Brook", date(2010, 1, 1))
    record.csec_row_document(user=cast.sw, client=brook, csec_type="at_risk", start_date=county_today())
    cruz = new_child(cast, "Cruz", date(2011, 1, 1), worker=cast.po)
    return avila, brook, cruz


def rows(page: str) -> list[str]:
    return [
        read_text(row).strip() for row in re.findall(r'<tr data-testid="client-row">(.*?)</tr>', page, re.S)
    ]


def names(page: str) -> list[str]:
    return [row.split(",")[0] for row in rows(page)]


def test_each_row_shows_the_csec_status_the_open_clocks_and_the_worker(client, cast, three) -> None:
    client.force_login(cast.sw)
    page = client.get("/clients/?q=Kid").content.decode()
    avila, brook, cruz = rows(page)
    assert "Victim" in avila and "1 open, 1 overdue" in avila and "Sol Worker" in avila
    assert "At risk" in brook and "None" in brook
    assert "None open" in cruz and "po_a" in cruz
    assert f'href="/clients/{three[0].pk}/clocks/"' in page


def test_the_list_sorts_by_each_column_both_ways(client, cast, three) -> None:
    client.force_login(cast.sw)
    expected = {
        "name": ["Avila", "Brook", "Cruz"],
        "born": ["Brook", "Cruz", "Avila"],
        "status": ["Avila", "Brook", "Cruz"],
        "clocks": ["Avila", "Brook", "Cruz"],
        "worker": ["Cruz", "Avila", "Brook"],  # po_a has no last name: first
    }
    for column, order in expected.items():
        page = client.get(f"/clients/?q=Kid&sort={column}").content.decode()
        assert names(page) == order, column
        assert re.search(rf'<th scope="col" aria-sort="ascending"><a[^>]*data-sort="{column}"', page)
        assert f"sort=-{column}" in page  # the heading's link reverses it
        reverse = client.get(f"/clients/?q=Kid&sort=-{column}").content.decode()
        assert re.search(rf'<th scope="col" aria-sort="descending"><a[^>]*data-sort="{column}"', reverse)
        assert names(reverse) == list(reversed(order)), column


@pytest.mark.parametrize(
    "sort", ["", "nonsense", "-", "--name", "id); drop table x", "password", "\u00e9", "x" * 500]
)
def test_a_bad_sort_value_sorts_by_name(client, cast, three, sort) -> None:
    client.force_login(cast.sw)
    answer = client.get("/clients/", {"q": "Kid", "sort": sort})
    assert answer.status_code == 200
    assert names(answer.content.decode()) == ["Avila", "Brook", "Cruz"]


def test_the_caseload_is_listed_the_same_way(client, cast, three) -> None:
    client.force_login(cast.sw)
    page = client.get("/clients/?sort=-name").content.decode()
    assert names(page) == ["Brook", "Avila"]  # Cruz is the probation officer's


def test_the_query_count_does_not_grow_with_the_rows(client, cast) -> None:
    client.force_login(cast.sw)
    for n in range(2):
        child = new_child(cast, f"Few{n}")
        record.csec_row_document(user=cast.sw, client=child, csec_type="at_risk", start_date=county_today())
    with CaptureQueriesContext(connection) as few:
        assert client.get("/clients/?q=Few&sort=clocks").status_code == 200
    for n in range(20):
        child = new_child(cast, f"Few{n + 2}")
        record.csec_row_document(
            user=cast.sw,
            client=child,
            csec_type="victim_during_foster_care",
            start_date=county_today(),
            information_received_at=timezone.now() - timedelta(hours=1),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/clients/?q=Few&sort=clocks").content.decode()
    assert len(rows(page)) == 22
    assert len(many) == len(few)
