"""Reads of training: courses, completions, and who lacks required training, scoped to the user's view."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.selectors import RecordId, county_users, scoped, scoped_get
from kernel.roles import Role

from .models import Completion, Course
from .services import TRAINED_ROLES


def courses_visible(user: User) -> QuerySet[Course]:
    return scoped(Course.objects.all(), user)


def course_get(user: User, course_id: RecordId) -> Course:
    return scoped_get(Course.objects.all(), user, pk=course_id)


def workers_in_view(user: User) -> QuerySet[User]:
    """A county admin sees the county's workers; a supervisor their unit and themselves; anyone else themselves."""
    if not user.county_id:
        return User.objects.none()
    people = county_users(user).filter(role__in=TRAINED_ROLES).select_related("supervisor")
    if user.role == Role.COUNTY_ADMIN:
        return people
    if user.role == Role.SUPERVISOR:
        return people.filter(Q(supervisor=user) | Q(pk=user.pk))
    return people.filter(pk=user.pk)


def completions_visible(user: User) -> QuerySet[Completion]:
    return scoped(Completion.objects.select_related("course", "worker"), user).filter(
        worker__in=workers_in_view(user)
    )


def worker_get(user: User, worker_id: RecordId) -> User:
    return scoped_get(User.objects.all(), user, pk=worker_id)


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    completed_on: date | None

    @property
    def done(self) -> bool:
        return self.completed_on is not None


@dataclass
class WorkerTraining:
    worker: User
    courses: list[CourseStatus] = field(default_factory=list)

    @property
    def missing(self) -> list[Course]:
        return [s.course for s in self.courses if not s.done]

    @property
    def complete(self) -> bool:
        return not self.missing


def training_of(workers: QuerySet[User] | list[User], county_id: uuid.UUID) -> list[WorkerTraining]:
    """Each worker's required courses (by role) with the latest completion of each."""
    workers = list(workers)
    courses = list(Course.objects.filter(county_id=county_id, active=True, required=True).order_by("title"))
    latest: dict[tuple[uuid.UUID, uuid.UUID], date] = {}
    for worker_id, course_id, day in Completion.objects.filter(
        county_id=county_id, worker__in=workers
    ).values_list("worker_id", "course_id", "completed_on"):
        key = (worker_id, course_id)
        if key not in latest or day > latest[key]:
            latest[key] = day
    return [
        WorkerTraining(
            worker,
            [CourseStatus(c, latest.get((worker.pk, c.pk))) for c in courses if c.required_for(worker.role)],
        )
        for worker in workers
    ]


def compliance(user: User) -> list[WorkerTraining]:
    if not user.county_id:
        return []
    return training_of(workers_in_view(user), user.county_id)


def lacking_training(user: User) -> list[WorkerTraining]:
    return [row for row in compliance(user) if not row.complete]


def own_training(user: User) -> WorkerTraining | None:
    if not user.county_id or user.role not in TRAINED_ROLES:
        return None
    return training_of([user], user.county_id)[0]


CSV_HEADER = ["worker", "username", "role", "supervisor", "course", "required", "completed_on", "status"]


def compliance_csv_rows(user: User) -> Iterator[list[str]]:
    """One row per worker and required course, for the county admin's or supervisor's download."""
    yield CSV_HEADER
    for row in compliance(user):
        worker = row.worker
        for status in row.courses:
            yield [
                str(worker),
                worker.username,
                worker.get_role_display(),
                str(worker.supervisor) if worker.supervisor_id else "",
                status.course.title,
                "yes",
                status.completed_on.isoformat() if status.completed_on else "",
                "completed" if status.done else "missing",
            ]
