"""Is a child "receiving child welfare services" on a given day? (ACL 16-85 part I; DOMAIN.md §1)

A pure function of the client's facts and the day, so every page, API answer and clock agrees.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CwsCategory:
    category: str | None  # "A", "B", "C", "D", or None: outside CWS, so no statutory clock starts
    reason: str

    @property
    def receiving_cws(self) -> bool:
        return self.category is not None


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on `day` (a birthday counts from its first moment; 29 February counts from 1 March)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def cws_category(
    *,
    date_of_birth: date,
    foster_care_status: str,
    title_iv_e_assistance: bool,
    chafee_services: bool,
    on: date,
) -> CwsCategory:
    if on < date_of_birth:
        return CwsCategory(None, "Not yet born on this day.")
    age = age_on(date_of_birth, on)
    if foster_care_status == "in_foster_care":
        if age < 18:
            return CwsCategory("A", "In foster care and under 18.")
        if age < 21 and title_iv_e_assistance:
            return CwsCategory(
                "A", "Nonminor dependent: in foster care, under 21, receiving Title IV-E assistance."
            )
    if foster_care_status == "open_case_in_home":
        return CwsCategory("B", "Not removed from home, with an open case file.")
    if foster_care_status == "absent_from_foster_care" and age < 21:
        return CwsCategory("C", "Run away from foster care, under 21 and not formally discharged.")
    if chafee_services and age < 21:
        return CwsCategory("D", "Under 21 and receiving Chafee independent-living (ILP) services.")
    return CwsCategory(None, outside_reason(foster_care_status, age, title_iv_e_assistance, chafee_services))


def outside_reason(
    foster_care_status: str, age: int, title_iv_e_assistance: bool, chafee_services: bool
) -> str:
    prefix = "Not receiving child welfare services, so no statutory clock starts: "
    if foster_care_status == "in_foster_care" and age >= 21:
        return prefix + "21 or older."
    if foster_care_status == "in_foster_care":
        return prefix + "in foster care but 18 or older without Title IV-E assistance."
    if foster_care_status == "absent_from_foster_care":
        return prefix + "absent from foster care but 21 or older."
    if chafee_services:
        return prefix + "receives Chafee services but is 21 or older."
    if foster_care_status == "discharged":
        return prefix + "formally discharged from foster care, and not receiving Chafee services."
    return prefix + "no open case, not in foster care, and not receiving Chafee services."
