"""Help pages under /help/: the index (with ?q= search), services, guides, tags, and articles by slug."""

from django.urls import path

from knowledgebase import views

app_name = "knowledgebase"

# the named sections come before the article slug, which would otherwise take them
urlpatterns = [
    path("", views.index, name="index"),
    path("suggest/", views.suggest, name="suggest"),
    path("services/", views.service_index, name="services"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("guides/", views.guide_index, name="guides"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/steps/<int:position>/screenshot/", views.guide_screenshot, name="guide_screenshot"),
    path("guides/<slug:slug>/video.webm", views.guide_video, name="guide_video"),
    path("guides/<slug:slug>/captions.vtt", views.guide_captions, name="guide_captions"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/feedback/", views.article_feedback, name="feedback"),
]
