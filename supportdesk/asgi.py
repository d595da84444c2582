import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
django_asgi_app = get_asgi_application()  # before importing consumers: it sets Django up

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# The cyclic garbage collector's passes stop every socket of the process while they walk its objects: a full pass
# over a process holding 1,000 chats took 50–140 ms here, the whole tail of the chat's delivery time
# (benchmarks/chat_delivery.py). Everything loaded so far lives as long as the process, so it is frozen out of
# the passes; and the passes run less often (young objects are freed by reference counting anyway): p99 at
# 1,000 chats right after they connected went from about 150 ms to 20–40 ms.
gc.collect()
gc.freeze()
gc.set_threshold(10_000, 20, 100)
