"""The hotline in the back office, mounted at /desk/calls/ (views in telephony/desk_views.py)."""

from django.urls import path

from telephony import desk_views

app_name = "telephony"

urlpatterns = [
    path("", desk_views.call_list, name="calls"),
    path("<int:pk>/", desk_views.call_detail, name="call"),
    path("<int:pk>/callback/", desk_views.call_callback_request, name="call_callback"),
    path("callbacks/", desk_views.callback_list, name="callbacks"),
    path("callbacks/<int:pk>/done/", desk_views.callback_done, name="callback_done"),
]
