"""Chat test helpers: sockets through the real routing with the scope AuthMiddlewareStack would build."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import OperatorProfile
from chat.routing import websocket_urlpatterns
from tickets.models import Channel
from tickets.services import ticket_intake

TIMEOUT = 10  # seconds; generous, the test machine is small and shared


def verified_session(user) -> SessionStore:
    """A session that passed the TOTP step, as accounts' two-factor view leaves it."""
    session = SessionStore()
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    return session


async def averified_session(user) -> SessionStore:
    return await database_sync_to_async(verified_session)(user)


def on_the_line(*users, capacity: int | None = None) -> None:
    """Put operators on the line: taking or answering a chat needs it (tickets.routing.assignment_check)."""
    changes = {"status": OperatorProfile.Status.ONLINE}
    if capacity is not None:
        changes["max_concurrent_chats"] = capacity
    OperatorProfile.objects.filter(user__in=users).update(**changes)


def visitor_session(*ticket_ids: int) -> SessionStore:
    session = SessionStore()
    session["chat_ticket_ids"] = list(ticket_ids)
    return session


def ticket_socket(ticket_id: int, *, user=None, session=None, query: str = "") -> WebsocketCommunicator:
    path = f"/ws/tickets/{ticket_id}/" + (f"?{query}" if query else "")
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    communicator.scope["user"] = user or AnonymousUser()
    communicator.scope["session"] = session if session is not None else SessionStore()
    return communicator


def desk_socket(*, user=None, session=None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/desk/")
    communicator.scope["user"] = user or AnonymousUser()
    communicator.scope["session"] = session if session is not None else SessionStore()
    return communicator


async def next_frame(socket: WebsocketCommunicator, frame_type: str, timeout: float = TIMEOUT) -> dict:
    """The next frame of this type; frames of other types (status, typing) in between are skipped."""
    while True:
        frame = await socket.receive_json_from(timeout=timeout)
        if frame["type"] == frame_type:
            return frame


async def frames_until(socket: WebsocketCommunicator, predicate, timeout: float = TIMEOUT) -> list[dict]:
    """All frames up to and including the first one the predicate accepts."""
    frames = []
    while not frames or not predicate(frames[-1]):
        frames.append(await socket.receive_json_from(timeout=timeout))
    return frames


def is_status(frame: dict) -> bool:
    return frame["type"] == "status"


@pytest.fixture
def chat_ticket(citizen):
    """A chat the citizen opened from the portal, not yet taken by anyone (in every L1 queue)."""
    return ticket_intake(channel=Channel.CHAT, citizen=citizen, subject="", body="Не приходит код подтверждения")


# --- a real server: the project's ASGI app under uvicorn in a child process ---


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def child_database_url() -> str:
    """The test database (not the development one) as DATABASE_URL for a child process."""
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host  # a unix socket folder (embedded server)
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


class AsgiServer:
    """uvicorn serving supportdesk.asgi on 127.0.0.1; can be stopped and started again on the same port.

    It works on the test's database (transactional tests commit, so the child sees the rows) and
    keeps its own in-memory channel layer, which serves every socket it holds.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.env = {**os.environ, "DATABASE_URL": child_database_url()}
        self.env.pop("REDIS_URL", None)
        # these tests are about the live transport between citizen and operator: chats go straight to people
        self.env["SUPPORTDESK_CHAT_ASSISTANT_FIRST"] = "false"
        self.process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list, our own interpreter
            [
                sys.executable,
                "-m",
                "uvicorn",
                "supportdesk.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ],
            cwd=Path(settings.BASE_DIR),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"uvicorn exited early:\n{self.process.stdout.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("uvicorn did not start listening within 60 s")
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@pytest.fixture
def asgi_server(transactional_db):
    server = AsgiServer()
    server.start()
    yield server
    server.stop()
