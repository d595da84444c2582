"""Browser tests: Playwright (sync) drives Debian's Chromium against the real ASGI app under uvicorn.

Run apart from the other tests (`make test` does): sync Playwright and pytest-asyncio clash in one
process. The server is a child process, so it cannot see a test transaction: the session gets a
database of its own (`<test database>_e2e`, or E2E_DATABASE_NAME), migrated here and dropped at the end,
and the people in it are created with the real services and committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from accounts.roles import Role
from accounts.services import citizen_register, staff_create
from tests.conftest import TOTP_KEY
from tests.e2e.servers import child_environment, free_port, scratch_database, uvicorn_server
from tickets.models import Topic

# sync Playwright runs an event loop in this thread; Django refuses ORM calls there unless told (tests only)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SERVER_LOG_KEY = pytest.StashKey[Path]()
CITIZEN_PASSWORD = "Gosuslugi-2026!"
OPERATOR_PASSWORD = "Operator-2026!"


def pytest_configure(config):
    # a failing browser test leaves a screenshot in test-results/ unless the command line asked otherwise
    if getattr(config.option, "screenshot", "off") == "off":
        config.option.screenshot = "only-on-failure"


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: .ci/run installs Debian's chromium")
        skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
        for item in items:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    log = item.config.stash.get(SERVER_LOG_KEY, None)
    if report.failed and log is not None and log.exists():
        report.sections.append(("uvicorn log (last 6000 characters)", log.read_text(errors="replace")[-6000:]))
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # a Russian browser, as the portal's citizens have: LocaleMiddleware follows Accept-Language
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Europe/Moscow"}


@pytest.fixture(scope="session")
def e2e_database(django_db_blocker):
    """A migrated database shared by this process (for setup and checks) and the server under test."""
    default = settings.DATABASES["default"]
    name = os.environ.get("E2E_DATABASE_NAME") or f"{default['TEST']['NAME']}_e2e"
    with scratch_database(dict(default), name) as url:
        with django_db_blocker.unblock():
            connections.close_all()
            default["NAME"] = name  # the same switch Django's test runner makes to its test database
            connections["default"].settings_dict["NAME"] = name
            call_command("migrate", interactive=False, verbosity=0)
        yield url
        with django_db_blocker.unblock():
            connections.close_all()


@pytest.fixture
def db_access(django_db_blocker):
    """Committed ORM access inside a browser test (no test transaction: the server must see the rows)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def base_url(e2e_database, tmp_path_factory, pytestconfig):
    """pytest-base-url's fixture: Playwright's relative page.goto() paths resolve against the live server."""
    folder = tmp_path_factory.mktemp("server")
    log = folder / "uvicorn.log"
    pytestconfig.stash[SERVER_LOG_KEY] = log
    # files are accepted without a clamd on the machine: the malware scan has its own tests with a real clamd
    env = child_environment(database_url=e2e_database, var_dir=folder / "var", DJANGO_DEBUG="false",
                            SUPPORTDESK_ATTACHMENT_SCAN_REQUIRED="false")
    with uvicorn_server(env=env, port=free_port(), log_path=log) as url:
        yield url


@pytest.fixture(scope="session")
def people(e2e_database, django_db_blocker):
    with django_db_blocker.unblock():
        citizen = citizen_register(
            email="e2e.citizen@example.ru",
            password=CITIZEN_PASSWORD,
            first_name="Анна",
            last_name="Иванова",
        )
        operator = staff_create(
            email="e2e.operator@support.example",
            password=OPERATOR_PASSWORD,
            role=Role.OPERATOR,
            first_name="Ольга",
            last_name="Смирнова",
            skills=[Topic.objects.get(code="registration")],
            totp_key=TOTP_KEY,
        )
    return {"citizen": citizen, "operator": operator}
