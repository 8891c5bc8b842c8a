"""Write paths of training: the county's course list (county admins) and completions (the worker, or an admin)."""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import County, User
from kernel.county_time import county_today
from kernel.errors import FieldErrors, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import check_day
from kernel.roles import Role, require_county_admin

from .models import Completion, Course


class CourseSpec(TypedDict):
    title: str
    provider: str
    description: str
    required_roles: list[str]


class CourseFields(CourseSpec):
    """The fields of a course a county admin gives."""

    required: bool
    active: bool


# The state courses named in ACL 16-85 part IV, seeded for every county.
STATE_COURSES: list[CourseSpec] = [
    {
        "title": "CSEC 101: Awareness and Identification of CSEC",
        "provider": "California Department of Social Services",
        "description": "Awareness of commercial sexual exploitation of children and how to identify it.",
        "required_roles": [Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR],
    },
    {
        "title": "CSEC 102: CSEC Engagement and Skills",
        "provider": "California Department of Social Services",
        "description": "Engaging exploited and at-risk children and youth; skills for working with them.",
        "required_roles": [Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR],
    },
    {
        "title": "CSEC online module for social workers",
        "provider": "CalSWEC (California Social Work Education Center)",
        "description": "The online CSEC module for child welfare social workers.",
        "required_roles": [Role.SOCIAL_WORKER],
    },
    {
        "title": "CSEC online module for probation officers",
        "provider": "Resource Center for Family Focused Practice",
        "description": "The online CSEC module for probation officers.",
        "required_roles": [Role.PROBATION_OFFICER],
    },
]

# A completion older than this is a typing error (the state's CSEC courses are younger than that).
OLDEST_COMPLETION_YEARS = 20
OLDEST_COMPLETION = f"Must be within the last {OLDEST_COMPLETION_YEARS} years."
TRAINED_ROLES = (Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR)
OVERSEERS = (Role.COUNTY_ADMIN, Role.SUPERVISOR)


def require_admin(user: User) -> None:
    require_county_admin(user, "Only county admins may manage the course list.")


def require_overseer(user: User) -> None:
    if user.role not in OVERSEERS:
        raise PermissionDenied("Only county admins and supervisors see training compliance.")


def require_county(user: User) -> None:
    if not user.county_id:
        raise PermissionDenied("Training belongs to a county.")


@transaction.atomic
def seed_state_courses(county: County, user: User | None = None) -> list[Course]:
    """The state's courses for `county`; running it again changes nothing (a county's edits are kept)."""
    courses = []
    for spec in STATE_COURSES:
        course = Course.objects.filter(county=county, title=spec["title"]).first()
        if course is None:
            course = Course(county=county, state_course=True, required=True, **spec)
            save_with_history(course, user, "State course seeded")
        courses.append(course)
    return courses


def validate_course(fields: CourseFields) -> None:
    errors: FieldErrors = {}
    title = fields["title"]
    if not isinstance(title, str) or not title.strip():
        errors["title"] = ["This field is required."]
    roles = fields["required_roles"]
    if not isinstance(roles, list | tuple) or not all(isinstance(r, str) for r in roles):
        errors["required_roles"] = ["Give a list of role codes."]
    else:
        unknown = sorted(set(roles) - set(Role.values))
        if unknown:
            errors["required_roles"] = [
                f"Unknown roles: {', '.join(unknown)}. Known: {', '.join(Role.values)}."
            ]
        elif fields["required"] and not roles:
            errors["required_roles"] = ["Name the roles that must complete a required course."]
    for name in ("required", "active"):
        if not isinstance(fields[name], bool):
            errors[name] = ["Give true or false."]
    if errors:
        raise ValidationError(errors)


def save_course(course: Course, user: User, reason: str) -> Course:
    duplicate = Course.objects.filter(county_id=course.county_id, title__iexact=course.title).exclude(
        pk=course.pk
    )
    if duplicate.exists():
        raise ValidationError({"title": ["The county already has a course with this title."]})
    save_with_history(course, user, reason)
    return course


@transaction.atomic
def course_create(
    *,
    user: User,
    title: str,
    provider: str = "",
    description: str = "",
    required: bool = True,
    required_roles: list[str] | None = None,
    active: bool = True,
) -> Course:
    require_admin(user)
    fields = CourseFields(
        title=title,
        provider=provider or "",
        description=description or "",
        required=required,
        required_roles=list(dict.fromkeys(required_roles or [])),
        active=active,
    )
    validate_course(fields)
    fields["title"] = title.strip()
    return save_course(Course(county=user.home_county, **fields), user, "Course added")


COURSE_CHANGEABLE = ("title", "provider", "description", "required", "required_roles", "active")


def fields_changed(course: Course, changes: Mapping[str, Any]) -> CourseFields:
    """The course's fields with `changes` applied."""
    fields = {name: getattr(course, name) for name in COURSE_CHANGEABLE} | dict(changes)
    return CourseFields(
        title=fields["title"],
        provider=fields["provider"],
        description=fields["description"],
        required=fields["required"],
        required_roles=fields["required_roles"],
        active=fields["active"],
    )


@transaction.atomic
def course_update(*, user: User, course: Course, **changes: Any) -> Course:
    require_admin(user)
    refuse_unknown(changes, COURSE_CHANGEABLE)
    fields = fields_changed(course, changes)
    validate_course(fields)
    fields["title"] = fields["title"].strip()
    fields["required_roles"] = list(dict.fromkeys(fields["required_roles"]))
    for name, value in fields.items():
        setattr(course, name, value)
    return save_course(course, user, "Course changed")


def may_record_for(user: User, worker: User) -> bool:
    return worker.pk == user.pk or user.role == Role.COUNTY_ADMIN


@transaction.atomic
def completion_record(*, user: User, worker: User, course: Course, completed_on: date | None) -> Completion:
    """A worker's completion of a course: recorded by the worker, or by a county admin for anyone in the county."""
    if not user.county_id:
        raise PermissionDenied("Only county users may record training.")
    errors: FieldErrors = {}
    if worker.county_id != user.county_id:
        errors["worker"] = ["Unknown worker."]
    elif not may_record_for(user, worker):
        raise PermissionDenied("Workers record their own training; a county admin may record anyone's.")
    if course.county_id != user.county_id:
        errors["course"] = ["Unknown course."]
    today = county_today(user)
    oldest = today.replace(year=today.year - OLDEST_COMPLETION_YEARS, day=min(today.day, 28))
    check_day(errors, "completed_on", completed_on, today, after=(oldest, OLDEST_COMPLETION))
    raise_if(errors)
    assert completed_on is not None  # checked above
    if Completion.objects.filter(course=course, worker=worker, completed_on=completed_on).exists():
        raise ValidationError({"completed_on": ["This completion is already recorded."]})
    completion = Completion(
        county=user.home_county, course=course, worker=worker, completed_on=completed_on, created_by=user
    )
    try:
        with transaction.atomic():
            save_with_history(completion, user, "Training completion recorded")
    except IntegrityError as exc:
        raise ValidationError({"completed_on": ["This completion is already recorded."]}) from exc
    return completion
