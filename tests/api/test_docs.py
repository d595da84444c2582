"""The API's description: the schema lists the mobile API, and Swagger UI is served from our own static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_swagger_ui_loads_nothing_from_other_sites(client):
    page = client.get("/api/docs/").content.decode()

    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert assets, "the page references its scripts and styles"
    assert all(not re.match(r"^(https?:)?//", asset) for asset in assets), assets
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is not among our static files"


def test_schema_describes_the_mobile_api_with_bearer_tokens(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert "/api/v1/requests/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    create = schema["paths"]["/api/v1/requests/"]["post"]
    assert {"multipart/form-data", "application/json"} <= set(create["requestBody"]["content"])
    assert any(parameter["name"] == "Idempotency-Key" for parameter in create["parameters"])
