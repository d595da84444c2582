"""The typical-fault scenarios the chat assistant runs through the portal gateway (AU5; issue #4, point 5).

Each scenario is a few steps; the dialogue (chat.dialogue) keeps the current step on DialogueState:

- sign_in: account status → the block reason and a reset link → identity confirmation options → a person;
- registration (account creation errors): a malformed e-mail, a phone already used, data that do not match
  the agencies' records — each with its concrete fix;
- upload: the file's format → its size → the browser → a person;
- application: the status, the date the agency must answer by, what to correct;
- outage: the known outages with their recovery times and the public status page.

A step either waits for something from the citizen (a phone, an application number, the file's format) or
gives an answer and asks «Это помогло?»: «да» resolves the chat, «нет» moves to the next step, and after the
last step the scenario has failed and the chat goes to a person. A portal that does not answer fails the
scenario at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.validators import normalize_phone
from portal.gateway import Application, GatewayUnavailable, portal_gateway

# A forgotten password alone is the knowledge base's (its article walks through recovery); these need the account.
SIGN_IN_TOPICS = {"account-blocked", "identity-confirmation", "login-change"}
SIGN_IN_WORDS = re.compile(r"(войти|зайти|вход\b|входа|заблокир|блокировк|подтвер\w* личност)", re.IGNORECASE)
REGISTRATION_WORDS = re.compile(
    r"(зарегистрир|регистрац|созда\w* (учётн|учетн|аккаунт|личн)|формат\w* (почты|e-?mail|электронн)|"
    r"(номер|телефон)\w* уже (использ|занят|привязан|зарегистр)|данные не (совпада|прошли))",
    re.IGNORECASE,
)
APPLICATION_WORDS = re.compile(
    r"(статус\w* заявлени|где (моё|мое) заявлени|срок\w* рассмотрен|номер заявлени|"
    r"мои заявлени|что с (моим )?заявлением)",
    re.IGNORECASE,
)
OUTAGE_WORDS = re.compile(r"(не работает|недоступ|сбой|ошибк\w* 50\d|технически\w* работ)", re.IGNORECASE)
UPLOAD_WORDS = re.compile(
    r"(не загружа|не прикрепля|не (могу|получается) (загрузить|прикрепить)|"
    r"загруз\w* (файл|документ|скан|фото)|формат файла|размер файла)",
    re.IGNORECASE,
)
YES = re.compile(r"^\W*(да|ага|угу|помогл[оа]|спасибо|вс[её] получилось|получилось|ок|окей|yes)\b", re.IGNORECASE)
NO = re.compile(r"^\W*(нет|не помогл[оа]|не получилось|не то|неа|no)\b", re.IGNORECASE)

_PHONE = re.compile(r"(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")
_APPLICATION_NUMBER = re.compile(r"(?<!\d)\d{10}(?!\d)")
_EMAIL_LIKE = re.compile(r"[^\s<>\"'«»()]+@[^\s<>\"'«»()]*")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_FILE_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(мб|mb|мегабайт\w*|гб|gb|кб|kb)", re.IGNORECASE)
ACCEPTED_FORMATS = ("pdf", "jpg", "jpeg", "png")
_FORMATS = re.compile(r"\b(pdf|jpe?g|png|heic|heif|tiff?|bmp|gif|webp|docx?|odt|rtf|xlsx?|zip|rar)\b", re.IGNORECASE)
SUPPORTED_BROWSERS = "Яндекс Браузер, Google Chrome, Mozilla Firefox, Microsoft Edge или Safari"
APPLICATIONS_LISTED = 5


class ScenarioFailed(Exception):
    """The scenario cannot help (the portal did not answer, or every step has been tried): a person takes over."""

    def __init__(self, detail: str, *, portal_down: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail  # for the operator's note: what the assistant already tried
        self.portal_down = portal_down


@dataclass(frozen=True)
class Step:
    text: str  # the assistant's answer
    next_step: str = ""  # the step that handles the citizen's reply to this one
    awaits_answer: bool = False  # True: the text asks for something (a phone…); False: «Это помогло?» follows
    replies: tuple[str, ...] = ()  # quick replies offered with a question
    data: dict = field(default_factory=dict)  # remembered for the next step (the phone the citizen gave)


@dataclass(frozen=True)
class Context:
    text: str  # the citizen's recent messages
    latest: str  # the message being answered
    data: dict  # what earlier steps remembered
    citizen_phone: str = ""  # the signed-in citizen's own phone from the profile


def is_yes(text: str) -> bool:
    return bool(YES.search(text))


def is_no(text: str) -> bool:
    return bool(NO.search(text))


def citizen_phone(citizen) -> str:
    """The signed-in citizen's phone, so the assistant need not ask for it."""
    if citizen is None:
        return ""
    try:
        return citizen.citizen_profile.phone
    except ObjectDoesNotExist:
        return ""


def scenario_for(*, text: str, topic_code: str | None) -> str | None:
    """Which scenario the citizen's words (or the recognised topic) call for, if any."""
    if APPLICATION_WORDS.search(text) or topic_code == "application-status" or _APPLICATION_NUMBER.search(text):
        return "application"
    if OUTAGE_WORDS.search(text) or topic_code in ("service-unavailable", "page-error"):
        return "outage"
    if UPLOAD_WORDS.search(text) or topic_code == "upload-error":
        return "upload"
    if REGISTRATION_WORDS.search(text) or topic_code == "registration-create":
        return "registration"
    if topic_code in SIGN_IN_TOPICS or SIGN_IN_WORDS.search(text):
        return "sign_in"
    return None


def scenario_start(name: str, context: Context) -> Step | None:
    """The scenario's first answer; None when it has nothing to say (the knowledge base answers instead)."""
    return _run(STARTS[name], context)


def scenario_continue(name: str, step: str, context: Context) -> Step | None:
    """The next answer after the citizen replied to `step`; None when the reply is not an answer to it."""
    return _run(STEPS[name][step], context)


def _run(handler, context: Context) -> Step | None:
    try:
        return handler(context)
    except GatewayUnavailable as error:
        raise ScenarioFailed(_("портал не ответил на запрос помощника"), portal_down=True) from error


def _exhausted(context: Context) -> Step:
    raise ScenarioFailed(_("гражданин попробовал все шаги сценария, проблема осталась"))


def phone_in(text: str) -> str:
    for match in _PHONE.finditer(text):
        try:
            return normalize_phone(match.group(0))
        except ValidationError:  # not a phone after all: the next match may be
            pass
    return ""


def phone_shown(phone: str) -> str:
    """A phone as the citizen recognises it in the answer, without repeating all of it."""
    return f"+7 ••• •••-{phone[-4:-2]}-{phone[-2:]}"


# --- sign-in failure: status → block reason and reset link → identity confirmation → a person ---


def _ask_phone(text: str, step: str) -> Step:
    return Step(text, next_step=step, awaits_answer=True)


def _sign_in_start(context: Context) -> Step:
    phone = phone_in(context.text)
    if not phone and context.citizen_phone:
        return _sign_in_check(context.citizen_phone, from_profile=True)
    if not phone:
        return _ask_phone(
            _(
                "Проверю вашу учётную запись. Напишите номер телефона, к которому она привязана, "
                "например +7 912 345-67-89."
            ),
            "phone",
        )
    return _sign_in_check(phone)


def _sign_in_phone(context: Context) -> Step | None:
    phone = phone_in(context.latest)
    return _sign_in_check(phone) if phone else None


def _sign_in_check(phone: str, *, from_profile: bool = False) -> Step:
    gateway = portal_gateway()
    account = gateway.account_status(phone=phone)
    remembered = {"phone": phone}
    if account is None and from_profile:  # the portal account may use another number than the desk's profile
        return _ask_phone(
            _(
                "Учётной записи портала с номером из вашего профиля (%(phone)s) нет. Напишите номер "
                "телефона, по которому вы входите на портал, например +7 912 345-67-89."
            )
            % {"phone": phone_shown(phone)},
            "phone",
        )
    if account is None:
        return Step(
            _(
                "Учётной записи с номером %(phone)s нет. Проверьте номер или зарегистрируйтесь: "
                "https://www.gosuslugi.ru/registration"
            )
            % {"phone": phone},
            next_step="exhausted",
        )
    if account.status == "blocked":
        return Step(
            _(
                "Учётная запись заблокирована: %(reason)s. Чтобы снять блокировку, восстановите пароль по "
                "ссылке %(reset)s — после этого вход снова будет доступен."
            )
            % {
                "reason": account.block_reason or _("нарушение правил входа"),
                "reset": gateway.password_reset_link(phone=phone),
            },
            next_step="reset",
            data=remembered,
        )
    if account.status == "unconfirmed":
        return Step(
            _("Учётная запись не подтверждена, поэтому вход в часть услуг недоступен. %(options)s")
            % {"options": _options_text(gateway, phone)},
            next_step="exhausted",
            data=remembered,
        )
    if account.status == "duplicate_phone":
        return Step(
            _(
                "Этот номер уже привязан к другой учётной записи. Войдите в неё по номеру и восстановите "
                "пароль: %(reset)s — или укажите при регистрации другой номер."
            )
            % {"reset": gateway.password_reset_link(phone=phone)},
            next_step="exhausted",
            data=remembered,
        )
    if account.status == "data_mismatch":
        return Step(_mismatch_fix(account.mismatch_field), next_step="exhausted", data=remembered)
    return Step(
        _("Учётная запись в порядке, блокировок нет. Если не получается войти, восстановите пароль: %(reset)s.")
        % {"reset": gateway.password_reset_link(phone=phone)},
        next_step="reset",
        data=remembered,
    )


def _sign_in_after_reset(context: Context) -> Step:
    phone = context.data.get("phone", "")
    return Step(
        _("Если восстановить пароль не получилось, подтвердите личность — после этого доступ восстановят. %(options)s")
        % {"options": _options_text(portal_gateway(), phone)},
        next_step="exhausted",
        data=context.data,
    )


def _options_text(gateway, phone: str) -> str:
    options = gateway.identity_confirmation_options(phone=phone)
    if not options:
        return _("Способы подтверждения личности для этой учётной записи подскажет специалист.")
    listed = "; ".join(f"{option.title} — {option.details}" if option.details else option.title for option in options)
    return _("Способы подтверждения личности: %(list)s.") % {"list": listed}


def _mismatch_fix(datum: str) -> str:
    return _(
        "Данные не прошли проверку: %(field)s не совпадает с данными ведомства. Исправьте %(field)s в профиле "
        "точно как в документе (без лишних пробелов, с буквой «ё», если она есть в паспорте) и сохраните — "
        "проверка повторится сама, обычно за несколько минут."
    ) % {"field": datum or _("СНИЛС")}


# --- account creation errors: e-mail format, phone already used, data mismatch ---


def email_in(text: str) -> str:
    match = _EMAIL_LIKE.search(text)
    return match.group(0).rstrip(".,;:!?") if match else ""


def email_mistakes(email: str) -> list[str]:
    """What is wrong with an address as typed, in the words a citizen can act on."""
    local, _at, domain = email.partition("@")
    mistakes = []
    if email.count("@") > 1:
        mistakes.append(_("в адресе должен быть ровно один знак @"))
    if "," in email:
        mistakes.append(_("вместо точки стоит запятая"))
    if _CYRILLIC.search(email):
        mistakes.append(_("в адресе есть русские буквы — наберите его латиницей"))
    if not local:
        mistakes.append(_("перед @ нет имени ящика"))
    if "." not in domain.replace(",", "") or domain.endswith("."):
        mistakes.append(_("после @ нужен полный домен с точкой, например mail.ru или yandex.ru"))
    return mistakes


def _registration_start(context: Context) -> Step:
    email = email_in(context.text)
    phone = phone_in(context.text) or context.citizen_phone
    if not phone:
        prefix = _email_fix(email)
        return _ask_phone(
            ((prefix + " ") if prefix else "")
            + _(
                "Проверю, что мешает создать учётную запись. Напишите номер телефона, который вы указываете при "
                "регистрации, например +7 912 345-67-89."
            ),
            "phone",
        )
    return _registration_check(phone, email)


def _registration_phone(context: Context) -> Step | None:
    phone = phone_in(context.latest)
    return _registration_check(phone, email_in(context.text)) if phone else None


def _email_fix(email: str) -> str:
    mistakes = email_mistakes(email) if email else []
    if not mistakes:
        return ""
    return _("Адрес почты «%(email)s» портал не примет: %(mistakes)s. Правильный вид — name@mail.ru.") % {
        "email": email,
        "mistakes": "; ".join(mistakes),
    }


def _registration_check(phone: str, email: str) -> Step:
    gateway = portal_gateway()
    problems = gateway.registration_problems(phone=phone, email=email)
    fixes = [_email_fix(email)] if email_mistakes(email) and email else []
    for problem in problems:
        if problem.code == "invalid_email" and not fixes:
            fixes.append(
                _(
                    "Портал не принимает адрес почты: проверьте, что он набран латиницей, с одним знаком @ "
                    "и точкой в домене, без пробелов, например name@mail.ru."
                )
            )
        elif problem.code == "phone_used":
            fixes.append(
                _(
                    "Номер %(phone)s уже привязан к другой учётной записи. Если она ваша — войдите в неё и "
                    "восстановите пароль: %(reset)s. Если номер раньше принадлежал другому человеку, "
                    "зарегистрируйтесь с другим номером или отвяжите этот через МФЦ."
                )
                % {"phone": phone_shown(phone), "reset": gateway.password_reset_link(phone=phone)}
            )
        elif problem.code == "data_mismatch":
            fixes.append(_mismatch_fix(problem.field))
    if not fixes:
        return Step(
            _(
                "Портал не видит препятствий для регистрации с номером %(phone)s. Попробуйте ещё раз: "
                "https://www.gosuslugi.ru/registration — код из СМС действует 5 минут."
            )
            % {"phone": phone_shown(phone)},
            next_step="exhausted",
            data={"phone": phone},
        )
    return Step("\n".join(fixes), next_step="exhausted", data={"phone": phone})


# --- document upload error: format → size → browser → a person ---


def file_facts(text: str) -> tuple[str, float | None]:
    """The file format and size (MB) the citizen named, if any."""
    found_format = _FORMATS.search(text)
    size = None
    size_match = _FILE_SIZE.search(text)
    if size_match:
        size = float(size_match.group(1).replace(",", "."))
        unit = size_match.group(2).lower()
        size = size * 1024 if unit in ("гб", "gb") else size / 1024 if unit in ("кб", "kb") else size
    return (found_format.group(1).lower() if found_format else ""), size


def _upload_limit_mb() -> int:
    return settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)


def _upload_start(context: Context) -> Step:
    file_format, size = file_facts(context.text)
    if not file_format and size is None:
        return Step(
            _(
                "Проверим по шагам. В каком формате файл и какого он размера? Например: «PDF, 12 МБ». "
                "Размер видно в свойствах файла."
            ),
            next_step="facts",
            awaits_answer=True,
            replies=("PDF", "JPG", _("HEIC (фото с iPhone)"), _("Не знаю")),
        )
    return _upload_check(file_format, size)


def _upload_facts(context: Context) -> Step | None:
    file_format, size = file_facts(context.latest)
    if not file_format and size is None and len(context.latest) > 60:
        return None  # a new question, not the file's description
    return _upload_check(file_format, size)


def _upload_check(file_format: str, size: float | None) -> Step:
    limit = _upload_limit_mb()
    fixes = []
    if file_format and file_format not in ACCEPTED_FORMATS:
        fixes.append(
            _(
                "Формат %(format)s портал не принимает: нужен PDF, JPG или PNG. Откройте файл и сохраните "
                "его как PDF (в Word: «Сохранить как» → PDF) или сделайте снимок в JPG — на iPhone: "
                "Настройки → Камера → Форматы → «Наиболее совместимый»."
            )
            % {"format": file_format.upper()}
        )
    if size is not None and size > limit:
        fixes.append(
            _(
                "Файл %(size)s МБ больше допустимых %(limit)s МБ: уменьшите разрешение скана до 200–300 dpi, "
                "сожмите PDF или разделите документ на несколько файлов."
            )
            % {"size": formats.number_format(round(size, 1), decimal_pos=0 if size.is_integer() else 1), "limit": limit}
        )
    if fixes:
        return Step("\n".join(fixes), next_step="browser")
    if file_format or size is not None:
        return _upload_browser(
            Context(text="", latest="", data={}),
            lead=_("Формат и размер подходят, значит, дело, скорее всего, в браузере."),
        )
    return Step(
        _(
            "Проверьте два условия: формат — PDF, JPG или PNG; размер — не больше %(limit)s МБ (уменьшите "
            "разрешение скана или разбейте документ на части)."
        )
        % {"limit": limit},
        next_step="browser",
    )


def _upload_browser(context: Context, lead: str = "") -> Step:
    advice = _(
        "Обновите браузер или попробуйте другой: %(browsers)s. Отключите блокировщики рекламы и VPN, "
        "откройте портал в режиме инкогнито и загрузите файл ещё раз."
    ) % {"browsers": SUPPORTED_BROWSERS}
    return Step(f"{lead} {advice}".strip(), next_step="exhausted")


# --- application status: status, the agency's deadline, what to correct ---


def _application_start(context: Context) -> Step:
    match = _APPLICATION_NUMBER.search(context.text)
    if match is not None:
        return _application_answer(match.group(0))
    if context.citizen_phone:
        found = portal_gateway().applications(phone=context.citizen_phone)
        if found:
            lines = [_application_text(application) for application in found[:APPLICATIONS_LISTED]]
            return Step(_("Ваши заявления на портале:\n%(list)s") % {"list": "\n".join(lines)}, next_step="exhausted")
    return Step(
        _("Подскажу статус. Напишите номер заявления — 10 цифр, он есть в личном кабинете в разделе «Заявления»."),
        next_step="number",
        awaits_answer=True,
    )


def _application_number(context: Context) -> Step | None:
    match = _APPLICATION_NUMBER.search(context.latest)
    return _application_answer(match.group(0)) if match else None


def _application_answer(number: str) -> Step:
    found = portal_gateway().application(number=number)
    if found is None:
        return Step(
            _(
                "Заявления с номером %(number)s не нашёл. Проверьте номер в разделе «Заявления» личного "
                "кабинета и напишите его ещё раз."
            )
            % {"number": number},
            next_step="number",
            awaits_answer=True,
        )
    return Step(_application_text(found), next_step="exhausted")


def _application_text(found: Application) -> str:
    due = formats.date_format(found.due_on, "j E Y")
    texts = {
        "submitted": _(
            "Заявление %(number)s («%(service)s») отправлено в ведомство. Ожидаемый срок ответа — до %(due)s."
        ),
        "in_review": _(
            "Заявление %(number)s («%(service)s») на рассмотрении. Ведомство должно ответить до %(due)s; "
            "статус обновится в личном кабинете."
        ),
        "needs_correction": _(
            "По заявлению %(number)s («%(service)s») требуется исправление: %(note)s. Исправьте до "
            "%(due)s в разделе «Заявления» — кнопка «Исправить»."
        ),
        "done": _("По заявлению %(number)s («%(service)s») услуга оказана. Результат — в личном кабинете."),
    }
    return texts[found.status] % {
        "number": found.number,
        "service": found.service,
        "due": due,
        "note": found.correction_note or _("уточните в личном кабинете"),
    }


# --- service unavailable: known outages, their recovery time, the status page ---


def _outage_start(context: Context) -> Step | None:
    incidents = portal_gateway().incidents()
    if not incidents:
        return None  # nothing known to be down: the knowledge base's advice on page errors answers
    lines = []
    for incident in incidents:
        eta = (
            _("восстановим примерно к %(time)s")
            % {"time": formats.date_format(timezone.localtime(incident.expected_recovery_at), "H:i")}
            if incident.expected_recovery_at
            else _("срок восстановления уточняется")
        )
        lines.append(f"«{incident.service}»: {incident.description} — {eta}")
    return Step(
        _(
            "Сейчас есть известные сбои: %(list)s. Повторите попытку позже; данные в черновиках сохранятся. "
            "Следить за восстановлением: %(status_page)s"
        )
        % {"list": "; ".join(lines), "status_page": reverse("portal:status")},
        next_step="exhausted",
    )


STARTS = {
    "sign_in": _sign_in_start,
    "registration": _registration_start,
    "upload": _upload_start,
    "application": _application_start,
    "outage": _outage_start,
}
STEPS = {
    "sign_in": {"phone": _sign_in_phone, "reset": _sign_in_after_reset, "exhausted": _exhausted},
    "registration": {"phone": _registration_phone, "exhausted": _exhausted},
    "upload": {"facts": _upload_facts, "browser": _upload_browser, "exhausted": _exhausted},
    "application": {"number": _application_number, "exhausted": _exhausted},
    "outage": {"exhausted": _exhausted},
}
