"""What the live-chat browser tests share: signed-in staff without the sign-in form, services called off
Playwright's loop, a TCP balancer in front of ASGI processes, and the conversation as the page shows it."""

from __future__ import annotations

import asyncio
import contextlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection
from django.test import Client
from PIL import Image
from playwright.sync_api import BrowserContext, Page

from accounts.models import OperatorProfile
from tests.conftest import verified_login
from tests.e2e.servers import free_port

TIMEOUT_MS = 15_000  # a loaded 2-core machine; every expectation is bounded by this


def off_the_loop(service, **kwargs):
    """A service that broadcasts (async_to_sync) cannot run in sync Playwright's event-loop thread."""

    def call():
        try:
            return service(**kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def sign_in_staff(context: BrowserContext, user, base_url: str) -> None:
    """A staff session already past its TOTP step (the sign-in form has its own browser tests), as a cookie."""
    client = Client()
    verified_login(client, user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base_url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def on_the_line(*users, capacity: int = 5) -> None:
    OperatorProfile.objects.filter(user__in=users).update(
        status=OperatorProfile.Status.ONLINE, max_concurrent_chats=capacity)


def png(colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 20), colour).save(out, format="PNG")
    return out.getvalue()


def shown_messages(page: Page, scope: str = "#conversation") -> list[tuple[int, str]]:
    """(id, text) of every message on the page, in page order; sending bubbles are not messages."""
    return page.evaluate(
        """(scope) => Array.from(document.querySelectorAll(scope + ' li[data-message-id]')).map(
             (li) => [parseInt(li.getAttribute('data-message-id'), 10), li.innerText])""",
        scope,
    )


def pending_count(page: Page, scope: str = "#conversation") -> int:
    return page.evaluate("(scope) => document.querySelectorAll(scope + ' li[data-pending]').length", scope)


class Balancer:
    """A TCP balancer in front of ASGI processes: every new connection goes to the current backend.

    switch() is what a load balancer does when a process dies: connections that come later (the page's
    reconnects, its next requests) reach the other process; the browser keeps the same address.
    """

    def __init__(self, backend_port: int) -> None:
        self.backend_port = backend_port
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._server = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="balancer", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)

    def switch(self, backend_port: int) -> None:
        self.backend_port = backend_port

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", self.port)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.backend_port)
        except OSError:  # the backend is down: the browser sees a refused connection, as behind nginx
            writer.close()
            return
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
