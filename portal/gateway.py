"""The gateway to the portal's own systems (issue #4, point 5): accounts, password reset, applications, outages.

The assistant's scenarios (chat.scenarios) ask these questions through one interface, PortalGateway. Two
implementations: DemoGateway on local tables (portal.models, seeded by portal.demo) and HttpGateway for
production, whose contract is docs/portal-gateway.md. Settings: PORTAL_GATEWAY = "demo" | "http",
PORTAL_GATEWAY_URL, PORTAL_GATEWAY_TOKEN. Every failure of the portal is a GatewayUnavailable: the assistant
then tells the citizen and hands the chat over.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

logger = logging.getLogger(__name__)  # paths and error kinds only, never the identifiers themselves

CONNECT_TIMEOUT_SECONDS = 2.0
READ_TIMEOUT_SECONDS = 3.0  # the citizen is waiting in the chat; a slow portal is an unavailable one

ACCOUNT_STATUSES = ("active", "blocked", "unconfirmed", "duplicate_phone", "data_mismatch")
APPLICATION_STATUSES = ("submitted", "in_review", "needs_correction", "done")
REGISTRATION_PROBLEMS = ("invalid_email", "phone_used", "data_mismatch")


class GatewayUnavailable(Exception):
    """The portal did not answer in time, refused us, or answered something outside the contract."""


@dataclass(frozen=True)
class AccountStatus:
    status: str  # one of ACCOUNT_STATUSES
    block_reason: str = ""
    mismatch_field: str = ""  # data_mismatch: which datum the agency's check rejected («СНИЛС»)


@dataclass(frozen=True)
class ConfirmationOption:
    """One way to confirm identity (or to get access back) that the portal offers this account."""

    code: str  # mfc | bank | gosklyuch | mail
    title: str
    details: str


@dataclass(frozen=True)
class RegistrationProblem:
    """Why the portal refuses to create an account with these data (TQ1)."""

    code: str  # one of REGISTRATION_PROBLEMS
    field: str = ""  # data_mismatch: the datum that did not match


@dataclass(frozen=True)
class Application:
    number: str
    service: str
    status: str  # one of APPLICATION_STATUSES
    submitted_on: date
    due_on: date  # the date by which the agency must answer
    correction_note: str = ""  # needs_correction: what the citizen must correct


@dataclass(frozen=True)
class Incident:
    service: str
    description: str
    expected_recovery_at: datetime | None


class PortalGateway(ABC):
    """What the support desk may ask the portal. Phones are E.164 (+7XXXXXXXXXX); None means "no such thing"."""

    @abstractmethod
    def account_status(self, *, phone: str) -> AccountStatus | None: ...

    @abstractmethod
    def identity_confirmation_options(self, *, phone: str) -> list[ConfirmationOption]: ...

    @abstractmethod
    def password_reset_link(self, *, phone: str) -> str:
        """Issue a link the citizen opens to set a new password."""

    @abstractmethod
    def registration_problems(self, *, phone: str, email: str = "") -> list[RegistrationProblem]:
        """Why an account cannot be created with this phone (and e-mail); empty when nothing stands in the way."""

    @abstractmethod
    def applications(self, *, phone: str) -> list[Application]:
        """The applications of the account with this phone, newest first."""

    @abstractmethod
    def application(self, *, number: str) -> Application | None: ...

    @abstractmethod
    def incidents(self) -> list[Incident]:
        """Portal services that are down or degraded now, with the expected recovery time."""


# The ways the portal offers to confirm identity; the demo offers all of them, the HTTP portal says which.
CONFIRMATION_OPTIONS = [
    ("mfc", "Центр обслуживания (МФЦ)", "Лично с паспортом и СНИЛС, подтверждение — сразу после визита"),
    ("bank", "Онлайн через банк", "В приложении или интернет-банке Сбербанка, Т-Банка, ВТБ и других банков-партнёров"),
    ("gosklyuch", "Приложение «Госключ»", "С загранпаспортом нового образца (биометрическим) и смартфоном с NFC"),
    ("mail", "Код подтверждения по почте", "Заказным письмом Почты России, идёт до двух недель"),
]


class DemoGateway(PortalGateway):
    """The portal's answers from local tables (portal.models): for demos and tests on a bare machine."""

    def account_status(self, *, phone: str) -> AccountStatus | None:
        from portal.models import PortalAccount

        account = PortalAccount.objects.filter(phone=phone).first()
        if account is None:
            return None
        return AccountStatus(account.status, account.block_reason, account.mismatch_field)

    def identity_confirmation_options(self, *, phone: str) -> list[ConfirmationOption]:
        return [ConfirmationOption(*option) for option in CONFIRMATION_OPTIONS]

    def password_reset_link(self, *, phone: str) -> str:
        # The real portal issues a personal one-time link (HttpGateway); the demo points at its public recovery page.
        return "https://www.gosuslugi.ru/recovery"

    def registration_problems(self, *, phone: str, email: str = "") -> list[RegistrationProblem]:
        from portal.models import PortalAccount

        problems = []
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(RegistrationProblem("invalid_email"))
        account = PortalAccount.objects.filter(phone=phone).first()
        if account is not None and account.status == PortalAccount.Status.DATA_MISMATCH:
            problems.append(RegistrationProblem("data_mismatch", account.mismatch_field))
        elif account is not None:  # the number already belongs to an account (duplicate_phone or any other)
            problems.append(RegistrationProblem("phone_used"))
        return problems

    def applications(self, *, phone: str) -> list[Application]:
        from portal.models import PortalApplication

        found = PortalApplication.objects.filter(account__phone=phone).order_by("-submitted_on", "-pk")
        return [self._application(row) for row in found]

    def application(self, *, number: str) -> Application | None:
        from portal.models import PortalApplication

        found = PortalApplication.objects.filter(number=number).first()
        return self._application(found) if found is not None else None

    @staticmethod
    def _application(row) -> Application:
        return Application(row.number, row.service, row.status, row.submitted_on, row.due_on, row.correction_note)

    def incidents(self) -> list[Incident]:
        from portal.models import ServiceIncident

        return [
            Incident(incident.service, incident.description, incident.expected_recovery_at)
            for incident in ServiceIncident.objects.filter(resolved_at__isnull=True).order_by("started_at")
        ]


class HttpGateway(PortalGateway):
    """The portal's JSON API (docs/portal-gateway.md): bearer token, short timeouts, strict reading of answers."""

    def __init__(self, base_url: str, token: str, *, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def _call(self, method: str, path: str, *, params: dict | None = None, payload: dict | None = None):
        """The decoded JSON answer, or None for 404 (no such account or application)."""
        if not self.base_url:  # a deployment without the URL: the chat hands over instead of failing
            logger.error("PORTAL_GATEWAY=http without SUPPORTDESK_PORTAL_GATEWAY_URL")
            raise GatewayUnavailable
        try:
            response = self.session.request(
                method,
                f"{self.base_url}{path}",
                params=params,
                json=payload,
                timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS),
                allow_redirects=False,
            )
        except requests.RequestException as error:
            logger.warning("portal gateway unreachable: %s %s (%s)", method, path, type(error).__name__)
            raise GatewayUnavailable from error
        if response.status_code == 404:
            return None
        if response.status_code not in (200, 201):
            logger.warning("portal gateway answered %s: %s %s", response.status_code, method, path)
            raise GatewayUnavailable
        try:
            return response.json()
        except ValueError as error:
            logger.warning("portal gateway answered with something that is not JSON: %s %s", method, path)
            raise GatewayUnavailable from error

    @staticmethod
    def _read(build):
        """Build a result from the answer; any shape outside the contract means the portal is unusable."""
        try:
            return build()
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            logger.warning("portal gateway answer does not match the contract: %s", type(error).__name__)
            raise GatewayUnavailable from error

    def account_status(self, *, phone: str) -> AccountStatus | None:
        data = self._call("GET", "/accounts/status", params={"phone": phone})
        if data is None:
            return None

        def build() -> AccountStatus:
            if data["status"] not in ACCOUNT_STATUSES:
                raise ValueError("unknown account status")
            return AccountStatus(
                data["status"], str(data.get("block_reason") or ""), str(data.get("mismatch_field") or "")
            )

        return self._read(build)

    def identity_confirmation_options(self, *, phone: str) -> list[ConfirmationOption]:
        data = self._call("GET", "/accounts/identity-confirmation-options", params={"phone": phone})
        if data is None:
            return []
        return self._read(
            lambda: [
                ConfirmationOption(str(item["code"]), str(item["title"]), str(item.get("details") or ""))
                for item in data["options"]
            ]
        )

    def password_reset_link(self, *, phone: str) -> str:
        data = self._call("POST", "/accounts/password-reset-links", payload={"phone": phone})

        def build() -> str:
            url = str(data["url"])
            if not url.startswith("https://"):
                raise ValueError("a reset link must be https")
            return url

        return self._read(build)

    def registration_problems(self, *, phone: str, email: str = "") -> list[RegistrationProblem]:
        params = {"phone": phone, **({"email": email} if email else {})}
        data = self._call("GET", "/accounts/registration-check", params=params)

        def build() -> list[RegistrationProblem]:
            problems = [RegistrationProblem(item["code"], str(item.get("field") or "")) for item in data["problems"]]
            if any(problem.code not in REGISTRATION_PROBLEMS for problem in problems):
                raise ValueError("unknown registration problem")
            return problems

        return self._read(build)

    def applications(self, *, phone: str) -> list[Application]:
        data = self._call("GET", "/applications", params={"phone": phone})
        if data is None:
            return []
        return self._read(lambda: [self._application(item) for item in data["applications"]])

    def application(self, *, number: str) -> Application | None:
        if not number.isdigit():
            return None  # the portal's numbers are digits; anything else cannot name an application
        data = self._call("GET", f"/applications/{number}")
        return None if data is None else self._read(lambda: self._application(data))

    @staticmethod
    def _application(item: dict) -> Application:
        if item["status"] not in APPLICATION_STATUSES:
            raise ValueError("unknown application status")
        return Application(
            str(item["number"]),
            str(item["service"]),
            item["status"],
            date.fromisoformat(item["submitted_on"]),
            date.fromisoformat(item["due_on"]),
            str(item.get("correction_note") or ""),
        )

    def incidents(self) -> list[Incident]:
        data = self._call("GET", "/incidents")
        if data is None:
            raise GatewayUnavailable  # the list always exists: a 404 here is a misconfigured URL

        def build() -> list[Incident]:
            incidents = []
            for item in data["incidents"]:
                eta = datetime.fromisoformat(item["expected_recovery_at"]) if item.get("expected_recovery_at") else None
                if eta is not None and eta.tzinfo is None:
                    raise ValueError("recovery time without a time zone")
                incidents.append(Incident(str(item["service"]), str(item["description"]), eta))
            return incidents

        return self._read(build)


def portal_gateway() -> PortalGateway:
    """The configured implementation (settings.PORTAL_GATEWAY)."""
    kind = getattr(settings, "PORTAL_GATEWAY", "demo")
    if kind == "http":
        return HttpGateway(settings.PORTAL_GATEWAY_URL, settings.PORTAL_GATEWAY_TOKEN)
    if kind == "demo":
        return DemoGateway()
    raise ImproperlyConfigured(f"SUPPORTDESK_PORTAL_GATEWAY must be demo or http, not {kind!r}")
