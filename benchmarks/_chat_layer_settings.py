"""Settings for benchmarks/chat_delivery.py's servers: the project's settings with the channel layer to measure.

BENCH_CHANNEL_LAYER names the backend; everything else (hosts with max_connections) is what settings.py builds.
"""

import os

from supportdesk.settings import *  # noqa: F403
from supportdesk.settings import CHANNEL_LAYERS

CHANNEL_LAYERS = {"default": {**CHANNEL_LAYERS["default"], "BACKEND": os.environ["BENCH_CHANNEL_LAYER"]}}
if CHANNEL_LAYERS["default"]["BACKEND"].endswith("RedisPubSubChannelLayer"):
    # the pub/sub layer has no per-channel queue, so no capacity option
    CHANNEL_LAYERS["default"]["CONFIG"] = {"hosts": CHANNEL_LAYERS["default"]["CONFIG"]["hosts"]}
# BENCH_CONN_MAX_AGE: persistent database connections (settings.py keeps Django's default 0: a new
# connection for every database call of a consumer), to measure what they are worth. Without a pooler each such
# connection is a new PostgreSQL backend process (≈ 6 ms and a fork): production puts PgBouncer in between
# (docs/deploy.md), which this benchmark does not start; kept connections stand in for it. The chat sockets'
# database calls run on a bounded pool of long-lived threads (chat.consumers), so at most that many per process.
# Kept by default, as a deployment behind PgBouncer would have them; BENCH_CONN_MAX_AGE=0 measures without.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_CONN_MAX_AGE", "60"))  # noqa: F405
