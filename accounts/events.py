"""What accounts tells the layers above it; see `kernel.events`."""

from kernel.events import Event

from .models import County, User

# A new county: training gives it the state's required courses (ACL 16-85 part IV).
county_created: Event[County, User | None] = Event("county created")
