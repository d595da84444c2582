from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import CitizenProfile, OperatorProfile, User


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


@admin.register(OperatorProfile)
class OperatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "level", "status", "max_concurrent_chats", "department"]
    list_filter = ["level", "status"]
    list_select_related = ["user"]
    filter_horizontal = ["skills"]
    search_fields = ["user__email", "user__last_name"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    # personal data: the admin shows accounts, not their contents; reads go through the audited desk
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    exclude = ["phone", "snils"]
