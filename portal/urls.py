"""The public status page of the portal's services, linked from the assistant's outage answers."""

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.service_status, name="status"),
]
