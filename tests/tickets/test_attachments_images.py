"""SEC4: images are stored re-encoded — no metadata left, upright, every frame kept; bombs and broken files refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageSequence

from tests.tickets.attachment_samples import SECRET, photo, upload
from tickets.attachments import attachment_check
from tickets.errors import AttachmentRejected


def stored_image(data: bytes, name: str = "IMG_0001") -> tuple[bytes, Image.Image]:
    checked = attachment_check(upload(data, name))
    assert checked.size == len(checked.content)
    image = Image.open(io.BytesIO(checked.content))
    image.load()
    return checked.content, image


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF", "TIFF"])
def test_every_kind_of_metadata_is_gone(image_format):
    original = photo(image_format)
    assert SECRET.encode() in original

    content, image = stored_image(original)

    assert SECRET.encode() not in content  # not in EXIF, XMP, comments, text chunks, TIFF tags — nowhere
    assert b"PhoneMaker" not in content
    # a TIFF's own layout tags (width, strips…) live in the same directory as EXIF; none of these may remain
    personal_tags = {0x010E, 0x010F, 0x0110, 0x0112, 0x013B, 0x8298, 0x8769, 0x8825, 0x02BC, 0x83BB, 0x8773}
    assert not personal_tags & set(image.getexif())
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "Author", "icc_profile"} & set(image.info)
    assert image.format == image_format and image.size == (40, 20)


def test_the_photo_is_turned_upright_before_its_exif_is_dropped():
    # orientation 6: the camera was turned; viewers rotate 90° clockwise. The left half of the sensor is blue.
    _content, image = stored_image(photo("JPEG", orientation=6, size=(40, 20)))

    assert image.size == (20, 40)
    top = image.convert("RGB").getpixel((10, 2))
    bottom = image.convert("RGB").getpixel((10, 37))
    assert top[2] > 200 and top[0] < 60  # the blue half is now on top
    assert bottom[0] > 200 and bottom[2] < 60


def test_an_icc_profile_is_dropped_but_the_picture_kept():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 30)).save(out, format="PNG", icc_profile=profile)

    _content, image = stored_image(out.getvalue())
    assert "icc_profile" not in image.info and image.getpixel((3, 3)) == (10, 200, 30)


def test_animations_and_multi_page_scans_keep_every_frame():
    colors = ["red", "green", "blue"]
    frames = [Image.new("RGB", (12, 12), color) for color in colors]
    for image_format, extension in [("GIF", "gif"), ("PNG", "png"), ("WEBP", "webp"), ("TIFF", "tif")]:
        out = io.BytesIO()
        frames[0].save(out, format=image_format, save_all=True, append_images=frames[1:], duration=200, loop=0)
        _content, image = stored_image(out.getvalue(), f"scan.{extension}")
        assert getattr(image, "n_frames", 1) == 3, image_format
        last = [frame.convert("RGB").getpixel((5, 5)) for frame in ImageSequence.Iterator(image)][-1]
        assert last[2] > 200 and last[0] < 60, image_format


def test_transparency_and_unusual_modes_survive():
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 0)).save(out, format="PNG")
    assert stored_image(out.getvalue())[1].getpixel((1, 1))[3] == 0

    cmyk = io.BytesIO()
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(cmyk, format="JPEG")
    assert stored_image(cmyk.getvalue())[1].mode == "CMYK"

    deep = io.BytesIO()
    Image.new("I;16", (8, 8), 40000).save(deep, format="PNG")
    assert stored_image(deep.getvalue())[1].getpixel((1, 1)) == 40000


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny file whose header promises a gigantic picture: the classic decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))


@pytest.mark.parametrize(("width", "height"), [(7_000, 7_000), (100_000, 100_000)])
def test_decompression_bombs_are_refused_before_decoding(width, height):
    # 49 Mpx is over the 40 Mpx limit but under Pillow's own error threshold; 10 Gpx is far over both
    with pytest.raises(AttachmentRejected, match="слишком большое по числу точек; уменьшите разрешение"):
        attachment_check(upload(_png_header_only(width, height), "bomb.png"))


def test_many_frames_add_up_to_a_bomb(settings):
    settings.ATTACHMENT_MAX_IMAGE_PIXELS = 10_000
    frames = [Image.new("RGB", (50, 50), (40 * index, 0, 0)) for index in range(6)]  # 6 × 2,500 px
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(AttachmentRejected, match="слишком большое по числу точек"):
        attachment_check(upload(out.getvalue(), "anim.gif"))


@pytest.mark.parametrize(
    "data",
    [
        photo("JPEG")[:-200],  # cut off mid-scan
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"GIF89a" + b"\xff" * 40,
        b"II*\x00" + b"\x00" * 40,
    ],
    ids=["truncated-jpeg", "png-garbage", "gif-garbage", "tiff-garbage"],
)
def test_images_that_do_not_decode_are_refused(data):
    with pytest.raises(AttachmentRejected, match="изображение повреждено или не читается"):
        attachment_check(upload(data, "photo"))
