"""The gateway to the portal's own systems (issue #4, point 5): accounts, password reset, applications, outages.

The assistant's scenarios (chat.dialogue) ask these questions through one interface. Two implementations:
DemoGateway on local tables (portal.models, seeded by portal.demo) and HttpGateway for production, whose
contract is docs/portal-gateway.md. Settings: PORTAL_GATEWAY = "demo" | "http", PORTAL_GATEWAY_URL,
PORTAL_GATEWAY_TOKEN. Every failure of the portal is a GatewayUnavailable: the assistant then hands over.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)  # never the identifiers themselves

TIMEOUT_SECONDS = 3.0


class GatewayUnavailable(Exception):
    """The portal did not answer, or answered nonsense."""


@dataclass(frozen=True)
class AccountStatus:
    status: str  # active | blocked | unconfirmed | duplicate_phone | data_mismatch
    block_reason: str = ""
    mismatch_field: str = ""


@dataclass(frozen=True)
class Application:
    number: str
    service: str
    status: str  # submitted | in_review | needs_correction | done
    submitted_on: date
    due_on: date
    correction_note: str = ""


@dataclass(frozen=True)
class Incident:
    service: str
    description: str
    expected_recovery_at: datetime | None


class PortalGateway(Protocol):
    def account_status(self, *, phone: str) -> AccountStatus | None: ...

    def password_reset_link(self, *, phone: str) -> str: ...

    def application(self, *, number: str) -> Application | None: ...

    def incidents(self) -> list[Incident]: ...


class DemoGateway:
    """The portal's answers from local tables (portal.models)."""

    def account_status(self, *, phone: str) -> AccountStatus | None:
        from portal.models import PortalAccount

        account = PortalAccount.objects.filter(phone=phone).first()
        if account is None:
            return None
        return AccountStatus(account.status, account.block_reason, account.mismatch_field)

    def password_reset_link(self, *, phone: str) -> str:
        return "https://www.gosuslugi.ru/recovery"

    def application(self, *, number: str) -> Application | None:
        from portal.models import PortalApplication

        found = PortalApplication.objects.filter(number=number).first()
        if found is None:
            return None
        return Application(found.number, found.service, found.status, found.submitted_on, found.due_on,
                           found.correction_note)

    def incidents(self) -> list[Incident]:
        from portal.models import ServiceIncident

        return [
            Incident(incident.service, incident.description, incident.expected_recovery_at)
            for incident in ServiceIncident.objects.filter(resolved_at__isnull=True).order_by("started_at")
        ]


class HttpGateway:
    """The portal's JSON API (docs/portal-gateway.md), bearer-token authenticated, with short timeouts."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _get(self, path: str, **query) -> dict | None:
        url = f"{self.base_url}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        request = urllib.request.Request(  # noqa: S310 — the URL is our configured https endpoint
            url, headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            logger.warning("portal gateway answered %s for %s", error.code, path)
            raise GatewayUnavailable from error
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            logger.warning("portal gateway unreachable for %s: %s", path, type(error).__name__)
            raise GatewayUnavailable from error

    def account_status(self, *, phone: str) -> AccountStatus | None:
        data = self._get("/accounts/status", phone=phone)
        if data is None:
            return None
        try:
            return AccountStatus(str(data["status"]), str(data.get("block_reason", "")),
                                 str(data.get("mismatch_field", "")))
        except (KeyError, TypeError) as error:
            raise GatewayUnavailable from error

    def password_reset_link(self, *, phone: str) -> str:
        data = self._get("/accounts/password-reset-link", phone=phone)
        if not data or "url" not in data:
            raise GatewayUnavailable
        return str(data["url"])

    def application(self, *, number: str) -> Application | None:
        data = self._get(f"/applications/{urllib.parse.quote(number)}")
        if data is None:
            return None
        try:
            return Application(str(data["number"]), str(data["service"]), str(data["status"]),
                               date.fromisoformat(data["submitted_on"]), date.fromisoformat(data["due_on"]),
                               str(data.get("correction_note", "")))
        except (KeyError, TypeError, ValueError) as error:
            raise GatewayUnavailable from error

    def incidents(self) -> list[Incident]:
        data = self._get("/incidents") or {}
        try:
            return [
                Incident(str(item["service"]), str(item["description"]),
                         datetime.fromisoformat(item["expected_recovery_at"]) if item.get("expected_recovery_at")
                         else None)
                for item in data.get("incidents", [])
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise GatewayUnavailable from error


def portal_gateway() -> PortalGateway:
    if getattr(settings, "PORTAL_GATEWAY", "demo") == "http":
        return HttpGateway(settings.PORTAL_GATEWAY_URL, settings.PORTAL_GATEWAY_TOKEN)
    return DemoGateway()
