"""CSAT (SPEC OUT, OP3): the citizen rates a resolved request once, in one click."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from supportdesk.errors import DomainError
from tickets.models import SatisfactionRating, Ticket, TicketEvent

RATEABLE_STATUSES = (Ticket.Status.RESOLVED, Ticket.Status.CLOSED)
COMMENT_MAX_LENGTH = 2000


class RatingRefused(DomainError):
    pass


@transaction.atomic
def rating_submit(*, ticket: Ticket, citizen, score: int, comment: str = "") -> SatisfactionRating:
    """One rating per request, by its owner, once it is resolved or closed; journaled as CSAT_RECEIVED."""
    # locked: a double click sends two POSTs at once, and the status may be changing under us
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if citizen is None or ticket.citizen_id != citizen.pk:
        raise RatingRefused(_("Оценить обращение может только тот, кто его подал."))
    if ticket.status not in RATEABLE_STATUSES:
        raise RatingRefused(_("Оценить обращение можно после того, как оно решено."))
    if not 1 <= score <= 5:
        raise RatingRefused(_("Оценка — число от 1 до 5."))
    if SatisfactionRating.objects.filter(ticket=ticket).exists():
        raise RatingRefused(_("Это обращение уже оценено. Спасибо!"))
    try:
        with transaction.atomic():
            rating = SatisfactionRating.objects.create(
                ticket=ticket, score=score, comment=comment.strip()[:COMMENT_MAX_LENGTH], agent_id=ticket.assignee_id
            )
    except IntegrityError as error:  # the one-to-one caught a parallel submit
        raise RatingRefused(_("Это обращение уже оценено. Спасибо!")) from error
    from tickets.services import event_record  # lazy: services import most of tickets/

    event_record(ticket=ticket, kind=TicketEvent.Kind.CSAT_RECEIVED, actor=citizen, score=score,
                 has_comment=bool(rating.comment))
    return rating
