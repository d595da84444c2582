from django.utils.translation import gettext as _

from supportdesk.errors import DomainError


class IllegalTransition(DomainError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(_("Нельзя перевести обращение из статуса «%(current)s» в «%(target)s».")
                         % {"current": current, "target": target})


class TicketClosed(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Обращение закрыто: создайте новое, если вопрос остался."))


class EmptyMessage(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Сообщение пустое: напишите текст."))


class AttachmentRejected(DomainError):
    pass


class TicketAlreadyTaken(DomainError):
    def __init__(self) -> None:
        super().__init__(_("Обращение уже взял в работу другой сотрудник."))


class TierTransferRefused(DomainError):
    """A transfer between support tiers or an L3 resolution report was refused; the message says why."""
