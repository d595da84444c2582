"""Images are decoded and saved again from their pixels alone: what is stored carries no metadata.

EXIF (GPS position, camera, owner), XMP, IPTC, comments, PNG text chunks and colour profiles all stay behind;
the EXIF orientation is applied first so the picture stays upright. Every frame of an animation or a multi-page
TIFF scan is kept. Decompression bombs (huge pixel counts in a small file) are refused before decoding.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence

from tickets.attachments.refusal import Unsafe

MAX_FRAMES = 500
# Only what draws the picture survives re-encoding (transparency, animation timing); everything else is dropped.
_PICTURE_INFO = {"transparency", "duration", "loop", "background", "disposal", "blend"}
_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "TIFF": {"compression": "tiff_lzw"},
    "WEBP": {"quality": 90},
    "GIF": {},
}
_MODES = {  # what each format can store; other modes are converted (a 16-bit PNG stays 16-bit, a CMYK JPEG CMYK)
    "JPEG": {"L", "RGB", "CMYK"},
    "PNG": {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"},
    "GIF": {"L", "P", "RGB", "RGBA"},
    "WEBP": {"RGB", "RGBA"},
    "TIFF": {"1", "L", "LA", "I", "I;16", "F", "P", "RGB", "RGBA", "CMYK", "YCbCr"},
}


def reencode_image(data: bytes, image_format: str) -> bytes:
    limit = settings.ATTACHMENT_MAX_IMAGE_PIXELS
    # Pillow's own guard refuses at twice its global limit while opening; _clean_frames refuses at the limit.
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            frames = _clean_frames(image, limit, keep_all=image_format != "JPEG")
        return _save(frames, image_format)
    except Unsafe:
        raise
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except Exception as error:  # Pillow's decoders raise many kinds of errors on hostile bytes; all mean «unreadable»
        raise Unsafe(_("изображение повреждено или не читается"), code="image_broken") from error


def _clean_frames(image: Image.Image, limit: int, *, keep_all: bool) -> list[Image.Image]:
    """Every frame (animation, TIFF pages) as a fresh image; a JPEG keeps its first (MPO previews are dropped)."""
    if image.width * image.height > limit:
        raise _too_many_pixels()
    frames: list[Image.Image] = []
    pixels = 0
    for frame in ImageSequence.Iterator(image):
        pixels += frame.width * frame.height
        if pixels > limit:
            raise _too_many_pixels()
        if len(frames) >= MAX_FRAMES:
            raise Unsafe(_("в изображении слишком много кадров или страниц"), code="image_frames")
        frame.load()
        clean = ImageOps.exif_transpose(frame)  # always a new image, turned upright
        clean.info = {key: value for key, value in frame.info.items() if key in _PICTURE_INFO}
        frames.append(clean)
        if not keep_all:
            break
    if not frames:
        raise Unsafe(_("изображение повреждено или не читается"), code="image_broken")
    return frames


def _save(frames: list[Image.Image], image_format: str) -> bytes:
    frames = [_storable(frame, _MODES[image_format]) for frame in frames]
    options = dict(_SAVE_OPTIONS[image_format])
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:])
        if image_format in ("GIF", "PNG", "WEBP"):
            options.update(duration=[frame.info.get("duration", 100) for frame in frames],
                           loop=frames[0].info.get("loop", 0))
    out = io.BytesIO()
    frames[0].save(out, format=image_format, **options)
    return out.getvalue()


def _storable(frame: Image.Image, allowed_modes: set[str]) -> Image.Image:
    if frame.mode in allowed_modes:
        return frame
    has_alpha = "A" in frame.mode or "a" in frame.mode or "transparency" in frame.info
    return frame.convert("RGBA" if has_alpha and "RGBA" in allowed_modes else "RGB")


def _too_many_pixels() -> Unsafe:
    return Unsafe(_("изображение слишком большое по числу точек; уменьшите разрешение"), code="image_bomb")
