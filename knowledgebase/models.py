from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# The built-in PostgreSQL configuration (Snowball stemmer): it marks the matched words in result snippets
# (ts_headline), and evaluate_search measures it as the baseline. Search itself reads `lemma_vector`.
SEARCH_CONFIG = "russian"
# An article whose review date is not set is re-read half a year after its regulation date.
REVIEW_INTERVAL_DAYS = 182


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
    tags = models.ManyToManyField("Tag", blank=True, related_name="articles", verbose_name=_("метки"))
    # Regulations change: an article is re-read by its editor before this date (review reminders).
    review_due_on = models.DateField(
        _("пересмотреть до"),
        null=True,
        blank=True,
        help_text=_("Если пусто — через полгода после даты регламента."),
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ответственный редактор"),
        help_text=_("Получает напоминания о пересмотре; если не назначен — супервизоры."),
    )
    review_reminded_on = models.DateField(null=True, blank=True, editable=False)
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
            models.Index(fields=["review_due_on"], name="kb_article_review_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.review_due_on is None and self.regulation_as_of is not None:
            self.review_due_on = self.regulation_as_of + timedelta(days=REVIEW_INTERVAL_DAYS)
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


class Tag(models.Model):
    """A browsing label shared by articles («пароль», «смс»): citizens open all articles of a tag."""

    slug = models.SlugField(max_length=64, unique=True, allow_unicode=True)
    name = models.CharField(_("название"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("метка")
        verbose_name_plural = _("метки")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleTranslation(models.Model):
    """The article in another language of the service (ACC2). Russian is the original and the search index."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        TATAR = "tt", "Татарча"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("язык"), max_length=8, choices=Language.choices)
    title = models.CharField(_("заголовок"), max_length=200)
    summary = models.CharField(_("краткий ответ"), max_length=500)
    body = models.TextField(_("текст"))
    status = models.CharField(
        _("статус"), max_length=16, choices=Article.Status.choices, default=Article.Status.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("перевод статьи")
        verbose_name_plural = _("переводы статей")
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="kb_translation_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} [{self.language}]"

    @property
    def is_behind_original(self) -> bool:
        """The Russian original was edited after this translation: readers are told so."""
        return self.article.updated_at > self.updated_at


class ArticleViewDay(models.Model):
    """How many times an article was opened on a day: per-article analytics without a row per view."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("просмотры статьи за день")
        verbose_name_plural = _("просмотры статей по дням")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="kb_view_day_unique")]
        indexes = [models.Index(fields=["day"], name="kb_view_day_day")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.views}"


class GovernmentService(models.Model):
    """A portal service explained to citizens (TQ2): who may apply, documents, steps, signature, time, fee."""

    class Signature(models.TextChoices):
        NONE = "none", _("не нужна")
        SIMPLE = "simple", _("простая — подтверждённая учётная запись")
        ENHANCED_UNQUALIFIED = "enhanced_unqualified", _("усиленная неквалифицированная (например, Госключ)")
        QUALIFIED = "qualified", _("усиленная квалифицированная (КЭП)")

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("название услуги"), max_length=200)
    department = models.CharField(_("ведомство"), max_length=200)
    summary = models.CharField(_("кратко"), max_length=500)
    who_can_apply = models.TextField(_("кто может подать"))
    processing_time = models.CharField(_("срок оказания"), max_length=300)
    processing_days = models.PositiveSmallIntegerField(
        _("срок, дней"),
        null=True,
        blank=True,
        help_text=_(
            "Самый короткий обычный срок для сортировки и сравнения; рабочие или календарные дни — как в поле "
            "«срок оказания». Пусто, если услуга оказывается сразу."
        ),
    )
    fee = models.CharField(_("стоимость"), max_length=200)
    signature = models.CharField(_("электронная подпись"), max_length=24, choices=Signature.choices)
    signature_note = models.CharField(_("условия подписи"), max_length=300, blank=True)
    result = models.TextField(_("результат"))
    regulation = models.CharField(_("регламент"), max_length=400)
    regulation_as_of = models.DateField(_("регламент актуален на"))
    status = models.CharField(
        _("статус"), max_length=16, choices=Article.Status.choices, default=Article.Status.DRAFT
    )
    articles = models.ManyToManyField(Article, blank=True, related_name="services", verbose_name=_("статьи"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("государственная услуга")
        verbose_name_plural = _("государственные услуги")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceDocument(models.Model):
    service = models.ForeignKey(GovernmentService, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("документ"), max_length=300)
    note = models.CharField(_("пояснение"), max_length=500, blank=True)
    is_required = models.BooleanField(_("обязателен"), default=True)

    class Meta:
        verbose_name = _("документ для услуги")
        verbose_name_plural = _("документы для услуги")
        ordering = ["service", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceStep(models.Model):
    """One step of filling in the service's online form."""

    service = models.ForeignKey(GovernmentService, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("шаг"), max_length=500)

    class Meta:
        verbose_name = _("шаг заполнения")
        verbose_name_plural = _("шаги заполнения")
        ordering = ["service", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Guide(models.Model):
    """An interactive step-by-step guide (CH5): one step per screen, with a screenshot and a training video.

    The video is either a link to the portal's own (`video_url`) or a file the desk serves itself
    (`video_file`, with WebVTT captions): the demo's are silent slideshows of the steps' screen diagrams,
    made by knowledgebase.guide_media.
    """

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("название"), max_length=200)
    summary = models.CharField(_("кратко"), max_length=500)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="guides", verbose_name=_("статья")
    )
    video_url = models.URLField(
        _("обучающее видео"), blank=True, help_text=_("Ссылка на видео на сайте портала.")
    )
    video_transcript = models.TextField(
        _("текст видео"),
        blank=True,
        help_text=_("Расшифровка видео для тех, кто не может его посмотреть или услышать."),
    )
    # made from the steps by knowledgebase.guide_media, never uploaded: the desk serves only files it wrote
    video_file = models.FileField(_("видеофайл"), upload_to="kb/guides/video/", blank=True, editable=False)
    video_captions = models.FileField(_("субтитры"), upload_to="kb/guides/video/", blank=True, editable=False)
    video_seconds = models.PositiveSmallIntegerField(_("длительность видео, с"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("статус"), max_length=16, choices=Article.Status.choices, default=Article.Status.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("пошаговая инструкция")
        verbose_name_plural = _("пошаговые инструкции")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def video_duration(self) -> str:
        """«1:18»: how long the desk's own video runs."""
        seconds = self.video_seconds or 0
        return f"{seconds // 60}:{seconds % 60:02d}" if seconds else ""


class GuideStep(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("заголовок шага"), max_length=200)
    text = models.TextField(_("что сделать"))
    screenshot = models.ImageField(_("снимок экрана"), upload_to="kb/guides/", blank=True)
    # a drawn diagram of the screen (knowledgebase.guide_media), not a photo of the portal: the page says so
    screenshot_is_diagram = models.BooleanField(_("схема экрана, а не снимок"), default=False, editable=False)
    screen_description = models.CharField(
        _("описание экрана"),
        max_length=300,
        help_text=_("Что видно на экране: это текстовая замена снимка для незрячих и при отключённых картинках."),
    )

    class Meta:
        verbose_name = _("шаг инструкции")
        verbose_name_plural = _("шаги инструкции")
        ordering = ["guide", "position", "id"]

    def __str__(self) -> str:
        return self.title
