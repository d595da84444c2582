"""Print the URL of the benchmark database, creating the database when it does not exist yet.

BENCH_DATABASE_URL wins; else `supportdesk_bench` on the machine's PostgreSQL (127.0.0.1:5432, user
postgres) when it answers; else `supportdesk_bench` inside the embedded server under var/ (pgserver).
Used by `make bench`; prints only the URL on stdout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
from psycopg import sql

NAME = "supportdesk_bench"
LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _ensure(admin_conninfo: str, name: str) -> None:
    with psycopg.connect(admin_conninfo, autocommit=True, connect_timeout=3) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}", file=sys.stderr)


def bench_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL", "")
    if explicit:
        parts = urlsplit(explicit)
        _ensure(parts._replace(path="/postgres").geturl(), parts.path.lstrip("/"))
        return explicit
    try:
        _ensure(LOCAL_SERVER, NAME)
        return LOCAL_SERVER.rsplit("/", 1)[0] + "/" + NAME
    except psycopg.OperationalError:
        pass
    import pgserver  # the embedded server the project falls back to (supportdesk/embedded.py)

    folder = Path(os.environ.get("SUPPORTDESK_VAR_DIR", Path(__file__).resolve().parent.parent / "var")) / "postgres"
    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder, cleanup_mode=None)  # stays up for the benchmark processes after us
    uri = server.get_uri()
    host = urlsplit(uri).query.split("host=", 1)[1].split("&", 1)[0]
    _ensure(uri, NAME)
    return f"postgres://postgres@/{NAME}?host={quote(host, safe='')}"


if __name__ == "__main__":
    print(bench_url())
