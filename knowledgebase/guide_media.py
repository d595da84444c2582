"""Screen diagrams and a silent training video for a step-by-step guide (CH5, ACC3), drawn without network.

The demo cannot photograph the real portal, and a made-up «screenshot» would pass a drawing off as the
portal. So each step gets a *diagram* of its screen: the fields, buttons and messages the step's description
names, with the element the step asks to use outlined, every one labelled «Схема экрана — упрощённый
рисунок, не снимок портала». The training video is a slideshow of those diagrams (WebM, VP9, no sound) with
WebVTT captions carrying each step's text, and a transcript for readers who cannot watch it.

A layout is a list of elements `(kind, text)` or `(kind, text, "mark")`, drawn top to bottom; "mark" outlines
the element the step tells the citizen to use. Kinds: title, text, field («label|value»), button, button2
(secondary), link, check, radio, switch, card («left|right»), item, ok / todo (a requirement met or not),
upload, progress, error, success, tabs («A|B|C»), map, picture. A frame is browser, phone or window.

Pure rendering: no Django, no database. Deterministic for the same input, so the seed can tell by a digest of
the input whether a file is already there.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RENDERER_VERSION = 1  # part of every digest: a change of drawing makes new files
FONT_DIR = Path(__file__).resolve().parent / "data" / "fonts"
DIAGRAM_LABEL = "Схема экрана — упрощённый рисунок, не снимок портала"
DIAGRAM_WIDTH = 960
VIDEO_SIZE = (1280, 720)
VIDEO_TITLE_SECONDS = 4
VIDEO_STEP_MIN_SECONDS, VIDEO_STEP_MAX_SECONDS = 7, 18
READING_WORDS_PER_SECOND = 2.5  # an unhurried reading pace for captions

INK = (27, 39, 51)
MUTED = (74, 88, 104)
LINE = (138, 153, 168)
PAPER = (255, 255, 255)
BACKDROP = (234, 238, 243)
BLUE = (13, 76, 211)
MARK = (194, 65, 12)  # the outline of the element to use: 4.9:1 on white
RED = (185, 28, 28)
GREEN = (21, 128, 61)
BANNER = (31, 45, 61)


@dataclass(frozen=True)
class Slide:
    title: str  # «Шаг 2 из 6. Укажите телефон»
    caption: str  # the step's text, read in the captions
    screen: str  # what the diagram shows, in words: the transcript's text alternative
    seconds: int
    image: bytes  # PNG


@dataclass(frozen=True)
class Video:
    webm: bytes
    captions: str  # WebVTT
    transcript: str
    seconds: int


def layout_digest(*parts) -> str:
    """A short stable digest of what a file is drawn from: the file's name carries it."""
    data = json.dumps([RENDERER_VERSION, *parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _text_block(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, font, fill, width: int,
                spacing: int = 6) -> int:
    """Draws wrapped text; returns its height."""
    x, y = xy
    line_height = font.size + spacing
    lines = _wrap(text, font, width)
    for index, line in enumerate(lines):
        draw.text((x, y + index * line_height), line, font=font, fill=fill)
    return len(lines) * line_height - spacing


# --- one element of a screen ----------------------------------------------------------------------------


def _element(draw: ImageDraw.ImageDraw, kind: str, text: str, x: int, y: int, width: int, marked: bool) -> int:
    """Draws one element at (x, y) within `width`; returns its height."""
    regular, small, bold = _font(20), _font(17), _font(20, bold=True)
    left, _sep, right = text.partition("|")
    if kind == "title":
        return _text_block(draw, (x, y), text, _font(28, bold=True), INK, width)
    if kind == "text":
        return _text_block(draw, (x, y), text, regular, MUTED, width)
    if kind == "field":
        draw.text((x, y), left, font=small, fill=MUTED)
        box_top = y + 26
        draw.rounded_rectangle([x, box_top, x + min(width, 560), box_top + 46], radius=6, outline=LINE, width=2,
                               fill=PAPER)
        if right:
            draw.text((x + 14, box_top + 11), right, font=regular, fill=INK)
        return 72
    if kind in ("button", "button2"):
        label_width = int(bold.getlength(text))
        box = [x, y, x + label_width + 48, y + 50]
        if kind == "button":
            draw.rounded_rectangle(box, radius=8, fill=BLUE)
            draw.text((x + 24, y + 13), text, font=bold, fill=PAPER)
        else:
            draw.rounded_rectangle(box, radius=8, outline=BLUE, width=2, fill=PAPER)
            draw.text((x + 24, y + 13), text, font=bold, fill=BLUE)
        return 50
    if kind == "link":
        draw.text((x, y), text, font=regular, fill=BLUE)
        draw.line([x, y + 25, x + int(regular.getlength(text)), y + 25], fill=BLUE, width=2)
        return 28
    if kind == "check":
        draw.rectangle([x, y + 1, x + 26, y + 27], outline=INK, width=2, fill=PAPER)
        draw.text((x + 40, y + 2), text, font=regular, fill=INK)
        return 30
    if kind == "radio":
        draw.ellipse([x, y + 1, x + 26, y + 27], outline=INK, width=2, fill=PAPER)
        if marked:
            draw.ellipse([x + 7, y + 8, x + 19, y + 20], fill=BLUE)
        draw.text((x + 40, y + 2), text, font=regular, fill=INK)
        return 30
    if kind == "switch":
        on = marked
        draw.rounded_rectangle([x, y + 2, x + 52, y + 30], radius=14, fill=BLUE if on else LINE)
        knob = x + 28 if on else x + 4
        draw.ellipse([knob, y + 6, knob + 20, y + 26], fill=PAPER)
        draw.text((x + 68, y + 4), text, font=regular, fill=INK)
        return 32
    if kind == "card":
        two_lines = right and bold.getlength(left) + regular.getlength(right) + 60 > width
        height = 90 if two_lines else 62
        draw.rounded_rectangle([x, y, x + width, y + height], radius=8, outline=LINE, width=2, fill=PAPER)
        draw.text((x + 18, y + 19), left, font=bold, fill=INK)
        if two_lines:
            draw.text((x + 18, y + 50), right, font=regular, fill=MUTED)
        elif right:
            draw.text((x + width - 18 - int(regular.getlength(right)), y + 19), right, font=regular, fill=MUTED)
        return height
    if kind == "item":
        draw.text((x, y), "•", font=regular, fill=INK)
        return _text_block(draw, (x + 24, y), text, regular, INK, width - 24)
    if kind in ("ok", "todo"):
        draw.text((x, y), "✓" if kind == "ok" else "○", font=bold, fill=GREEN if kind == "ok" else LINE)
        return _text_block(draw, (x + 30, y), text, regular, INK if kind == "ok" else MUTED, width - 30)
    if kind == "upload":
        box = [x, y, x + width, y + 92]
        _dashed_rectangle(draw, box, BLUE)
        label_width = int(bold.getlength(text))
        draw.text((x + (width - label_width) // 2, y + 33), text, font=bold, fill=BLUE)
        return 92
    if kind == "progress":
        draw.text((x, y), text, font=regular, fill=INK)
        draw.rounded_rectangle([x, y + 32, x + width, y + 46], radius=7, fill=BACKDROP)
        draw.rounded_rectangle([x, y + 32, x + int(width * 0.6), y + 46], radius=7, fill=BLUE)
        return 46
    if kind in ("error", "success"):
        colour = RED if kind == "error" else GREEN
        prefix = "⚠ " if kind == "error" else "✓ "
        lines = _wrap(prefix + text, bold, width - 36)
        height = 26 * len(lines) + 28
        draw.rounded_rectangle([x, y, x + width, y + height], radius=8, outline=colour, width=2,
                               fill=(254, 242, 242) if kind == "error" else (240, 253, 244))
        _text_block(draw, (x + 18, y + 14), prefix + text, bold, colour, width - 36)
        return height
    if kind == "tabs":
        cursor = x
        for index, tab in enumerate(text.split("|")):
            font = bold if index == 0 else regular
            draw.text((cursor, y), tab, font=font, fill=BLUE if index == 0 else MUTED)
            tab_width = int(font.getlength(tab))
            if index == 0:
                draw.line([cursor, y + 32, cursor + tab_width, y + 32], fill=BLUE, width=3)
            cursor += tab_width + 32
        draw.line([x, y + 34, x + width, y + 34], fill=LINE, width=1)
        return 36
    if kind == "map":
        box = [x, y, x + width, y + 200]
        draw.rectangle(box, fill=(226, 236, 226), outline=LINE, width=2)
        for step in range(1, 6):
            draw.line([x + step * width // 6, y, x + step * width // 6 - 40, y + 200], fill=PAPER, width=5)
        draw.line([x, y + 120, x + width, y + 70], fill=PAPER, width=7)
        for px, py in ((0.25, 0.4), (0.55, 0.62), (0.78, 0.3)):
            cx, cy = x + int(width * px), y + int(200 * py)
            draw.ellipse([cx - 11, cy - 11, cx + 11, cy + 11], fill=RED, outline=PAPER, width=3)
        draw.text((x + 12, y + 10), text, font=small, fill=INK)
        return 200
    if kind == "picture":
        box = [x, y, x + 260, y + 130]
        draw.rectangle(box, fill=BACKDROP, outline=LINE, width=2)
        for offset in range(-130, 260, 18):
            draw.line([x + max(offset, 0), y + max(-offset, 0), x + min(offset + 130, 260),
                       y + min(130, 260 - offset)], fill=(214, 220, 228), width=2)
        draw.text((x + 14, y + 52), text, font=small, fill=INK)
        return 130
    raise ValueError(f"unknown screen element {kind!r}")


def _dashed_rectangle(draw: ImageDraw.ImageDraw, box: list[int], colour, dash: int = 12) -> None:
    x0, y0, x1, y1 = box
    for start in range(x0, x1, dash * 2):
        draw.line([start, y0, min(start + dash, x1), y0], fill=colour, width=2)
        draw.line([start, y1, min(start + dash, x1), y1], fill=colour, width=2)
    for start in range(y0, y1, dash * 2):
        draw.line([x0, start, x0, min(start + dash, y1)], fill=colour, width=2)
        draw.line([x1, start, x1, min(start + dash, y1)], fill=colour, width=2)


def _screen_content(layout: Sequence[Sequence[str]], width: int, *, pointer: bool) -> Image.Image:
    """The elements stacked top to bottom on white, the marked one outlined (and pointed at, where there is
    room on the right), cropped to what was drawn."""
    canvas = Image.new("RGB", (width, 2400), PAPER)
    draw = ImageDraw.Draw(canvas)
    inner = width - 2 * 28 - (130 if pointer else 0)
    y = 24
    for element in layout:
        kind, text, *flags = element
        marked = "mark" in flags
        height = _element(draw, kind, text, 28, y, inner, marked)
        if marked:
            used = _used_width(kind, text, inner)
            draw.rounded_rectangle([28 - 9, y - 9, 28 + used + 9, y + height + 9], radius=10, outline=MARK,
                                   width=4)
            if pointer:
                draw.text((28 + used + 22, y + height // 2 - 13), "← здесь", font=_font(20, bold=True), fill=MARK)
        y += height + 22
    return canvas.crop((0, 0, width, y + 4))


def _used_width(kind: str, text: str, inner: int) -> int:
    """How wide the element is drawn, for the outline around the marked one."""
    regular, bold = _font(20), _font(20, bold=True)
    if kind in ("button", "button2"):
        return int(bold.getlength(text)) + 48
    if kind == "field":
        return min(inner, 560)
    if kind in ("link", "title", "text"):
        font = _font(28, bold=True) if kind == "title" else regular
        return min(inner, int(font.getlength(text)))
    if kind in ("check", "radio"):
        return 40 + int(regular.getlength(text))
    if kind == "switch":
        return 68 + int(regular.getlength(text))
    if kind == "picture":
        return 260
    if kind in ("ok", "todo", "item"):
        return min(inner, 30 + int(regular.getlength(text)))
    return inner


@lru_cache(maxsize=128)  # the seed asks again on every run; drawing once per process is enough
def screen_diagram(*, layout: tuple[tuple[str, ...], ...], frame: str = "browser", caption: str = "") -> bytes:
    """A PNG diagram of one screen, inside a browser window, a phone or a desktop dialog, under the banner that
    says it is a diagram. A dialog's first «title» is its title bar; else the bar shows `caption`."""
    phone = frame == "phone"
    if frame == "window" and layout and layout[0][0] == "title":
        caption, layout = layout[0][1], layout[1:]
    content = _screen_content(layout, 420 if phone else DIAGRAM_WIDTH - 80, pointer=not phone)
    banner_height, margin = 44, 24
    chrome = 56 if frame != "phone" else 40
    frame_width = content.width + 4
    height = banner_height + margin + chrome + content.height + (40 if phone else 4) + margin
    image = Image.new("RGB", (DIAGRAM_WIDTH, max(height, 420)), BACKDROP)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, DIAGRAM_WIDTH, banner_height], fill=BANNER)
    draw.text((20, 11), DIAGRAM_LABEL, font=_font(18, bold=True), fill=PAPER)
    left, top = (DIAGRAM_WIDTH - frame_width) // 2, banner_height + margin
    bottom = top + chrome + content.height + (40 if phone else 4)
    draw.rounded_rectangle([left, top, left + frame_width, bottom], radius=28 if phone else 10, fill=PAPER,
                           outline=LINE, width=2)
    if frame == "browser":
        draw.rounded_rectangle([left, top, left + frame_width, top + chrome], radius=10, fill=(246, 248, 250))
        for index, colour in enumerate(((232, 90, 79), (244, 190, 79), (98, 190, 98))):
            draw.ellipse([left + 18 + index * 22, top + 21, left + 32 + index * 22, top + 35], fill=colour)
        draw.rounded_rectangle([left + 100, top + 12, left + frame_width - 24, top + 44], radius=16, fill=PAPER,
                               outline=LINE)
        draw.text((left + 118, top + 18), "Портал госуслуг", font=_font(16), fill=MUTED)
    elif frame == "window":
        draw.rounded_rectangle([left, top, left + frame_width, top + chrome], radius=10, fill=(224, 229, 236))
        draw.text((left + 20, top + 17), caption[:70], font=_font(18, bold=True), fill=INK)
        draw.text((left + frame_width - 40, top + 14), "×", font=_font(24), fill=MUTED)
    else:
        draw.rounded_rectangle([left + frame_width // 2 - 50, top + 12, left + frame_width // 2 + 50, top + 24],
                               radius=6, fill=BACKDROP)
    image.paste(content, (left + 2, top + chrome))
    if phone:
        draw.rounded_rectangle([left + frame_width // 2 - 60, bottom - 24, left + frame_width // 2 + 60,
                                bottom - 16], radius=4, fill=BACKDROP)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # pixels only: no text chunks, no metadata
    return out.getvalue()


# --- the training video -------------------------------------------------------------------------------


def step_seconds(text: str) -> int:
    """How long a step's slide stays up: long enough to read its caption unhurried."""
    words = len(text.split())
    return max(VIDEO_STEP_MIN_SECONDS, min(VIDEO_STEP_MAX_SECONDS, round(3 + words / READING_WORDS_PER_SECOND)))


def _slide_frame(*, heading: str, image: bytes | None, note: str = "") -> Image.Image:
    width, height = VIDEO_SIZE
    frame = Image.new("RGB", VIDEO_SIZE, BANNER)
    draw = ImageDraw.Draw(frame)
    bar = 96
    if image is None:  # the title slide
        lines = _wrap(heading, _font(44, bold=True), width - 160)
        for index, line in enumerate(lines):
            draw.text((80, 220 + index * 58), line, font=_font(44, bold=True), fill=PAPER)
        _text_block(draw, (80, 240 + len(lines) * 58), note, _font(26), (203, 213, 225), width - 160, spacing=10)
        return frame
    picture = Image.open(io.BytesIO(image)).convert("RGB")
    picture.thumbnail((width - 40, height - bar - 30))
    frame.paste(picture, ((width - picture.width) // 2, 15 + (height - bar - 30 - picture.height) // 2))
    draw.rectangle([0, height - bar, width, height], fill=(15, 23, 42))
    _text_block(draw, (40, height - bar + 16), heading, _font(30, bold=True), PAPER, width - 80)
    return frame


@lru_cache(maxsize=16)
def training_video(*, title: str, slides: tuple[Slide, ...]) -> Video:
    """A silent WebM (VP9) of the slides after a title slide, with captions and a transcript."""
    import av  # PyAV: FFmpeg's encoders in a wheel; imported here so a page view never loads it

    note = "Видеоинструкция без звука: схемы экранов по шагам. Текст каждого шага — в субтитрах и под видео."
    frames = [(_slide_frame(heading=title, image=None, note=note), VIDEO_TITLE_SECONDS)]
    frames += [(_slide_frame(heading=slide.title, image=slide.image), slide.seconds) for slide in slides]
    out = io.BytesIO()
    # bitexact: no random segment id or encoder stamp, so the same slides give the same bytes
    with av.open(out, mode="w", format="webm", container_options={"fflags": "+bitexact"}) as container:
        stream = container.add_stream("libvpx-vp9", rate=1)
        stream.width, stream.height = VIDEO_SIZE
        stream.pix_fmt = "yuv420p"
        # constant quality, every slide a key frame (seeking lands on it); «realtime» keeps encoding fast
        stream.options = {"crf": "36", "b:v": "0", "g": "1", "deadline": "realtime", "cpu-used": "8", "threads": "1"}
        pts = 0
        for picture, seconds in frames:
            # one frame per slide, shown until the next one's time (variable frame rate, as screen recordings)
            container.mux(stream.encode(_video_frame(picture, pts)))
            pts += seconds
        container.mux(stream.encode(_video_frame(frames[-1][0], pts - 1)))  # the last slide's end
        container.mux(stream.encode(None))
    return Video(
        webm=out.getvalue(),
        captions=_webvtt(title=title, slides=slides),
        transcript=transcript(slides),
        seconds=pts,
    )


def _video_frame(picture: Image.Image, pts: int):
    import av

    frame = av.VideoFrame.from_image(picture)
    frame.pts = pts
    return frame


def _timestamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}.000"


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "->")


def _webvtt(*, title: str, slides: Sequence[Slide]) -> str:
    cues = ["WEBVTT", ""]
    start = 0
    for number, (heading, text, seconds) in enumerate(
        [(title, "", VIDEO_TITLE_SECONDS), *((slide.title, slide.caption, slide.seconds) for slide in slides)], 1
    ):
        cues += [str(number), f"{_timestamp(start)} --> {_timestamp(start + seconds)}", _vtt_text(heading)]
        if text:
            cues.append(_vtt_text(text))
        cues.append("")
        start += seconds
    return "\n".join(cues)


def transcript(slides: Sequence[Slide]) -> str:
    """The video in words, for readers who cannot watch it: each step with what its diagram shows."""
    lines = ["Видео без звука: на каждом слайде — схема экрана и название шага."]
    lines += [f"{slide.title}\n{slide.caption}\nНа схеме: {slide.screen}" for slide in slides]
    return "\n\n".join(lines)
