from django.utils.translation import gettext as _

from supportdesk.errors import DomainError


class CallbackNotPending(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Этот обратный звонок уже отмечен: обновите страницу."))


class CallbackRefused(DomainError):
    """A callback cannot be planned for this call; the message says why."""


class CallOfAnotherPbx(DomainError):
    """An event for a call that another PBX (token) registered: refused, so one PBX cannot steer another's calls."""

    def __init__(self) -> None:
        super().__init__(_("Этот звонок зарегистрирован другой АТС: события по нему принимаются только с её токеном."))
