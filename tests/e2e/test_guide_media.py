"""A seeded guide in a real browser: each step's screen diagram is drawn, and its training video plays with captions.

The files are drawn here (knowledgebase.services.guide_illustrate) into the media folder of the server under
test, as `manage.py seed_demo` does for the demo.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from knowledgebase.demo_guides import DEMO_GUIDES
from knowledgebase.services import guide_illustrate, guide_upsert
from tests.e2e.conftest import SERVER_LOG_KEY
from tests.e2e.test_accessibility import violations
from tests.e2e.test_request_answered import TIMEOUT_MS

SPEC = next(spec for spec in DEMO_GUIDES if spec["slug"] == "guide-vosstanovlenie-parolya")


@pytest.fixture(scope="module")
def illustrated_guide(base_url, pytestconfig, django_db_blocker):
    # the server's var/ folder sits beside its log (tests/e2e/conftest.py); its media folder is var/media
    server_var = pytestconfig.stash[SERVER_LOG_KEY].parent / "var"
    server_media = os.environ.get("SUPPORTDESK_MEDIA_ROOT") or server_var / "media"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=Path(server_media)):
        guide, _created = guide_upsert(spec={**SPEC, "slug": "e2e-guide-media"}, article=None)
        guide_illustrate(guide=guide, screens=SPEC["steps"])
        guide.refresh_from_db()
    return guide


def test_each_step_shows_its_drawn_screen_with_a_text_alternative(page: Page, base_url, illustrated_guide):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("knowledgebase:guide", args=[illustrated_guide.slug]) + "?all=1")

    images = page.locator("figure.kb-screenshot img")
    expect(images).to_have_count(len(SPEC["steps"]))
    for index, step in enumerate(SPEC["steps"]):
        image = images.nth(index)
        image.scroll_into_view_if_needed()  # they load lazily
        expect(image).to_have_attribute("alt", step["screen"])
        page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    expect(page.get_by_text("Схема экрана — упрощённый рисунок, не снимок портала.").first).to_be_visible()
    assert violations(page) == []


def test_the_training_video_plays_with_captions_from_the_steps(page: Page, base_url, illustrated_guide):
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(reverse("knowledgebase:guide", args=[illustrated_guide.slug]))

    video = page.locator("section.kb-guide-video video")
    expect(video).to_be_visible()
    handle = video.element_handle()
    # metadata loaded: the browser decoded the WebM and knows its length
    page.wait_for_function("video => video.readyState >= 1 && video.duration > 0", arg=handle)
    duration = page.evaluate("video => video.duration", handle)
    assert abs(duration - illustrated_guide.video_seconds) <= 1
    page.evaluate("video => { video.textTracks[0].mode = 'showing'; }", handle)
    page.wait_for_function("video => video.textTracks[0].cues && video.textTracks[0].cues.length > 0", arg=handle)
    cues = page.evaluate("video => Array.from(video.textTracks[0].cues).map(cue => cue.text)", handle)
    assert cues[0] == SPEC["title"]
    assert cues[1].startswith(f"Шаг 1 из {len(SPEC['steps'])}. {SPEC['steps'][0]['title']}")
    page.get_by_text("Текст видео").click()
    expect(page.get_by_text(SPEC["steps"][-1]["text"], exact=False).last).to_be_visible()
    assert violations(page) == []
