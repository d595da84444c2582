from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import CitizenProfile, OperatorProfile, User
from accounts.services import operator_go_offline, operator_set_status


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["email", "last_name", "first_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Личные данные"), {"fields": ("last_name", "first_name", "patronymic", "preferred_language")}),
        (_("Роли и права"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            operator_go_offline(user=obj)  # a deactivated employee leaves the line; routing moves their requests


@admin.register(OperatorProfile)
class OperatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "level", "status", "max_concurrent_chats", "department"]
    list_filter = ["level", "status"]
    list_select_related = ["user"]
    filter_horizontal = ["skills"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = ["status_changed_at", "last_assigned_at", "desk_seen_at"]

    def save_model(self, request, obj, form, change):
        """The status goes through operator_set_status, so routing follows the change as it does from the desk;
        the other fields are saved as edited."""
        status = obj.status
        if change:
            fields = [name for name in form.changed_data if name not in ("status", "skills")]
            if fields:
                obj.save(update_fields=fields)
        else:
            obj.status = OperatorProfile.Status.OFFLINE  # a new profile starts off the line, as staff_create does
            obj.save()
        if not change or "status" in form.changed_data:
            operator_set_status(profile=obj, status=status)


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    # personal data: the admin shows accounts, not their contents; reads go through the audited desk
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    exclude = ["phone", "snils"]
