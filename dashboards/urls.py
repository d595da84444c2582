"""The supervisor's dashboard under /desk/dashboard/ (2FA-verified by accounts.middleware, like all of /desk/)."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
]
