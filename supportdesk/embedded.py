"""Embedded defaults: a PostgreSQL server under var/ when no DATABASE_URL is given.

pgserver ships PostgreSQL in its wheel, so a newcomer needs nothing installed. Every process
that asks for the same folder shares one server; it stops when the last of them exits.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def postgres_settings(data_dir: Path) -> dict:
    """Start (or join) the embedded server and return Django DATABASES settings for it."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI)
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: production never loads it

    data_dir.mkdir(parents=True, exist_ok=True)
    with pgserver.PostgresServer._lock:
        _forget_dead_handles(data_dir)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        # pgserver listens on a unix socket; its URI names the folder
        "HOST": parse_qs(urlsplit(server.get_uri()).query)["host"][0],
        "PORT": "",
        "CONN_MAX_AGE": 0,
    }


def _forget_dead_handles(data_dir: Path) -> None:
    """pgserver stops the server when the last registered process exits cleanly; a process killed by a
    signal stays registered for ever and keeps the server alive. Drop such pids before registering."""
    import psutil

    handles = data_dir / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def celery_filesystem_folder(base: Path) -> str:
    """Folder of kombu's filesystem transport: a broker shared by processes on one machine."""
    folder = base / "celery-broker"
    folder.mkdir(parents=True, exist_ok=True)
    return os.fspath(folder)
