"""The services catalogue of DOMAIN.md §7 (ACL 16-85 part III): victim services and at-risk services."""

from django.db import models


class ServiceGroup(models.TextChoices):
    VICTIM = "victim", "Victim services"
    AT_RISK = "at_risk", "At-risk services"


class ServiceCode(models.TextChoices):
    SAFE_HOUSING = "safe_housing", "Specialized and safe housing"
    SPECIALIZED_COUNSELING = "specialized_counseling", "Specialized counseling"
    MEDICAL_TREATMENT = "medical_treatment", "Medical treatment"
    REPRODUCTIVE_HEALTH_EDUCATION = (
        "reproductive_health_education",
        "Reproductive health / healthy relationships education",
    )
    PREGNANCY_PARENTING = "pregnancy_parenting", "Pregnancy and parenting services"
    SURVIVOR_PEER_GROUP = "survivor_peer_group", "Survivor peer groups"
    LEGAL_ASSISTANCE = "legal_assistance", "Legal assistance (immigration relief included)"
    GANG_AFFILIATION = "gang_affiliation", "Gang-affiliation services"
    TATTOO_REMOVAL = "tattoo_removal", "Tattoo removal"
    FINANCIAL_EDUCATION = "financial_education", "Financial education"
    VOCATIONAL_LIFE_SKILLS = "vocational_life_skills", "Vocational and life-skills training"
    OTHER_TRAUMA_INFORMED = "other_trauma_informed", "Other trauma-informed services"
    CSE_PREVENTION_EDUCATION = "cse_prevention_education", "CSE prevention education"
    HOUSING_STABILITY = "housing_stability", "Housing stability"
    EMPLOYMENT_HELP = "employment_help", "Employment help"
    SUBSTANCE_ABUSE_TREATMENT = "substance_abuse_treatment", "Substance abuse treatment"


AT_RISK_SERVICES = frozenset(
    {
        ServiceCode.CSE_PREVENTION_EDUCATION,
        ServiceCode.HOUSING_STABILITY,
        ServiceCode.EMPLOYMENT_HELP,
        ServiceCode.SUBSTANCE_ABUSE_TREATMENT,
    }
)
VICTIM_SERVICES = frozenset(ServiceCode) - AT_RISK_SERVICES


def group_of(code: str) -> ServiceGroup:
    return ServiceGroup.AT_RISK if code in AT_RISK_SERVICES else ServiceGroup.VICTIM


def cse_services_for(*, victim: bool) -> frozenset[str]:
    """The catalogue services that count as addressing CSE: a victim needs a victim service; a child at risk
    is served by either an at-risk or a victim service."""
    if victim:
        return frozenset(str(code) for code in VICTIM_SERVICES)
    return frozenset(str(code) for code in ServiceCode)


def catalogue() -> list[dict[str, str]]:
    return [{"code": str(code), "label": code.label, "group": str(group_of(code))} for code in ServiceCode]
