"""Writes to the knowledge base. Imports and the demo seed go through here, like the admin will."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from knowledgebase.models import (
    REVIEW_INTERVAL_DAYS,
    Article,
    ArticleFeedback,
    ArticleTranslation,
    Category,
    GovernmentService,
    Guide,
    GuideStep,
    ServiceDocument,
    ServiceStep,
    Tag,
)

logger = logging.getLogger(__name__)
# Editors hear of an article a fortnight before its review date, and again each week while it stays overdue.
REVIEW_NOTICE_DAYS = 14
REVIEW_REPEAT_DAYS = 7


def category_upsert(*, slug: str, name: str, description: str = "", position: int = 0) -> tuple[Category, bool]:
    """Create the category at `slug` or bring it to the given values; returns (category, changed)."""
    return _upsert(Category, slug=slug, values={"name": name, "description": description, "position": position})


@transaction.atomic
def article_upsert(
    *,
    slug: str,
    category: Category,
    title: str,
    summary: str,
    body: str,
    topic=None,
    status: str = Article.Status.PUBLISHED,
    is_public: bool = True,
    language: str = "ru",
    regulation_as_of: date | None = None,
) -> tuple[Article, bool]:
    """Create the article at `slug` or bring it to the given values; returns (article, changed).

    An unchanged article is not saved, so `updated_at` keeps meaning «last edited».
    """
    return _upsert(
        Article,
        slug=slug,
        values={
            "category": category,
            "topic": topic,
            "title": title.strip(),
            "summary": summary.strip(),
            "body": body.strip(),
            "status": status,
            "is_public": is_public,
            "language": language,
            "regulation_as_of": regulation_as_of,
        },
    )


def _upsert(model, *, values: dict, **lookup):
    """Create the row found by `lookup` or bring it to `values`; an unchanged row is not saved."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if _current(instance, name) != _comparable(value)]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()  # a full save: the generated search vector is refreshed by PostgreSQL either way
    return instance, True


def _current(instance, name: str):
    field = instance._meta.get_field(name)
    # compare foreign keys by id: reading the related object would cost a query per field
    return getattr(instance, field.attname) if field.is_relation else getattr(instance, name)


def _comparable(value):
    return value.pk if hasattr(value, "_meta") else value


@transaction.atomic
def article_vote(*, article: Article, helpful: bool, deflected: bool = False) -> ArticleFeedback:
    """A reader's «Помогла / не помогла» (`deflected`: they were contacting support — the request form, the
    chat): an event for analytics, and the article's counters for ranking, updated in place."""
    event = ArticleFeedback.objects.create(article=article, is_helpful=helpful, is_contacting_support=deflected)
    changes = {"helpful_count": F("helpful_count") + 1} if helpful else {"unhelpful_count": F("unhelpful_count") + 1}
    if helpful and deflected:
        changes["deflected_count"] = F("deflected_count") + 1
    # .update(): no save(), so the vote neither re-indexes the article nor makes it look freshly edited
    Article.objects.filter(pk=article.pk).update(**changes)
    return event


def article_tags_set(*, article: Article, names: list[str]) -> list[Tag]:
    """Label the article with exactly these tags, creating the ones that do not exist yet."""
    tags = []
    for name in dict.fromkeys(name.strip().lower() for name in names if name.strip()):
        tag, _created = Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name, allow_unicode=True)})
        tags.append(tag)
    article.tags.set(tags)
    return tags


def article_translation_upsert(
    *, article: Article, language: str, title: str, summary: str, body: str, status: str = Article.Status.PUBLISHED
) -> tuple[ArticleTranslation, bool]:
    return _upsert(
        ArticleTranslation,
        article=article,
        language=language,
        values={"title": title.strip(), "summary": summary.strip(), "body": body.strip(), "status": status},
    )


@transaction.atomic
def service_upsert(
    *, spec: dict, articles: list[Article], status: str = Article.Status.PUBLISHED
) -> tuple[GovernmentService, bool]:
    """A service with its documents and form steps, as the demo data and imports describe it (TQ2).

    Documents and steps are replaced as a whole: their order is part of the meaning.
    """
    fields = [
        "name", "department", "summary", "who_can_apply", "processing_time", "processing_days", "fee",
        "signature", "signature_note", "result", "regulation",
    ]
    values = {name: spec.get(name) for name in fields}
    values["signature_note"] = values["signature_note"] or ""
    values["regulation_as_of"] = date.fromisoformat(spec["regulation_as_of"])
    values["status"] = status
    service, created = GovernmentService.objects.update_or_create(slug=spec["slug"], defaults=values)
    service.documents.all().delete()
    ServiceDocument.objects.bulk_create(
        ServiceDocument(service=service, position=position, name=name, note=note or "", is_required=required)
        for position, (name, note, required) in enumerate(spec["documents"])
    )
    service.steps.all().delete()
    ServiceStep.objects.bulk_create(
        ServiceStep(service=service, position=position, text=text) for position, text in enumerate(spec["steps"])
    )
    service.articles.set(articles)
    return service, created


@transaction.atomic
def guide_upsert(
    *, spec: dict, article: Article | None, status: str = Article.Status.PUBLISHED
) -> tuple[Guide, bool]:
    """A step-by-step guide (CH5). Steps keep the screenshots editors uploaded: they are matched by position."""
    guide, created = Guide.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "summary": spec["summary"],
            "article": article,
            "video_url": spec.get("video_url", ""),
            "video_transcript": spec.get("video_transcript", ""),
            "status": status,
        },
    )
    for position, step in enumerate(spec["steps"]):
        GuideStep.objects.update_or_create(
            guide=guide,
            position=position,
            defaults={"title": step["title"], "text": step["text"], "screen_description": step["screen"]},
        )
    guide.steps.filter(position__gte=len(spec["steps"])).delete()
    return guide, created


def article_view_record(*, article: Article, day: date | None = None) -> None:
    """Count one opening of the article for today's analytics: one upsert, no row per view."""
    day = day or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO knowledgebase_articleviewday (article_id, day, views) VALUES (%s, %s, 1)"
            " ON CONFLICT (article_id, day) DO UPDATE SET views = knowledgebase_articleviewday.views + 1",
            [article.pk, day],
        )


def article_review_confirm(*, article: Article, today: date) -> Article:
    """The editor checked the article against the current regulation: the regulation date is today's, the next
    review comes after the usual interval, and reminders start over."""
    article.regulation_as_of = today
    article.review_due_on = today + timedelta(days=REVIEW_INTERVAL_DAYS)
    article.review_reminded_on = None
    article.save(update_fields=["regulation_as_of", "review_due_on", "review_reminded_on", "updated_at"])
    return article


def review_reminders_send(*, today: date | None = None) -> int:
    """Tell each editor which published articles are due for review soon or overdue; returns emails sent.

    Articles without an editor go to the supervisors. An article is announced once when it enters the
    notice window and then weekly while overdue, so a forgotten review keeps reminding without flooding.
    """
    from accounts.models import User
    from accounts.roles import Role

    today = today or timezone.localdate()
    due = Article.objects.filter(
        status=Article.Status.PUBLISHED, review_due_on__lte=today + timedelta(days=REVIEW_NOTICE_DAYS)
    ).select_related("editor")
    to_announce = [
        article
        for article in due
        if article.review_reminded_on is None
        or (article.review_due_on <= today and article.review_reminded_on <= today - timedelta(days=REVIEW_REPEAT_DAYS))
        or article.review_reminded_on < article.review_due_on - timedelta(days=REVIEW_NOTICE_DAYS)
    ]
    if not to_announce:
        return 0
    supervisors = list(
        User.objects.filter(groups__name=Role.SUPERVISOR, is_active=True).exclude(email="").distinct()
    )
    by_recipient: dict[User, list[Article]] = defaultdict(list)
    for article in to_announce:
        for recipient in [article.editor] if article.editor and article.editor.is_active else supervisors:
            by_recipient[recipient].append(article)
    sent, announced = 0, set()
    for recipient, articles in by_recipient.items():
        if _review_reminder_email(recipient=recipient, articles=articles, today=today):
            sent += 1
            announced.update(article.pk for article in articles)
    # an email that failed leaves its articles unmarked: the next daily run tries again
    Article.objects.filter(pk__in=announced).update(review_reminded_on=today)
    return sent


def _review_reminder_email(*, recipient, articles: list[Article], today: date) -> bool:
    context = {
        "recipient": recipient,
        "articles": sorted(articles, key=lambda article: article.review_due_on),
        "today": today,
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("knowledgebase/email/review_reminder_subject.txt", context).strip()
        body = render_to_string("knowledgebase/email/review_reminder.txt", context)
    try:
        EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
    except OSError:
        logger.warning("review reminder not sent: the mail server is unreachable")
        return False
    return True


@transaction.atomic
def guide_illustrate(*, guide: Guide, screens: list[dict]) -> bool:
    """Draw each step's screen diagram and the guide's silent training video (knowledgebase.guide_media).

    `screens`: one per step, in order: {"layout": [...], "frame": "browser" | "phone" | "window"}. A screenshot an
    editor uploaded stays. Files are named by a digest of what they are drawn from, so a guide that did not
    change writes nothing; returns whether anything was written.
    """
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from knowledgebase import guide_media

    steps = list(guide.steps.order_by("position"))
    total = len(steps)
    drawn = []
    for step, screen in zip(steps, screens, strict=True):
        layout = tuple(tuple(element) for element in screen["layout"])
        frame = screen.get("frame", "browser")
        digest = guide_media.layout_digest(layout, frame, step.title)
        drawn.append((step, layout, frame, digest))

    def diagram(layout, frame, step) -> bytes:
        return guide_media.screen_diagram(layout=layout, frame=frame, caption=step.title)

    def stored(name: str, content: bytes | str) -> str:
        if not default_storage.exists(name):
            data = content.encode() if isinstance(content, str) else content
            name = default_storage.save(name, ContentFile(data))
        return name

    changed = False
    for step, layout, frame, digest in drawn:
        name = f"kb/guides/{guide.slug}-{step.position + 1}-scheme-{digest}.png"
        if step.screenshot and not step.screenshot_is_diagram:
            continue  # an editor's real screenshot
        if step.screenshot.name != name or not default_storage.exists(name):
            step.screenshot.name = stored(name, diagram(layout, frame, step))
            step.screenshot_is_diagram = True
            step.save(update_fields=["screenshot", "screenshot_is_diagram"])
            changed = True

    slides_key = [(step.title, step.text, step.screen_description, digest) for step, _l, _f, digest in drawn]
    video_digest = guide_media.layout_digest(guide.title, slides_key)
    video_name = f"kb/guides/video/{guide.slug}-{video_digest}.webm"
    captions_name = f"kb/guides/video/{guide.slug}-{video_digest}.vtt"
    up_to_date = (
        guide.video_file.name == video_name
        and guide.video_captions.name == captions_name
        and default_storage.exists(video_name)
        and default_storage.exists(captions_name)
    )
    slides = tuple(
        guide_media.Slide(
            title=f"Шаг {step.position + 1} из {total}. {step.title}",
            caption=step.text,
            screen=step.screen_description,
            seconds=guide_media.step_seconds(step.text),
            image=diagram(layout, frame, step) if not up_to_date else b"",
        )
        for step, layout, frame, _digest in drawn
    )
    transcript = guide_media.transcript(slides)
    if up_to_date and guide.video_transcript == transcript:
        return changed
    if not up_to_date:
        video = guide_media.training_video(title=guide.title, slides=slides)
        guide.video_file.name = stored(video_name, video.webm)
        guide.video_captions.name = stored(captions_name, video.captions)
        guide.video_seconds = video.seconds
    guide.video_transcript = transcript
    guide.save(update_fields=["video_file", "video_captions", "video_seconds", "video_transcript", "updated_at"])
    return True
