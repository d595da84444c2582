"""Plain rows for tests that need many of them; states with invariants are built with real services."""

import factory

from tickets.models import Channel, Ticket, TicketMessage


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    number = factory.Sequence(lambda n: f"SD-2026-9{n:05d}")
    channel = Channel.WEB
    subject = factory.Sequence(lambda n: f"Обращение {n}")


class TicketMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketMessage

    ticket = factory.SubFactory(TicketFactory)
    author_kind = TicketMessage.AuthorKind.CITIZEN
    body = "Не могу войти в личный кабинет"
    channel = Channel.WEB
