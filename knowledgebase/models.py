from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# The built-in PostgreSQL configuration (Snowball stemmer): «пароля» and «пароль» share a lexeme.
# Lemma-based search (pymorphy3) comes with the assistant; it will replace this configuration, not the callers.
SEARCH_CONFIG = "russian"


class Category(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("раздел")
        verbose_name_plural = _("разделы")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """A knowledge-base answer. Public ones are shown to citizens; internal ones only to staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        REVIEW = "review", _("на проверке")
        PUBLISHED = "published", _("опубликована")

    slug = models.SlugField(max_length=120, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    topic = models.ForeignKey(
        "tickets.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    title = models.CharField(_("заголовок"), max_length=200)
    summary = models.CharField(_("краткий ответ"), max_length=500)
    body = models.TextField(
        _("текст"),
        help_text=_(
            "Простой текст. Пустая строка разделяет абзацы; «## » в начале строки — подзаголовок; "
            "«1. », «2. » — шаги; «- » — список. HTML не поддерживается и показывается как текст."
        ),
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("видна гражданам"), default=True)
    language = models.CharField(_("язык"), max_length=8, default="ru")
    regulation_as_of = models.DateField(_("регламент актуален на"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by PostgreSQL itself, so admin edits, imports and services can never leave it stale.
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # Lemmas (knowledgebase.search), what search reads; search_vector above stays as the plain baseline.
    lemma_vector = SearchVectorField(null=True, editable=False)
    # «Did this help?» on the article page; ranking favours helpful articles
    helpful_count = models.PositiveIntegerField(_("помогла"), default=0, editable=False)
    unhelpful_count = models.PositiveIntegerField(_("не помогла"), default=0, editable=False)
    # answered a citizen who was writing a request, so no request was sent (deflection)
    deflected_count = models.PositiveIntegerField(_("ответила до обращения"), default=0, editable=False)

    class Meta:
        verbose_name = _("статья")
        verbose_name_plural = _("статьи")
        ordering = ["category__position", "title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="kb_article_search"),
            GinIndex(fields=["lemma_vector"], name="kb_article_lemmas"),
            models.Index(fields=["topic", "status"], name="kb_article_topic_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # every way an article is saved (admin, services, imports through save()) re-indexes its lemmas
        from knowledgebase.search import article_lemma_vector_update

        article_lemma_vector_update(self)
