from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from telephony.models import Call, Callback, IvrChoice, OperatorExtension, PbxToken
from telephony.services import pbx_token_issue


@admin.register(PbxToken)
class PbxTokenAdmin(admin.ModelAdmin):
    """A new token is shown once, right after saving; revoke by unticking «действует»."""

    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["name", "is_active", "prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issued, token = pbx_token_issue(name=obj.name)
        obj.pk, obj.prefix, obj.token_hash = issued.pk, issued.prefix, issued.token_hash
        obj.created_at = issued.created_at
        obj._state.adding = False
        messages.warning(
            request,
            _("Токен для АТС «%(name)s»: %(token)s — скопируйте его сейчас, он больше не будет показан.")
            % {"name": issued.name, "token": token},
        )


@admin.register(IvrChoice)
class IvrChoiceAdmin(admin.ModelAdmin):
    list_display = ["digits", "topic", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["topic", "topic__parent"]
    search_fields = ["digits", "topic__name"]
    autocomplete_fields = ["topic"]


@admin.register(OperatorExtension)
class OperatorExtensionAdmin(admin.ModelAdmin):
    """The PBX names operators by these in its events; the desk hints them back in its newCall answer."""

    list_display = ["extension", "user"]
    list_select_related = ["user"]
    search_fields = ["extension", "user__email", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Read-only: calls are what the PBX reported."""

    list_display = ["call_id", "direction", "state", "outcome", "started_at", "operator", "ticket"]
    list_filter = ["direction", "state", "outcome"]
    list_select_related = ["operator", "ticket"]
    search_fields = ["call_id", "ticket__number"]
    exclude = ["from_number", "to_number", "phone", "transcript"]  # personal data: read on the desk, journaled

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin):
    list_display = ["ticket", "reason", "status", "attempt", "due_at", "overdue_at", "assignee", "result"]
    list_filter = ["status", "reason", "result"]
    list_select_related = ["ticket", "assignee"]
    exclude = ["phone"]
    raw_id_fields = ["call", "ticket", "assignee", "completed_by"]

    def has_add_permission(self, request) -> bool:
        return False
