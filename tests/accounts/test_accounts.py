import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.models import AccessEvent, Agency, Role, User
from accounts.selectors import scoped, scoped_get
from accounts.services import AccountError, totp_key_from_base32, user_create

pytestmark = pytest.mark.django_db


def test_each_role_belongs_to_its_agency(cast):
    assert cast.sw.agency.kind == Agency.Kind.CHILD_WELFARE
    assert cast.po.agency.kind == Agency.Kind.PROBATION
    assert cast.sw.county == cast.po.county == cast.supervisor.county
    assert cast.sw.supervisor == cast.supervisor
    assert {u.role for u in (cast.sw, cast.po, cast.supervisor, cast.admin)} == set(Role.values)


def test_a_county_gets_both_agencies_once(cast):
    assert Agency.objects.filter(county=cast.sw.county).count() == 2


def test_scoped_lists_only_the_users_county(cast):
    usernames = set(scoped(User.objects.all(), cast.sw_b).values_list("username", flat=True))
    assert usernames == {"sw_b", "sup_b"}


def test_scoped_get_answers_404_for_another_countys_object(cast):
    assert scoped_get(User.objects.all(), cast.sw, pk=cast.po.pk) == cast.po
    with pytest.raises(Http404):
        scoped_get(User.objects.all(), cast.sw_b, pk=cast.po.pk)
    with pytest.raises(Http404):
        scoped_get(User.objects.all(), cast.sw, pk="not-a-uuid")


def test_scope_of_a_user_without_county_is_empty(cast):
    root = User.objects.create_superuser("root", password="x" * 12)
    assert not scoped(User.objects.all(), root).exists()


def test_a_scoped_get_on_an_unscoped_model_is_refused(cast):
    with pytest.raises(TypeError):
        scoped(Agency.objects.all(), cast.sw)


def test_supervisor_from_another_county_is_refused(cast):
    with pytest.raises(AccountError, match="No user 'sup_b' in Alameda"):
        user_create(
            username="x1",
            password="p" * 12,
            county_name="Alameda",
            role="social_worker",
            supervisor_username="sup_b",
        )
    cast.sw.supervisor = cast.supervisor_b
    with pytest.raises(ValidationError):
        cast.sw.full_clean()


def test_unknown_role_and_privilege_are_refused(db):
    with pytest.raises(AccountError, match="Unknown role"):
        user_create(username="x", password="p" * 12, county_name="Alameda", role="chief")
    with pytest.raises(AccountError, match="Unknown privilege"):
        user_create(
            username="x", password="p" * 12, county_name="Alameda", role="social_worker", privileges=["root"]
        )
    assert not User.objects.filter(username="x").exists()


def test_history_is_kept_on_users_and_privileges(cast):
    user = user_create(
        username="priv",
        password="p" * 12,
        county_name="Alameda",
        role="social_worker",
        privileges=["closed_case_update"],
        acting_user=cast.admin,
    )
    assert user.privilege_codes == ["closed_case_update"]
    created = user.history.get()
    assert created.history_type == "+"
    assert created.history_user == cast.admin
    assert created.history_change_reason == "account created"
    user.role = Role.SUPERVISOR
    user.save()
    assert user.history.count() == 2
    assert user.history.first().role == Role.SUPERVISOR
    assert not hasattr(user.history.first(), "password")


def test_privilege_history_names_who_granted(cast):
    user = user_create(
        username="priv2",
        password="p" * 12,
        county_name="Alameda",
        role="social_worker",
        privileges=["closed_case_update"],
        acting_user=cast.admin,
    )
    grant = user.privileges.get()
    assert grant.granted_by == cast.admin
    assert grant.history.count() == 1


def test_totp_secret_must_be_base32(db):
    assert totp_key_from_base32("JBSWY3DPEHPK3PXP") == b"Hello!\xde\xad\xbe\xef".hex()
    with pytest.raises(AccountError):
        totp_key_from_base32("not base32!")
    with pytest.raises(AccountError):
        totp_key_from_base32("JBSW")


def test_access_events_are_scoped_by_county(cast):
    a = AccessEvent.objects.create(
        county=cast.sw.county, user=cast.sw, at="2026-01-01T00:00Z", record_type="x", record_id="1", via="api"
    )
    assert list(AccessEvent.objects.visible_to(cast.admin)) == [a]
    assert not AccessEvent.objects.visible_to(cast.sw_b).exists()
