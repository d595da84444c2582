"""The request page's status control by keyboard alone, in Chromium, with axe (audit B, point 6).

With scripts: Alt+Shift and a status's digit chooses it and moves focus there (announced by
aria-keyshortcuts and the hint), Enter applies it. Without scripts: Tab into the radio group, arrows or
Space to choose, Tab to «Изменить статус», Enter. Only the moves the lifecycle allows are offered.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from accounts.models import OperatorProfile
from accounts.roles import Role
from accounts.services import operator_set_status, staff_create
from tests.conftest import TOTP_KEY
from tests.e2e.chat_helpers import off_the_loop
from tests.e2e.conftest import OPERATOR_PASSWORD
from tests.e2e.test_accessibility import violations
from tests.e2e.test_request_answered import TIMEOUT_MS, sign_in
from tickets.models import Channel, Ticket, Topic
from tickets.services import ticket_assign, ticket_intake

S = Ticket.Status


def operator_with_a_request(email: str) -> tuple:
    """An operator of this module's own (a TOTP code is accepted once per device) holding one assigned request.
    Run off_the_loop: intake broadcasts, and with the in-memory layer (no REDIS_URL) that needs a thread
    without Playwright's event loop."""
    operator = staff_create(email=email, password=OPERATOR_PASSWORD, role=Role.OPERATOR, first_name="Вера",
                            last_name="Клавишина", skills=[Topic.objects.get(code="registration")],
                            totp_key=TOTP_KEY)
    operator_set_status(profile=operator.operator_profile, status=OperatorProfile.Status.ONLINE)
    ticket = ticket_intake(channel=Channel.WEB, subject="Не приходит код", body="Помогите, пожалуйста",
                           contact_email="keyboard@example.ru", topic=Topic.objects.get(code="password-recovery"))
    ticket = Ticket.objects.get(pk=ticket.pk)
    if ticket.assignee_id != operator.pk:  # routing after intake may have given it to them already
        ticket_assign(ticket=ticket, assignee=operator, actor=operator)
    return operator, Ticket.objects.get(pk=ticket.pk)


@pytest.fixture(scope="module")
def keyboard_operator(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        return off_the_loop(operator_with_a_request, email="e2e.keyboard@support.example")


@pytest.fixture(scope="module")
def no_script_operator(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        return off_the_loop(operator_with_a_request, email="e2e.noscript@support.example")


def signed_in_page(new_context, operator, *, scripts: bool = True) -> Page:
    page = new_context(java_script_enabled=scripts).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, email=operator.email, password=OPERATOR_PASSWORD)
    page.get_by_label("Код из приложения-аутентификатора").fill(f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page).not_to_have_url(re.compile(re.escape(reverse("accounts:two_factor"))))
    return page


def status_badge(page: Page):
    return page.locator("[data-ticket-status]")


def test_alt_shift_digit_chooses_a_status_and_enter_applies_it(keyboard_operator, new_context, base_url):
    operator, ticket = keyboard_operator
    page = signed_in_page(new_context, operator)
    page.goto(reverse("desk:ticket", args=[ticket.pk]))
    group = page.get_by_role("group", name="Новый статус")
    expect(group).to_be_visible()
    assert violations(page) == []

    # only the lifecycle's moves from «назначено»; each announces its shortcut
    offered = group.get_by_role("radio")
    expect(offered).to_have_count(5)  # triaged, in progress, waiting, resolved, cancelled
    waiting = group.get_by_role("radio", name="ждёт ответа гражданина")
    expect(waiting).to_have_attribute("aria-keyshortcuts", "Alt+Shift+2")
    expect(page.locator("#status-shortcuts-hint")).to_be_visible()
    expect(group.get_by_role("radio", name="назначено")).to_have_count(0)  # the current status is no move

    page.locator("body").press("Alt+Shift+Digit2")
    expect(waiting).to_be_checked()
    expect(waiting).to_be_focused()
    said = page.locator("#status-shortcut-status")  # the polite live region a screen reader announces
    expect(said).to_have_text("Выбран статус «ждёт ответа гражданина». Enter — применить.")
    page.keyboard.press("Enter")

    expect(status_badge(page)).to_have_attribute("data-ticket-status", S.WAITING)
    expect(page.get_by_text("Статус обращения: «ждёт ответа гражданина».")).to_be_visible()
    # from «ждёт ответа гражданина» the moves are others: «в работе» is Alt+Shift+1 on every request
    page.locator("body").press("Alt+Shift+Digit1")
    in_progress = page.get_by_role("radio", name="в работе")
    expect(in_progress).to_be_checked()
    page.keyboard.press("Enter")
    expect(status_badge(page)).to_have_attribute("data-ticket-status", S.IN_PROGRESS)
    assert violations(page) == []


def test_without_scripts_the_radio_group_works_by_tab_arrows_and_the_button(no_script_operator, new_context,
                                                                            base_url, db_access):
    operator, other = no_script_operator
    page = signed_in_page(new_context, operator, scripts=False)
    page.goto(reverse("desk:ticket", args=[other.pk]))
    group = page.get_by_role("group", name="Новый статус")
    expect(page.locator("#status-shortcuts-hint")).to_be_hidden()  # no script: no shortcut is promised

    first = group.get_by_role("radio").first
    first.focus()  # where Tab lands in the group
    page.keyboard.press("ArrowDown")  # «классифицировано» → «в работе»
    in_progress = group.get_by_role("radio", name="в работе")
    expect(in_progress).to_be_checked()
    page.keyboard.press("Tab")  # the reason field
    page.keyboard.type("Начала разбираться")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Изменить статус")).to_be_focused()
    page.keyboard.press("Enter")

    expect(status_badge(page)).to_have_attribute("data-ticket-status", S.IN_PROGRESS)
    assert Ticket.objects.get(pk=other.pk).status == S.IN_PROGRESS
    # (axe runs as a script: it checks this page with scripts on, in the test above)
