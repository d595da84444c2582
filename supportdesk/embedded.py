"""Embedded defaults: a PostgreSQL server under var/ when no DATABASE_URL is given.

pgserver ships PostgreSQL in its wheel, so a newcomer needs nothing installed. Every process
that asks for the same folder shares one server; it stops when the last of them exits.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def postgres_settings(data_dir: Path) -> dict:
    """Start (or join) the embedded server and return Django DATABASES settings for it."""
    import pgserver  # imported lazily: production never loads it

    data_dir.mkdir(parents=True, exist_ok=True)
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


def celery_filesystem_folder(base: Path) -> str:
    """Folder of kombu's filesystem transport: a broker shared by processes on one machine."""
    folder = base / "celery-broker"
    folder.mkdir(parents=True, exist_ok=True)
    return os.fspath(folder)
