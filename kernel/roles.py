"""Who may do what, as far as every app agrees: the roles and the role checks."""

from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    PROBATION_OFFICER = "probation_officer", "Probation officer"
    SUPERVISOR = "supervisor", "Supervisor"
    COUNTY_ADMIN = "county_admin", "County admin"


# The roles that may change a child's case record (and screenings, plans and missing episodes, part of it).
WRITER_ROLES = frozenset({Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR})
# The roles a child's case may be assigned to.
CASE_CARRYING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR})


class Actor(Protocol):
    """What a role check reads of a user."""

    @property
    def role(self) -> str: ...

    @property
    def county_id(self) -> object: ...


def may_write(user: Actor) -> bool:
    return user.role in WRITER_ROLES


def require_writer(user: Actor) -> None:
    if user.role not in WRITER_ROLES or not user.county_id:
        raise PermissionDenied(
            "Only social workers, probation officers and supervisors may change case records."
        )


def require_county_admin(user: Actor, message: str = "Only county admins may do this.") -> None:
    if user.role != Role.COUNTY_ADMIN or not user.county_id:
        raise PermissionDenied(message)
