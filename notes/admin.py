from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseNote


@admin.register(CaseNote)
class CaseNoteAdmin(SimpleHistoryAdmin):
    list_display = ("client", "kind", "occurred_at", "author", "county")
    list_filter = ("county", "kind")
    raw_id_fields = ("client", "author", "entered_in_error_by")
