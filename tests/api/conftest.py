"""Mobile API tests: a citizen signed in with a real token, a fresh rate-limit cache per test, upload helpers."""

from __future__ import annotations

import struct
import uuid
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from api.services import token_issue

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts requests from zero: its own in-memory cache (Redis-backed limits have their own test)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"api-{uuid.uuid4()}"}
    }


def bearer_client(user) -> APIClient:
    raw_key, _token = token_issue(user=user, device_name="тестовый телефон")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


@pytest.fixture
def citizen_api(citizen) -> APIClient:
    return bearer_client(citizen)


@pytest.fixture
def other_citizen_api(other_citizen) -> APIClient:
    return bearer_client(other_citizen)


def png_bytes(width: int = 3, height: int = 2) -> bytes:
    """A real, decodable PNG (a signature image stand-in), built by hand so no image library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x00\x00\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PDF_SCAN = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def signature_upload(name: str = "подпись.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def scan_upload(name: str = "скан паспорта.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_SCAN, content_type="application/pdf")


def executable_upload(name: str = "скан.pdf") -> SimpleUploadedFile:
    """A Windows program renamed to .pdf: the name and the declared type lie, the content does not."""
    body = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
    return SimpleUploadedFile(name, body, content_type="application/pdf")
