"""The security officer's pages: the personal-data access journal (SEC5). Mounted at /desk/privacy/."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.journal, name="journal"),
    path("subjects/<int:user_id>/", views.subject_journal, name="subject"),
]
