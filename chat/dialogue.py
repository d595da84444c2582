"""The chat assistant's dialogue (issue #4, point 4; AU2–AU4, AI1–AI3).

A chat opened from the portal starts with the assistant (ticket status «отвечает помощник»). For each
citizen message it reads the request (assistant.analyse), answers with the best knowledge-base article
(short answer, link, «Это помогло?»), asks one clarifying question when two topics are close, runs the
AU5 scenarios step by step through the portal gateway (chat.scenarios; the step is kept on DialogueState),
and hands the conversation to a person when the citizen asks for one, nothing fits twice, the citizen is
angry or distressed, the matter is urgent, a scenario fails or the portal does not answer — or the
assistant itself breaks. The handover carries the topic, the keywords and a masked summary to the operator
as an internal note; routing then finds the operator. While a person has the chat (assigned, or handed
over), the assistant is silent. Quick replies for the chat go on DialogueState.quick_replies.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chat import scenarios
from chat.models import DialogueState
from knowledgebase.selectors import article_translation_for
from tickets import sla
from tickets.lifecycle import transition_apply
from tickets.models import Channel, Ticket, TicketEvent, TicketMessage, Topic
from tickets.selectors import citizen_bodies_newest_first
from tickets.services import event_record, message_post
from tickets.tasks import ticket_route_task

logger = logging.getLogger(__name__)  # ids and codes only

S = Ticket.Status
Stage = DialogueState.Stage
ASSISTANT = TicketMessage.AuthorKind.ASSISTANT

# «позовите оператора», «живой человек», «соедините со специалистом»; in an English chat «operator», «a human»
_ASKS_FOR_PERSON = re.compile(
    r"\b(оператор\w*|специалист\w*|сотрудник\w*|жив\w* человек\w*|человек(?:ом|а|у)?|консультант\w*|менеджер\w*"
    r"|operators?|agents?|human|real person|live person|specialists?)\b",
    re.IGNORECASE,
)
# Plain signs of anger or distress in support chats that a model trained on posts and tweets (CEDR) misses:
# they only add to the model's emotion, never silence it.
_UPSET_CUES = re.compile(
    r"(издеваете|безобрази|сколько можно|возмутител|позор|отвратител|бесит|достали|надоело|жалоб[ау]|"
    r"прокуратур|в суд|невозможно работать|!!!|в отчаянии|умоляю|паник|плачу|страшно)",
    re.IGNORECASE,
)
# The emotion model's own threshold is tuned for F1 on CEDR; a handover wants fewer false alarms («не
# загружается файл» scores 0.38), so the chat asks for a clearer signal.
HANDOVER_EMOTION_SCORE = 0.45
CLOSE_TOPICS_MARGIN = 0.3  # the two best topics this close (and the second at least 0.25): ask which one
URGENT_CONFIDENCE = 0.6
SUMMARY_CHARS = 600


@dataclass(frozen=True)
class Reading:
    """What the assistant read in the citizen's words so far."""

    topic: Topic | None
    runner_up: Topic | None
    close_topics: bool
    out_of_scope: bool
    urgent: bool
    upset: bool
    keywords: list[str]
    masked: str


def _citizen_text(ticket: Ticket, *, latest_only: bool = False) -> str:
    bodies = list(citizen_bodies_newest_first(ticket)[: 1 if latest_only else 5])
    return "\n".join(reversed(bodies))


def _mostly_cyrillic(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum("а" <= char.lower() <= "я" or char in "ёЁ" for char in letters) > len(letters) / 2


def _read(text: str, language: str) -> Reading | None:
    from assistant import analyse
    from assistant.analysis import SUPPORTED_LANGUAGES

    if _mostly_cyrillic(text):
        language = "ru"  # a citizen who chose English for the interface may still write in Russian
    if language not in SUPPORTED_LANGUAGES:
        return None
    try:
        analysis = analyse(text[:4000], language)
    except Exception:
        logger.exception("dialogue analysis failed")
        return None
    code = None if analysis.is_out_of_scope else analysis.subtopic or analysis.topic
    topic = Topic.objects.filter(code=code).first() if code else None
    runner_up = (
        Topic.objects.filter(code=analysis.topic_runner_up).first()
        if analysis.topic_runner_up and not analysis.is_out_of_scope
        else None
    )
    close = (
        runner_up is not None
        and analysis.topic_runner_up_confidence >= 0.25
        and analysis.topic_confidence - analysis.topic_runner_up_confidence <= CLOSE_TOPICS_MARGIN
    )
    return Reading(
        topic=topic,
        runner_up=runner_up,
        close_topics=close,
        out_of_scope=analysis.is_out_of_scope,
        urgent=analysis.urgency == "high" and analysis.urgency_confidence >= URGENT_CONFIDENCE,
        upset=(analysis.emotion != "neutral" and analysis.emotion_score >= HANDOVER_EMOTION_SCORE)
        or bool(_UPSET_CUES.search(text)),
        keywords=[keyword.lemma for keyword in analysis.keywords[:6]],
        masked=analysis.masked_text,
    )


def _say(ticket: Ticket, state: DialogueState, text: str, actions: list[dict] | None = None) -> TicketMessage:
    """Post the assistant's message. Its quick replies live on the state (saved by the caller in the same
    transaction), so the chat renders them with this message: {"message_id": id, "actions": [{"label", "reply"}]}.
    """
    message, _created = message_post(ticket=ticket, author=None, body=text, author_kind=ASSISTANT, channel=Channel.CHAT)
    state.quick_replies = {"message_id": message.pk, "actions": actions} if actions else {}
    return message


def _reply_action(label: str, reply: str | None = None) -> dict:
    """A button under the assistant's message; pressing it sends `reply` as the citizen's message."""
    return {"label": str(label), "reply": str(reply or label)}


def _helped_actions() -> list[dict]:
    return [_reply_action(_("Да, помогло")), _reply_action(_("Нет, не помогло")), _reply_action(_("Позвать оператора"))]


def _state(ticket: Ticket) -> DialogueState:
    state, _created = DialogueState.objects.select_for_update().get_or_create(ticket=ticket)
    return state


@transaction.atomic
def dialogue_reply(*, ticket_id: int) -> str | None:
    """Answer the citizen's latest message if the assistant still has the chat; returns what it did."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None or ticket.status != S.ASSISTANT or ticket.assignee_id is not None:
        return None  # a person has it (or it is closed): the assistant stays silent
    state = _state(ticket)
    with translation.override(ticket.language if ticket.language in ("ru", "en") else "ru"):
        try:
            with transaction.atomic():  # a failed answer leaves nothing half-written behind
                return _reply(ticket, state)
        except Exception:
            # The citizen must not be left waiting on a broken assistant: people take the chat instead.
            logger.exception("dialogue failed ticket=%s", ticket_id)
            ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
            state = _state(ticket)
            return _handover(ticket, state, reason="assistant_error")


def _reply(ticket: Ticket, state: DialogueState) -> str:
    latest = _citizen_text(ticket, latest_only=True)
    if _ASKS_FOR_PERSON.search(latest):
        return _handover(ticket, state, reason="asked_for_person")
    reading = _read(_citizen_text(ticket), ticket.language)
    if reading is None:
        return _handover(ticket, state, reason="not_understood")
    if reading.upset:
        return _handover(ticket, state, reason="emotion", reading=reading)
    if reading.urgent:
        return _handover(ticket, state, reason="urgent", reading=reading)
    if state.pending_scenario:
        done = _scenario_continue(ticket, state, reading, latest)
        if done is not None:
            return done
    if state.stage == Stage.OFFERED:
        if scenarios.is_yes(latest):
            _article_vote(state, helpful=True)
            return _resolve(ticket, state)
        if scenarios.is_no(latest):
            _article_vote(state, helpful=False)
            state.misses += 1
            if state.misses >= 2:
                return _handover(ticket, state, reason="nothing_fits", reading=reading)
            # a «no» alone says nothing new: the next answer comes from the earlier words
    if reading.close_topics and state.stage != Stage.CLARIFYING and not state.clarify_topics:
        first = (reading.topic.parent or reading.topic).name if reading.topic else ""
        state.stage = Stage.CLARIFYING
        state.clarify_topics = [reading.topic.code if reading.topic else "", reading.runner_up.code]
        _say(
            ticket,
            state,
            _("Уточните, пожалуйста: ваш вопрос про «%(first)s» или про «%(second)s»?")
            % {"first": first, "second": reading.runner_up.name},
            actions=[_reply_action(name) for name in (first, reading.runner_up.name) if name],
        )
        state.save()
        return "clarify"
    scenario_reply = _scenario_start(ticket, state, reading)
    if scenario_reply is not None:
        return scenario_reply
    article = _best_article(ticket, reading, state)
    if article is None:
        state.misses += 1
        if state.misses >= 2 or (reading.out_of_scope and state.misses >= 1 and len(latest) > 60):
            return _handover(ticket, state, reason="nothing_fits", reading=reading)
        state.stage = Stage.LISTENING
        _say(
            ticket,
            state,
            _(
                "Пока не нашёл готового ответа. Опишите, пожалуйста, подробнее: что вы делали и что "
                "видите на экране? Если удобнее — напишите «оператор», и я позову специалиста."
            ),
            actions=[_reply_action(_("Позвать оператора"))],
        )
        state.save()
        return "ask_details"
    state.stage = Stage.OFFERED
    state.offered_article_ids = [*state.offered_article_ids, article.pk]
    url = reverse("knowledgebase:article", args=[article.slug])
    # in the chat's language where the article has a published translation, else the Russian original
    shown = article_translation_for(article=article, language=ticket.language) or article
    if shown is not article:
        url += f"?lang={shown.language}"
    _say(
        ticket,
        state,
        _(
            "%(summary)s\n\nПодробная инструкция: «%(title)s» — %(url)s\n\nЭто помогло? Ответьте "
            "«да» или «нет». Если нужен специалист — напишите «оператор»."
        )
        % {"summary": shown.summary.strip(), "title": shown.title, "url": url},
        actions=_helped_actions(),
    )
    state.save()
    return "article"


# --- AU5 scenarios (chat.scenarios): the state of the one in progress lives on DialogueState ---


def _scenario_context(ticket: Ticket, state: DialogueState, latest: str) -> scenarios.Context:
    return scenarios.Context(
        text=_citizen_text(ticket),
        latest=latest,
        data=dict(state.scenario_data),
        citizen_phone=scenarios.citizen_phone(ticket.citizen),
    )


def _scenario_start(ticket: Ticket, state: DialogueState, reading: Reading) -> str | None:
    """Start an AU5 scenario when the request is one of the typical faults it knows."""
    name = scenarios.scenario_for(text=_citizen_text(ticket), topic_code=reading.topic.code if reading.topic else None)
    if name is None or name in state.scenarios_done:
        return None
    try:
        step = scenarios.scenario_start(name, _scenario_context(ticket, state, _citizen_text(ticket, latest_only=True)))
    except scenarios.ScenarioFailed as failure:
        return _scenario_failed(ticket, state, name, failure, reading)
    if step is None:
        return None
    state.scenario_data = {}
    return _scenario_say(ticket, state, name, step)


def _scenario_continue(ticket: Ticket, state: DialogueState, reading: Reading, latest: str) -> str | None:
    """The citizen's reply to a scenario step; None when it is not one (the scenario is then left)."""
    name = state.pending_scenario
    if state.stage == Stage.OFFERED:  # the step asked «Это помогло?»
        if scenarios.is_yes(latest):
            return _resolve(ticket, state)
        if not scenarios.is_no(latest):
            _scenario_leave(state)
            return None
    try:
        step = scenarios.scenario_continue(name, state.scenario_step, _scenario_context(ticket, state, latest))
    except scenarios.ScenarioFailed as failure:
        return _scenario_failed(ticket, state, name, failure, reading)
    if step is None:
        _scenario_leave(state)
        return None
    return _scenario_say(ticket, state, name, step)


def _scenario_say(ticket: Ticket, state: DialogueState, name: str, step: scenarios.Step) -> str:
    state.pending_scenario, state.scenario_step = name, step.next_step
    state.scenario_data = {**state.scenario_data, **step.data}
    if step.awaits_answer:
        state.stage = Stage.LISTENING
        _say(ticket, state, step.text, actions=[_reply_action(reply) for reply in step.replies] or None)
    else:
        state.stage = Stage.OFFERED
        _say(ticket, state, step.text + "\n\n" + _("Это помогло? Ответьте «да» или «нет»."), actions=_helped_actions())
    state.save()
    return f"scenario:{name}"


def _scenario_leave(state: DialogueState) -> None:
    """The citizen moved on: the scenario is not offered again in this chat."""
    if state.pending_scenario and state.pending_scenario not in state.scenarios_done:
        state.scenarios_done = [*state.scenarios_done, state.pending_scenario]
    state.pending_scenario, state.scenario_step, state.scenario_data = "", "", {}
    state.stage = Stage.LISTENING


def _scenario_failed(ticket, state, name: str, failure: scenarios.ScenarioFailed, reading: Reading) -> str:
    detail = _("сценарий «%(scenario)s»: %(detail)s") % {
        "scenario": SCENARIO_NAMES.get(name, name),
        "detail": failure.detail,
    }
    _scenario_leave(state)
    notice = _("Не удалось получить сведения с портала.") if failure.portal_down else ""
    return _handover(ticket, state, reason="scenario_failed", reading=reading, detail=detail, notice=notice)


SCENARIO_NAMES = {
    "sign_in": gettext_lazy("не удаётся войти"),
    "registration": gettext_lazy("ошибка при создании учётной записи"),
    "upload": gettext_lazy("ошибка загрузки документа"),
    "application": gettext_lazy("статус заявления"),
    "outage": gettext_lazy("сервис недоступен"),
}


def _best_article(ticket: Ticket, reading: Reading, state: DialogueState):
    from knowledgebase.selectors import article_search

    query = " ".join(reading.keywords) or _citizen_text(ticket, latest_only=True)
    found = article_search(user=ticket.citizen, query=query, limit=5).articles
    offered = set(state.offered_article_ids)
    return next((article for article in found if article.pk not in offered), None)


def _article_vote(state: DialogueState, *, helpful: bool) -> None:
    """The citizen's «да»/«нет» on the offered article counts as a vote on it (AU3), as on the help pages."""
    from knowledgebase.models import Article
    from knowledgebase.services import article_vote

    article = Article.objects.filter(pk=state.offered_article_ids[-1]).first() if state.offered_article_ids else None
    if article is not None:
        article_vote(article=article, helpful=helpful, deflected=helpful)


def _resolve(ticket: Ticket, state: DialogueState) -> str:
    state.stage = Stage.RESOLVED
    state.pending_scenario, state.scenario_step, state.scenario_data = "", "", {}
    _say(ticket, state, _("Рад, что помог! Если появится новый вопрос — просто напишите сюда."))
    state.save()
    fields = transition_apply(ticket=ticket, target=S.RESOLVED, reason=_("помощник ответил на вопрос"))
    ticket.save(update_fields=[*fields, "updated_at"])
    return "resolved"


HANDOVER_REASONS = {
    "asked_for_person": gettext_lazy("гражданин попросил специалиста"),
    "nothing_fits": gettext_lazy("помощник дважды не нашёл ответа"),
    "not_understood": gettext_lazy("помощник не смог прочитать вопрос"),
    "emotion": gettext_lazy("гражданин расстроен или раздражён"),
    "urgent": gettext_lazy("срочный вопрос"),
    "scenario_failed": gettext_lazy("сценарий не помог"),
    "assistant_error": gettext_lazy("помощник не смог ответить из-за внутренней ошибки"),
}


def _handover(
    ticket: Ticket,
    state: DialogueState,
    *,
    reason: str,
    reading: Reading | None = None,
    detail: str = "",
    notice: str = "",
) -> str:
    """Hand the chat to people: topic, keywords and a masked summary to the operator; routing after commit.

    `detail` (what the assistant already tried) goes to the operator's note; `notice` to the citizen first.
    Neither may carry the citizen's words: only the masked summary does.
    """
    from assistant import mask

    reading = reading or _read(_citizen_text(ticket), ticket.language)
    now = timezone.now()
    fields = ["updated_at"]
    if reading is not None and reading.topic is not None and ticket.topic_id is None:
        ticket.topic, ticket.tier = reading.topic, reading.topic.tier
        fields += ["topic", "tier"]
    if reading is not None and (reading.urgent or reading.upset) and ticket.priority < Ticket.Priority.HIGH:
        ticket.priority = Ticket.Priority.HIGH
        fields.append("priority")
    label = str(HANDOVER_REASONS.get(reason, reason))
    fields += transition_apply(ticket=ticket, target=S.TRIAGED, reason=label, now=now)
    ticket.save(update_fields=fields)
    sla.clocks_start(ticket=ticket, now=now)  # people's clocks start when the chat reaches people
    summary = reading.masked if reading is not None else mask(_citizen_text(ticket))
    note = _(
        "Передано помощником: %(reason)s.\nТема: %(topic)s.\nКлючевые слова: %(keywords)s.\n"
        "Суть (персональные данные скрыты): %(summary)s"
    ) % {
        "reason": f"{label} ({detail})" if detail else label,
        "topic": reading.topic.name if reading is not None and reading.topic else _("не определена"),
        "keywords": ", ".join(reading.keywords) if reading is not None and reading.keywords else "—",
        "summary": summary[:SUMMARY_CHARS],
    }
    message_post(ticket=ticket, author=None, body=note, author_kind=ASSISTANT, channel=Channel.CHAT, is_internal=True)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.HANDED_OVER,
        reason=reason,
        topic=reading.topic.code if reading is not None and reading.topic else None,
        keywords=reading.keywords if reading is not None else [],
    )
    state.stage, state.handover_reason = Stage.HANDED_OVER, reason
    state.pending_scenario, state.scenario_step, state.scenario_data = "", "", {}
    lead = f"{notice} " if notice else ""
    _say(
        ticket,
        state,
        lead
        + _(
            "Передаю ваш вопрос специалисту — он увидит всю переписку, повторять не нужно. "
            "Обычно отвечаем в течение минуты."
        ),
    )
    state.save()
    transaction.on_commit(lambda: ticket_route_task.delay(ticket_id=ticket.pk, reason="intake"))
    logger.info("chat handed over ticket=%s reason=%s", ticket.pk, reason)
    return "handover"


def dialogue_resume_if_assistant_resolved(ticket: Ticket) -> None:
    """A citizen writing again after the assistant answered goes back to the assistant, not to the queue."""
    if ticket.status != S.RESOLVED or ticket.assignee_id is not None:
        return
    state = DialogueState.objects.filter(ticket=ticket, stage=Stage.RESOLVED).first()
    if state is None:
        return
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status == S.RESOLVED and locked.assignee_id is None:
        fields = transition_apply(ticket=locked, target=S.ASSISTANT, reason=_("гражданин написал снова"))
        locked.save(update_fields=[*fields, "updated_at"])
        state.stage, state.misses, state.clarify_topics = Stage.LISTENING, 0, []
        state.save()
        ticket.status = locked.status
