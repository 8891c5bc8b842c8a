from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessEvent, AccountEvent, Agency, County, User, UserPrivilege


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "time_zone")


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "county", "kind")


class PrivilegeInline(admin.TabularInline):
    model = UserPrivilege
    fk_name = "user"
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "get_full_name", "role", "county", "supervisor", "is_active")
    list_filter = ("role", "county", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("County", {"fields": ("role", "county", "agency", "supervisor")}),
    )
    inlines = (PrivilegeInline,)


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "record_type", "record_id", "via", "source_address")
    list_filter = ("via", "record_type")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "kind", "actor", "via", "source_address")
    list_filter = ("kind", "via")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccountEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccountEvent | None = None) -> bool:
        return False
