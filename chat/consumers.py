"""Live conversation over websockets: protocol only. Access rules live in chat.selectors, writes in chat.services.

Client → server frames (JSON objects):
    {"type": "message", "body": "...", "client_message_id": "<uuid>"}   (staff may add "internal": true)
    {"type": "resume", "after": <last message id seen>}                 (also ?after=N at connect)
    {"type": "typing"}
    {"type": "read", "message_id": <last message id this side has seen>}
    {"type": "sync"}                  after each (re)connect: the read marks and (citizen) the queue place
Server → client frames:
    {"type": "ack", "client_message_id", "message_id", "duplicate"}      after the message is saved; a new
                                                                         message's own frame follows at once
    {"type": "message", "message_id", "client_message_id", "author_kind", "html"[, "actions"]}
    {"type": "resumed", "up_to"}       ends the answer to a resume (before its status frame): every message
                                       this side may see with an id ≤ up_to has been sent
    {"type": "status", "status", "label"}
    {"type": "typing", "author_kind"}
    {"type": "read", "side": "citizen"|"staff", "message_id"}          on sync and whenever a side reads on
    {"type": "queue", "position", "wait_seconds", "text"}               on sync and when it changes (citizen side);
                                                                         position null when no person is awaited
    {"type": "language", "language"}                                     the citizen switched the chat's language
    {"type": "left", "message"}        staff: the request was handed to someone else; when access is gone the
                                       socket then closes with 4403
    {"type": "error", "message"[, "client_message_id"]}
Files are not sent over the socket: they are uploaded by HTTP POST (chat.views) and the message that
carries them arrives here like any other.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.presence import PRESENCE_SESSION_KEY, DeskHeartbeat, operator_presence_touch
from chat.models import ChatReadMark
from chat.selectors import (
    Viewer,
    message_for_viewer,
    message_without_attachments,
    messages_after,
    queue_place,
    quick_replies_for,
    read_marks,
    staff_session_verified,
    viewer_for_socket,
)
from chat.services import chat_message_send, chat_read_mark
from supportdesk.errors import DomainError
from tickets.broadcast import DESK_GROUP, SUPERVISOR_GROUP, agent_group, ticket_group
from tickets.models import Channel, Ticket, TicketMessage
from tickets.selectors import tickets_visible_to_staff

logger = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
# A frame far beyond the 4000-character message limit is refused before it is parsed.
MAX_FRAME_CHARS = 64 * 1024
TYPING_MIN_INTERVAL = 1.0  # seconds; typing indicators are relayed at most this often per connection
# A burst of queue changes (routing a batch, a shift starting) is answered with one recount per socket.
QUEUE_REFRESH_DELAY = 1.0
# The ids of the messages a socket wrote and already sent to its own client, kept until the layer echoes them
# back (see _message): the echo is dropped instead of sent twice.
OWN_FRAMES_KEPT = 32
# Journal rows after which a staff member may have lost the request (or stopped holding it): their sockets
# check again, one query on these rare events only.
ACCESS_CHANGING_EVENTS = frozenset({"assigned", "unassigned", "transferred", "routed", "escalated"})

# The database work of the ticket sockets runs on a small thread pool per process. channels'
# database_sync_to_async defaults to thread_sensitive=True: every socket of the process then queues for ONE
# thread, and each call there holds it for a connection, several round trips and a durable commit. At 1,000
# chats and 150 messages/s that thread was busy ~100 % while the process used 20 % of a core, and delivery
# took seconds (benchmarks/chat_delivery.py). A socket's own calls still run one after another (the consumer
# awaits each), no transaction spans two calls, and the pool bounds the process's database connections.
_DB_THREADS = getattr(settings, "CHAT_SOCKET_DB_THREADS", 8)
_db_pool = ThreadPoolExecutor(max_workers=_DB_THREADS, thread_name_prefix="chat-db")


def in_db_thread(func):
    """database_sync_to_async (connections closed or kept as settings say) on the chat sockets' pool."""
    return database_sync_to_async(func, thread_sensitive=False, executor=_db_pool)


def _language(scope) -> str:
    """The language the visitor chose on the portal (django_language cookie), for rendered messages."""
    return _language_or_default((scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME))


def _language_or_default(code) -> str:
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def queue_text(position: int, wait_seconds: int) -> str:
    """«You are next» or the number ahead, and the wait in whole minutes (the estimate is no finer)."""
    if position <= 1:
        text = _("Вы следующий в очереди к специалисту.")
    else:
        text = _("Перед вами в очереди: %(ahead)d.") % {"ahead": position - 1}
    if wait_seconds < 60:
        return text + " " + _("Ожидание — меньше минуты.")
    return text + " " + _("Примерное ожидание: %(minutes)d мин.") % {"minutes": -(-wait_seconds // 60)}


def _after_from_query(scope) -> int | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("after")
    if values and values[-1].isdigit():
        return int(values[-1])
    return None


def _is_uuid(value) -> bool:
    if not isinstance(value, str) or len(value) > 64:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class _Consumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message: dict) -> None:
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            if message["type"].startswith("websocket."):
                raise ValueError(f"No handler for message type {message['type']}")
            # A group event this consumer does not know (a newer service broadcasting a new kind) is
            # dropped instead of raising, which would tear the visitor's socket down.
            logger.debug("dropped channel-layer event type=%s", message["type"])
            return
        # channels' AsyncConsumer.dispatch first awaits aclose_old_connections() for every frame and every
        # layer event: a hop onto the process's single sync thread, five per chat message (its frame, two
        # events on each side), queued behind whatever that thread is doing. Our handlers reach the database
        # only through database_sync_to_async / in_db_thread, which close or keep connections themselves.
        await handler(message)

    async def send_error(self, message: str, client_message_id: str | None = None) -> None:
        frame = {"type": "error", "message": message}
        if client_message_id is not None:
            frame["client_message_id"] = client_message_id
        await self.send_json(frame)


class TicketConsumer(_Consumer):
    """One ticket's conversation: the citizen (or anonymous chat visitor) and verified staff."""

    async def connect(self) -> None:
        self.ticket_id = int(self.scope["url_route"]["kwargs"]["ticket_id"])
        self.group = ticket_group(self.ticket_id)
        self.language = _language(self.scope)
        self.joined = False
        self.last_typing = 0.0
        try:  # authorize before accept and before joining the group
            viewer = await in_db_thread(self._authorize)()
        except Http404:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.viewer_is_staff = viewer.is_staff
        self.holds = viewer.is_staff and viewer.ticket.assignee_id == self.scope["user"].pk
        self.gone = False
        self.ticket_number = viewer.ticket.number
        self.last_status = viewer.ticket.status
        self.is_chat = viewer.ticket.channel == Channel.CHAT
        self.side = ChatReadMark.Side.STAFF if viewer.is_staff else ChatReadMark.Side.CITIZEN
        self.read_up_to = 0
        self.in_queue_group = False
        self.queue_shown: dict | None = None
        self.queue_followed = False
        self.queue_refresh: asyncio.Task | None = None
        self.own_sent: OrderedDict[int, None] = OrderedDict()
        self.heartbeat: DeskHeartbeat | None = None
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.joined = True
        if self.viewer_is_staff:
            # an operator working on a request or in the chat desk is at the desk (accounts.presence), also
            # when no queue page is open
            heartbeat = DeskHeartbeat(touch=in_db_thread(self._presence_touch))
            if await heartbeat.start():
                self.heartbeat = heartbeat
        await self.accept()
        after = _after_from_query(self.scope)
        if after is not None:
            await self._resume(after)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "heartbeat", None) is not None:
            await self.heartbeat.stop()
            self.heartbeat = None
        await self._leave_groups()

    def _presence_touch(self) -> bool:
        return operator_presence_touch(user_id=self.scope["user"].pk)

    async def _leave_groups(self) -> None:
        if getattr(self, "queue_refresh", None) is not None:
            self.queue_refresh.cancel()
        if getattr(self, "in_queue_group", False):
            await self.channel_layer.group_discard(DESK_GROUP, self.channel_name)
            self.in_queue_group = False
        if self.joined:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.joined = False

    async def send_json(self, content, close: bool = False) -> None:
        if not getattr(self, "gone", False):  # closed for lost access: events already queued are dropped
            await super().send_json(content, close)

    # --- client → server ---

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs) -> None:
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self.send_error(_("Неверный формат: ожидается текстовое сообщение JSON."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_error(_("Неверный формат: ожидается текстовое сообщение JSON."))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict):
            await self.send_error(_("Неверный формат: ожидается объект JSON с полем type."))
            return
        kind = content.get("type")
        if kind == "message":
            await self._message(content)
        elif kind == "resume":
            after = content.get("after", 0)
            if not isinstance(after, int) or isinstance(after, bool) or after < 0:
                await self.send_error(_("Неверный запрос: after должен быть номером сообщения (целое число ≥ 0)."))
                return
            await self._resume(after)
        elif kind == "typing":
            await self._typing()
        elif kind == "read":
            await self._read(content.get("message_id"))
        elif kind == "sync":
            await self._state_sync()
        else:
            await self.send_error(_("Неизвестный тип сообщения."))

    async def _message(self, content: dict) -> None:
        client_message_id = content.get("client_message_id")
        if not _is_uuid(client_message_id):
            await self.send_error(_("Неверный идентификатор сообщения: нужен UUID в поле client_message_id."))
            return
        body = content.get("body")
        internal = content.get("internal", False)
        if not isinstance(body, str):
            await self.send_error(_("Сообщение пустое: напишите текст."), client_message_id)
            return
        if not isinstance(internal, bool) or (internal and not self.viewer_is_staff):
            await self.send_error(_("Внутренние заметки пишут только сотрудники."), client_message_id)
            return
        try:
            message_id, created, frame = await in_db_thread(self._post)(body, client_message_id, internal)
        except Http404:  # access was taken away while connected (reassigned, signed out of 2FA)
            await self.send_error(_("Нет доступа к этому обращению."), client_message_id)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        except DomainError as error:
            await self.send_error(str(error), client_message_id)
            return
        # Sent only after message_post committed: an ack means the message is in the database.
        await self.send_json(
            {"type": "ack", "client_message_id": client_message_id, "message_id": message_id, "duplicate": not created}
        )
        if frame is not None:
            # The writer's own frame goes out at once, not on the layer's echo: a channel layer delivers at most
            # once (pub/sub drops what is published while a subscriber reconnects), and the writer's message
            # must never vanish from their screen. The echo, when it comes, is dropped (ticket_message).
            await self.send_json(frame)
            self.own_sent[message_id] = None
            while len(self.own_sent) > OWN_FRAMES_KEPT:  # an echo that never came (the layer lost it)
                self.own_sent.popitem(last=False)

    async def _resume(self, after: int) -> None:
        frames = await in_db_thread(self._frames_after)(after)
        for frame in frames:
            await self.send_json(frame)

    async def _typing(self) -> None:
        now = time.monotonic()
        if now - self.last_typing < TYPING_MIN_INTERVAL:
            return
        self.last_typing = now
        await self.channel_layer.group_send(
            self.group, {"type": "chat.typing", "sender": self.channel_name, "is_staff": self.viewer_is_staff}
        )

    async def _state_sync(self) -> None:  # not `_sync`: channels reads that name as "is a sync consumer"
        """The chat's state beside the messages, asked for by the client after each (re)connect: both read
        marks and, for a citizen waiting for a person, the queue place (kept up to date from then on)."""
        if not self.is_chat:
            return
        marks = await in_db_thread(read_marks)(ticket_id=self.ticket_id)
        self.read_up_to = max(self.read_up_to, marks[self.side])
        for side, message_id in marks.items():
            await self.send_json({"type": "read", "side": side, "message_id": message_id})
        if not self.viewer_is_staff:
            self.queue_followed = True
            self.queue_shown = None  # the answer to a sync is always sent
            await self._queue_refresh()

    async def _read(self, message_id) -> None:
        if not isinstance(message_id, int) or isinstance(message_id, bool) or message_id < 0:
            await self.send_error(_("Неверный запрос: message_id должен быть номером сообщения (целое число ≥ 0)."))
            return
        if not self.is_chat or message_id <= self.read_up_to:
            return  # receipts only move forward; a repeat costs no query
        self.read_up_to = message_id
        await in_db_thread(chat_read_mark)(ticket_id=self.ticket_id, side=self.side, message_id=message_id)

    async def _queue_refresh(self) -> None:
        """Tell a citizen waiting for a person their place and the wait; follow the queue only while waiting."""
        frame = await in_db_thread(self._queue_frame)()
        waiting = frame["position"] is not None
        if waiting and not self.in_queue_group:
            await self.channel_layer.group_add(DESK_GROUP, self.channel_name)
            self.in_queue_group = True
        elif not waiting and self.in_queue_group:
            await self.channel_layer.group_discard(DESK_GROUP, self.channel_name)
            self.in_queue_group = False
        if frame != self.queue_shown:  # only changes: a recount that moved nothing stays silent
            self.queue_shown = frame
            await self.send_json(frame)

    def _queue_refresh_soon(self) -> None:
        if not self.queue_followed:
            return
        if self.queue_refresh is None or self.queue_refresh.done():
            self.queue_refresh = asyncio.ensure_future(self._queue_refresh_later())

    async def _queue_refresh_later(self) -> None:
        await asyncio.sleep(QUEUE_REFRESH_DELAY)
        await self._queue_refresh()

    # --- channel-layer events (sent by tickets.services after commit) ---

    async def ticket_message(self, event: dict) -> None:
        if event.get("internal") and not self.viewer_is_staff:
            return  # internal notes never leave the back-office
        if self.own_sent:
            try:
                del self.own_sent[event["message_id"]]  # this socket wrote it and has sent it already
                return
            except KeyError:
                pass
        frame = None
        if "message" in event and not self._offers_quick_replies(event["author_kind"]):
            # the update carries the saved message (no files): rendered here, without a database call
            message = TicketMessage.from_live_copy(event["message"], ticket_id=self.ticket_id)
            frame = self._render(message_without_attachments(message))
        if frame is None:
            frame = await in_db_thread(self._frame_for)(event["message_id"])
        if frame is not None:
            await self.send_json(frame)

    async def ticket_event(self, event: dict) -> None:
        if self.viewer_is_staff and event.get("kind") in ACCESS_CHANGING_EVENTS and not await self._access_kept():
            return
        status = event.get("status")
        # Every journal row is broadcast; the client hears only real status changes.
        if status and status != self.last_status:
            await self._send_status(status)
        if self.in_queue_group or event.get("kind") in ("assigned", "unassigned", "routed", "queued", "transferred",
                                                         "handed_over", "status_changed", "priority_changed"):
            self._queue_refresh_soon()

    async def queue_changed(self, event: dict) -> None:
        self._queue_refresh_soon()  # heard only while this citizen waits in the queue

    async def chat_read(self, event: dict) -> None:
        await self.send_json({"type": "read", "side": event["side"], "message_id": event["message_id"]})

    async def chat_language(self, event: dict) -> None:
        if not self.viewer_is_staff:
            self.language = _language_or_default(event.get("language"))  # the citizen's screen follows
        await self.send_json({"type": "language", "language": event.get("language")})

    async def chat_typing(self, event: dict) -> None:
        if event.get("sender") == self.channel_name or event.get("is_staff") == self.viewer_is_staff:
            return
        author_kind = TicketMessage.AuthorKind.AGENT if event.get("is_staff") else TicketMessage.AuthorKind.CITIZEN
        await self.send_json({"type": "typing", "author_kind": author_kind})

    async def _access_kept(self) -> bool:
        """After a handover, check again who may follow the request (SEC3): a staff member who lost it is told
        and disconnected (4403); one who still sees it but no longer holds it is told it left them."""
        holder = await in_db_thread(self._holder_if_visible)()
        still_holds = holder is not None and holder[0] == self.scope["user"].pk
        if holder is None or (self.holds and not still_holds):
            with translation.override(self.language):
                if holder is None:
                    text = (_("Чат передан другому сотруднику: у вас больше нет к нему доступа.") if self.is_chat
                            else _("Обращение передано другому сотруднику: у вас больше нет к нему доступа."))
                else:
                    text = (_("Чат больше не у вас: его ведёт другой сотрудник или он ждёт в очереди. "
                              "Переписку можно читать.") if self.is_chat
                            else _("Обращение больше не у вас: его ведёт другой сотрудник или оно ждёт в очереди."))
            await self.send_json({"type": "left", "message": text})
        self.holds = still_holds
        if holder is not None:
            return True
        await self._leave_groups()
        await self.close(code=CLOSE_FORBIDDEN)
        self.gone = True
        return False

    # --- database side (run in a worker thread) ---

    def _holder_if_visible(self) -> tuple[int | None] | None:
        """(assignee id,) while this staff member may still see the request, else None: one query (the
        member's queue scope was read at connect and is kept on the scope's user)."""
        return (
            tickets_visible_to_staff(self.scope["user"])
            .filter(pk=self.ticket_id)
            .order_by()
            .values_list("assignee_id")
            .first()
        )

    def _authorize(self) -> Viewer:
        return viewer_for_socket(
            user=self.scope.get("user") or AnonymousUser(), session=self.scope.get("session"), ticket_id=self.ticket_id
        )

    def _post(self, body: str, client_message_id: str, internal: bool) -> tuple[int, bool, dict | None]:
        viewer = self._authorize()  # access is checked again for every write, not only at connect
        message, created = chat_message_send(
            ticket=viewer.ticket,
            author=self.scope.get("user"),
            as_staff=viewer.is_staff,
            body=body,
            client_message_id=client_message_id,
            internal=internal,
        )
        if not created:
            return message.pk, False, None
        # The saved message is at hand here, so the writer's frame is rendered now instead of read back by one
        # more database call (a connection and two queries per message). A socket's messages carry no files.
        return message.pk, True, self._render(message_without_attachments(message))

    def _offers_quick_replies(self, author_kind: str) -> bool:
        """The citizen's chat shows the assistant's quick replies under its message (read from the database)."""
        return self.is_chat and not self.viewer_is_staff and author_kind == TicketMessage.AuthorKind.ASSISTANT

    def _render(self, message: TicketMessage) -> dict:
        actions = []
        if self._offers_quick_replies(message.author_kind):
            offered_with, offered = quick_replies_for(ticket_id=self.ticket_id)
            actions = offered if offered_with == message.pk else []
        template = "chat/_message.html" if self.is_chat else "tickets/_message.html"
        with translation.override(self.language):
            html = render_to_string(
                template,
                {
                    "message": message,
                    "viewer_is_staff": self.viewer_is_staff,
                    "ticket_number": self.ticket_number,
                    "quick_replies": actions,
                },
            )
        frame = {
            "type": "message",
            "message_id": message.pk,
            "client_message_id": message.client_message_id,
            "author_kind": message.author_kind,
            "html": html,
        }
        if actions:
            frame["actions"] = actions
        return frame

    def _queue_frame(self) -> dict:
        ticket = Ticket.objects.select_related("topic").filter(pk=self.ticket_id).first()
        place = queue_place(ticket) if ticket is not None else None
        if place is None:
            return {"type": "queue", "position": None, "wait_seconds": None, "text": ""}
        with translation.override(self.language):
            text = queue_text(place.position, place.wait_seconds)
        return {"type": "queue", "position": place.position, "wait_seconds": place.wait_seconds, "text": text}

    def _frame_for(self, message_id: int) -> dict | None:
        message = message_for_viewer(
            ticket_id=self.ticket_id, message_id=message_id, include_internal=self.viewer_is_staff
        )
        return self._render(message) if message is not None else None

    def _frames_after(self, after: int) -> list[dict]:
        frames = [
            self._render(message)
            for message in messages_after(ticket_id=self.ticket_id, after=after, include_internal=self.viewer_is_staff)
        ]
        # Ids follow commit order within a ticket (messages_after): nothing at or below up_to can come later.
        frames.append({"type": "resumed", "up_to": max((frame["message_id"] for frame in frames), default=after)})
        # A client coming back may show a stale status: the current one follows the missed messages.
        status = Ticket.objects.filter(pk=self.ticket_id).values_list("status", flat=True).first()
        if status is not None:
            self.last_status = status
            frames.append(self._status_frame(status))
        return frames

    def _status_frame(self, status: str) -> dict:
        with translation.override(self.language):
            try:
                label = str(Ticket.Status(status).label)
            except ValueError:
                label = status
        return {"type": "status", "status": status, "label": label}

    async def _send_status(self, status: str) -> None:
        self.last_status = status
        await self.send_json(self._status_frame(status))


class DeskConsumer(_Consumer):
    """The operators' queue page: verified staff hear that the queue changed and refresh it.

    Supervisors also join SUPERVISOR_GROUP and receive the SLA sweep's alerts as {"type": "sla.alert", ...}.
    Every agent also joins their own agent_group and hears {"type": "ticket.assigned", "ticket_id", "number",
    "priority"} when routing gives them a request.
    An operator's open desk socket is their presence at the desk (accounts.presence): it writes a sign of life
    when it connects and every DESK_PRESENCE_HEARTBEAT seconds; a desk silent for longer is marked «отошёл».
    """

    async def connect(self) -> None:
        self.joined = False
        self.groups_joined: list[str] = []
        self.heartbeat: DeskHeartbeat | None = None
        if not await database_sync_to_async(self._is_verified_staff)():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        heartbeat = DeskHeartbeat(touch=in_db_thread(self._presence_touch))
        if await heartbeat.start():  # an operator (supervisors have no line status)
            self.heartbeat = heartbeat
            await in_db_thread(self._presence_session_mark)()
        groups = [DESK_GROUP]
        if await database_sync_to_async(self._is_supervisor)():
            groups.append(SUPERVISOR_GROUP)
        groups.append(agent_group(self.scope["user"].pk))  # routing tells the operator what it gave them
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups
        self.joined = True
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.heartbeat is not None:
            # nothing is written: other tabs or processes may still hold a desk socket; the sweep decides
            await self.heartbeat.stop()
            self.heartbeat = None
        if self.joined:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
            self.joined = False

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs) -> None:
        await self.send_error(_("Этот канал только для уведомлений: сообщения в него не принимаются."))

    async def queue_changed(self, event: dict) -> None:
        await self.send_json({"type": "queue.changed", "ticket_id": event["ticket_id"]})

    async def ticket_assigned(self, event: dict) -> None:
        # sent by tickets.routing to this operator's own group only
        await self.send_json(
            {"type": "ticket.assigned", "ticket_id": event["ticket_id"], "number": event["number"],
             "priority": event["priority"]}
        )

    async def sla_alert(self, event: dict) -> None:
        await self.send_json(event)  # already the frame: built by tickets.sla from ids, numbers and names

    async def call_screen_pop(self, event: dict) -> None:
        await self.send_json(event)  # to this operator's own group only: built by telephony.services

    def _presence_touch(self) -> bool:
        return operator_presence_touch(user_id=self.scope["user"].pk)

    def _presence_session_mark(self) -> None:
        # this browser runs the scripted desk: its desk page views count as signs of life from now on
        session = self.scope.get("session")
        if session is not None:
            session[PRESENCE_SESSION_KEY] = time.time()
            session.save()

    def _is_supervisor(self) -> bool:
        user = self.scope.get("user") or AnonymousUser()
        return bool(user.is_superuser or user.has_perm("tickets.view_all_tickets"))

    def _is_verified_staff(self) -> bool:
        user = self.scope.get("user") or AnonymousUser()
        return bool(
            user.is_authenticated
            and user.is_desk_staff
            and staff_session_verified(user=user, session=self.scope.get("session"))
        )
