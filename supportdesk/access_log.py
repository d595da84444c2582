"""Access logs without query strings (SPEC AI6): addresses are logged, what was searched for is not.

/help/?q=… and the API's search carry the citizen's own words, which may hold personal data, and an
access log keeps every address it sees. uvicorn's access lines are "%s - "%s %s HTTP/%s" %d" with the
path and query as the third argument; `WithoutQueryString` cuts that argument at "?" before the line is
written. The launcher and docs/deploy.md start uvicorn with `--log-config supportdesk/uvicorn_logging.json`,
uvicorn's own default configuration plus this filter on the access logger. docs/nginx.conf logs $uri.
"""

from __future__ import annotations

import logging
from pathlib import Path

UVICORN_LOG_CONFIG = Path(__file__).resolve().parent / "uvicorn_logging.json"


class WithoutQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True
