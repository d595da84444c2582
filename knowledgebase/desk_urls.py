"""/desk/knowledge/: analytics and review of the knowledge base for its editors (supervisors)."""

from django.urls import path

from knowledgebase import desk_views

app_name = "kb_desk"

urlpatterns = [
    path("", desk_views.analytics, name="analytics"),
    path("articles/<int:pk>/reviewed/", desk_views.article_reviewed, name="article_reviewed"),
]
