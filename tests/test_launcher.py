"""`make run`: the launcher prepares the database, serves the desk, runs Celery, and stops everything cleanly."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django_otp.oath import TOTP

from supportdesk.launcher import Child, Supervisor, embedded_database_url, totp_secret_base32
from tests.conftest import TOTP_KEY
from tests.e2e.servers import (
    PROJECT_DIR,
    child_environment,
    free_port,
    scratch_database,
    stop_process_group,
    wait_until,
)

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie has exited but is not yet reaped by its parent: it counts as stopped
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))


def test_totp_secret_is_the_base32_form_authenticator_apps_take():
    secret = totp_secret_base32(TOTP_KEY)

    assert secret == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 6238's key "12345678901234567890"
    # an app decodes the secret and must compute the code the server checks
    app_key = base64.b32decode(secret)
    assert TOTP(app_key, t0=0, step=30, digits=6).token() == TOTP(bytes.fromhex(TOTP_KEY), digits=6).token()


def test_children_reach_the_embedded_server_through_its_socket_without_joining_pgserver():
    embedded = {"USER": "postgres", "NAME": "postgres", "HOST": "/work/main/var/postgres"}

    config = environ.Env.db_url_config(embedded_database_url(embedded))

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"]) == ("postgres", "postgres")
    assert config["OPTIONS"] == {"host": "/work/main/var/postgres"}  # psycopg connects to the unix socket there


def test_a_dying_service_stops_the_others_and_the_launcher_fails():
    out = io.StringIO()
    supervisor = Supervisor(
        [Child("web", SLEEPER), Child("worker", [sys.executable, "-c", "import sys; sys.exit(3)"])],
        grace_seconds=5,
        out=out,
    )

    code = supervisor.run()

    assert code == 1
    assert "worker exited with code 3; stopping the others" in out.getvalue()
    web = supervisor.children[0].process
    assert web.returncode is not None and not _alive(web.pid)


def test_a_service_that_never_becomes_ready_is_stopped():
    out = io.StringIO()
    supervisor = Supervisor([Child("web", SLEEPER)], grace_seconds=5, out=out)

    code = supervisor.run(ready=lambda: False, ready_timeout=1)

    assert code == 1
    assert "not ready after 1 s" in out.getvalue()
    assert not _alive(supervisor.children[0].process.pid)


SUPERVISED_SCRIPT = textwrap.dedent(
    """
    import sys
    from supportdesk.launcher import Child, Supervisor

    stubborn = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "open(sys.argv[1], 'w').close(); time.sleep(120)"
    )
    children = [
        Child("web", [sys.executable, "-c", "import time; time.sleep(120)"]),
        Child("stubborn", [sys.executable, "-c", stubborn, sys.argv[1]]),
    ]
    sys.exit(Supervisor(children, grace_seconds=1).run())
    """
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stop_signal_stops_every_service_then_the_launcher_exits_cleanly(tmp_path, signum):
    ignoring = tmp_path / "stubborn-ignores-sigterm"
    launcher = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SUPERVISED_SCRIPT, str(ignoring)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        started = [launcher.stdout.readline(), launcher.stdout.readline()]
        pids = [int(re.search(r"started \w+ \(pid (\d+)\)", line).group(1)) for line in started]
        wait_until(ignoring.exists, timeout=20, process=launcher, what="the stubborn child")

        launcher.send_signal(signum)
        output, _ = launcher.communicate(timeout=20)
    finally:
        if launcher.poll() is None:
            launcher.kill()

    assert launcher.returncode == 0
    assert f"received {signal.Signals(signum).name}; stopping every service" in output
    assert "stubborn did not stop within 1 s: killing it" in output  # SIGKILL after the grace period
    assert output.rstrip().endswith("[launcher] all services stopped")
    for pid in pids:
        assert not _alive(pid)


@pytest.fixture(params=["database-url", "embedded"])
def launcher_env(request, tmp_path):
    """The launcher's environment: a scratch database on the configured server, or (as on a bare machine)
    no DATABASE_URL at all, so settings start an embedded PostgreSQL under this test's var folder."""
    var_dir = tmp_path / "var"
    if request.param == "embedded":
        env = child_environment(database_url="", var_dir=var_dir, PORT=str(free_port()))
        del env["DATABASE_URL"]
        yield env
        return
    name = f"{settings.DATABASES['default']['TEST']['NAME']}_launcher"
    with scratch_database(settings.DATABASES["default"], name) as url:
        yield child_environment(database_url=url, var_dir=var_dir, PORT=str(free_port()))


def _processes_mentioning(text: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode():
                pids.append(int(proc.name))
        except OSError:
            continue  # exited while we looked
    return pids


def _wait_for_text(log: Path, pattern: str, *, process: subprocess.Popen, timeout: float, what: str) -> re.Match:
    found: list[re.Match] = []

    def seen() -> bool:
        match = re.search(pattern, log.read_text(errors="replace"))
        if match:
            found.append(match)
        return bool(match)

    try:
        wait_until(seen, timeout=timeout, process=process, what=what)
    except (RuntimeError, TimeoutError) as error:
        tail = log.read_text(errors="replace")[-4000:]
        raise AssertionError(f"{error}; launcher output ends with:\n{tail}") from None
    return found[0]


NOTIFY_SCRIPT = textwrap.dedent(
    """
    from accounts.models import User
    from tickets.models import Channel, Ticket
    from tickets.services import ticket_change_status, ticket_intake

    ticket = ticket_intake(
        channel=Channel.WEB, subject="Не приходит СМС", body="Не приходит код подтверждения.",
        contact_name="Проверка запуска", contact_email="launcher-check@example.ru",
    )
    operator = User.objects.get(email="operator1@demo.supportdesk.ru")
    ticket_change_status(ticket=ticket, status=Ticket.Status.WAITING, actor=operator)
    print(ticket.pk)
    """
)


DESK_SESSION_SCRIPT = textwrap.dedent(
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import OperatorProfile, User

    operator = User.objects.get(email="operator1@demo.supportdesk.ru")
    # routing has exactly one place to give the next request: operator1's
    OperatorProfile.objects.exclude(user=operator).update(status=OperatorProfile.Status.OFFLINE)
    OperatorProfile.objects.filter(user=operator).update(status=OperatorProfile.Status.ONLINE, max_concurrent_chats=50)
    session = SessionStore()  # what signing in with the password and then the TOTP code leaves
    session[SESSION_KEY] = str(operator.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = operator.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = operator.totpdevice_set.get().persistent_id
    session.save()
    print(session.session_key)
    """
)
ROUTED_SCRIPT = textwrap.dedent(
    """
    from tickets.models import Channel, Topic
    from tickets.services import ticket_intake

    ticket = ticket_intake(
        channel=Channel.WEB, subject="Забыл пароль", body="Не могу войти, забыл пароль.",
        topic=Topic.objects.get(code="password-recovery"),
        contact_name="Проверка запуска", contact_email="launcher-route@example.ru",
    )
    print(ticket.pk)
    """
)


def _manage_shell(script: str, env: dict) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _desk_frames_until_assigned(port: int, session_key: str, env: dict, *, timeout: float) -> dict:
    """Open the operator's desk socket, register a request only the Celery worker routes, and return the
    «ticket.assigned» frame the worker's routing sends to that operator's screen."""
    from websockets.sync.client import connect

    with connect(
        f"ws://127.0.0.1:{port}/ws/desk/", origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session_key}"}, open_timeout=30,
    ) as desk:
        ticket_id = int(_manage_shell(ROUTED_SCRIPT, env))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = json.loads(desk.recv(timeout=max(0.1, deadline - time.monotonic())))
            if frame.get("type") == "ticket.assigned" and frame.get("ticket_id") == ticket_id:
                return frame
    raise AssertionError(f"no «ticket.assigned» for request {ticket_id} within {timeout:.0f} s")


def test_make_run_serves_the_desk_and_the_worker_sends_the_status_email(tmp_path, launcher_env):
    """The real launcher on an empty database: migrate, demo data, uvicorn, worker and beat, then SIGTERM."""
    env = launcher_env
    port = int(env["PORT"])
    log = tmp_path / "launcher.log"
    with open(log, "wb") as sink:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "supportdesk.launcher"],
            cwd=PROJECT_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT, process_group=0,
        )
    try:
        _wait_for_text(log, "Supportdesk is running", process=launcher, timeout=300, what="the launcher")
        text = log.read_text()
        assert f"Portal (citizens)  http://127.0.0.1:{port}/" in text
        assert "operator1@demo.supportdesk.ru    Demo-Operator1-2026" in text
        assert "TOTP 4PMRSZJPJLXXQJNMRMHMKLFQ3UAHZBVN" in text  # base32 of operator1's demo key
        assert "manage.py totp_code <email>" in text
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
        _wait_for_text(log, r"supportdesk@\S+ ready", process=launcher, timeout=120, what="the Celery worker")
        # without REDIS_URL the launcher's embedded Redis is the broker; its address is left for other processes
        assert "an embedded Redis on 127.0.0.1" in text
        env = {**env, "REDIS_URL": (tmp_path / "var" / "redis" / "url").read_text().strip()}

        # a status change queues ticket_notify_citizen_task; only the worker can have run it
        ticket_id = int(_manage_shell(NOTIFY_SCRIPT, env))
        _wait_for_text(
            log,
            # the worker's log format; the seed's eager tasks log in the launcher's own format
            r"INFO/MainProcess\] Task tickets\.tasks\.ticket_notify_citizen_task\[[-\w]+\] succeeded",
            process=launcher, timeout=60, what="the worker's status email",
        )
        notified = rf"INFO/MainProcess\] citizen notified ticket={ticket_id} letter=status-"
        assert re.search(notified, log.read_text())
        assert "To: launcher-check@example.ru" in log.read_text()  # the console email backend's output

        # the worker's routing reaches the operator's screen in the web process (the Redis channel layer)
        assigned = _desk_frames_until_assigned(port, _manage_shell(DESK_SESSION_SCRIPT, env), env, timeout=30)
        assert assigned["number"].startswith("SD-")

        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=60) == 0
    finally:
        if launcher.poll() is None:
            stop_process_group(launcher)
    text = log.read_text()
    # pgserver may log after this line: its pg_ctl stop can be refused a working directory it may not read
    assert "[launcher] all services stopped" in text
    for pid in re.findall(r"started [\w ()]+ \(pid (\d+)\)", text):
        assert not _alive(int(pid))
    assert (tmp_path / "var" / "redis").is_dir()  # the embedded Redis worked in this test's folder, not var/
    # the embedded PostgreSQL lived exactly as long as the launcher
    wait_until(lambda: not _processes_mentioning(str(tmp_path / "var" / "postgres")), timeout=15,
               what="the embedded PostgreSQL's shutdown")
