"""A worker leaves: the county admin hands their caseload to a colleague and closes the account; the children and
their open clocks move, history names who did it, nothing is deleted, and nobody else may do it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as WebClient
from django.utils import timezone

from accounts.models import User
from referrals import services
from referrals.models import Client
from reporting.models import Deadline

from ..conftest import county_today, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(cast):
    children = []
    for n in range(3):
        child = services.client_create(
            user=cast.sw,
            first_name=f"Kid{n}",
            last_name="Moved",
            date_of_birth=date(2011, 1, 1 + n),
            foster_care_status="in_foster_care",
        )
        services.csec_row_document(
            user=cast.sw,
            client=child,
            csec_type="victim_during_foster_care",
            start_date=county_today(),
            information_received_at=timezone.now() - timedelta(hours=1),
        )
        children.append(child)
    return children


def test_the_caseload_and_its_open_clocks_move_and_the_account_closes(cast, caseload):
    moved = services.caseload_hand_over(user=cast.admin, worker=cast.sw, to=cast.po)
    assert moved == 3
    assert set(Client.objects.values_list("assigned_worker", flat=True)) == {cast.po.pk}
    assert set(Deadline.objects.filter(met_at__isnull=True).values_list("assigned_to", flat=True)) == {
        cast.po.pk
    }
    leaver = User.objects.get(pk=cast.sw.pk)
    assert not leaver.is_active
    assert leaver.history.latest().history_user == cast.admin
    latest = caseload[0].history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        cast.admin,
        f"caseload of {cast.sw} handed to {cast.po}",
    )


@pytest.mark.parametrize("role", ["sw", "po", "supervisor"])
def test_only_the_county_admin_may(cast, caseload, role):
    with pytest.raises(PermissionDenied):
        services.caseload_hand_over(user=getattr(cast, role), worker=cast.sw, to=cast.po)
    assert User.objects.get(pk=cast.sw.pk).is_active


def test_the_receiver_must_be_an_active_case_carrier_of_the_county_other_than_the_leaver(cast, caseload):
    closed = make_user("gone_a", "Alameda", "social_worker")
    closed.is_active = False
    closed.save()
    for to in (cast.sw_b, cast.admin, cast.sw, closed):
        with pytest.raises(ValidationError):
            services.caseload_hand_over(user=cast.admin, worker=cast.sw, to=to)
    assert Client.objects.filter(assigned_worker=cast.sw).count() == 3


def test_another_countys_admin_is_refused(cast, caseload):
    admin_b = make_user("admin_b", "Butte", "county_admin")
    with pytest.raises(PermissionDenied):
        services.caseload_hand_over(user=admin_b, worker=cast.sw, to=cast.po)


def web(user: User) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def test_the_pages_list_the_workers_and_close_an_account_after_the_hand_over(cast, caseload):
    admin = web(cast.admin)
    listing = admin.get("/workers/").content.decode()
    assert "Sol Worker" in listing and "Hand over and close" in listing
    page = admin.get(f"/workers/{cast.sw.pk}/close/")
    assert page.status_code == 200 and "Kid0 Moved" in page.content.decode()
    refused = admin.post(f"/workers/{cast.sw.pk}/close/", {"to": ""})
    assert refused.status_code == 400 and 'id="id_to_error"' in refused.content.decode()
    done = admin.post(f"/workers/{cast.sw.pk}/close/", {"to": str(cast.po.pk)}, follow=True)
    assert "3 children were handed to" in done.content.decode()
    assert not User.objects.get(pk=cast.sw.pk).is_active


def test_the_pages_are_the_county_admins_and_another_countys_worker_is_not_found(cast, caseload):
    assert web(cast.supervisor).get("/workers/").status_code == 403
    assert web(cast.sw).post(f"/workers/{cast.po.pk}/close/", {"to": str(cast.sw.pk)}).status_code == 403
    assert web(cast.admin).get(f"/workers/{cast.sw_b.pk}/close/").status_code == 404
    assert web(cast.admin).get("/workers/not-a-uuid/close/").status_code == 404
