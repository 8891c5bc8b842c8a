import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_PASSWORD
from accounts.models import County, Role, User

pytestmark = pytest.mark.django_db


def test_create_user_creates_the_county_and_the_user(capsys):
    call_command("create_user", username="u1", password="pw-123456789", county="Fresno", role="supervisor")
    call_command(
        "create_user",
        "--username=u2",
        "--password=pw-123456789",
        "--county=Fresno",
        "--role=social_worker",
        "--supervisor=u1",
        "--privilege=closed_case_update",
    )
    assert County.objects.filter(name="Fresno").count() == 1
    u2 = User.objects.get(username="u2")
    assert u2.role == Role.SOCIAL_WORKER
    assert u2.supervisor.username == "u1"
    assert u2.privilege_codes == ["closed_case_update"]
    assert u2.check_password("pw-123456789")
    assert "Created u2" in capsys.readouterr().out


def test_create_user_with_totp_enrolls_a_confirmed_device(db):
    call_command(
        "create_user",
        username="u",
        password="pw-123456789",
        county="Kern",
        role="county_admin",
        totp_secret="JBSWY3DPEHPK3PXP",
    )
    device = TOTPDevice.objects.get(user__username="u")
    assert device.confirmed and device.digits == 6 and device.step == 30
    assert device.key == b"Hello!\xde\xad\xbe\xef".hex()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"role": "social_worker", "supervisor": "nobody"}, "No user 'nobody'"),
        ({"role": "social_worker", "totp_secret": "!!!"}, "not valid Base32"),
    ],
)
def test_create_user_refuses_bad_input_and_saves_nothing(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_user", username="bad", password="pw-123456789", county="Kern", **args)
    assert not User.objects.filter(username="bad").exists()


def test_create_user_twice_is_refused(db):
    call_command("create_user", username="dup", password="pw-123456789", county="Kern", role="social_worker")
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_user", username="DUP", password="pw-123456789", county="Kern", role="social_worker"
        )


def test_seed_demo_twice_without_error(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    users = User.objects.filter(county__name="Demo")
    assert {u.role for u in users} == set(Role.values)
    assert users.count() == 4
    sw = users.get(role=Role.SOCIAL_WORKER)
    assert sw.check_password(DEMO_PASSWORD)
    assert sw.supervisor.role == Role.SUPERVISOR


def test_seed_demo_adds_sample_cases_once(db):
    from referrals.models import Client, Referral

    call_command("seed_demo")
    call_command("seed_demo")
    assert Client.objects.filter(county__name="Demo").count() == 3
    referral = Referral.objects.get(client__first_name="Maya")
    assert referral.special_project_codes == ["S-CSEC Referral"]
    assert (
        Client.objects.get(first_name="Jordan").csec_rows.get().csec_type
        == "victim_open_case_not_in_foster_care"
    )


def test_a_new_county_starts_with_the_state_courses(db):
    from training.models import Course

    call_command("create_user", username="u", password="pw-123456789", county="Modoc", role="social_worker")
    titles = set(Course.objects.filter(county__name="Modoc", required=True).values_list("title", flat=True))
    assert any("CSEC 101" in t for t in titles) and any("CSEC 102" in t for t in titles)
