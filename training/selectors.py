"""Reads of the course list and of who lacks required training, scoped to the user's county."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.selectors import scoped, scoped_get

from .models import Completion, Course

TRAINED_ROLES = (Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR)


def courses_visible(user: Any) -> QuerySet[Course]:
    return scoped(Course.objects.all(), user)


def course_get(user: Any, course_id: Any) -> Course:
    return scoped_get(Course.objects.all(), user, pk=course_id)


def completions_visible(user: Any) -> QuerySet[Completion]:
    """A county admin sees the county's completions; a supervisor their unit's and their own; others their own."""
    completions = scoped(Completion.objects.select_related("course", "worker"), user)
    if user.role == Role.COUNTY_ADMIN:
        return completions
    if user.role == Role.SUPERVISOR:
        return completions.filter(worker__in=workers_in_view(user))
    return completions.filter(worker=user)


def workers_in_view(user: Any) -> QuerySet[User]:
    """Whose training a user may see: the county for an admin, the unit for a supervisor, oneself otherwise."""
    if not getattr(user, "county_id", None):
        return User.objects.none()
    workers = User.objects.filter(county_id=user.county_id, is_active=True, role__in=TRAINED_ROLES)
    if user.role == Role.COUNTY_ADMIN:
        return workers
    if user.role == Role.SUPERVISOR:
        return workers.filter(supervisor=user) | workers.filter(pk=user.pk)
    return workers.filter(pk=user.pk)


@dataclass(frozen=True)
class CourseStatus:
    worker: User
    course: Course
    required: bool
    completed_on: date | None

    @property
    def lacking(self) -> bool:
        return self.required and self.completed_on is None


@dataclass(frozen=True)
class WorkerTraining:
    worker: User
    courses: list[CourseStatus]

    @property
    def missing(self) -> list[Course]:
        return [status.course for status in self.courses if status.lacking]

    @property
    def lacks_training(self) -> bool:
        return bool(self.missing)


def latest_completions(worker_ids: list[Any], county_id: Any) -> dict[tuple[Any, Any], date]:
    latest: dict[tuple[Any, Any], date] = {}
    rows = Completion.objects.filter(county_id=county_id, worker_id__in=worker_ids).values_list(
        "worker_id", "course_id", "completed_on"
    )
    for worker_id, course_id, completed_on in rows:
        key = (worker_id, course_id)
        if key not in latest or completed_on > latest[key]:
            latest[key] = completed_on
    return latest


def training_status(user: Any, workers: QuerySet[User] | None = None) -> list[WorkerTraining]:
    """Every visible worker with every active course of the county: required for their role or not, and the
    latest completion."""
    workers_list = list(
        (workers if workers is not None else workers_in_view(user)).order_by(
            "last_name", "first_name", "username"
        )
    )
    if not workers_list:
        return []
    courses = list(courses_visible(user).filter(active=True))
    latest = latest_completions([w.pk for w in workers_list], user.county_id)
    return [
        WorkerTraining(
            worker,
            [
                CourseStatus(
                    worker, course, course.required_for(worker.role), latest.get((worker.pk, course.pk))
                )
                for course in courses
            ],
        )
        for worker in workers_list
    ]


def own_training(user: Any) -> WorkerTraining | None:
    if user.role not in TRAINED_ROLES:
        return None
    rows = training_status(user, User.objects.filter(pk=user.pk))
    return rows[0] if rows else None


def workers_lacking_training(user: Any) -> list[WorkerTraining]:
    return [row for row in training_status(user) if row.lacks_training]


def compliance_rows(user: Any) -> Iterator[CourseStatus]:
    for row in training_status(user):
        yield from row.courses
