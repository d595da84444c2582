"""Whom the PBX should ring (CH2: a call is routed at once to a specialist of the matching level).

The desk decides by the routing rules of tickets.routing (agents_available_for: on the line, speaking the
request's language, level covering its tier, skills covering its topic, under capacity, least loaded first),
and tells the PBX in the newCall answer or on GET /api/v1/cti/route/. A request the caller continues goes to
its assignee while they are on the line: they know the case. The hint is advice for this moment: routing
proper still runs after commit, and whoever answers gets the request (telephony.services).

A PBX that routes by queues gets a queue name instead: one per level and section of the topic tree
(«support-l1-registration»), «support-l<level>-triage» for calls without a topic, «support-l3» for the
technical group. Docs: docs/cti.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import CitizenProfile, OperatorProfile, User
from telephony.models import Call, OperatorExtension
from telephony.phone_numbers import e164
from telephony.selectors import ivr_topic, phone_request_to_continue
from tickets.models import Ticket, Topic
from tickets.routing import TECHNICAL_TIER, agents_available_for

QUEUE_PREFIX = "support"


@dataclass(frozen=True)
class RouteHint:
    tier: int
    topic: Topic | None
    queue: str
    operator: User | None
    extension: str
    reason: str  # "assignee": the request's own operator; "fits": the best fitting; "nobody": none on the line

    def as_payload(self) -> dict:
        email = self.operator.email if self.operator is not None else None
        return {
            "user": self.extension or email,  # what to ring, and what to send back as `user` on answer
            "extension": self.extension or None,
            "email": email,
            "queue": self.queue,
            "tier": self.tier,
            "topic": self.topic.code if self.topic is not None else None,
            "reason": self.reason,
        }


def pbx_queue_name(*, tier: int, topic: Topic | None) -> str:
    """The PBX queue of a level and a section of the topic tree; its members are the operators who fit it."""
    if tier >= TECHNICAL_TIER:
        return f"{QUEUE_PREFIX}-l{TECHNICAL_TIER}"
    if topic is None:
        return f"{QUEUE_PREFIX}-l{tier}-triage"
    section = topic.parent if topic.parent_id else topic
    return f"{QUEUE_PREFIX}-l{tier}-{section.code}"


def _on_the_line(user_id: int) -> User | None:
    profile = (
        OperatorProfile.objects.filter(user_id=user_id, status=OperatorProfile.Status.ONLINE, user__is_active=True)
        .select_related("user")
        .first()
    )
    return profile.user if profile is not None else None


def route_hint_for_ticket(ticket: Ticket) -> RouteHint:
    """For a request (saved, or an unsaved stand-in for a call that has none yet)."""
    operator, reason = None, "nobody"
    if ticket.assignee_id is not None:
        operator = _on_the_line(ticket.assignee_id)
        reason = "assignee" if operator is not None else reason
    if operator is None:
        profile = agents_available_for(ticket).select_related("user").first()
        if profile is not None:
            operator, reason = profile.user, "fits"
    extension = ""
    if operator is not None:
        extension = OperatorExtension.objects.filter(user=operator).values_list("extension", flat=True).first() or ""
    return RouteHint(
        tier=ticket.tier,
        topic=ticket.topic,
        queue=pbx_queue_name(tier=ticket.tier, topic=ticket.topic),
        operator=operator,
        extension=extension,
        reason=reason,
    )


def _stand_in(topic: Topic | None) -> Ticket:
    """What a new phone request on this topic would look like to routing (phone requests are in Russian)."""
    return Ticket(topic=topic, tier=topic.tier if topic is not None else 1, language="ru")


def route_hint_for_call(call: Call) -> RouteHint:
    """For a call the desk has recorded: by its request, or by its topic when it has none (an outgoing call)."""
    if call.ticket_id is not None:
        return route_hint_for_ticket(Ticket.objects.select_related("topic", "topic__parent").get(pk=call.ticket_id))
    return route_hint_for_ticket(_stand_in(call.topic))


def route_hint_for_caller(*, number: str, digits: str = "") -> RouteHint:
    """For a call before it rings anyone (the PBX asks first): the caller's number and their menu keys."""
    phone = e164(number)
    topic = ivr_topic(digits)
    citizen_id = None
    if phone:
        citizen_id = CitizenProfile.objects.filter(phone=phone).values_list("user_id", flat=True).first()
    continued = phone_request_to_continue(citizen_id=citizen_id, phone=phone, topic=topic) if phone else None
    if continued is not None:
        return route_hint_for_ticket(continued)
    return route_hint_for_ticket(_stand_in(topic))
