"""Write paths of the case record. Each validates, writes, records history with the acting user and a reason,
and publishes its event (`referrals.events`) in the same transaction, so the clocks start or stop with it."""

from .caseload import caseload_hand_over
from .clients import CLIENT_EDITABLE, client_create, client_update
from .corrections import (
    allegation_change,
    allegation_correct,
    contact_correct,
    csec_row_change,
    csec_row_correct,
    referral_change,
    referral_correct,
)
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
from .voids import allegation_void, contact_void, csec_row_void, referral_void

__all__ = [
    "CLIENT_EDITABLE",
    "IntakeChild",
    "allegation_change",
    "allegation_correct",
    "allegation_create",
    "allegation_dispose",
    "allegation_void",
    "caseload_hand_over",
    "client_create",
    "client_update",
    "code_apply",
    "contact_correct",
    "contact_record",
    "contact_void",
    "csec_row_change",
    "csec_row_correct",
    "csec_row_document",
    "csec_row_end",
    "csec_row_void",
    "default_receiving_agency",
    "intake_record",
    "referral_change",
    "referral_correct",
    "referral_create",
    "referral_update",
    "referral_void",
    "response_decision_record",
]
