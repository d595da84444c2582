"""The typical-fault scenarios the chat assistant runs through the portal gateway (AU5; issue #4, point 5).

Sign-in and account problems (status → the reason → the concrete fix: reset link, identity confirmation
options, the datum to correct), application status (status, expected date, what to correct), service
unavailable (the outage and its recovery time), document upload errors (format, size, browser). A scenario
that needs a phone or an application number asks for it once; a portal that does not answer is a failed
scenario and the assistant hands over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.validators import normalize_phone
from portal.gateway import GatewayUnavailable, portal_gateway

SIGN_IN_TOPICS = {"account-blocked", "registration-create", "identity-confirmation",
                  "login-change"}
SIGN_IN_WORDS = re.compile(r"(войти|вход|зайти|заблокир|блокировк|учетн|учётн|регистрац|подтвер\w* личност)",
                           re.IGNORECASE)
APPLICATION_WORDS = re.compile(r"(статус\w* заявлени|где (моё|мое) заявлени|срок\w* рассмотрен|номер заявлени)",
                               re.IGNORECASE)
OUTAGE_WORDS = re.compile(r"(не работает|недоступ|сбой|ошибк\w* 50\d|технически\w* работ)", re.IGNORECASE)
UPLOAD_WORDS = re.compile(r"(не загружа|не прикрепля|загруз\w* (файл|документ|скан)|формат файла)", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")
_APPLICATION_NUMBER = re.compile(r"(?<!\d)\d{10}(?!\d)")

CONFIRMATION_OPTIONS = _(
    "подтвердить личность можно в МФЦ (паспорт и СНИЛС), онлайн через приложение своего банка или Госключ"
)


@dataclass(frozen=True)
class Outcome:
    text: str  # the assistant's answer
    needs: str = ""  # "phone" or "application": the scenario waits for this from the citizen
    failed: bool = False  # the portal did not answer: hand over


def scenario_for(*, text: str, topic_code: str | None, pending: str = "") -> str | None:
    """Which scenario the citizen's words call for, if any (a pending one first)."""
    if pending:
        return pending
    if APPLICATION_WORDS.search(text) or topic_code == "application-status" or _APPLICATION_NUMBER.search(text):
        return "application"
    if OUTAGE_WORDS.search(text) or topic_code in ("service-unavailable", "page-error"):
        return "outage"
    if UPLOAD_WORDS.search(text) or topic_code == "upload-error":
        return "upload"
    if topic_code in SIGN_IN_TOPICS or SIGN_IN_WORDS.search(text):
        return "sign_in"
    return None


def run(scenario: str, *, text: str) -> Outcome | None:
    """The scenario's next answer; None when it has nothing to say (the knowledge base answers instead)."""
    try:
        return {"sign_in": _sign_in, "application": _application, "outage": _outage, "upload": _upload}[scenario](text)
    except GatewayUnavailable:
        return Outcome(_("Не удалось получить сведения с портала."), failed=True)


def _phone_in(text: str) -> str:
    for match in _PHONE.finditer(text):
        try:
            return normalize_phone(match.group(0))
        except ValidationError:  # not a phone after all: the next match may be
            pass
    return ""


def _sign_in(text: str) -> Outcome:
    phone = _phone_in(text)
    if not phone:
        return Outcome(_("Проверю вашу учётную запись. Напишите номер телефона, к которому она привязана, "
                         "например +7 912 345-67-89."), needs="phone")
    gateway = portal_gateway()
    account = gateway.account_status(phone=phone)
    if account is None:
        return Outcome(_("Учётной записи с номером %(phone)s нет. Проверьте номер или зарегистрируйтесь: "
                         "https://www.gosuslugi.ru/registration") % {"phone": phone})
    reset = gateway.password_reset_link(phone=phone)
    answers = {
        "blocked": _("Учётная запись заблокирована: %(reason)s. Чтобы снять блокировку, восстановите пароль по "
                     "ссылке %(reset)s — после этого вход снова будет доступен. Если не получится, %(options)s."),
        "unconfirmed": _("Учётная запись не подтверждена, поэтому часть услуг недоступна: %(options)s."),
        "duplicate_phone": _("Этот номер уже привязан к другой учётной записи. Войдите в неё по номеру и "
                             "восстановите пароль: %(reset)s — или укажите при регистрации другой номер."),
        "data_mismatch": _("Данные не прошли проверку: %(field)s не совпадает с данными ведомства. Исправьте "
                           "%(field)s в профиле точно как в документе и сохраните — проверка повторится сама."),
        "active": _("Учётная запись в порядке. Если не получается войти, восстановите пароль: %(reset)s."),
    }
    template = answers.get(account.status, answers["active"])
    return Outcome(template % {"reason": account.block_reason or _("нарушение правил входа"), "reset": reset,
                               "options": CONFIRMATION_OPTIONS, "field": account.mismatch_field or _("СНИЛС")})


def _application(text: str) -> Outcome:
    match = _APPLICATION_NUMBER.search(text)
    if match is None:
        return Outcome(_("Подскажу статус. Напишите номер заявления — 10 цифр, он есть в личном кабинете в "
                         "разделе «Заявления»."), needs="application")
    found = portal_gateway().application(number=match.group(0))
    if found is None:
        return Outcome(_("Заявления с номером %(number)s не нашёл. Проверьте номер в разделе «Заявления» "
                         "личного кабинета.") % {"number": match.group(0)})
    due = formats.date_format(found.due_on, "j E Y")
    texts = {
        "submitted": _("Заявление %(number)s («%(service)s») отправлено в ведомство. Ожидаемый срок ответа — "
                       "до %(due)s."),
        "in_review": _("Заявление %(number)s («%(service)s») на рассмотрении. Ведомство должно ответить до "
                       "%(due)s; статус обновится в личном кабинете."),
        "needs_correction": _("По заявлению %(number)s («%(service)s») требуется исправление: %(note)s. "
                              "Исправьте до %(due)s в разделе «Заявления» — кнопка «Исправить»."),
        "done": _("По заявлению %(number)s («%(service)s») услуга оказана. Результат — в личном кабинете."),
    }
    template = texts.get(found.status, texts["in_review"])
    return Outcome(template % {"number": found.number, "service": found.service, "due": due,
                               "note": found.correction_note})


def _outage(text: str) -> Outcome | None:
    incidents = portal_gateway().incidents()
    if not incidents:
        return None  # nothing known to be down: the knowledge base's advice on page errors answers
    lines = []
    for incident in incidents:
        eta = (_("восстановим примерно к %(time)s") % {
            "time": formats.date_format(timezone.localtime(incident.expected_recovery_at), "H:i")}
            if incident.expected_recovery_at else _("срок восстановления уточняется"))
        lines.append(f"«{incident.service}»: {incident.description} — {eta}")
    return Outcome(_("Сейчас есть известные сбои: %(list)s. Повторите попытку позже; данные в черновиках "
                     "сохранятся.") % {"list": "; ".join(lines)})


def _upload(text: str) -> Outcome:
    limit_mb = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return Outcome(_("Загрузка файла не проходит обычно по трём причинам: формат — нужен PDF, JPG или PNG; "
                     "размер — не больше %(limit)s МБ (уменьшите разрешение скана или разбейте на части); "
                     "браузер — обновите его или попробуйте другой (Яндекс Браузер, Chrome, Firefox).")
                   % {"limit": limit_mb})
