"""What screening tells the layers above it (the clocks); see `kernel.events`."""

from accounts.models import User
from kernel.events import Event

from .models import Screening

screening_recorded: Event[Screening, User] = Event("screening recorded")
# A correction that changed what a clock depends on (when or why the screening was done): the clocks follow.
record_corrected: Event[Screening, User] = Event("screening corrected")
# A screening marked entered in error: the clocks it met reopen.
record_voided: Event[Screening, User] = Event("screening entered in error")
