"""The citizen's chat on the portal; staff answer chats from the desk pages."""

from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:ticket_id>/send/", views.send, name="send"),
]
