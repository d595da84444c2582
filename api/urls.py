"""The mobile API, version 1 (mounted at /api/v1/). Description: /api/schema/, /api/docs/, docs/api.md."""

from django.urls import path, re_path

from api.views import auth, chat, knowledgebase, requests
from api.views.base import UnknownPathApi

app_name = "api"

urlpatterns = [
    path("auth/token/", auth.TokenApi.as_view(), name="token"),
    path("topics/", requests.TopicListApi.as_view(), name="topics"),
    path("requests/", requests.RequestListCreateApi.as_view(), name="requests"),
    path("requests/<str:number>/", requests.RequestDetailApi.as_view(), name="request-detail"),
    path("requests/<str:number>/messages/", requests.RequestMessageCreateApi.as_view(), name="request-messages"),
    path("requests/<str:number>/events/", requests.RequestEventsApi.as_view(), name="request-events"),
    path(
        "requests/<str:number>/attachments/<int:attachment_id>/",
        requests.RequestAttachmentApi.as_view(),
        name="request-attachment",
    ),
    path("chats/", chat.ChatStartApi.as_view(), name="chats"),
    path("chats/<str:number>/messages/", chat.ChatMessagesApi.as_view(), name="chat-messages"),
    path("kb/categories/", knowledgebase.CategoryListApi.as_view(), name="kb-categories"),
    path("kb/articles/", knowledgebase.ArticleListApi.as_view(), name="kb-articles"),
    path("kb/articles/<str:slug>/", knowledgebase.ArticleDetailApi.as_view(), name="kb-article"),
    path("kb/search/", knowledgebase.ArticleSearchApi.as_view(), name="kb-search"),
    # last, and only under this app's own prefixes: other apps keep their api/v1/… paths (cti, desk)
    re_path(r"^(?:auth|topics|requests|chats|kb)(?:/[\s\S]*)?$", UnknownPathApi.as_view()),  # [\s\S]: newlines too
]
