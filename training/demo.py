"""Demo data: the state courses in the demo county and one completion of the demo social worker."""

from datetime import timedelta

from accounts.models import User
from kernel.county_time import county_today
from kernel.history import save_with_history

from .models import Completion
from .services import seed_state_courses


def demo_training(worker: User) -> None:
    """Idempotent: seeding twice adds nothing."""
    courses = seed_state_courses(worker.home_county)
    first = courses[0]
    if not Completion.objects.filter(course=first, worker=worker).exists():
        completion = Completion(
            county=worker.county,
            course=first,
            worker=worker,
            completed_on=county_today(worker) - timedelta(days=60),
            created_by=worker,
        )
        save_with_history(completion, worker, "demo data")
