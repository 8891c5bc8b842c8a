from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClockSettings


@admin.register(ClockSettings)
class ClockSettingsAdmin(SimpleHistoryAdmin):
    """Shown with its history; changed only by the county admin's page or API, where the bounds are checked."""

    list_display = ("county", "return_notice_hours", "return_assessment_hours", "reminder_lead_hours")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
