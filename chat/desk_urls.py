"""The operators' chat desk, mounted at /desk/chats/ (TOTP-guarded like every /desk/ URL)."""

from django.urls import path

from chat import desk_views

app_name = "desk_chats"

urlpatterns = [
    path("", desk_views.index, name="index"),
    path("live/", desk_views.live, name="live"),
    path("<int:ticket_id>/pane/", desk_views.pane, name="pane"),
    path("<int:ticket_id>/take/", desk_views.take, name="take"),
    path("<int:ticket_id>/transfer/", desk_views.transfer, name="transfer"),
    path("<int:ticket_id>/attachments/", desk_views.attachments, name="attachments"),
    path("<int:ticket_id>/transcript/", desk_views.transcript, name="transcript"),
]
