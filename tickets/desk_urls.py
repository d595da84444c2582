"""Back-office pages for staff (2FA-verified by accounts.middleware). Views in tickets/desk_views.py."""

from django.urls import path

from tickets import desk_views

app_name = "desk"

urlpatterns = [
    path("", desk_views.queue, name="queue"),
    path("tickets/<int:pk>/", desk_views.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/reply/", desk_views.ticket_reply, name="ticket_reply"),
    path("tickets/<int:pk>/status/", desk_views.ticket_status, name="ticket_status"),
    path("tickets/<int:pk>/take/", desk_views.ticket_take, name="ticket_take"),
    path("tickets/<int:pk>/assign/", desk_views.ticket_assign, name="ticket_assign"),
    path("tickets/<int:pk>/attachments/<int:attachment_id>/", desk_views.ticket_attachment, name="ticket_attachment"),
    path("me/status/", desk_views.operator_status, name="operator_status"),
    path("team/", desk_views.team, name="team"),
    path("take-next/", desk_views.take_next, name="take_next"),
    # support tiers (issue #3): transfer L1 → L2 → L3, the technical group's resolution report (AU6)
    path("tickets/<int:pk>/transfer/", desk_views.ticket_transfer, name="ticket_transfer"),
    path("tickets/<int:pk>/resolve-technical/", desk_views.ticket_resolve_technical, name="ticket_resolve_technical"),
]
