"""Pages opened by the signed links in the desk's letters (mail.citizen_links)."""

from django.urls import path

from mail import views

app_name = "mail"

urlpatterns = [
    path("<str:token>/", views.request_by_link, name="request_by_link"),
    path("<str:token>/files/<int:attachment_id>/", views.attachment_by_link, name="attachment_by_link"),
]
