"""Citizen pages: open a request, follow it, answer. Views in tickets/views.py."""

from django.urls import path

from tickets import rating_views, views

app_name = "tickets"

urlpatterns = [
    path("", views.citizen_list, name="citizen_list"),
    path("new/", views.citizen_new, name="citizen_new"),
    path("<str:number>/", views.citizen_detail, name="citizen_detail"),
    path("<str:number>/reply/", views.citizen_reply, name="citizen_reply"),
    path("<str:number>/rate/", rating_views.citizen_rate, name="citizen_rate"),
    path("<str:number>/attachments/<int:attachment_id>/", views.citizen_attachment, name="citizen_attachment"),
]
