from django.contrib import admin

from .models import ClockSettings


@admin.register(ClockSettings)
class ClockSettingsAdmin(admin.ModelAdmin):
    list_display = ("county", "return_notice_hours", "return_assessment_hours", "reminder_lead_hours")
