"""The citizen's chat on the portal; staff answer chats from the desk pages (chat.desk_urls)."""

from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:ticket_id>/send/", views.send, name="send"),
    path("<int:ticket_id>/attachments/", views.attachments, name="attachments"),
    path("<int:ticket_id>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:ticket_id>/language/", views.language, name="language"),
    path("<int:ticket_id>/transcript/", views.transcript, name="transcript"),
]
