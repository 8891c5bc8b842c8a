"""What the case record tells the layers above it (the clocks): published by the services, inside their own
transaction, to whatever `reporting` subscribed at start-up (see `kernel.events`)."""

from accounts.models import User
from kernel.events import Event

from .models import Allegation, Client, Contact, CsecRow, Referral

client_reassigned: Event[Client, User] = Event("client reassigned")
referral_recorded: Event[Referral, User] = Event("referral recorded")
response_decided: Event[Referral, User] = Event("response decided")
contact_recorded: Event[Contact, User] = Event("contact recorded")
allegation_disposed: Event[Allegation, User] = Event("allegation disposed")
csec_row_documented: Event[CsecRow, User] = Event("CSEC row documented")

# An entry of the case record a person may correct or mark entered in error.
type CaseEntry = Referral | Contact | Allegation | CsecRow

# A correction that changed what a clock depends on (`referrals.services.corrections` says which fields do):
# the clocks the entry started are set aside and its trigger runs again on the corrected entry.
record_corrected: Event[CaseEntry, User] = Event("case record entry corrected")
# An entry marked entered in error: the clocks it started are cancelled, those it met reopen.
record_voided: Event[CaseEntry, User] = Event("case record entry entered in error")
