"""Demo data: a county with one user of each role. Sample cases are added by the apps that own them."""

from .models import Role, User
from .services import user_create

DEMO_COUNTY = "Demo"
DEMO_PASSWORD = "demo-password-2026"

DEMO_USERS = [
    # username, role, supervisor, privileges, first, last
    ("demo_supervisor", Role.SUPERVISOR, None, [], "Sam", "Supervisor"),
    ("demo_sw", Role.SOCIAL_WORKER, "demo_supervisor", ["closed_case_update"], "Sofia", "Worker"),
    ("demo_po", Role.PROBATION_OFFICER, "demo_supervisor", [], "Pat", "Officer"),
    ("demo_admin", Role.COUNTY_ADMIN, None, [], "Alex", "Admin"),
]


def demo_cases(worker: User) -> None:
    """A few children for the demo social worker: a referral alleging CSE, an at-risk child, a victim."""
    from datetime import date, timedelta

    from django.utils import timezone

    from referrals.models import Client
    from referrals.services import client_create, csec_row_document, referral_create

    if Client.objects.filter(county=worker.county).exists():
        return
    now = timezone.now()
    maya = client_create(
        user=worker,
        first_name="Maya",
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        sex="female",
        foster_care_status="in_foster_care",
    )
    referral_create(
        user=worker,
        client=maya,
        received_at=now - timedelta(hours=3),
        source="school",
        alleges_cse=True,
        reporter_name="School counselor",
        narrative="Seen leaving school with an older adult; new phone and clothes.",
    )
    csec_row_document(
        user=worker,
        client=maya,
        csec_type="at_risk",
        start_date=timezone.localdate(),
        information_received_at=now - timedelta(hours=3),
        reason="demo data",
    )
    jordan = client_create(
        user=worker,
        first_name="Jordan",
        last_name="Reyes",
        date_of_birth=date(2009, 9, 12),
        sex="male",
        foster_care_status="open_case_in_home",
    )
    csec_row_document(
        user=worker,
        client=jordan,
        csec_type="victim_open_case_not_in_foster_care",
        start_date=timezone.localdate() - timedelta(days=1),
        information_received_at=now - timedelta(hours=20),
        reason="demo data",
    )
    client_create(
        user=worker,
        first_name="Ava",
        last_name="Nguyen",
        date_of_birth=date(2004, 2, 1),
        sex="female",
        foster_care_status="discharged",
        chafee_services=False,
    )


def demo_seed() -> list[User]:
    users = []
    for username, role, supervisor, privileges, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                county_name=DEMO_COUNTY,
                role=role,
                supervisor_username=supervisor,
                privileges=privileges,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
            )
        users.append(user)
    demo_cases(next(u for u in users if u.role == Role.SOCIAL_WORKER))
    # The training app builds on accounts: imported here, not at the top, to keep the import graph one-way.
    from training.demo import demo_training

    demo_training(next(u for u in users if u.role == Role.SOCIAL_WORKER))
    return users
