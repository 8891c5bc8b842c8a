"""Write paths of training: the county's course list (county admins) and completions (each worker, or an admin)."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import County, Role, User

from .models import Completion, Course

# ACL 16-85 part IV: the state-sponsored trainings every county offers its workers.
STATE_COURSES: list[dict[str, Any]] = [
    {
        "title": "CSEC 101: Awareness and Identification of CSEC",
        "provider": "State-sponsored CSEC training",
        "description": "Foundational awareness: who is at risk, indicators, and identifying exploited children.",
        "required_roles": [Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR],
    },
    {
        "title": "CSEC 102: CSEC Engagement and Skills",
        "provider": "State-sponsored CSEC training",
        "description": "Engaging exploited children and youth, trauma-informed practice and safety planning.",
        "required_roles": [Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR],
    },
    {
        "title": "CSEC online module for social workers",
        "provider": "CalSWEC (California Social Work Education Center)",
        "description": "Online module on commercially sexually exploited children for child welfare social workers.",
        "required_roles": [Role.SOCIAL_WORKER],
    },
    {
        "title": "CSEC online module for probation officers",
        "provider": "Resource Center for Family Focused Practice",
        "description": "Online module on commercially sexually exploited children for probation officers.",
        "required_roles": [Role.PROBATION_OFFICER],
    },
]


def require_admin(user: User) -> None:
    if user.role != Role.COUNTY_ADMIN or not user.county_id:
        raise PermissionDenied("Only the county admin manages the course list.")


def save_with_history(obj: Any, user: User | None, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.full_clean()
    obj.save()


def clean_roles(errors: dict[str, list[str]], roles: Any) -> list[str]:
    if not isinstance(roles, list | tuple) or any(r not in Role.values for r in roles):
        errors.setdefault("required_roles", []).append(
            f"Give a list of roles among: {', '.join(Role.values)}."
        )
        return []
    return sorted(set(roles), key=Role.values.index)


def validate_course(
    errors: dict[str, list[str]], county_id: Any, values: dict[str, Any], pk: Any = None
) -> None:
    title = (values.get("title") or "").strip()
    values["title"] = title
    if not title:
        errors.setdefault("title", []).append("This field is required.")
    elif len(title) > 200:
        errors.setdefault("title", []).append("Use at most 200 characters.")
    elif Course.objects.filter(county_id=county_id, title__iexact=title).exclude(pk=pk).exists():
        errors.setdefault("title", []).append("The county already has a course with this title.")
    values["required_roles"] = clean_roles(errors, values.get("required_roles", []))
    if values.get("required") and not values["required_roles"] and "required_roles" not in errors:
        errors.setdefault("required_roles", []).append("Choose the roles that must take a required course.")


COURSE_FIELDS = ("title", "provider", "description", "required", "required_roles", "active")


@transaction.atomic
def course_create(
    *,
    user: User,
    title: str,
    required_roles: list[str],
    provider: str = "",
    description: str = "",
    required: bool = True,
    active: bool = True,
) -> Course:
    require_admin(user)
    values: dict[str, Any] = {
        "title": title,
        "provider": (provider or "").strip(),
        "description": (description or "").strip(),
        "required": bool(required),
        "required_roles": required_roles,
        "active": bool(active),
    }
    errors: dict[str, list[str]] = {}
    validate_course(errors, user.county_id, values)
    if errors:
        raise ValidationError(errors)
    course = Course(county=user.county, **values)
    save_with_history(course, user, "course added")
    return course


@transaction.atomic
def course_update(*, user: User, course: Course, **changes: Any) -> Course:
    require_admin(user)
    if course.county_id != user.county_id:
        raise PermissionDenied("This course belongs to another county.")
    unknown = set(changes) - set(COURSE_FIELDS)
    if unknown:
        raise ValidationError({field: ["This field cannot be changed."] for field in sorted(unknown)})
    values = {field: getattr(course, field) for field in COURSE_FIELDS} | changes
    errors: dict[str, list[str]] = {}
    validate_course(errors, course.county_id, values, pk=course.pk)
    if errors:
        raise ValidationError(errors)
    for field, value in values.items():
        setattr(course, field, value)
    save_with_history(course, user, "course changed")
    return course


@transaction.atomic
def state_courses_seed(county: County, user: User | None = None) -> list[Course]:
    """Give the county the state courses it lacks (by title); running it again changes nothing."""
    created = []
    for spec in STATE_COURSES:
        if Course.objects.filter(county=county, title=spec["title"]).exists():
            continue
        course = Course(county=county, state_course=True, required=True, **spec)
        save_with_history(course, user, "state course seeded")
        created.append(course)
    return created


@transaction.atomic
def completion_record(*, user: User, worker: User, course: Course, completed_on: date | None) -> Completion:
    """A worker records their own completion; a county admin may record anyone's in the county."""
    if not user.county_id or worker.county_id != user.county_id or course.county_id != user.county_id:
        raise PermissionDenied("Completions are recorded within your county.")
    if worker.pk != user.pk and user.role != Role.COUNTY_ADMIN:
        raise PermissionDenied("Only the county admin records another worker's training.")
    errors: dict[str, list[str]] = {}
    today = timezone.localdate(timezone=user.county.zone)  # type: ignore[union-attr]
    if completed_on is None:
        errors["completed_on"] = ["This field is required."]
    elif completed_on > today:
        errors["completed_on"] = ["Cannot be in the future."]
    if not course.active:
        errors["course"] = ["This course is no longer offered."]
    if errors or completed_on is None:
        raise ValidationError(errors)
    if Completion.objects.filter(course=course, worker=worker, completed_on=completed_on).exists():
        raise ValidationError({"completed_on": ["This completion is already recorded."]})
    completion = Completion(
        county_id=user.county_id, course=course, worker=worker, completed_on=completed_on, created_by=user
    )
    try:
        with transaction.atomic():
            save_with_history(completion, user, "training completion recorded")
    except IntegrityError as exc:
        raise ValidationError({"completed_on": ["This completion is already recorded."]}) from exc
    return completion
