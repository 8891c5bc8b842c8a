"""What screening tells the layers above it (the clocks); see `kernel.events`."""

from accounts.models import User
from kernel.events import Event

from .models import Screening

screening_recorded: Event[Screening, User] = Event("screening recorded")
