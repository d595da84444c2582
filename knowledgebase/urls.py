"""Help pages under /help/: the index (with ?q= search) and articles by slug."""

from django.urls import path

from knowledgebase import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.article_detail, name="article"),
]
