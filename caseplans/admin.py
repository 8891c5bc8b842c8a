from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CasePlan, CaseplanSettings, CftMeeting, PlannedService


@admin.register(CaseplanSettings)
class CaseplanSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("county", "plan_due_days")


@admin.register(CasePlan)
class CasePlanAdmin(SimpleHistoryAdmin):
    list_display = ("client", "county", "assessment_date", "addresses_cse", "updated_at")
    list_filter = ("county",)
    raw_id_fields = ("client", "created_by")


@admin.register(PlannedService)
class PlannedServiceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "case_plan", "status", "referred_on")
    list_filter = ("county", "status", "service_code")
    raw_id_fields = ("case_plan", "created_by")


@admin.register(CftMeeting)
class CftMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("case_plan", "held_on", "child_participated", "caregiver_participated")
    list_filter = ("county",)
    raw_id_fields = ("case_plan", "created_by")
