"""The live chat's features in a real browser: a pasted screenshot, the language switch, a transfer reaching the
colleague's desk live, the citizen's transcript, and a frame lost on the way filled in without a reload."""

from __future__ import annotations

import base64
import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, WebSocketRoute, expect

from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY
from tests.e2e.chat_helpers import TIMEOUT_MS, off_the_loop, on_the_line, png, shown_messages, sign_in_staff
from tests.e2e.conftest import OPERATOR_PASSWORD
from tests.e2e.test_accessibility import violations
from tickets.models import Attachment, Ticket, TicketMessage, Topic
from tickets.services import ticket_take


@pytest.fixture(scope="module")
def desk_people(e2e_database, django_db_blocker):
    """Two operators of this module's own, on the line, covering every topic."""
    with django_db_blocker.unblock():
        people = {
            key: staff_create(email=f"e2e.{key}@support.example", password=OPERATOR_PASSWORD, role=Role.OPERATOR,
                              first_name=first, last_name=last, totp_key=TOTP_KEY,
                              skills=list(Topic.objects.filter(parent__isnull=True)))
            for key, first, last in (("holder", "Ольга", "Первая"), ("colleague", "Вера", "Вторая"))
        }
        on_the_line(*people.values())
        return people


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=TIMEOUT_MS)


def citizen_chat(new_context, question: str) -> tuple[Page, Ticket]:
    """A visitor's chat, handed by the assistant to people (no worker routes it: a test takes it)."""
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("chat:start"))
    page.get_by_label("Опишите вопрос").fill(question)
    page.get_by_role("button", name="Начать чат").click()
    expect(page.locator("section[data-chat]")).to_have_attribute("data-live-connection", "open")
    return page, Ticket.objects.get(messages__body=question)


def desk(new_context, user, base_url: str, *, context=None) -> Page:
    if context is None:
        context = new_context()
        sign_in_staff(context, user, base_url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("desk_chats:index"))
    return page


def taken(ticket: Ticket, user) -> Ticket:
    return off_the_loop(ticket_take, ticket=ticket, agent=user)


def paste_image(page: Page, field_label: str, data: bytes) -> None:
    """What Ctrl+V of a screenshot does: a paste event whose clipboard holds an image file."""
    page.get_by_label(field_label).evaluate(
        """(field, b64) => {
             const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
             const clipboard = new DataTransfer();
             clipboard.items.add(new File([bytes], "image.png", { type: "image/png" }));
             field.dispatchEvent(new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true,
                                                               cancelable: true }));
           }""",
        base64.b64encode(data).decode(),
    )


def test_a_pasted_screenshot_reaches_the_operator_once_though_the_first_answer_was_lost(
    desk_people, new_context, base_url, db_access
):
    citizen, ticket = citizen_chat(new_context, "Ошибка на странице оплаты, позовите оператора")
    taken(ticket, desk_people["holder"])
    operator = desk(new_context, desk_people["holder"], base_url)
    pane = operator.locator(f"#chat-{ticket.pk}")
    expect(pane).to_have_attribute("data-live-connection", "open")

    # the first upload is saved but its answer never reaches the page, and the page's socket is down
    citizen.evaluate("""() => { const chat = document.querySelector("section[data-chat]").chatClient;
                                chat.stopped = true; chat.socket.close(); }""")
    posted: list[bytes] = []

    def first_answer_lost(route):
        posted.append(route.request.post_data_buffer)
        if len(posted) == 1:
            route.fetch()  # it reaches the server and is saved…
            route.abort("connectionreset")  # …and the answer is lost
        else:
            route.continue_()

    citizen.route(re.compile(r"/chat/\d+/attachments/$"), first_answer_lost)
    citizen.get_by_label("Ваше сообщение").fill("Вот снимок экрана")
    paste_image(citizen, "Ваше сообщение", png("red"))
    expect(citizen.locator("[data-file-list]")).to_contain_text("Снимок экрана")
    assert violations(citizen) == []
    citizen.get_by_role("button", name="Отправить").click()
    expect(citizen.locator("[data-live-error]")).to_contain_text("Нет соединения: файлы не отправлены")
    citizen.get_by_role("button", name="Отправить").click()  # the citizen tries again
    expect(citizen.locator("[data-file-list]")).to_be_hidden()
    citizen.evaluate("""() => { const chat = document.querySelector("section[data-chat]").chatClient;
                                chat.stopped = false; chat.reconnectNow(); }""")

    expect(citizen.locator("#conversation li[data-message-id]").filter(has_text="Снимок экрана")).to_have_count(1)
    expect(pane.locator("[data-conversation] li[data-message-id]").filter(has_text="Снимок экрана")).to_have_count(1)
    ids = {re.search(rb'name="client_message_id"\r\n\r\n([0-9a-f-]{36})', body).group(1) for body in posted}
    assert len(posted) == 2 and len(ids) == 1  # the retry kept the first attempt's id
    assert Attachment.objects.filter(ticket=ticket).count() == 1
    assert TicketMessage.objects.filter(ticket=ticket, body="Вот снимок экрана").count() == 1


def test_the_citizen_switches_the_chat_to_english_and_the_operator_sees_it_live(
    desk_people, new_context, base_url, db_access
):
    citizen, ticket = citizen_chat(new_context, "Не могу войти в личный кабинет, нужен оператор")
    taken(ticket, desk_people["holder"])
    operator = desk(new_context, desk_people["holder"], base_url)
    pane = operator.locator(f"#chat-{ticket.pk}")
    expect(pane).to_have_attribute("data-live-connection", "open")

    citizen.get_by_label("Язык чата").select_option("en")
    citizen.get_by_role("button", name="Сменить язык").click()

    expect(citizen.locator("html")).to_have_attribute("lang", "en")
    expect(citizen.locator("#conversation")).to_contain_text("English")
    expect(citizen.locator("section[data-chat]")).to_have_attribute("data-live-connection", "open")
    expect(pane.locator("[data-chat-language]")).to_have_text("EN")
    expect(pane.locator("[data-conversation]")).to_contain_text("English")
    assert Ticket.objects.get(pk=ticket.pk).language == "en"
    assert violations(citizen) == []


def test_a_transfer_reaches_the_colleagues_desk_live_and_leaves_the_first_operators(
    desk_people, new_context, base_url, db_access
):
    holder, colleague = desk_people["holder"], desk_people["colleague"]
    citizen, moving = citizen_chat(new_context, "Не приходит СМС с кодом, оператор нужен")
    taken(moving, holder)
    _other_citizen, staying = citizen_chat(new_context, "Не подтверждается адрес почты, позовите оператора")
    taken(staying, colleague)
    colleague_desk = desk(new_context, colleague, base_url)
    expect(colleague_desk.locator(f"#chat-{staying.pk}")).to_have_attribute("data-live-connection", "open")
    holder_context = new_context()
    sign_in_staff(holder_context, holder, base_url)
    holder_desk = desk(new_context, holder, base_url, context=holder_context)
    second_tab = desk(new_context, holder, base_url, context=holder_context)
    expect(second_tab.locator(f"#chat-{moving.pk}")).to_have_attribute("data-live-connection", "open")

    pane = holder_desk.locator(f"#chat-{moving.pk}")
    pane.get_by_text("Передать чат").click()
    pane.get_by_label("Кому").select_option(f"agent:{colleague.pk}")
    pane.get_by_label("Причина").fill("Конец смены")
    pane.get_by_role("button", name="Передать").click()
    expect(holder_desk.get_by_role("status").filter(has_text="передан сотруднику")).to_be_visible()

    # the colleague's desk adds the chat at once, the first operator's other tab says it left them
    arrived = colleague_desk.locator(f"#chat-{moving.pk}")
    expect(arrived).to_have_attribute("data-live-connection", "open")
    expect(colleague_desk.locator("[data-desk-announce]")).to_contain_text(f"Вам передан чат {moving.number}")
    expect(arrived.locator("[data-conversation]")).to_contain_text("Не приходит СМС с кодом")
    expect(colleague_desk.locator("[data-desk-load]")).to_contain_text("Открытых обращений: 2 из")
    left = second_tab.locator(f"#chat-{moving.pk}")
    expect(left.locator("[data-chat-left-notice]")).to_contain_text("Чат передан другому сотруднику")
    expect(left.get_by_label("Ответ")).to_be_disabled()
    assert violations(colleague_desk) == []
    assert violations(second_tab) == []

    # several chats at once, each answered from the keyboard alone
    arrived.get_by_label("Ответ").focus()
    colleague_desk.keyboard.type("Здравствуйте, чат теперь у меня")
    colleague_desk.keyboard.press("Control+Enter")
    expect(citizen.locator("#conversation")).to_contain_text("Здравствуйте, чат теперь у меня")
    expect(citizen.locator("#conversation")).to_contain_text("Чат передан другому специалисту")
    colleague_desk.locator(f"#chat-{staying.pk}").get_by_label("Ответ").focus()
    colleague_desk.keyboard.type("И по вашему вопросу отвечу")
    colleague_desk.keyboard.press("Control+Enter")
    expect(colleague_desk.locator(f"#chat-{staying.pk} [data-conversation]")).to_contain_text("отвечу")
    assert Ticket.objects.get(pk=moving.pk).assignee == colleague


def test_the_citizen_downloads_the_transcript(new_context, base_url, db_access, tmp_path):
    citizen, ticket = citizen_chat(new_context, "Как восстановить пароль от портала?")
    expect(citizen.locator("#conversation li.from-assistant")).to_have_count(1)  # the assistant has answered

    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="текстом (TXT)").click()
    text = (download_info.value.path()).read_text(encoding="utf-8")
    with citizen.expect_download() as html_info:
        citizen.get_by_role("link", name="веб-страницей (HTML)").click()
    page = html_info.value.path().read_text(encoding="utf-8")

    assert download_info.value.suggested_filename == f"chat-{ticket.number}.txt"
    assert text.startswith(f"Переписка по обращению {ticket.number}")
    assert "Вы:\n  Как восстановить пароль от портала?" in text
    assert "Помощник:" in text
    assert html_info.value.suggested_filename == f"chat-{ticket.number}.html"
    assert "Как восстановить пароль от портала?" in page


def test_a_frame_lost_on_the_way_is_filled_in_without_a_reload(desk_people, new_context, base_url, db_access):
    lost: list[str] = []

    def losing_one_frame_of_each(route: WebSocketRoute) -> None:
        server = route.connect_to_server()

        def to_page(message) -> None:
            frame = json.loads(message) if isinstance(message, str) else {}
            for marker in ("ПОТЕРЯННЫЙ ответ", "СВОЁ потерянное"):
                if frame.get("type") == "message" and marker in frame.get("html", "") and marker not in lost:
                    lost.append(marker)  # the channel layer lost it: the page never hears of it live
                    return
            route.send(message)

        server.on_message(to_page)
        route.on_message(server.send)

    context = new_context()
    citizen = context.new_page()
    citizen.set_default_timeout(TIMEOUT_MS)
    citizen.route_web_socket(re.compile(r"/ws/tickets/\d+/$"), losing_one_frame_of_each)
    citizen.goto(reverse("chat:start"))
    citizen.get_by_label("Опишите вопрос").fill("Не загружается заявление, нужен оператор")
    citizen.get_by_role("button", name="Начать чат").click()
    expect(citizen.locator("section[data-chat]")).to_have_attribute("data-live-connection", "open")
    ticket = Ticket.objects.get(messages__body="Не загружается заявление, нужен оператор")
    taken(ticket, desk_people["holder"])
    operator = desk(new_context, desk_people["holder"], base_url)
    pane = operator.locator(f"#chat-{ticket.pk}")
    expect(pane).to_have_attribute("data-live-connection", "open")

    # a frame from the other side lost, the next one arrives: the gap is closed when the page asks
    pane.get_by_label("Ответ").fill("ПОТЕРЯННЫЙ ответ оператора")
    pane.get_by_label("Ответ").press("Control+Enter")
    pane.get_by_label("Ответ").fill("Следующий ответ оператора")
    pane.get_by_label("Ответ").press("Control+Enter")
    expect(citizen.locator("#conversation")).to_contain_text("Следующий ответ оператора")
    assert lost == ["ПОТЕРЯННЫЙ ответ"]
    citizen.evaluate("() => window.dispatchEvent(new Event('online'))")  # as when the network comes back
    expect(citizen.locator("#conversation li").filter(has_text="ПОТЕРЯННЫЙ ответ")).to_have_count(1)

    # the citizen's own frame lost after its ack: a second later the page fetches it
    citizen.get_by_label("Ваше сообщение").fill("СВОЁ потерянное сообщение")
    citizen.get_by_label("Ваше сообщение").press("Control+Enter")
    expect(citizen.locator("#conversation li[data-message-id]").filter(has_text="СВОЁ потерянное")).to_have_count(1)
    assert lost == ["ПОТЕРЯННЫЙ ответ", "СВОЁ потерянное"]

    shown = shown_messages(citizen)
    public = list(TicketMessage.objects.filter(ticket=ticket, is_internal=False).order_by("pk").values_list("pk",
                                                                                                           flat=True))
    assert [pk for pk, _text in shown] == public  # every message once, in order
