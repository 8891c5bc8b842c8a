from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Petition


@admin.register(Petition)
class PetitionAdmin(SimpleHistoryAdmin):
    list_display = ("client", "county", "wic_300_subdivision", "filed_at", "outcome", "entered_in_error_at")
    list_filter = ("county", "wic_300_subdivision", "outcome")
    raw_id_fields = ("client", "created_by", "entered_in_error_by")
