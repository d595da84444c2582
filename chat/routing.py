"""Websocket routes, served by supportdesk.asgi behind AllowedHostsOriginValidator and AuthMiddlewareStack."""

from django.urls import path

from chat.consumers import DeskConsumer, TicketConsumer

websocket_urlpatterns = [
    path("ws/tickets/<int:ticket_id>/", TicketConsumer.as_asgi()),
    path("ws/desk/", DeskConsumer.as_asgi()),
]
