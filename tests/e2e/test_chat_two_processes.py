"""One chat across two ASGI processes sharing one Redis, in a real browser, and a process dying under it.

The citizen's page goes through a balancer to process A, the operator's page talks to process B; messages
flow both ways through Redis (the production pub/sub layer). Then A is killed: while it is down the operator
writes and the citizen writes too; the balancer switches to B, the page reconnects there by itself, and it
shows every message exactly once — the one sent during the outage included, saved once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

import pytest
import redis
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import IN_CI, TOTP_KEY
from tests.e2e.chat_helpers import (
    TIMEOUT_MS,
    Balancer,
    off_the_loop,
    on_the_line,
    pending_count,
    shown_messages,
    sign_in_staff,
)
from tests.e2e.conftest import OPERATOR_PASSWORD
from tests.e2e.servers import PROJECT_DIR, child_environment, free_port, port_is_open, stop_process_group, wait_until
from tests.e2e.test_accessibility import violations
from tickets.models import Ticket, TicketMessage, Topic
from tickets.services import ticket_take


@pytest.fixture(scope="module")
def shared_redis() -> str:
    """The machine's Redis (REDIS_URL). In CI a missing or dead Redis is a failure, never a skip."""
    url = os.environ.get("REDIS_URL", "")
    problem = "REDIS_URL is not set" if not url else ""
    if url:
        try:
            redis.Redis.from_url(url, socket_timeout=3).ping()
        except redis.RedisError as error:
            problem = f"Redis at {url} does not answer: {error}"
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true but {problem}: this test needs the machine's Redis")
        pytest.skip(f"needs Redis ({problem}): set REDIS_URL=redis://127.0.0.1:6379/0")
    return url


@contextlib.contextmanager
def asgi_process(*, env: dict[str, str], port: int, log_path):
    """uvicorn serving the project; yields the process so that a test can kill it."""
    argv = [sys.executable, "-m", "uvicorn", "supportdesk.asgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            argv, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, process_group=0)
    try:
        wait_until(lambda: port_is_open(port), timeout=90, process=process, what=f"uvicorn on {port}")
        yield process
    finally:
        stop_process_group(process)


@pytest.fixture(scope="module")
def two_processes(e2e_database, shared_redis, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-processes")
    # Chats go straight to people (this is about the transport); no worker runs, so tasks stay in memory
    # instead of piling up in the shared Redis; files are accepted without a clamd on the machine.
    env = child_environment(database_url=e2e_database, var_dir=folder / "var", DJANGO_DEBUG="false",
                            REDIS_URL=shared_redis, CELERY_BROKER_URL="memory://",
                            SUPPORTDESK_CHAT_ASSISTANT_FIRST="false", SUPPORTDESK_ATTACHMENT_SCAN_REQUIRED="false")
    ports = free_port(), free_port()
    with asgi_process(env=env, port=ports[0], log_path=folder / "a.log") as process_a, \
            asgi_process(env=env, port=ports[1], log_path=folder / "b.log") as process_b:
        balancer = Balancer(ports[0])
        balancer.start()
        try:
            yield {"a": process_a, "a_port": ports[0], "b": process_b, "b_port": ports[1], "balancer": balancer,
                   "logs": folder}
        finally:
            balancer.stop()


@pytest.fixture(scope="module")
def relay_operator(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        user = staff_create(email="e2e.relay@support.example", password=OPERATOR_PASSWORD, role=Role.OPERATOR,
                            first_name="Роза", last_name="Релеева", totp_key=TOTP_KEY,
                            skills=list(Topic.objects.filter(parent__isnull=True)))
        on_the_line(user)
        return user


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=TIMEOUT_MS)


def send(page_or_pane, field_label: str, text: str) -> None:
    page_or_pane.get_by_label(field_label).fill(text)
    page_or_pane.get_by_label(field_label).press("Control+Enter")


def test_a_chat_survives_the_death_of_the_citizens_process(two_processes, relay_operator, new_context, db_access):
    balancer, b_url = two_processes["balancer"], f"http://127.0.0.1:{two_processes['b_port']}"
    citizen = new_context().new_page()
    citizen.set_default_timeout(TIMEOUT_MS)
    citizen.goto(balancer.url + reverse("chat:start"))
    citizen.get_by_label("Опишите вопрос").fill("Не приходит код подтверждения, два процесса")
    citizen.get_by_role("button", name="Начать чат").click()
    conversation = citizen.locator("section[data-chat]")
    expect(conversation).to_have_attribute("data-live-connection", "open")
    ticket = Ticket.objects.get(messages__body="Не приходит код подтверждения, два процесса")
    off_the_loop(ticket_take, ticket=ticket, agent=relay_operator)

    operator_context = new_context()
    sign_in_staff(operator_context, relay_operator, b_url)
    operator = operator_context.new_page()
    operator.set_default_timeout(TIMEOUT_MS)
    operator.goto(b_url + reverse("desk_chats:index"))
    pane = operator.locator(f"#chat-{ticket.pk}")
    expect(pane).to_have_attribute("data-live-connection", "open")

    # both ways through Redis: A → B and B → A
    send(citizen, "Ваше сообщение", "Первое сообщение через процесс A")
    expect(pane.locator("[data-conversation]")).to_contain_text("Первое сообщение через процесс A")
    send(pane, "Ответ", "Ответ оператора через процесс B")
    expect(citizen.locator("#conversation")).to_contain_text("Ответ оператора через процесс B")

    # A dies; the page notices and keeps what the citizen writes meanwhile
    os.killpg(two_processes["a"].pid, signal.SIGKILL)
    two_processes["a"].wait(timeout=10)
    expect(conversation).to_have_attribute("data-live-connection", "reconnecting")
    send(pane, "Ответ", "Пока процесс A лежит: ответ оператора")
    expect(pane.locator("[data-conversation]")).to_contain_text("Пока процесс A лежит")
    send(citizen, "Ваше сообщение", "Сообщение, написанное во время обрыва")
    expect(citizen.locator("li[data-pending]")).to_contain_text("Ждёт связи")
    assert citizen.url.startswith(balancer.url + reverse("chat:start"))  # no form post to a dead server
    assert violations(citizen) == []

    # the balancer sends new connections to B: the page reconnects by itself and catches up
    balancer.switch(two_processes["b_port"])
    expect(conversation).to_have_attribute("data-live-connection", "open")
    expect(pane.locator("[data-conversation]")).to_contain_text("Сообщение, написанное во время обрыва")
    expect(citizen.locator("#conversation")).to_contain_text("Пока процесс A лежит: ответ оператора")
    expect(citizen.locator("#conversation")).to_contain_text("Сообщение, написанное во время обрыва")
    expect(citizen.locator("li[data-pending]")).to_have_count(0)

    public = list(
        TicketMessage.objects.filter(ticket=ticket, is_internal=False).order_by("pk").values_list("pk", "body"))
    shown = shown_messages(citizen)
    assert [pk for pk, _text in shown] == [pk for pk, _body in public]  # every message once, in order
    for _pk, body in public:
        assert sum(body in text for _id, text in shown) == 1, body
    assert [body for _pk, body in public].count("Сообщение, написанное во время обрыва") == 1
    assert [pk for pk, _text in shown_messages(operator, f"#chat-{ticket.pk}")] == [pk for pk, _body in public]
    assert pending_count(citizen) == 0
