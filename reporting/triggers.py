"""What the case record tells the clocks. Write services call these inside their own transaction.

Each function receives the object just written and the acting user, starts, meets or cancels the clocks the
rules of DOMAIN.md §5 attach to it, and returns nothing. They are the only door from the case record into the
clocks, so `referrals` and `screening` never reach into `reporting`'s models.
"""

from typing import Any


def referral_recorded(referral: Any, user: Any) -> None:
    """A referral was created (a probation referral alleging CSE starts `child_welfare_agency_report`)."""


def response_decided(referral: Any, user: Any) -> None:
    """An emergency response decision was recorded (starts `in_person_response`, unless evaluated out)."""


def contact_recorded(contact: Any, user: Any) -> None:
    """An investigation contact was recorded (an in-person contact meets `in_person_response`)."""


def allegation_disposed(allegation: Any, user: Any) -> None:
    """A finding was recorded (a substantiated exploitation allegation starts `law_enforcement_report`)."""


def csec_row_documented(row: Any, user: Any) -> None:
    """A CSEC row was documented (a victim type starts `law_enforcement_report`)."""


def screening_recorded(screening: Any, user: Any) -> None:
    """A screening was recorded (a `return_from_missing` one meets `return_assessment`)."""


def client_reassigned(client: Any, user: Any) -> None:
    """The client's assigned worker changed (open clocks follow the client)."""
