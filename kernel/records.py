"""What every record a person enters carries: a late entry's reason, and the mark of an entry made in error.

Nothing is deleted. A wrong entry is corrected (history keeps both versions, who and why) or marked entered in
error with a reason: it stays, shown struck through, and the clocks it started are cancelled and those it met
reopen (the app's `record_voided` event tells them).
"""

from django.conf import settings
from django.db import models


class EnteredRecord(models.Model):
    late_entry_reason = models.TextField(
        blank=True, help_text="Why this was entered after the county's late-entry window, if it was."
    )
    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    entered_in_error_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None
