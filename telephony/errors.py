from django.utils.translation import gettext as _

from supportdesk.errors import DomainError


class CallbackNotPending(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Этот обратный звонок уже отмечен: обновите страницу."))


class CallbackRefused(DomainError):
    """A callback cannot be planned for this call; the message says why."""
