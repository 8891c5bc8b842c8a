"""Demo data: a county with one user of each role. The apps above add their own sample records to it."""

from kernel.roles import Role

from .models import User
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


def demo_users() -> list[User]:
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
    return users
