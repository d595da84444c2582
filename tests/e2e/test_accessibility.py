"""axe-core (WCAG 2.1 A/AA rules) on the pages citizens and operators use, in Debian's Chromium.

axe finds a third to a half of WCAG problems; keyboard and reflow checks live beside it.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import Page

from accounts.roles import Role
from accounts.services import staff_create
from tests.conftest import TOTP_KEY
from tests.e2e.conftest import CITIZEN_PASSWORD, OPERATOR_PASSWORD
from tests.e2e.test_request_answered import TIMEOUT_MS, sign_in
from tickets.models import Topic

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page: Page) -> list[str]:
    found = Axe().run(page, options=WCAG_AA).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in found]


@pytest.mark.parametrize(
    "path",
    [reverse("portal-home"), reverse("knowledgebase:index"), reverse("accounts:login"), reverse("accounts:signup"),
     reverse("chat:start")],
)
def test_public_pages_pass_axe(page: Page, base_url, path):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(path)

    assert violations(page) == []


def test_citizen_request_pages_pass_axe(people, new_context, base_url):
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, email="e2e.citizen@example.ru", password=CITIZEN_PASSWORD)

    for path in (reverse("tickets:citizen_list"), reverse("tickets:citizen_new")):
        page.goto(path)
        assert violations(page) == [], path


@pytest.fixture(scope="module")
def desk_reviewer(e2e_database, django_db_blocker):
    """An operator of this module's own: a TOTP code is accepted once, so personas don't share codes."""
    with django_db_blocker.unblock():
        return staff_create(email="e2e.a11y@support.example", password=OPERATOR_PASSWORD, role=Role.OPERATOR,
                            skills=[Topic.objects.get(code="services")], totp_key=TOTP_KEY)


def test_operator_desk_passes_axe_and_reflows_at_320_px(desk_reviewer, new_context, base_url):
    page = new_context(viewport={"width": 320, "height": 800}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, email=desk_reviewer.email, password=OPERATOR_PASSWORD)
    page.get_by_label("Код из приложения-аутентификатора").fill(f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}")
    page.get_by_role("button", name="Подтвердить").click()
    page.goto(reverse("desk:queue"))

    assert violations(page) == []
    # 200 % zoom of a 640 px window: nothing may need horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
