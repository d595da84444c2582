from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# The built-in PostgreSQL configuration (Snowball stemmer): it marks the matched words in result snippets
# (ts_headline), and evaluate_search measures it as the baseline. Search itself reads `lemma_vector`.
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
    # Lemmas of title (A), summary (B) and body (C) in the 'simple' configuration (knowledgebase.search),
    # written by save(): PostgreSQL cannot lemmatise, so this is computed in Python, not a generated column.
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


class ArticleFeedback(models.Model):
    """One «Эта статья помогла?» answer, kept as an event so analytics can count by hour and day.

    A «yes» from a citizen who was contacting support — the request form's suggestions, the chat assistant —
    is a deflection: the knowledge base answered instead of a person. The article's counters sum these for
    ranking.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    is_helpful = models.BooleanField(_("помогла"))
    is_contacting_support = models.BooleanField(_("из формы обращения или чата"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("оценка статьи")
        verbose_name_plural = _("оценки статей")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="kb_feedback_created")]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.is_helpful else '-'}"

    @property
    def is_deflection(self) -> bool:
        return self.is_helpful and self.is_contacting_support
