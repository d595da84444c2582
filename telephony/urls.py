"""The PBX's webhook, mounted at /api/v1/cti/ (supportdesk/urls.py)."""

from django.urls import path

from telephony.api import CallEventApi, CallRouteApi

app_name = "cti"

urlpatterns = [
    path("events/", CallEventApi.as_view(), name="events"),
    path("route/", CallRouteApi.as_view(), name="route"),
]
