"""The demo county: its users from accounts, then the sample records each app adds for the demo social worker."""

from accounts.demo import demo_users
from accounts.models import User
from kernel.roles import Role
from referrals.demo import demo_cases
from training.demo import demo_training


def demo_seed() -> list[User]:
    """Idempotent: seeding twice adds nothing."""
    users = demo_users()
    worker = next(u for u in users if u.role == Role.SOCIAL_WORKER)
    demo_cases(worker)
    demo_training(worker)
    return users
