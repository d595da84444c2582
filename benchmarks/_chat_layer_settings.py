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
# connection for every database_sync_to_async call of a consumer), to measure what they are worth.
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
