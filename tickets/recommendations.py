"""«Мои рекомендации» (SS3): what the citizen should do next, from their own applications and requests.

Every recommendation comes from a fact the desk holds, never from a guess about the citizen:
- the portal's applications of the account with the profile's phone (portal.gateway): one returned for
  correction says what the agency asked for and by when; one under review says when the answer is due;
- the citizen's open requests: a specialist waiting for their reply, an identifier in the text that cannot be
  right (tickets.input_checks), a request about an error page or an upload sent without a screenshot, a
  request about an application that does not name its number;
- the profile itself: without a phone the portal's applications cannot be found.
Each one links to the service, article or guide of the knowledge base that helps with it.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tickets.citizen_details import citizen_details
from tickets.input_checks import identifier_problems
from tickets.models import Attachment, Ticket, TicketMessage

logger = logging.getLogger(__name__)  # kinds of failure only: no phones, no numbers

OPEN_REQUESTS_READ = 10
MESSAGES_READ = 5
URGENT_WITHIN_DAYS = 3
SCREENSHOT_TOPICS = ("upload-error", "page-error")
APPLICATION_TOPICS = ("application-status", "application-correction")
_APPLICATION_NUMBER = re.compile(r"(?<!\d)\d{10}(?!\d)")
SERVICE_MATCH_SHARE = 0.6  # of the application's service words a knowledge-base service must share


@dataclass(frozen=True)
class Recommendation:
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (label, url)
    due_on: date | None = None
    is_urgent: bool = False


@dataclass(frozen=True)
class Recommendations:
    items: list[Recommendation] = field(default_factory=list)
    applications_unavailable: bool = False  # the portal did not answer: its applications are missing here


def citizen_recommendations(user, *, today: date | None = None) -> Recommendations:
    today = today or timezone.localdate()
    details = citizen_details(user)
    if details is None:
        return Recommendations()
    items: list[Recommendation] = []
    unavailable = False
    if details.phone:
        try:
            items += _application_recommendations(phone=details.phone, today=today)
        except _PortalSilent:
            unavailable = True
    else:
        items.append(Recommendation(
            _("Укажите телефон в профиле: по нему здесь появятся ваши заявления на портале и сроки по ним."),
            links=((_("Мои данные"), reverse("accounts:profile")),),
        ))
    items += _request_recommendations(user)
    items.sort(key=lambda item: (not item.is_urgent, item.due_on or date.max))
    return Recommendations(items=items, applications_unavailable=unavailable)


class _PortalSilent(Exception):
    pass


# --- the portal's applications ---------------------------------------------------------------------------


def _application_recommendations(*, phone: str, today: date) -> list[Recommendation]:
    from portal.gateway import GatewayUnavailable, portal_gateway

    try:
        applications = portal_gateway().applications(phone=phone)
    except GatewayUnavailable as error:
        logger.warning("recommendations: the portal's applications are unavailable")
        raise _PortalSilent from error
    found = []
    for application in applications:
        values = {
            "number": application.number,
            "service": application.service,
            "due": formats.date_format(application.due_on, "j E Y"),
            "submitted": formats.date_format(application.submitted_on, "j E Y"),
            "note": application.correction_note,
        }
        service_link = _service_link(application.service)
        if application.status == "needs_correction":
            text = (
                _("Заявление № %(number)s («%(service)s») вернули на исправление: %(note)s. Исправьте его в "
                  "личном кабинете портала до %(due)s, иначе ведомство может отказать.")
                if application.correction_note
                else _("Заявление № %(number)s («%(service)s») вернули на исправление. Прочитайте комментарий "
                       "ведомства в карточке заявления и исправьте его до %(due)s.")
            ) % values
            links = (*service_link, *_topic_links("application-correction"))
            found.append(Recommendation(text, links, application.due_on,
                                        is_urgent=(application.due_on - today).days <= URGENT_WITHIN_DAYS))
        elif application.status in ("in_review", "submitted") and application.due_on < today:
            text = _("Срок ответа по заявлению № %(number)s («%(service)s») истёк %(due)s. Если статус не "
                     "изменился, напишите нам и укажите номер заявления.") % values
            links = ((_("Написать в поддержку"), reverse("tickets:citizen_new")), *service_link)
            found.append(Recommendation(text, links, application.due_on, is_urgent=True))
        elif application.status in ("in_review", "submitted"):
            text = (
                _("Заявление № %(number)s («%(service)s») на рассмотрении с %(submitted)s; ответ ожидается до "
                  "%(due)s. Делать ничего не нужно — статус придёт уведомлением.")
                if application.status == "in_review"
                else _("Заявление № %(number)s («%(service)s») отправлено в ведомство %(submitted)s; ведомство "
                       "должно ответить до %(due)s.")
            ) % values
            found.append(Recommendation(text, (*service_link, *_topic_links("application-status")),
                                        application.due_on))
    return found


def _service_link(service_name: str) -> tuple[tuple[str, str], ...]:
    """The knowledge base's page of the service the application is for: the most words in common."""
    from knowledgebase.models import Article, GovernmentService
    from knowledgebase.search import lemma_text

    wanted = _content_lemmas(lemma_text(service_name))
    best, best_share = None, 0.0
    for slug, name in GovernmentService.objects.filter(status=Article.Status.PUBLISHED).values_list("slug", "name"):
        share = len(wanted & _content_lemmas(lemma_text(name))) / (len(wanted) or 1)
        if share > best_share:
            best, best_share = (slug, name), share
    if best is None or best_share < SERVICE_MATCH_SHARE:
        return ()
    return ((best[1], reverse("knowledgebase:service", args=[best[0]])),)


def _content_lemmas(lemmas: str) -> set[str]:
    return {lemma for lemma in lemmas.split() if len(lemma) > 2 and not lemma.isdigit()}


def _topic_links(code: str) -> tuple[tuple[str, str], ...]:
    """The most helpful public article of a topic, and the guide that goes with the topic's articles."""
    from knowledgebase.models import Article, Guide

    article = (
        Article.objects.filter(status=Article.Status.PUBLISHED, is_public=True, topic__code=code)
        .order_by("-helpful_count", "title")
        .only("slug", "title")
        .first()
    )
    links = [(article.title, reverse("knowledgebase:article", args=[article.slug]))] if article else []
    guide = (
        Guide.objects.filter(status=Article.Status.PUBLISHED, article__topic__code=code)
        .order_by("title")
        .only("slug", "title")
        .first()
    )
    if guide:
        links.append((guide.title, reverse("knowledgebase:guide", args=[guide.slug])))
    return tuple(links)


# --- the citizen's own requests --------------------------------------------------------------------------


def _request_recommendations(user) -> list[Recommendation]:
    """Read in a fixed number of queries, however many requests are open: the page lists them all anyway."""
    tickets = list(
        Ticket.objects.filter(citizen=user, status__in=Ticket.STAFF_OPEN_STATUSES)
        .select_related("topic")
        .annotate(has_files=Exists(Attachment.objects.filter(ticket=OuterRef("pk"))))
        .order_by("-created_at", "-id")[:OPEN_REQUESTS_READ]
    )
    bodies = _citizen_bodies(tickets)
    topic_links = functools.cache(_topic_links)  # one page asks for a topic's links once per request otherwise
    found = []
    for ticket in tickets:
        url = reverse("tickets:citizen_detail", args=[ticket.number])
        link = ((_("Обращение %(number)s") % {"number": ticket.number}, url),)
        values = {"number": ticket.number, "subject": ticket.subject}
        if ticket.status == Ticket.Status.WAITING:
            found.append(Recommendation(
                _("Специалист ждёт вашего ответа по обращению %(number)s «%(subject)s». Ответьте на странице "
                  "обращения — без ответа его закроют.") % values,
                link, is_urgent=True,
            ))
        words = "\n".join([ticket.subject, *bodies.get(ticket.pk, [])])
        for problem in identifier_problems(words)[:2]:
            found.append(Recommendation(
                _("Обращение %(number)s. %(problem)s Исправление напишите в ответе на странице обращения.")
                % {"number": ticket.number, "problem": problem.message},
                link,
            ))
        code = ticket.topic.code if ticket.topic else ""
        if code in SCREENSHOT_TOPICS and not ticket.has_files:
            found.append(Recommendation(
                _("Приложите к обращению %(number)s снимок экрана с текстом ошибки (без паролей и кодов) — так "
                  "специалист быстрее найдёт причину.") % values,
                (*link, *topic_links(code)),
            ))
        if code in APPLICATION_TOPICS and not _APPLICATION_NUMBER.search(words):
            found.append(Recommendation(
                _("Укажите в обращении %(number)s номер заявления на портале (10 цифр, он есть в карточке "
                  "заявления) — по нему специалист найдёт заявление.") % values,
                (*link, *topic_links("application-status")),
            ))
    return found


def _citizen_bodies(tickets: list[Ticket]) -> dict[int, list[str]]:
    """The citizen's latest public messages of each request, newest first, in one query."""
    bodies: dict[int, list[str]] = {}
    rows = (
        TicketMessage.objects.filter(
            ticket__in=tickets, author_kind=TicketMessage.AuthorKind.CITIZEN, is_internal=False
        )
        .order_by("-created_at", "-pk")
        .values_list("ticket_id", "body")[: MESSAGES_READ * OPEN_REQUESTS_READ * 4]
    )
    for ticket_id, body in rows:
        kept = bodies.setdefault(ticket_id, [])
        if len(kept) < MESSAGES_READ:
            kept.append(body)
    return bodies

