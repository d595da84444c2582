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

Which scenario: the recognised sub-topic first (the classifier tells a forgotten password from a blocked
account better than any word list), then the words. scenario_for() returns the candidates in order; a
scenario that has nothing to say declines (its start returns None) and the next one is tried. Numbers the
citizen typed are read for what they are: a passport or an ИНН is never taken for an application number or
a phone, and answers name a phone or a number only by its last digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.validators import normalize_phone
from portal.gateway import Application, GatewayUnavailable, portal_gateway
from portal.recovery_time import recovery_is_overdue, recovery_time_phrase
from tickets.topic_tree import TOPIC_TREE

# The sub-topics a scenario serves. A forgotten password alone is the knowledge base's (its article walks
# through recovery); a blocked account and identity confirmation need the account itself.
TOPIC_SCENARIOS = {
    "application-status": "application",
    "upload-error": "upload",
    "registration-create": "registration",
    "account-blocked": "sign_in",
    "identity-confirmation": "sign_in",
    "service-unavailable": "outage",
}
SCENARIO_PARENT_TOPICS = {
    "application": "services",
    "upload": "technical",
    "registration": "registration",
    "sign_in": "registration",
    "outage": "technical",
}
_PARENT_OF = {child[0]: code for code, _name, _complexity, _tier, children in TOPIC_TREE for child in children}
# Sub-topics the knowledge base answers: another scenario's words («войти» in «не приходит код при входе»)
# do not override them; only explicit application words and a failing service still start a scenario.
# A changed login or phone has no scenario of its own (its article answers), but «не могу войти» in the
# words still starts the sign-in one.
KNOWLEDGE_BASE_TOPICS = frozenset(_PARENT_OF) - frozenset(TOPIC_SCENARIOS) - {"login-change"}
# A scenario started by the sub-topic alone needs at least one word of its own in the request: the classifier
# reads «как получить справку о несудимости» as an application's status, and that scenario would ask for a number.
_SCENARIO_HINTS = {
    "application": re.compile(r"(заявлен|заявк|статус|рассмотр|подал|отправил|номер|ответ|жду|ждём|ждем)", re.I),
    "upload": re.compile(r"(загруз|загруж|прикреп|файл|скан|фото|документ|формат|размер|pdf|jpe?g|png|heic)", re.I),
    "registration": re.compile(r"(регистр|созда|учётн|учетн|учётк|учетк|аккаунт|номер|телефон|почт|данные)", re.I),
    "sign_in": re.compile(r"(вход|войти|зайти|заход|пуска|блок|подтвер|доступ|личност)", re.I),
    "outage": re.compile(r"\w"),  # the outage scenario checks the incidents itself
}
# When the article did not help: recovery failed, so the account itself is checked (blocked? unconfirmed?)
FOLLOW_UP_SCENARIOS = {"password-recovery": "sign_in", "two-factor": "sign_in"}
# Signing in fails («не могу войти», «не пускает», «вход не работает»); «как войти через банк» is a how-to
SIGN_IN_WORDS = re.compile(
    r"(не\s+(могу|можем|получается|удаётся|удается|выходит|получилось|удалось|пускает|даёт|дает)\s+(\w+\s+)?"
    r"(войти|зайти|авторизоваться|залогиниться|в\s+(личный\s+)?кабинет|на\s+портал)|не\s+пускает|не\s+входит|"
    r"вход\w*\s+(не\s+|невозможен)|заблокир|блокировк|подтвер\w*\s+личност)",
    re.IGNORECASE,
)
# The words are about the password itself: the recovery article answers before any account check
PASSWORD_WORDS = re.compile(r"(парол|пароь|пороль|забыл)", re.IGNORECASE)
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
# The portal as a whole fails: «сайт не работает», «госуслуги лежат», «портал недоступен», «ошибка 502».
# A bare «не работает» is not an outage: «пароль не работает», «кнопка не работает».
PORTAL_DOWN_WORDS = re.compile(
    r"((сайт|портал|госуслуг|gosuslugi)\w*\W+(\w+\W+){0,3}?(не\s+работа|не\s+открыва|не\s+грузит|не\s+загружа|"
    r"не\s+отвеча|лежит|лежат|лёг|лег\b|упал|недоступ|висит|висят|тормозит)|(не\s+работа\w*|не\s+открыва\w*|"
    r"недоступ\w*|лежит|лежат|висит|упал\w*)\W+(\w+\W+){0,2}?(сайт|портал|госуслуг)|(?<!\d)50[0-4](?!\d)|"
    r"технически\w*\s+работ)",
    re.IGNORECASE,
)
# A service that fails: the outage scenario answers only when that service has a known incident.
FAILURE_WORDS = re.compile(
    r"(не\s+работа|не\s+открыва|не\s+грузит|не\s+загружа\w*\s+(сайт|страниц|расписани)|недоступ|висит|лежит|"
    r"сбой|ошибк|не\s+отвеча|пропал)",
    re.IGNORECASE,
)
UPLOAD_WORDS = re.compile(
    r"(не загружа|не прикрепля|не (могу|получается) (загрузить|прикрепить)|"
    r"загруз\w* (файл|документ|скан|фото)|формат файла|размер файла)",
    re.IGNORECASE,
)

# Any run of 10–11 digits with the usual separators: «916 123 45 67», «79161234567», «8 (916) 123-45-67»
_DIGIT_RUN = re.compile(r"(?<![\d+])\+?\d[\d\s()\-]{8,18}\d(?!\d)")
_SPACES = re.compile(r"\s+")
_TRUNK_PREFIX = re.compile(r"^(\+7|8[\s(\-])")  # then ten more digits follow
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
    covers: frozenset[str] = frozenset()  # entry checks (SS6) this answer already explains: «email»


@dataclass(frozen=True)
class Context:
    text: str  # the citizen's recent messages
    latest: str  # the message being answered
    data: dict  # what earlier steps remembered
    citizen_phone: str = ""  # the signed-in citizen's own phone from the profile
    topic_code: str | None = None  # the topic the assistant recognised (or the citizen chose)


def citizen_phone(citizen) -> str:
    """The signed-in citizen's phone, so the assistant need not ask for it."""
    if citizen is None:
        return ""
    try:
        return citizen.citizen_profile.phone
    except ObjectDoesNotExist:
        return ""


def scenario_for(
    *, text: str, topic_code: str | None, topic_sure: bool = True, within: str | None = None
) -> list[str]:
    """The scenarios the request calls for, most fitting first; the dialogue tries them in this order.

    Explicit application words first, then a sure sub-topic. Then a failing service (the outage scenario
    declines unless that service has a known incident or the whole portal is down), then the words of the
    other scenarios — unless the sub-topic is one the knowledge base answers. A sub-topic the classifier is
    unsure of comes after the words.
    `within`: the topic the citizen chose when asked; only that topic's scenarios are offered.
    """
    names: list[str] = []
    if APPLICATION_WORDS.search(text):  # «статус заявления», «где моё заявление»: said in so many words
        names.append("application")
    by_topic = TOPIC_SCENARIOS.get(topic_code or "")
    if by_topic and not _SCENARIO_HINTS[by_topic].search(text):
        by_topic = None  # «как удалить учётную запись» read as a blocked account: no word of the scenario's own
    if by_topic and topic_sure:
        names.append(by_topic)
    if PORTAL_DOWN_WORDS.search(text) or FAILURE_WORDS.search(text):
        names.append("outage")
    knowledge_base_answers = topic_sure and topic_code in KNOWLEDGE_BASE_TOPICS
    if knowledge_base_answers and topic_code == "password-recovery" and not PASSWORD_WORDS.search(text):
        knowledge_base_answers = False  # «Не могу войти в кабинет»: the account is checked, the password unnamed
    if not knowledge_base_answers:
        for name, words in (("upload", UPLOAD_WORDS), ("registration", REGISTRATION_WORDS), ("sign_in", SIGN_IN_WORDS)):
            if words.search(text):
                names.append(name)
    if by_topic:
        names.append(by_topic)
    names = list(dict.fromkeys(names))
    if within:
        names = [name for name in names if _scenario_fits(name, within)]
    return names


def follow_up_scenario(topic_code: str | None) -> str | None:
    """The scenario to try when the knowledge base's answers to this sub-topic did not help."""
    return FOLLOW_UP_SCENARIOS.get(topic_code or "")


def _scenario_fits(name: str, topic_code: str) -> bool:
    """The scenario belongs to the chosen topic: its parent, or the sub-topic itself."""
    if topic_code in _PARENT_OF:  # a sub-topic
        return TOPIC_SCENARIOS.get(topic_code) == name
    return SCENARIO_PARENT_TOPICS.get(name) == topic_code


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


def _other_numbers(text: str) -> list[tuple[int, int]]:
    """Where the text holds a document number (passport, СНИЛС, ИНН, card, полис): never a phone or an
    application number, whatever its length."""
    from assistant.pii import PiiKind, find_pii

    kept = {PiiKind.PHONE, PiiKind.EMAIL, PiiKind.PERSON, PiiKind.ADDRESS}
    return [(span.start, span.end) for span in find_pii(text) if span.kind not in kept]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def phone_in(text: str) -> str:
    """The first Russian phone in the text as +7XXXXXXXXXX: any run of 10 or 11 digits that
    accounts.validators.normalize_phone accepts («916 123 45 67», «79161234567»), not a document number."""
    others = None
    for match in _DIGIT_RUN.finditer(text):
        candidate = _SPACES.sub(" ", match.group(0))
        digits = len(re.sub(r"\D", "", candidate))
        if digits not in (10, 11) or (digits == 10 and _TRUNK_PREFIX.match(candidate)):
            continue  # «8 916 123 45 6» is a number with a digit missing, not the landline 891 612-34-56
        try:
            phone = normalize_phone(candidate)
        except ValidationError:  # not a phone after all: the next run may be
            continue
        others = _other_numbers(text) if others is None else others
        if not _overlaps(*match.span(), others):
            return phone
    return ""


def phone_shown(phone: str) -> str:
    """A phone as the citizen recognises it in the answer, without repeating all of it."""
    return f"+7 ••• •••-{phone[-4:-2]}-{phone[-2:]}"


def number_shown(number: str) -> str:
    """An application number named by its last digits (it may have been a document number typed by mistake)."""
    return f"…{number[-4:]}"


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
            % {"phone": phone_shown(phone)},
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
        return Step(
            ((prefix + " ") if prefix else "")
            + _(
                "Проверю, что мешает создать учётную запись. Напишите номер телефона, который вы указываете при "
                "регистрации, например +7 912 345-67-89."
            ),
            next_step="phone",
            awaits_answer=True,
            covers=frozenset({"email"}) if prefix else frozenset(),
        )
    return _registration_check(phone, email)


def _registration_phone(context: Context) -> Step | None:
    phone = phone_in(context.latest)
    return _registration_check(phone, email_in(context.text)) if phone else None


def _email_fix(email: str) -> str:
    """What to correct in the address, without repeating it (the chat is stored and read by operators)."""
    mistakes = email_mistakes(email) if email else []
    if not mistakes:
        return ""
    return _("Адрес почты, который вы ввели, портал не примет: %(mistakes)s. Правильный вид — name@mail.ru.") % {
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
    email_named = email_mistakes(email) or any(problem.code == "invalid_email" for problem in problems)
    covered = frozenset({"email"}) if email and email_named else frozenset()
    return Step("\n".join(fixes), next_step="exhausted", data={"phone": phone}, covers=covered)


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


def application_number_in(text: str) -> str:
    """A 10-digit application number in the text; a passport, СНИЛС or ИНН of the same length is not one."""
    others = None
    for match in _APPLICATION_NUMBER.finditer(text):
        others = _other_numbers(text) if others is None else others
        if not _overlaps(*match.span(), others):
            return match.group(0)
    return ""


def _application_start(context: Context) -> Step:
    number = application_number_in(context.text)
    if number:
        return _application_answer(number)
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
    number = application_number_in(context.latest)
    return _application_answer(number) if number else None


def _application_answer(number: str) -> Step:
    found = portal_gateway().application(number=number)
    if found is None:
        return Step(
            _(
                "Заявления с номером, который заканчивается на %(number)s, не нашёл. Проверьте номер в разделе "
                "«Заявления» личного кабинета (10 цифр) и напишите его ещё раз."
            )
            % {"number": number_shown(number)},
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


# Words of a «the site is down» message that name no particular service
_OUTAGE_GENERIC_LEMMAS_TEXT = """
сайт портал госуслуга госуслуги gosuslugi работать заработать лежать лечь упасть недоступный недоступно
доступ открываться открыть грузиться загружаться загрузиться висеть тормозить отвечать страница ошибка сбой
технический работа вообще совсем опять снова сегодня сейчас утро вечер день час минута уже весь всё ничего
почему что случиться происходить здравствуйте добрый подсказать пожалуйста помочь выдавать писать показывать
давно долго целый никак проблема когда
"""
_OUTAGE_GENERIC_LEMMAS = frozenset(_OUTAGE_GENERIC_LEMMAS_TEXT.split())
_STEM = 5  # «записаться» and «запись», «врачу» and «врач» share their first letters


def _stems(text: str) -> set[str]:
    from assistant.stopwords import STOP_WORDS
    from knowledgebase.search import lemma_text

    return {lemma[:_STEM] for lemma in lemma_text(text).split() if lemma.isalpha() and lemma not in STOP_WORDS}


def names_service(text: str, service: str) -> bool:
    """The citizen's words name this portal service («не могу записаться к врачу» → «Запись к врачу»)."""
    wanted = _stems(service)
    return bool(wanted) and wanted <= _stems(text)


def _names_something_specific(text: str) -> bool:
    from assistant.stopwords import STOP_WORDS
    from knowledgebase.search import lemma_text

    return any(
        lemma.isalpha() and len(lemma) > 2 and lemma not in STOP_WORDS and lemma not in _OUTAGE_GENERIC_LEMMAS
        for lemma in lemma_text(text).split()
    )


def _outage_start(context: Context) -> Step | None:
    """Known incidents of the service the citizen names; all of them only when the whole portal seems down
    and the words name nothing in particular. Else None: the knowledge base's advice answers."""
    incidents = portal_gateway().incidents()
    named = [incident for incident in incidents if names_service(context.text, incident.service)]
    portal_down = bool(PORTAL_DOWN_WORDS.search(context.text)) or context.topic_code == "service-unavailable"
    if not named and portal_down and not _names_something_specific(context.text):
        named = incidents
    if not named:
        return None
    incidents = named
    lines = []
    for incident in incidents:
        if incident.expected_recovery_at is None or recovery_is_overdue(incident.expected_recovery_at):
            eta = _("срок восстановления уточняется")  # a promised time already past is no promise
        else:  # «сегодня к 14:30 (МСК)», «завтра к 10:00 (МСК)»: «к 00:11» alone is ambiguous at night
            eta = _("восстановим примерно %(when)s") % {"when": recovery_time_phrase(incident.expected_recovery_at)}
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
