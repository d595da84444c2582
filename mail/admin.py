from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from mail.models import MailboxState, MailMessage
from mail.services import mail_failed_counts, mail_reprocess


@admin.register(MailMessage)
class MailMessageAdmin(admin.ModelAdmin):
    """Operators' view of the mailbox: bounces, auto-replies, refused and failed letters with their notes."""

    list_display = ("created_at", "direction", "outcome", "source", "ticket", "size", "attempts", "retry_at")
    list_filter = ("direction", "outcome", "source")
    list_select_related = ("ticket",)
    search_fields = ("message_id", "ticket__number")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in MailMessage._meta.fields if field.name != "raw"] + ["raw_size"]
    exclude = ("raw",)
    actions = ["reprocess"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")  # the audit copies can be megabytes each

    def changelist_view(self, request, extra_context=None):
        counts = mail_failed_counts()
        if counts["stuck"]:
            self.message_user(request, _(
                "Писем с ошибкой обработки, повторы которых закончились: %(count)d. Проверьте примечание и "
                "обработайте их ещё раз (фильтр «результат: ошибка обработки»)."
            ) % {"count": counts["stuck"]}, messages.ERROR)
        if counts["retrying"]:
            self.message_user(request, _(
                "Писем с ошибкой обработки, которые будут обработаны повторно автоматически: %(count)d."
            ) % {"count": counts["retrying"]}, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("размер исходного письма, байт"))
    def raw_size(self, obj: MailMessage) -> int:
        return obj.size

    @admin.action(description=_("Обработать письма с ошибкой ещё раз"))
    def reprocess(self, request, queryset) -> None:
        done = 0
        for record in queryset.filter(outcome=MailMessage.Outcome.FAILED):
            if mail_reprocess(record=record).outcome != MailMessage.Outcome.FAILED:
                done += 1
        self.message_user(request, _("Обработано писем: %(count)d.") % {"count": done}, messages.INFO)


@admin.register(MailboxState)
class MailboxStateAdmin(admin.ModelAdmin):
    """Where IMAP intake stands in each mailbox: read-only, the poller writes it."""

    list_display = ("mailbox", "uidvalidity", "last_uid", "updated_at")
    readonly_fields = ("mailbox", "uidvalidity", "last_uid", "retry_uids", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
