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

The parts: chat.reading (what the words say), chat.intents (a request for a person, «да» / «нет», a
greeting), chat.article_choice (which article), chat.scenarios (the AU5 steps). Each citizen message gets
one answer: DialogueState.last_answered_message_id makes a second call for it do nothing.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chat import article_choice, intents, scenarios
from chat.models import DialogueState
from chat.reading import (
    TOPIC_MIN_CONFIDENCE,
    Reading,
    brings_new_content,
    citizen_read,
    is_new_question,
    words_besides_identifiers,
)
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

SUMMARY_CHARS = 600
MESSAGES_READ = 5  # the citizen's latest messages the assistant reads together
# While the assistant has the chat, the request's topic follows what the first messages say («Здравствуйте»
# first, the question second): a reading at least this sure replaces an unknown or a less sure topic.
TOPIC_REDETECT_MESSAGES = 3
CHOSEN_TOPIC_CONFIDENCE = 1.0  # a topic the citizen picked, or one given at intake without the model
MISSES_BEFORE_HANDOVER = 2  # «нет» or an unclear reply twice: a person takes over


@dataclass(frozen=True)
class Turn:
    """The citizen's words this reply answers: the latest message and the few before it."""

    latest: str
    text: str  # the latest MESSAGES_READ messages, oldest first
    earlier: str  # the same without the latest
    count: int  # how many messages the citizen has written (counted up to MESSAGES_READ + 1)
    latest_reading: Reading | None = None  # the latest message read on its own


# SS6 hints for the reply being written: the first message the assistant posts in this turn leads with them.
_TURN_HINTS: ContextVar[tuple] = ContextVar("dialogue_turn_hints", default=())


def _citizen_text(ticket: Ticket, *, latest_only: bool = False) -> str:
    bodies = list(citizen_bodies_newest_first(ticket).exclude(body="")[: 1 if latest_only else MESSAGES_READ])
    return "\n".join(reversed(bodies))


def _say(ticket: Ticket, state: DialogueState, text: str, actions: list[dict] | None = None) -> TicketMessage:
    """Post the assistant's message. Its quick replies live on the state (saved by the caller in the same
    transaction), so the chat renders them with this message: {"message_id": id, "actions": [{"label", "reply"}]}.
    The turn's SS6 hints («Проверьте СНИЛС, который заканчивается на 96: …») lead the first message.
    """
    hints = _TURN_HINTS.get()
    if hints:
        _TURN_HINTS.set(())
        text = "\n".join(problem.message for problem in hints) + "\n\n" + text
    message, _created = message_post(ticket=ticket, author=None, body=text, author_kind=ASSISTANT, channel=Channel.CHAT)
    state.quick_replies = {"message_id": message.pk, "actions": actions} if actions else {}
    return message


def _hints_hold(latest: str) -> None:
    """SS6: identifiers in the citizen's message that cannot be right, told with the reply (named by their
    last digits only: the chat is stored and operators read it)."""
    from tickets.input_checks import identifier_problems

    try:
        _TURN_HINTS.set(tuple(identifier_problems(latest)))
    except Exception:  # a check is an aid: it must not cost the citizen the answer
        logger.exception("entry checks failed")


def _hints_drop(kinds: frozenset[str]) -> None:
    """The answer explains these entries itself (the registration scenario names what is wrong in an e-mail)."""
    if kinds:
        _TURN_HINTS.set(tuple(problem for problem in _TURN_HINTS.get() if problem.kind not in kinds))


def _reply_action(label: str, reply: str | None = None) -> dict:
    """A button under the assistant's message; pressing it sends `reply` as the citizen's message."""
    return {"label": str(label), "reply": str(reply or label)}


def _helped_actions() -> list[dict]:
    return [_reply_action(_("Да, помогло")), _reply_action(_("Нет, не помогло")), _reply_action(_("Позвать оператора"))]


def _state(ticket: Ticket) -> DialogueState:
    state, _created = DialogueState.objects.select_for_update().get_or_create(ticket=ticket)
    return state


def _latest_messages(ticket: Ticket) -> list[tuple[int, str]]:
    """(id, text) of the citizen's latest messages with words, newest first (a file alone says nothing)."""
    rows = citizen_bodies_newest_first(ticket).exclude(body="").values_list("pk", "body")
    return list(rows[: MESSAGES_READ + 1])


@transaction.atomic
def dialogue_reply(*, ticket_id: int) -> str | None:
    """Answer the citizen's latest message if the assistant still has the chat; returns what it did.

    Idempotent per citizen message: called again for a message it already answered (a resent chat start, a
    redelivered task), it does nothing.
    """
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None or ticket.status != S.ASSISTANT or ticket.assignee_id is not None:
        return None  # a person has it (or it is closed): the assistant stays silent
    state = _state(ticket)
    messages = _latest_messages(ticket)
    if not messages or messages[0][0] <= state.last_answered_message_id:
        return None  # nothing new from the citizen: this message has had its answer
    latest_id = messages[0][0]
    state.last_answered_message_id = latest_id
    turn = Turn(
        latest=messages[0][1],
        text="\n".join(body for _pk, body in reversed(messages[:MESSAGES_READ])),
        earlier="\n".join(body for _pk, body in reversed(messages[1:MESSAGES_READ])),
        count=len(messages),
    )
    hints = _TURN_HINTS.set(())
    with translation.override(ticket.language if ticket.language in ("ru", "en") else "ru"):
        try:
            with transaction.atomic():  # a failed answer leaves nothing half-written behind
                return _reply(ticket, state, turn)
        except Exception:
            # The citizen must not be left waiting on a broken assistant: people take the chat instead.
            logger.exception("dialogue failed ticket=%s", ticket_id)
            _TURN_HINTS.set(())
            ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
            state = _state(ticket)
            state.last_answered_message_id = latest_id
            return _handover(ticket, state, reason="assistant_error")
        finally:
            _TURN_HINTS.reset(hints)


def _reply(ticket: Ticket, state: DialogueState, turn: Turn) -> str:
    latest = turn.latest
    if intents.asks_for_person(latest):
        return _handover(ticket, state, reason="asked_for_person")
    latest_reading = citizen_read(latest, ticket.language)
    reading = latest_reading if turn.count == 1 else citizen_read(turn.text, ticket.language)
    if reading is None:
        return _handover(ticket, state, reason="not_understood")
    # anger and urgency are read in the message that carries them (each earlier one was read when it came):
    # a quick reply after an urgent-sounding first line is not urgent again
    mood = latest_reading or reading
    if mood.upset or mood.urgent:
        reason = "emotion" if mood.upset else "urgent"
        return _handover(ticket, state, reason=reason, reading=replace(reading, upset=mood.upset, urgent=mood.urgent))
    turn = replace(turn, latest_reading=latest_reading)
    if is_new_question(turn.latest_reading, reading):
        reading = turn.latest_reading  # «И ещё: не приходит код» after the password: answer the new question
    _hints_hold(latest)
    if state.stage == Stage.CLARIFYING:
        # a reply that only names a topic («Регистрация и вход») leaves the question in the words before it
        asked = (citizen_read(turn.earlier, ticket.language) if turn.earlier else None) or reading
        if _clarify_answer(ticket, state, asked, latest):
            turn, reading = replace(turn, text=turn.earlier or turn.text), asked
    # the topic follows questions, not a phone typed for a step or a «нет»
    if turn.count == 1 or brings_new_content(latest, turn.latest_reading):
        _topic_follow(ticket, state, reading, turn)
    reading = _within_chosen_topic(reading, state)
    if state.pending_scenario:
        done, reading = _scenario_continue(ticket, state, reading, turn)
        if done is not None:
            return done
    if state.stage == Stage.OFFERED:
        done, reading = _offer_answer(ticket, state, reading, turn)
        if done is not None:
            return done
    if intents.is_thanks_only(latest):
        return _ask(ticket, state, _("Пожалуйста! Если появится вопрос — просто напишите его сюда."), "thanks")
    if _TURN_HINTS.get() and not words_besides_identifiers(turn.latest_reading):
        # «мой снилс 123 456 789 00» alone: say what to check and let the citizen go on
        return _ask(ticket, state, _("Если вопрос не только в этом — опишите его, пожалуйста."), "input_hint")
    if (state.details_asked and state.stage == Stage.LISTENING and not state.pending_scenario
            and not brings_new_content(latest, turn.latest_reading) and not intents.is_greeting_only(latest)):
        # asked for details, got «нет» or «не знаю»: nothing more to find without a person
        return _handover(ticket, state, reason="nothing_fits", reading=reading)
    if intents.is_greeting_only(turn.text):
        return _ask(
            ticket,
            state,
            _(
                "Здравствуйте! Я помощник поддержки портала госуслуг. Опишите, пожалуйста, ваш вопрос: что вы "
                "хотели сделать и что видите на экране?"
            ),
            "greet",
        )
    # a scenario the words call for answers before any clarifying question: it is the more specific help
    scenario_reply = _scenario_start(ticket, state, reading, turn)
    if scenario_reply is not None:
        return scenario_reply
    if reading.close_topics and not state.clarify_topics and not state.chosen_topic:
        first = (reading.topic.parent or reading.topic) if reading.topic else None
        if first is not None and first.pk != reading.runner_up.pk:
            return _clarify_ask(ticket, state, [first, reading.runner_up])
    candidates = article_choice.article_candidates(
        ticket, reading, state, fallback=_citizen_text(ticket, latest_only=True)
    )
    close = article_choice.close_subtopics(reading, state, candidates)
    if close:
        return _clarify_ask(ticket, state, close)
    article = article_choice.article_pick(reading, candidates)
    if article is None and state.misses:
        # the articles did not help and there is no other on the question: check the account itself
        follow_up = scenarios.follow_up_scenario(reading.topic.code if reading.topic else None)
        scenario_reply = _scenario_start(ticket, state, reading, turn, names=[follow_up] if follow_up else [])
        if scenario_reply is not None:
            return scenario_reply
    if article is None:
        if state.details_asked >= 1:
            return _handover(ticket, state, reason="nothing_fits", reading=reading)
        state.details_asked += 1
        if reading.out_of_scope:  # say what the desk answers: the citizen may be asking the wrong service
            text = _(
                "Пока не нашёл готового ответа. Я отвечаю на вопросы о портале госуслуг: вход и учётная запись, "
                "заявления и услуги, документы, электронная подпись, технические ошибки. Опишите, пожалуйста, "
                "подробнее, что вы хотите сделать на портале. Если удобнее — напишите «оператор», и я позову "
                "специалиста."
            )
        else:
            text = _(
                "Пока не нашёл готового ответа. Опишите, пожалуйста, подробнее: что вы делали и что "
                "видите на экране? Если удобнее — напишите «оператор», и я позову специалиста."
            )
        return _ask(ticket, state, text, "ask_details", actions=[_reply_action(_("Позвать оператора"))])
    return _article_offer(ticket, state, article)


def _ask(ticket: Ticket, state: DialogueState, text: str, outcome: str, actions: list[dict] | None = None) -> str:
    state.stage = Stage.LISTENING
    _say(ticket, state, text, actions=actions)
    state.save()
    return outcome


def _article_offer(ticket: Ticket, state: DialogueState, article) -> str:
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


# --- «да», «нет» and replies that are neither --------------------------------------------------------------

def _offer_answer(ticket: Ticket, state: DialogueState, reading: Reading, turn: Turn) -> tuple[str | None, Reading]:
    """The citizen's reply to «Это помогло?» after an article: «да» resolves, «нет» (wherever it stands) is a
    miss and the next answer comes from the earlier words; a reply that is neither and says nothing new is a
    miss too; one with a question of its own is answered as a new question."""
    latest = turn.latest
    if intents.is_yes(latest):
        article_choice.article_vote_once(ticket, state, helpful=True)
        return _resolve(ticket, state), reading
    if intents.is_no(latest):
        article_choice.article_vote_once(ticket, state, helpful=False)
        state.misses += 1
        if state.misses >= MISSES_BEFORE_HANDOVER:
            return _handover(ticket, state, reason="nothing_fits", reading=reading), reading
        return None, reading
    latest_reading = turn.latest_reading
    if not brings_new_content(latest, latest_reading):
        return _unclear_reply(ticket, state, reading), reading
    state.stage = Stage.LISTENING
    if latest_reading is not None and not latest_reading.out_of_scope:
        return None, _within_chosen_topic(latest_reading, state)  # a new question: read on its own words
    return None, reading


def _unclear_reply(ticket: Ticket, state: DialogueState, reading: Reading) -> str:
    state.misses += 1
    if state.misses >= MISSES_BEFORE_HANDOVER:
        return _handover(ticket, state, reason="not_understood", reading=reading)
    _say(
        ticket,
        state,
        _(
            "Не совсем понял ваш ответ. Подсказка помогла? Ответьте «да» или «нет» — или опишите, что именно "
            "не получается, и я поищу другой ответ."
        ),
        actions=_helped_actions(),
    )
    state.save()
    return "unclear"


# --- the topic: clarified once, followed while the first messages come in, then kept --------------------


def _clarify_ask(ticket: Ticket, state: DialogueState, topics: list[Topic]) -> str:
    first, second = topics[0], topics[1]
    state.stage = Stage.CLARIFYING
    state.clarify_topics = [first.code, second.code]
    _say(
        ticket,
        state,
        _("Уточните, пожалуйста: ваш вопрос про «%(first)s» или про «%(second)s»?")
        % {"first": first.name, "second": second.name},
        actions=[_reply_action(topic.name) for topic in (first, second)],
    )
    state.save()
    return "clarify"


def _clarify_answer(ticket: Ticket, state: DialogueState, reading: Reading, latest: str) -> bool:
    """The reply to the clarifying question: the topic named (by button, by its words, «первое»), or the one
    the reply is about. The choice is kept: articles and scenarios then come from that topic only. True when
    the reply only named the topic."""
    from rapidfuzz import fuzz

    state.stage = Stage.LISTENING
    asked = {topic.code: topic for topic in Topic.objects.filter(code__in=state.clarify_topics)}
    ordered = [asked[code] for code in state.clarify_topics if code in asked]
    lowered = latest.lower().strip(" .!?")
    chosen = next((topic for topic in ordered if fuzz.partial_ratio(topic.name.lower(), lowered) >= 85), None)
    if chosen is None and ordered:
        if re.search(r"\b(перв\w*|1)\b", lowered):
            chosen = ordered[0]
        elif re.search(r"\b(втор\w*|2)\b", lowered) and len(ordered) > 1:
            chosen = ordered[1]
    named = chosen is not None
    if chosen is None:
        latest_reading = citizen_read(latest, ticket.language)
        topic = latest_reading.topic if latest_reading is not None else None
        chosen = next((candidate for candidate in ordered if topic and _topic_within(topic, candidate)), None)
    if chosen is None:
        return False  # an answer about something else: read as a new question
    state.chosen_topic = chosen.code
    if reading.topic is None or not _topic_within(reading.topic, chosen):
        _topic_store(ticket, state, chosen, CHOSEN_TOPIC_CONFIDENCE)
    else:
        _topic_store(ticket, state, reading.topic, CHOSEN_TOPIC_CONFIDENCE)
    return named


def _topic_within(topic: Topic, scope: Topic) -> bool:
    """`topic` is `scope` or one of its sub-topics."""
    return topic.pk == scope.pk or topic.parent_id == scope.pk


def _within_chosen_topic(reading: Reading, state: DialogueState) -> Reading:
    """After the citizen chose a topic, the reading stays inside it."""
    if not state.chosen_topic:
        return reading
    if reading.topic is not None and (reading.topic.code == state.chosen_topic
                                      or (reading.topic.parent and reading.topic.parent.code == state.chosen_topic)):
        return replace(reading, close_topics=False)
    chosen = Topic.objects.filter(code=state.chosen_topic).select_related("parent").first()
    if chosen is None:
        return reading
    return replace(reading, topic=chosen, close_topics=False, out_of_scope=False,
                   confidence=CHOSEN_TOPIC_CONFIDENCE, subtopic_sure=chosen.parent_id is not None)


def _intake_topic_confidence(ticket: Ticket) -> float:
    """How sure the topic the request came with is: the triage model's confidence when it chose the topic,
    full when a person did, none when there is no topic."""
    if ticket.topic_id is None:
        return 0.0
    created = ticket.events.filter(kind=TicketEvent.Kind.CREATED).values_list("data", flat=True).first() or {}
    triage = created.get("triage") or {}
    if triage.get("topic") and triage.get("topic") == getattr(ticket.topic, "code", None):
        return float(triage.get("confidence") or 0.0)
    return CHOSEN_TOPIC_CONFIDENCE


def _topic_follow(ticket: Ticket, state: DialogueState, reading: Reading, turn: Turn) -> None:
    """While the first few messages come in, the request's topic follows the surest reading of them: a chat
    that began with «Здравствуйте» gets its topic from the question that followed, so routing and the
    handover use it. A sub-topic is never replaced by its own parent."""
    if state.topic_confidence is None:
        state.topic_confidence = _intake_topic_confidence(ticket)
    if turn.count > TOPIC_REDETECT_MESSAGES or reading.topic is None or reading.out_of_scope:
        return
    if reading.topic.pk == ticket.topic_id:
        state.topic_confidence = max(state.topic_confidence, reading.confidence)
        return
    current = ticket.topic
    if current is not None and current.parent_id == reading.topic.pk:
        return
    if reading.confidence < TOPIC_MIN_CONFIDENCE or reading.confidence <= state.topic_confidence:
        return
    _topic_store(ticket, state, reading.topic, reading.confidence)


def _topic_store(ticket: Ticket, state: DialogueState, topic: Topic, confidence: float) -> None:
    """Put the topic on the request, journaled like any change of topic (the desk's history shows it)."""
    state.topic_confidence = confidence
    if ticket.topic_id == topic.pk:
        return
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.TOPIC_CHANGED,
        old=ticket.topic_id,
        new=topic.pk,
        by="assistant",
        confidence=round(confidence, 3),
    )
    ticket.topic, ticket.tier = topic, topic.tier
    ticket.save(update_fields=["topic", "tier", "updated_at"])


# --- AU5 scenarios (chat.scenarios): the state of the one in progress lives on DialogueState ---


def _scenario_context(ticket: Ticket, state: DialogueState, turn: Turn, reading: Reading) -> scenarios.Context:
    return scenarios.Context(
        text=turn.text,
        latest=turn.latest,
        data=dict(state.scenario_data),
        citizen_phone=scenarios.citizen_phone(ticket.citizen),
        topic_code=reading.topic.code if reading.topic else None,
    )


def _scenario_start(
    ticket: Ticket, state: DialogueState, reading: Reading, turn: Turn, names: list[str] | None = None
) -> str | None:
    """Start the first AU5 scenario that fits the request and has something to say (chat.scenarios)."""
    if names is None:
        names = scenarios.scenario_for(
            text=turn.text,
            topic_code=reading.topic.code if reading.topic else None,
            topic_sure=reading.subtopic_sure,
            within=state.chosen_topic or None,
        )
    for name in names:
        if name in state.scenarios_done:
            continue
        try:
            step = scenarios.scenario_start(name, _scenario_context(ticket, state, turn, reading))
        except scenarios.ScenarioFailed as failure:
            return _scenario_failed(ticket, state, name, failure, reading)
        if step is not None:
            state.scenario_data = {}
            return _scenario_say(ticket, state, name, step)
    return None


def _scenario_continue(
    ticket: Ticket, state: DialogueState, reading: Reading, turn: Turn
) -> tuple[str | None, Reading]:
    """The citizen's reply to a scenario step; (None, reading) when it is not one (the scenario is then left)."""
    name, latest = state.pending_scenario, turn.latest
    if state.stage == Stage.OFFERED:  # the step asked «Это помогло?»
        if intents.is_yes(latest):
            return _resolve(ticket, state), reading
        if not intents.is_no(latest):
            latest_reading = turn.latest_reading
            if not brings_new_content(latest, latest_reading):
                return _unclear_reply(ticket, state, reading), reading
            _scenario_leave(state)
            if latest_reading is not None and not latest_reading.out_of_scope:
                return None, _within_chosen_topic(latest_reading, state)
            return None, reading
    try:
        step = scenarios.scenario_continue(name, state.scenario_step, _scenario_context(ticket, state, turn, reading))
    except scenarios.ScenarioFailed as failure:
        return _scenario_failed(ticket, state, name, failure, reading), reading
    if step is None and _TURN_HINTS.get():
        # «+7 012 345-67-89» when the step asked for a phone: say what to fix and wait for it again
        _say(ticket, state, _("Напишите, пожалуйста, исправленные данные ещё раз."))
        state.save()
        return f"scenario:{name}", reading
    if step is None:
        _scenario_leave(state)
        if intents.is_no(latest) and not brings_new_content(latest, turn.latest_reading):
            # «нет» to «Напишите номер телефона»: the citizen gives up on this way too
            state.misses += 1
            if state.misses >= MISSES_BEFORE_HANDOVER:
                return _handover(ticket, state, reason="nothing_fits", reading=reading), reading
        return None, reading
    return _scenario_say(ticket, state, name, step), reading


def _scenario_say(ticket: Ticket, state: DialogueState, name: str, step: scenarios.Step) -> str:
    state.pending_scenario, state.scenario_step = name, step.next_step
    state.scenario_data = {**state.scenario_data, **step.data}
    _hints_drop(step.covers)
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


# --- the knowledge base's answer ---------------------------------------------------------------------------

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

    if reading is None or not reading.keywords:  # a last «нет» says nothing: read the whole conversation
        whole = citizen_read(_citizen_text(ticket), ticket.language)
        if whole is not None and reading is not None:  # the mood that decided the handover stays
            whole = replace(whole, upset=whole.upset or reading.upset, urgent=whole.urgent or reading.urgent)
        reading = whole or reading
    now = timezone.now()
    fields = ["updated_at"]
    if reading is not None and reading.topic is not None and ticket.topic_id is None:
        ticket.topic, ticket.tier = reading.topic, reading.topic.tier
        fields += ["topic", "tier"]
    if reading is not None and (reading.urgent or reading.upset) and ticket.priority < Ticket.Priority.HIGH:
        ticket.priority = Ticket.Priority.HIGH
        fields.append("priority")
    # what the operator is told is the request's topic: the reading's when it found one, else the one intake or
    # an earlier message gave (a last «нет» names no topic of its own)
    topic = ticket.topic if ticket.topic_id is not None else None
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
        "topic": topic.name if topic is not None else _("не определена"),
        "keywords": ", ".join(reading.keywords) if reading is not None and reading.keywords else "—",
        "summary": summary[:SUMMARY_CHARS],
    }
    message_post(ticket=ticket, author=None, body=note, author_kind=ASSISTANT, channel=Channel.CHAT, is_internal=True)
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.HANDED_OVER,
        reason=reason,
        topic=topic.code if topic is not None else None,
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
        # a new question: the misses, the clarification and the topic chosen for the old one start afresh
        state.stage, state.misses, state.clarify_topics = Stage.LISTENING, 0, []
        state.chosen_topic, state.details_asked = "", 0
        state.save()
        ticket.status = locked.status
