"""Write paths of the case record. Each validates, writes, records history with the acting user and a reason,
and publishes its event (`referrals.events`) in the same transaction, so the clocks start or stop with it."""

from .clients import CLIENT_EDITABLE, client_create, client_update
from .csec_rows import csec_row_document, csec_row_end
from .referrals import (
    IntakeChild,
    allegation_create,
    allegation_dispose,
    code_apply,
    contact_record,
    default_receiving_agency,
    intake_record,
    referral_create,
    referral_update,
    response_decision_record,
)

__all__ = [
    "CLIENT_EDITABLE",
    "IntakeChild",
    "allegation_create",
    "allegation_dispose",
    "client_create",
    "client_update",
    "code_apply",
    "contact_record",
    "csec_row_document",
    "csec_row_end",
    "default_receiving_agency",
    "intake_record",
    "referral_create",
    "referral_update",
    "response_decision_record",
]
