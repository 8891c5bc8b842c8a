import pytest

from training.models import Course
from training.services import seed_state_courses


@pytest.fixture
def courses(cast) -> dict[str, Course]:
    """The state courses in Alameda and Butte, keyed by a short name (Alameda's)."""
    seed_state_courses(cast.sw_b.county)
    seeded = seed_state_courses(cast.sw.county)
    return dict(zip(["101", "102", "sw_online", "po_online"], seeded, strict=True))
