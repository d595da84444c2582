"""Help pages under /help/: the index (with ?q= search) and articles by slug."""

from django.urls import path

from knowledgebase import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.index, name="index"),
    path("suggest/", views.suggest, name="suggest"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/feedback/", views.article_feedback, name="feedback"),
]
