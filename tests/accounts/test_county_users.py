"""The county admin administers the accounts of their own county only (API and pages): opens them, changes
role, supervisor and privileges, closes and reopens them, unlocks them and resets authenticators; every act is
in history and in the account journal. Other roles are refused (403); another county's account is 404."""

from datetime import date

import pytest

from accounts.models import AccountEvent, Agency, User, UserPrivilege
from accounts.services import user_create
from referrals import services as record

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
USERS = "/api/v1/users/"
NEW = {
    "username": "newbie",
    "password": PASSWORD,
    "role": "social_worker",
    "first_name": "Nia",
    "last_name": "New",
}


def test_the_admin_lists_every_account_of_the_county_with_its_state(cast, api):
    closed = user_create(username="gone", password=PASSWORD, county_name="Alameda", role="county_admin")
    User.objects.filter(pk=closed.pk).update(is_active=False)
    rows = {row["username"]: row for row in api(cast.admin).get(USERS).json()["results"]}
    assert set(rows) == {"sup_a", "sw_a", "po_a", "admin_a", "gone"}
    assert {"id", "username", "role", "supervisor", "is_active", "locked", "privileges"} <= set(rows["sw_a"])
    assert rows["gone"]["is_active"] is False
    assert rows["sw_a"]["supervisor"] == str(cast.supervisor.pk) and rows["sw_a"]["locked"] is False


def test_others_still_read_their_colleagues_only(cast, api):
    rows = api(cast.sw).get(USERS).json()["results"]
    assert {row["username"] for row in rows} == {"sup_a", "sw_a", "po_a", "admin_a"}
    assert "locked" not in rows[0] and "privileges" not in rows[0]


def test_the_admin_opens_an_account_in_their_county_with_history(cast, api):
    answer = api(cast.admin).post(
        USERS,
        {**NEW, "supervisor": str(cast.supervisor.pk), "privileges": ["closed_case_update"]},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["username"], body["role"], body["privileges"], body["is_active"], body["locked"]) == (
        "newbie",
        "social_worker",
        ["closed_case_update"],
        True,
        False,
    )
    user = User.objects.get(username="newbie")
    assert user.county == cast.admin.county and user.agency.kind == Agency.Kind.CHILD_WELFARE
    assert user.check_password(PASSWORD)
    created = user.history.get()
    assert (created.history_user, created.history_change_reason) == (cast.admin, "account created")
    assert UserPrivilege.objects.get(user=user).granted_by == cast.admin
    event = AccountEvent.objects.get(user=user, kind="created")
    assert (event.actor, event.via) == (cast.admin, "api")


@pytest.mark.parametrize("role", ["sw", "po", "supervisor"])
def test_other_roles_are_refused(cast, api, role):
    client = api(getattr(cast, role))
    assert client.post(USERS, NEW, format="json").status_code == 403
    assert client.patch(f"{USERS}{cast.sw.pk}/", {"role": "supervisor"}, format="json").status_code == 403
    assert client.post(f"{USERS}{cast.sw.pk}/unlock/").status_code == 403
    assert client.post(f"{USERS}{cast.sw.pk}/reset-mfa/").status_code == 403
    assert not User.objects.filter(username="newbie").exists()


def test_another_countys_account_is_not_found(cast, api):
    butte_admin = user_create(username="admin_b", password=PASSWORD, county_name="Butte", role="county_admin")
    client = api(butte_admin)
    assert client.get(f"{USERS}{cast.sw.pk}/").status_code == 404
    assert client.patch(f"{USERS}{cast.sw.pk}/", {"role": "supervisor"}, format="json").status_code == 404
    assert client.post(f"{USERS}{cast.sw.pk}/unlock/").status_code == 404
    assert client.post(f"{USERS}{cast.sw.pk}/reset-mfa/").status_code == 404
    assert client.get(f"{USERS}not-a-uuid/").status_code == 404
    foreign = client.post(USERS, {**NEW, "supervisor": str(cast.supervisor.pk)}, format="json")
    assert foreign.status_code == 400 and "supervisor" in foreign.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW, "role": "chief"}, "role"),
        ({**NEW, "username": "SW_A"}, "username"),
        ({**NEW, "username": "bad name!"}, "username"),
        ({**NEW, "privileges": ["root"]}, "privileges"),
        ({**NEW, "role": "county_admin", "supervisor": None, "email": "not-an-email"}, "email"),
        ({k: v for k, v in NEW.items() if k != "password"}, "password"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(cast, api, body, field):
    answer = api(cast.admin).post(USERS, body, format="json")
    assert answer.status_code == 400 and field in answer.json(), answer.content


def test_a_supervisor_must_be_a_supervisor(cast, api):
    answer = api(cast.admin).post(USERS, {**NEW, "supervisor": str(cast.po.pk)}, format="json")
    assert answer.status_code == 400 and "supervisor" in answer.json()


def test_role_supervisor_and_privileges_change_with_history(cast, api):
    answer = api(cast.admin).patch(
        f"{USERS}{cast.po.pk}/",
        {"role": "social_worker", "privileges": ["closed_case_update"], "supervisor": None},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    po = User.objects.get(pk=cast.po.pk)
    assert (po.role, po.agency.kind, po.supervisor) == ("social_worker", Agency.Kind.CHILD_WELFARE, None)
    latest = po.history.latest()
    assert latest.history_user == cast.admin
    assert "role probation_officer to social_worker" in latest.history_change_reason
    grant = UserPrivilege.objects.get(user=po)
    assert grant.granted_by == cast.admin and grant.history.get().history_user == cast.admin
    withdrawn = api(cast.admin).patch(f"{USERS}{cast.po.pk}/", {"privileges": []}, format="json")
    assert withdrawn.json()["privileges"] == []
    assert UserPrivilege.history.filter(user_id=po.pk, history_type="-").get().history_user == cast.admin
    details = list(AccountEvent.objects.filter(user=po, kind="changed").values_list("detail", flat=True))
    assert any("privilege +closed_case_update" in d for d in details)
    assert any("privilege -closed_case_update" in d for d in details)


def test_role_changes_that_would_strand_cases_or_units_are_refused(cast, api):
    client = api(cast.admin)
    to_admin = client.patch(f"{USERS}{cast.sw.pk}/", {"role": "county_admin"}, format="json")
    assert to_admin.status_code == 400 and "Workers page" in to_admin.json()["role"][0]
    unit = client.patch(f"{USERS}{cast.supervisor.pk}/", {"role": "social_worker"}, format="json")
    assert unit.status_code == 400 and "another supervisor" in unit.json()["role"][0]
    own = client.patch(f"{USERS}{cast.admin.pk}/", {"role": "supervisor"}, format="json")
    assert own.status_code == 400


def test_a_worker_is_closed_through_the_caseload_hand_over(cast, api):
    answer = api(cast.admin).patch(f"{USERS}{cast.sw.pk}/", {"is_active": False}, format="json")
    assert answer.status_code == 400 and "Workers page" in answer.json()["is_active"][0]
    assert User.objects.get(pk=cast.sw.pk).is_active


def test_an_admin_account_is_closed_and_opened_again(cast, api):
    other = user_create(username="admin_a2", password=PASSWORD, county_name="Alameda", role="county_admin")
    closed = api(cast.admin).patch(f"{USERS}{other.pk}/", {"is_active": False}, format="json")
    assert closed.status_code == 200 and closed.json()["is_active"] is False
    assert (
        api(cast.admin).patch(f"{USERS}{cast.admin.pk}/", {"is_active": False}, format="json").status_code
        == 400
    )
    reopened = api(cast.admin).patch(f"{USERS}{other.pk}/", {"is_active": True}, format="json")
    assert reopened.json()["is_active"] is True
    assert User.objects.get(pk=other.pk).reactivated_at is not None
    kinds = list(AccountEvent.objects.filter(user=other).order_by("at").values_list("kind", flat=True))
    assert kinds == ["closed", "reopened"]


def test_the_admin_pages_list_create_and_edit(cast, client):
    client.force_login(cast.sw)
    assert client.get("/accounts/users/").status_code == 403
    client.force_login(cast.admin)
    listed = client.get("/accounts/users/").content.decode()
    assert listed.count('data-testid="user-row"') == 4 and "sw_b" not in listed
    assert 'href="/accounts/users/"' in client.get("/").content.decode()  # linked from the admin's home
    made = client.post(
        "/accounts/users/new/",
        {
            "username": "newbie",
            "password": PASSWORD,
            "role": "social_worker",
            "supervisor": str(cast.supervisor.pk),
        },
    )
    newbie = User.objects.get(username="newbie")
    assert made["Location"] == f"/accounts/users/{newbie.pk}/"
    edited = client.post(
        f"/accounts/users/{newbie.pk}/",
        {
            "role": "social_worker",
            "supervisor": "",
            "privileges": ["closed_case_update"],
            "first_name": "Nia",
        },
    )
    assert edited.status_code == 302
    newbie.refresh_from_db()
    assert (newbie.first_name, newbie.supervisor, newbie.privilege_codes) == (
        "Nia",
        None,
        ["closed_case_update"],
    )
    page = client.get(f"/accounts/users/{cast.sw.pk}/").content.decode()
    assert f'href="/workers/{cast.sw.pk}/close/"' in page  # a worker leaves through the caseload hand-over
    assert client.get(f"/accounts/users/{User.objects.get(username='sw_b').pk}/").status_code == 404


def test_closing_a_worker_with_a_caseload_goes_through_the_hand_over(cast, client):
    record.client_create(
        user=cast.sw,
        first_name="June",
        last_name="Park",
        date_of_birth=date(2012, 2, 2),
        foster_care_status="none",
    )
    client.force_login(cast.admin)
    refused = client.post(f"/accounts/users/{cast.sw.pk}/close/", follow=True)
    assert "Workers page" in refused.content.decode()
    assert User.objects.get(pk=cast.sw.pk).is_active


def test_the_lockout_minutes_are_set_on_the_users_page(cast, client):
    client.force_login(cast.admin)
    bad = client.post("/accounts/users/lockout/", {"lockout_minutes": "0"})
    assert bad.status_code == 400 and 'value="0"' in bad.content.decode()
    assert client.post("/accounts/users/lockout/", {"lockout_minutes": "45"}).status_code == 302
    cast.admin.county.refresh_from_db()
    assert cast.admin.county.lockout_minutes == 45
