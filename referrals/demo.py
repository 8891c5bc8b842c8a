"""Demo data: a few children for the demo social worker, a referral alleging CSE, an at-risk child, a victim."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_today

from .models import Client
from .services import client_create, csec_row_document, referral_create


def demo_at_risk_child(worker: User) -> None:
    """Maya: a school's referral alleging CSE three hours ago, documented at risk."""
    received = timezone.now() - timedelta(hours=3)
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
        received_at=received,
        source="school",
        alleges_cse=True,
        reporter_name="School counselor",
        narrative="Seen leaving school with an older adult; new phone and clothes.",
    )
    csec_row_document(
        user=worker,
        client=maya,
        csec_type="at_risk",
        start_date=county_today(worker),
        information_received_at=received,
        reason="demo data",
    )


def demo_victim(worker: User) -> None:
    """Jordan: identified a victim yesterday, so the law-enforcement report is due within hours."""
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
        start_date=county_today(worker) - timedelta(days=1),
        information_received_at=timezone.now() - timedelta(hours=20),
        reason="demo data",
    )


def demo_cases(worker: User) -> None:
    """Idempotent: a county that has children already gets none."""
    if Client.objects.filter(county=worker.county).exists():
        return
    demo_at_risk_child(worker)
    demo_victim(worker)
    client_create(
        user=worker,
        first_name="Ava",
        last_name="Nguyen",
        date_of_birth=date(2004, 2, 1),
        sex="female",
        foster_care_status="discharged",
        chafee_services=False,
    )
