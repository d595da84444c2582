"""Real servers for tests that cross a process boundary: a scratch database, a free port, a running ASGI server.

Used by the browser tests and by tests/test_launcher.py. The child processes cannot see a test
transaction, so they get a database of their own, created here and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parents[2]


def database_url(settings_dict: dict, name: str) -> str:
    """A DATABASE_URL for `name` on the server Django is configured for (TCP, or the embedded unix socket)."""
    user = quote(settings_dict.get("USER") or "postgres", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = str(settings_dict.get("HOST") or "")
    if host.startswith("/"):  # django-environ keeps %2F in hosts, so a socket folder goes in the query
        return f"postgres://{credentials}@/{name}?host={host}"
    port = settings_dict.get("PORT")
    return f"postgres://{credentials}@{host or '127.0.0.1'}{f':{port}' if port else ''}/{name}"


def _admin_connection(settings_dict: dict) -> psycopg.Connection:
    params = {"dbname": "postgres", "user": settings_dict.get("USER") or "postgres", "autocommit": True}
    for key, option in (("HOST", "host"), ("PORT", "port"), ("PASSWORD", "password")):
        if settings_dict.get(key):
            params[option] = str(settings_dict[key])
    params.update({k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k == "host"})
    return psycopg.connect(**params)


@contextlib.contextmanager
def scratch_database(settings_dict: dict, name: str) -> Iterator[str]:
    """Create an empty database (dropping a leftover of an interrupted run), yield its URL, drop it."""
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with _admin_connection(settings_dict) as conn:
        conn.execute(drop)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url(settings_dict, name)
    finally:
        with _admin_connection(settings_dict) as conn:
            conn.execute(drop)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_environment(*, database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a server under test: its own database and var/ folder, no shared Redis queue."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(
        DATABASE_URL=database_url,
        SUPPORTDESK_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="supportdesk.settings",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def wait_until(predicate, *, timeout: float, process: subprocess.Popen | None = None, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what or 'the server'} exited with code {process.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what or 'the server'} was not ready after {timeout:.0f} s")
        time.sleep(0.2)


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop_process_group(process: subprocess.Popen, *, timeout: float = 20) -> int:
    """SIGTERM the group, SIGKILL it if it lingers; returns the leader's exit code."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return process.wait()


@contextlib.contextmanager
def uvicorn_server(*, env: dict[str, str], port: int, log_path: Path) -> Iterator[str]:
    """The project's ASGI app under uvicorn (HTTP and websockets), as production serves it; yields its URL."""
    argv = [
        sys.executable, "-m", "uvicorn", "supportdesk.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            argv, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, process_group=0
        )
    try:
        wait_until(lambda: port_is_open(port), timeout=90, process=process, what="uvicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process_group(process)
