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
