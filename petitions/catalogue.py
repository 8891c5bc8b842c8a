"""The codes of a dependency petition (DOMAIN.md §4, "Petitions and protective capacity"; ACL 16-85's FAQ).

A child exploited commercially may come within WIC 300 under several subdivisions; the worker chooses, with
county counsel, the one that best fits the facts. For a (b)(2) petition (the parent failed, or was unable, to
protect the child) the worker weighs the parents' protective behaviours that the FAQ names.
"""

from django.db import models


class Subdivision(models.TextChoices):
    A = "a", "300(a): serious physical harm inflicted non-accidentally"
    B1 = "b1", "300(b)(1): failure to protect or supervise"
    B2 = "b2", "300(b)(2): failure or inability to protect from commercial sexual exploitation"
    C = "c", "300(c): serious emotional damage"
    D = "d", "300(d): sexual abuse by or with the parent's consent"
    E = "e", "300(e): severe physical abuse of a child under five"
    F = "f", "300(f): a parent caused another child's death through abuse or neglect"
    G = "g", "300(g): left with no provision for support"
    H = "h", "300(h): relinquished or freed for adoption, not adopted within 12 months"
    I = "i", "300(i): acts of cruelty"  # noqa: E741 - the subdivision's own letter
    J = "j", "300(j): abuse or neglect of a sibling"


FAILURE_TO_PROTECT = Subdivision.B2


def short_label(code: str) -> str:
    """`300(b)(2)`: the subdivision as a court form names it."""
    return Subdivision(code).label.split(":", 1)[0]


class HearingKind(models.TextChoices):
    DETENTION = "detention", "Detention hearing"
    JURISDICTION = "jurisdiction", "Jurisdiction hearing"
    DISPOSITION = "disposition", "Disposition hearing"
    REVIEW = "review", "Status review hearing"
    PERMANENCY = "permanency", "Permanency planning hearing"
    OTHER = "other", "Other hearing"


class Outcome(models.TextChoices):
    SUSTAINED = "sustained", "Sustained"
    DISMISSED = "dismissed", "Dismissed"
    AMENDED = "amended", "Amended"


PENDING = "Pending"


class ProtectiveBehaviour(models.TextChoices):
    """The protective behaviours FAQ 3 names for "unable to protect" (the list is not limited to them)."""

    REPORTED_MISSING = "reported_missing", "Reported the child missing to the police"
    RESTRICTED_CONTACT = "restricted_contact", "Tried to forbid or restrict contact with the exploiter"
    SOUGHT_HELP = "sought_help", "Sought help from private or community organizations or resources"
    SAFETY_PLAN_OR_SERVICES = (
        "safety_plan_or_services",
        "Willing and able to engage in a safety plan or take up voluntary services",
    )


GENUINE_EFFORTS = (
    "Parents who made genuine efforts to protect their child, which failed, may not fit (b)(2): decide with "
    "county counsel whether the petition can and should be filed and sustained (ACL 16-85, FAQ 3)."
)
