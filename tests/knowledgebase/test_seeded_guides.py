"""Every seeded step-by-step guide shows a picture of each step's screen and has a training video (CH5, ACC3).

The pictures are diagrams drawn at seed time, labelled as such; the video is the desk's own file, served with
captions and a transcript.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from knowledgebase.demo import knowledgebase_demo_seed
from knowledgebase.demo_guides import DEMO_GUIDES
from knowledgebase.forms import GuideStepForm
from knowledgebase.models import Guide, GuideStep
from knowledgebase.services import guide_illustrate
from tickets.models import Topic

pytestmark = pytest.mark.django_db

WEBM_MAGIC = b"\x1a\x45\xdf\xa3"  # the EBML header every Matroska/WebM file starts with


def seed() -> None:
    knowledgebase_demo_seed({topic.code: topic for topic in Topic.objects.all()})


def test_every_seeded_guide_shows_each_steps_screen_with_its_description(client):
    seed()

    assert Guide.objects.count() == len(DEMO_GUIDES) >= 6
    for guide in Guide.objects.prefetch_related("steps"):
        page = client.get(reverse("knowledgebase:guide", args=[guide.slug]), {"all": "1"}).text
        images = dict(re.findall(r'<img src="([^"]+/screenshot/)" alt="([^"]*)"', page))
        steps = list(guide.steps.all())

        assert len(images) == len(steps), guide.slug
        for step in steps:
            url = reverse("knowledgebase:guide_screenshot", args=[guide.slug, step.position])
            assert html.unescape(images[url]) == step.screen_description  # the alt text says what it shows
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"] == "image/png"
            picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
            assert picture.format == "PNG" and picture.width == 960 and picture.height >= 420
            assert not picture.info.get("exif") and not picture.text  # no metadata, as uploads are stored
        # drawn, not photographed: every picture is said to be a diagram
        assert page.count("Схема экрана — упрощённый рисунок, не снимок портала") == len(steps)


def test_every_seeded_guide_has_its_own_training_video_with_captions_and_a_transcript(client):
    seed()

    for guide in Guide.objects.prefetch_related("steps"):
        page = client.get(reverse("knowledgebase:guide", args=[guide.slug])).text
        video_url = reverse("knowledgebase:guide_video", args=[guide.slug])
        captions_url = reverse("knowledgebase:guide_captions", args=[guide.slug])
        steps = list(guide.steps.all())

        assert "Обучающее видео" in page and f'<source src="{video_url}" type="video/webm">' in page
        assert f'<track kind="captions" srclang="ru" label="Русский" src="{captions_url}" default>' in page
        assert "Видео без звука" in page and "Текст видео" in page
        video = client.get(video_url)
        assert video.status_code == 200 and video["Content-Type"] == "video/webm"
        assert b"".join(video.streaming_content).startswith(WEBM_MAGIC)
        captions = client.get(captions_url)
        assert captions["Content-Type"].startswith("text/vtt")
        cues = b"".join(captions.streaming_content).decode()
        assert cues.startswith("WEBVTT")
        transcript = html.unescape(page)
        for number, step in enumerate(steps, 1):
            assert f"Шаг {number} из {len(steps)}. {step.title}" in cues
            assert step.text in transcript and step.screen_description in transcript
        assert guide.video_seconds >= 7 * len(steps)


def test_seeding_again_draws_nothing_new():
    seed()
    names = sorted(GuideStep.objects.values_list("screenshot", flat=True))
    videos = sorted(Guide.objects.values_list("video_file", "video_captions", "video_transcript"))

    for guide, spec in zip(Guide.objects.order_by("slug"), sorted(DEMO_GUIDES, key=lambda g: g["slug"]), strict=True):
        assert guide_illustrate(guide=guide, screens=spec["steps"]) is False
    seed()

    assert sorted(GuideStep.objects.values_list("screenshot", flat=True)) == names
    assert sorted(Guide.objects.values_list("video_file", "video_captions", "video_transcript")) == videos


def test_a_screenshot_an_editor_uploaded_stays_and_is_not_called_a_diagram(client):
    seed()
    step = GuideStep.objects.select_related("guide").get(guide__slug="guide-vosstanovlenie-parolya", position=0)
    upload = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(upload, format="PNG")
    form = GuideStepForm(
        data={"position": 0, "title": step.title, "text": step.text, "screen_description": step.screen_description},
        files={"screenshot": SimpleUploadedFile("login.png", upload.getvalue(), content_type="image/png")},
        instance=step,
    )
    assert form.is_valid(), form.errors
    form.save()

    seed()
    step.refresh_from_db()
    page = client.get(reverse("knowledgebase:guide", args=[step.guide.slug]), {"step": "1"}).text

    assert "-scheme-" not in step.screenshot.name and not step.screenshot_is_diagram
    assert "не снимок портала" not in page
