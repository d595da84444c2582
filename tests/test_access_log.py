"""AI6: the web server's access log keeps the address of every request but never its query string, where
/help/?q=… and the API's search carry the citizen's own words. Checked on a real uvicorn with the launcher's
logging configuration."""

from __future__ import annotations

import logging
import subprocess
import sys
import urllib.request

from supportdesk.access_log import UVICORN_LOG_CONFIG, WithoutQueryString
from supportdesk.launcher import service_commands
from tests.e2e.servers import PROJECT_DIR, free_port, port_is_open, stop_process_group, wait_until


async def app(scope, receive, send):
    """The smallest ASGI app: answers 200 to everything, so the test sees only uvicorn's own logging."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def test_the_filter_cuts_the_query_off_an_access_line_and_leaves_other_lines_alone():
    access = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/help/?q=снилс 123-456-789 00", "1.1", 200), None)
    other = logging.LogRecord("uvicorn.error", logging.INFO, "", 0, "Started server process [%d]", (42,), None)

    assert WithoutQueryString().filter(access) and WithoutQueryString().filter(other)

    assert access.getMessage() == '127.0.0.1:5000 - "GET /help/ HTTP/1.1" 200'
    assert other.getMessage() == "Started server process [42]"


def test_the_launchers_web_server_logs_requests_without_what_was_searched(tmp_path):
    children = service_commands(host="127.0.0.1", port=8000, beat_schedule="x")
    [web] = [child for child in children if "uvicorn" in child.name]
    assert web.argv[web.argv.index("--log-config") + 1] == str(UVICORN_LOG_CONFIG)
    port, log = free_port(), tmp_path / "uvicorn.log"

    with open(log, "wb") as sink:
        server = subprocess.Popen(  # noqa: S603 - fixed argv
            [sys.executable, "-m", "uvicorn", "tests.test_access_log:app", "--host", "127.0.0.1", "--port", str(port),
             "--lifespan", "off", "--log-config", str(UVICORN_LOG_CONFIG)],
            cwd=PROJECT_DIR, stdout=sink, stderr=subprocess.STDOUT, process_group=0,
        )
    try:
        wait_until(lambda: port_is_open(port), timeout=60, process=server, what="uvicorn")
        query = "q=%D1%81%D0%BD%D0%B8%D0%BB%D1%81+123-456-789+00"  # «снилс 123-456-789 00»
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/help/?{query}", timeout=10) as response:
            assert response.status == 200
        wait_until(lambda: "GET /help/ HTTP/1.1" in log.read_text(), timeout=10, what="the access line")
    finally:
        stop_process_group(server)

    text = log.read_text()
    assert '"GET /help/ HTTP/1.1" 200' in text
    assert "?" not in text.split("GET /help/", 1)[1].split("\n", 1)[0]
    assert "123-456-789" not in text and "%D1%81" not in text
