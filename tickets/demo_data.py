"""Demo identities and requests loaded by `manage.py seed_demo`.

Pure data, no Django imports: the launcher and the README import DEMO_STAFF / DEMO_CITIZENS to print the
demo sign-ins before Django is set up. Every address is on the demo domain; nothing here is a real person.
Passwords and TOTP keys are public on purpose — never load this data into a production database.
"""

from __future__ import annotations

DEMO_DOMAIN = "demo.supportdesk.ru"


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


# role values are accounts.roles.Role; skills are tickets.Topic codes; totp_key is hex (40 chars = 20 bytes).
DEMO_STAFF = [
    {
        "email": _email("operator1"),
        "password": "Demo-Operator1-2026",
        "role": "operator",
        "first_name": "Анна",
        "last_name": "Ковалёва",
        "skills": [
            "registration",
            "registration-create",
            "password-recovery",
            "login-change",
            "account-blocked",
            "two-factor",
            "identity-confirmation",
            "documents-upload-profile",
        ],
        "languages": ["ru"],
        "shift": "08:00–20:00 МСК",
        "department": "Первая линия, регистрация и вход",
        "totp_key": "e3d919652f4aef7825ac8b0ec52cb0dd007c86ad",
    },
    {
        "email": _email("operator2"),
        "password": "Demo-Operator2-2026",
        "role": "operator",
        "first_name": "Дмитрий",
        "last_name": "Соколов",
        "skills": [
            "services",
            "service-documents",
            "form-filling",
            "application-correction",
            "application-status",
            "personal-data-change",
        ],
        "languages": ["ru", "en"],
        "shift": "08:00–20:00 МСК",
        "department": "Первая линия, разъяснение услуг",
        "totp_key": "efda4936453430ff6a667767b3c39180bf6519a9",
    },
    {
        "email": _email("operator3"),
        "password": "Demo-Operator3-2026",
        "role": "operator",
        "first_name": "Гульнара",
        "last_name": "Хабибуллина",
        "skills": [
            "registration",
            "password-recovery",
            "two-factor",
            "identity-confirmation",
            "application-status",
            "personal-data-change",
        ],
        "languages": ["ru", "tt"],
        "shift": "08:00–20:00 МСК",
        "department": "Первая линия, Казанская площадка",
        "totp_key": "b45002170a6790ee0c9d6d07740ee694deb458d5",
    },
    {
        "email": _email("operator4"),
        "password": "Demo-Operator4-2026",
        "role": "operator",
        "first_name": "Максим",
        "last_name": "Лебедев",
        "skills": ["technical", "upload-error", "service-unavailable", "page-error"],
        "languages": ["ru"],
        "shift": "20:00–08:00 МСК",
        "department": "Первая линия, технические вопросы",
        "totp_key": "cb1eb04af729cbb6ae9c8f790c62c210801b91cb",
    },
    {
        "email": _email("operator5"),
        "password": "Demo-Operator5-2026",
        "role": "operator",
        "first_name": "Екатерина",
        "last_name": "Фролова",
        "skills": ["registration", "services", "personal-data-change", "application-status", "upload-error"],
        "languages": ["ru", "en"],
        "shift": "20:00–08:00 МСК",
        "department": "Первая линия, ночная смена",
        "totp_key": "748eeb3a94872d64e6e1d185d5420d7ad77dddc2",
    },
    {
        "email": _email("specialist1"),
        "password": "Demo-Specialist1-2026",
        "role": "specialist",
        "first_name": "Татьяна",
        "last_name": "Белова",
        "skills": ["e-signature"],
        "languages": ["ru"],
        "shift": "09:00–18:00 МСК",
        "department": "Отдел электронной подписи",
        "totp_key": "5e0a8147696ab25b4c40a57ad4ca9bd0593c8379",
    },
    {
        "email": _email("specialist2"),
        "password": "Demo-Specialist2-2026",
        "role": "specialist",
        "first_name": "Руслан",
        "last_name": "Галиев",
        "skills": ["social-payments"],
        "languages": ["ru", "tt"],
        "shift": "09:00–18:00 МСК",
        "department": "Отдел социальных выплат",
        "totp_key": "33cfab3279667e9a11697ff2e359e69d392f99a8",
    },
    {
        "email": _email("tech1"),
        "password": "Demo-Tech1-2026",
        "role": "technician",
        "first_name": "Алексей",
        "last_name": "Никитин",
        "skills": ["technical", "service-unavailable", "page-error", "data-transfer"],
        "languages": ["ru", "en"],
        "shift": "круглосуточно, дежурства",
        "department": "Техническая группа",
        "totp_key": "5e654d4f25af38a086e76c6809adb73ab2bf2133",
    },
    {
        "email": _email("tech2"),
        "password": "Demo-Tech2-2026",
        "role": "technician",
        "first_name": "Виктория",
        "last_name": "Павлова",
        "skills": ["upload-error", "data-transfer"],
        "languages": ["ru"],
        "shift": "круглосуточно, дежурства",
        "department": "Техническая группа",
        "totp_key": "c054f93a8f2441a490f6a1104576d09ad80005bf",
    },
    {
        "email": _email("supervisor"),
        "password": "Demo-Supervisor-2026",
        "role": "supervisor",
        "first_name": "Елена",
        "last_name": "Воронцова",
        "totp_key": "11cf5c3e4dead35cd28841fd061bc3724fc7e496",
    },
    {
        "email": _email("security"),
        "password": "Demo-Security-2026",
        "role": "security_officer",
        "first_name": "Андрей",
        "last_name": "Зайцев",
        "totp_key": "1ce8447402cb66bef73b9774701413733b258392",
    },
    {
        "email": _email("admin"),
        "password": "Demo-Admin-2026",
        "role": "administrator",
        "first_name": "Сергей",
        "last_name": "Миронов",
        "is_superuser": True,  # the Django admin (behind the same TOTP check)
        "totp_key": "0db897f78eebef850997c02abef9508943a67959",
    },
]

DEMO_CITIZEN_EMAIL = _email("citizen")
DEMO_CITIZEN_PASSWORD = "Demo-Citizen-2026"  # noqa: S105 -- public demo password, see module docstring

# СНИЛС numbers carry valid checksums; phones are +7 mobile numbers of the 900 range.
DEMO_CITIZENS = [
    {
        "email": DEMO_CITIZEN_EMAIL,
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Иванова",
        "first_name": "Мария",
        "patronymic": "Петровна",
        "phone": "+79000000101",
        "snils": "15881399821",
    },
    {
        "email": _email("citizen2"),
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Кузнецов",
        "first_name": "Николай",
        "patronymic": "Андреевич",
        "phone": "+79000000102",
        "snils": "69879730912",
    },
    {
        "email": _email("citizen3"),
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Сафина",
        "first_name": "Алсу",
        "patronymic": "Ринатовна",
        "phone": "+79000000103",
        "snils": "11417075319",
    },
    {
        "email": _email("citizen4"),
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Морозов",
        "first_name": "Игорь",
        "patronymic": "Викторович",
        "phone": "+79000000104",
        "snils": "64556815125",
    },
    {
        "email": _email("citizen5"),
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Андреева",
        "first_name": "Ольга",
        "patronymic": "Николаевна",
        "phone": "+79000000105",
        "snils": "88447294064",
    },
    {
        "email": _email("citizen6"),
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Смирнов",
        "first_name": "Павел",
        "patronymic": "Олегович",
        "phone": "+79000000106",
        "snils": "55761698747",
    },
    {
        "email": _email("citizen7"),
        "password": DEMO_CITIZEN_PASSWORD,
        "last_name": "Brown",
        "first_name": "James",
        "patronymic": "",
        "phone": "+79000000107",
        "snils": "16897684662",
        "language": "en",
    },
]


def staff_email(key: str) -> str:
    """«operator1» → operator1@demo.supportdesk.ru: scenarios name people by the local part."""
    return _email(key)


# --- Scenario steps: `at` is minutes after the request arrived ---
def assign(at: int, to: str, by: str) -> dict:
    return {"at": at, "do": "assign", "to": to, "by": by}


def reply(at: int, by: str, text: str) -> dict:
    return {"at": at, "do": "reply", "by": by, "text": text}


def note(at: int, by: str, text: str) -> dict:
    return {"at": at, "do": "note", "by": by, "text": text}


def answer(at: int, text: str) -> dict:
    """The citizen (or contact) writes again."""
    return {"at": at, "do": "answer", "text": text}


def status(at: int, to: str, by: str, reason: str = "") -> dict:
    return {"at": at, "do": "status", "to": to, "by": by, "reason": reason}


MINUTE, HOUR, DAY = 1, 60, 24 * 60

# Each request is keyed by (subject, contact email): the seed skips those already present.
# `citizen` is a local part of a demo citizen; `contact` is someone who wrote without an account.
DEMO_REQUESTS = [
    # ---------------- new ----------------
    {
        "subject": "Не могу восстановить пароль — не приходит СМС",
        "channel": "web",
        "topic": "password-recovery",
        "citizen": "citizen2",
        "ago": 6 * MINUTE,
        "body": "Здравствуйте! Пытаюсь восстановить пароль, нажимаю «Восстановить», ввожу телефон, "
        "но СМС с кодом не приходит уже третий раз. Телефон в сети, другие СМС приходят.",
        "steps": [],
    },
    {
        "subject": "Как узнать статус заявления на загранпаспорт?",
        "channel": "mobile",
        "topic": "application-status",
        "citizen": "citizen",
        "ago": 14 * MINUTE,
        "body": "Подала заявление на загранпаспорт нового образца 10 дней назад, статус «Принято ведомством» "
        "не меняется. Это нормально? Сколько ещё ждать?",
        "steps": [],
    },
    {
        "subject": "Ошибка при загрузке заявления",
        "channel": "email",
        "topic": "upload-error",
        "contact": {"name": "Светлана Козлова", "email": "s.kozlova@example.com"},
        "ago": 22 * MINUTE,
        "body": "Добрый день. При загрузке скана справки о доходах в заявление на единое пособие появляется "
        "«Не удалось загрузить файл». Файл PDF, 14 МБ. Пробовала дважды. Что делать?",
        "steps": [],
    },
    {
        "subject": "Сайт пишет «Что-то пошло не так» при входе",
        "channel": "chat",
        "topic": "page-error",
        "citizen": "citizen4",
        "ago": 3 * MINUTE,
        "body": "После ввода пароля появляется страница «Что-то пошло не так». С телефона то же самое.",
        "steps": [],
    },
    # ---------------- the assistant is answering ----------------
    {
        "subject": "Забыла пароль от госуслуг",
        "channel": "chat",
        "assistant": True,  # a portal chat the assistant handles before any person (chat.dialogue)
        "citizen": "citizen5",
        "ago": 1 * MINUTE,
        "body": "Забыла пароль от госуслуг, как его восстановить?",
        "steps": [],
    },
    # ---------------- triaged ----------------
    {
        "subject": "Какую подпись нужно для продажи автомобиля через портал?",
        "channel": "email",
        "topic": "e-signature",
        "contact": {"name": "Роман Егоров", "email": "r.egorov@example.com"},
        "ago": 48 * MINUTE,
        "body": "Хочу оформить договор купли-продажи автомобиля через Госуслуги. Покупатель спрашивает, "
        "нужна ли квалифицированная подпись или хватит «Госключа». Подскажите, пожалуйста.",
        "steps": [status(2, "triaged", "operator2", "Тема уточнена: электронная подпись, уровень L2")],
    },
    {
        "subject": "Учётная запись заблокирована после смены телефона",
        "channel": "phone",
        "topic": "account-blocked",
        "citizen": "citizen3",
        "ago": 35 * MINUTE,
        "body": "Звонок на горячую линию. Гражданка сменила номер телефона у оператора связи, при попытке "
        "входа получает сообщение «Учётная запись заблокирована». Просит помочь восстановить доступ.",
        "steps": [status(4, "triaged", "operator3", "Классифицировано по звонку: блокировка учётной записи")],
    },
    {
        "subject": "Какие документы нужны для записи ребёнка в детский сад",
        "channel": "web",
        "topic": "service-documents",
        "citizen": "citizen6",
        "ago": 55 * MINUTE,
        "body": "Собираюсь подать заявление на запись сына в детский сад. Какие документы понадобятся и "
        "нужно ли загружать сканы свидетельства о рождении?",
        "steps": [status(1, "triaged", "supervisor")],
    },
    # ---------------- assigned ----------------
    {
        "subject": "Ошибка подписания заявления: сертификат не найден",
        "channel": "web",
        "topic": "e-signature",
        "citizen": "citizen",
        "ago": 70 * MINUTE,
        "body": "Подписываю заявление квалифицированной подписью на токене, выходит ошибка «Сертификат не "
        "найден». Плагин установлен, токен вставлен. Браузер Яндекс, Windows 10.",
        "steps": [assign(3, "specialist1", "supervisor")],
    },
    {
        "subject": "Не пришло единое пособие за октябрь",
        "channel": "mobile",
        "topic": "social-payments",
        "citizen": "citizen5",
        "ago": 2 * HOUR,
        "body": "Пособие назначено в августе, за сентябрь пришло, а за октябрь нет. В приложении статус "
        "«Услуга оказана». Куда обращаться?",
        "steps": [assign(5, "specialist2", "supervisor")],
    },
    {
        "subject": "Заявление не появилось в Социальном фонде",
        "channel": "email",
        "topic": "data-transfer",
        "contact": {"name": "Галина Фёдорова", "email": "g.fedorova@example.com"},
        "ago": 3 * HOUR,
        "body": "Отправила заявление о перерасчёте пенсии три дня назад, статус «Отправлено в ведомство». "
        "В клиентской службе фонда говорят, что заявления у них нет.",
        "steps": [
            status(10, "triaged", "operator2", "Передача данных в ведомство — нужна техническая группа"),
            assign(12, "tech1", "supervisor"),
        ],
    },
    # ---------------- in_progress ----------------
    {
        "subject": "Не приходит код подтверждения при входе",
        "channel": "chat",
        "topic": "two-factor",
        "citizen": "citizen",
        "ago": 12 * MINUTE,
        "body": "Ввожу логин и пароль, потом нужно ввести код из СМС, а он не приходит. Что делать?",
        "steps": [
            assign(1, "operator1", "operator1"),
            reply(
                1,
                "operator1",
                "Здравствуйте, Мария Петровна! Меня зовут Анна, помогу разобраться. "
                "Подскажите, пожалуйста, номер телефона в профиле актуальный? Не меняли его недавно?",
            ),
            answer(2, "Номер тот же, не меняла. Вчера код приходил нормально."),
            reply(
                3,
                "operator1",
                "Спасибо. Запросите, пожалуйста, код повторно и подождите 1–2 минуты. "
                "Вводите только последний пришедший код — предыдущие перестают действовать.",
            ),
            note(
                4,
                "operator1",
                "Учётная запись активна, блокировок нет. Если код не придёт — предложить "
                "вход через приложение-аутентификатор и проверить доставку СМС у оператора связи.",
            ),
        ],
    },
    {
        "subject": "Смена номера телефона в учётной записи",
        "channel": "phone",
        "topic": "login-change",
        "citizen": "citizen2",
        "ago": 25 * MINUTE,
        "body": "Звонок: гражданин поменял номер телефона, старая SIM-карта утеряна. Хочет привязать новый "
        "номер, но код приходит на старый.",
        "steps": [
            assign(1, "operator3", "operator3"),
            reply(
                2,
                "operator3",
                "Николай Андреевич, восстановите доступ по электронной почте: на странице "
                "входа «Восстановить» → укажите почту. После входа в профиле в разделе «Контакты» "
                "замените телефон, новый номер подтвердите кодом.",
            ),
            note(3, "operator3", "Почта в профиле подтверждена. Гражданин выполняет шаги во время звонка."),
        ],
    },
    {
        "subject": "Услуга «Замена паспорта» недоступна с утра",
        "channel": "web",
        "topic": "service-unavailable",
        "citizen": "citizen5",
        "ago": 95 * MINUTE,
        "body": "С утра пытаюсь подать заявление на замену паспорта в 45 лет, на последнем шаге пишет "
        "«Сервис временно недоступен, попробуйте позже». Уже 4 часа.",
        "steps": [
            assign(4, "operator4", "supervisor"),
            reply(
                6,
                "operator4",
                "Ольга Николаевна, здравствуйте! Черновик вашего заявления сохранён в "
                "разделе «Заявления» → «Черновики», заполнять заново не нужно. Мы проверяем работу услуги.",
            ),
            note(
                8,
                "operator4",
                "Воспроизводится: ошибка на шаге отправки, 3 обращения за час. Передаю в L3, сообщил супервизору.",
            ),
            assign(9, "tech1", "operator4"),
            note(
                40,
                "tech1",
                "Сбой интеграции с ведомственной системой, ведомство восстанавливает, ожидаемое время — до 18:00 МСК.",
            ),
            reply(
                42,
                "tech1",
                "Ольга Николаевна, сбой на стороне ведомственной системы, работу "
                "восстанавливают, ожидаемое время — сегодня до 18:00 по Москве. Мы сообщим, когда услуга "
                "заработает.",
            ),
        ],
    },
    {
        "subject": "Question about filling the application form in English",
        "channel": "email",
        "topic": "form-filling",
        "language": "en",
        "contact": {"name": "Anna Schmidt", "email": "anna.schmidt@example.com"},
        "ago": 4 * HOUR,
        "body": "Hello, I am a foreign citizen with a residence permit. The application form asks for "
        "«СНИЛС» — where do I find this number and can I fill the form without it?",
        "steps": [
            assign(15, "operator2", "supervisor"),
            reply(
                20,
                "operator2",
                "Hello Anna, SNILS is the individual insurance account number issued by "
                "the Social Fund of Russia; foreign citizens with a residence permit receive it too. It is "
                "printed in your SNILS notice, or you can request it at a service centre with your passport "
                "and residence permit. The form cannot be submitted without it.",
            ),
        ],
    },
    # ---------------- waiting ----------------
    {
        "subject": "Не загружается фото свидетельства о рождении",
        "channel": "web",
        "topic": "upload-error",
        "citizen": "citizen3",
        "ago": 5 * HOUR,
        "body": "Прикладываю фото свидетельства о рождении дочери, пишет «Недопустимый формат файла». "
        "Фото сделано на айфон.",
        "steps": [
            assign(10, "operator4", "supervisor"),
            reply(
                12,
                "operator4",
                "Алсу Ринатовна, фотографии с iPhone часто сохраняются в формате HEIC, "
                "который портал не принимает. Сохраните фото в JPG (Настройки → Камера → Форматы → "
                "«Наиболее совместимый») или отсканируйте документ в PDF и загрузите снова. "
                "Напишите, пожалуйста, получилось ли.",
            ),
            status(13, "waiting", "operator4", "Ждём, получилось ли загрузить файл в JPG"),
        ],
    },
    {
        "subject": "Ошибка в заявлении — неверная дата рождения ребёнка",
        "channel": "email",
        "topic": "application-correction",
        "contact": {"name": "Ирина Васильева", "email": "i.vasilieva@example.com"},
        "ago": 26 * HOUR,
        "body": "Отправила заявление на пособие и заметила, что указала неверную дату рождения сына. "
        "Как исправить? Номер заявления 4512-877.",
        "steps": [
            assign(30, "operator2", "supervisor"),
            reply(
                35,
                "operator2",
                "Ирина, отправленное заявление изменить нельзя. Если в карточке заявления "
                "есть кнопка «Отменить заявление», отмените его и подайте новое с верной датой. Напишите, "
                "пожалуйста, какой статус сейчас у заявления — подскажем дальнейшие шаги.",
            ),
            note(36, "operator2", "Номер заявления гражданка назвала, в карточку не копировала персональные данные."),
            status(37, "waiting", "operator2", "Ждём статус заявления от гражданки"),
        ],
    },
    {
        "subject": "Как подтвердить учётную запись без похода в МФЦ",
        "channel": "chat",
        "topic": "identity-confirmation",
        "citizen": "citizen6",
        "ago": 80 * MINUTE,
        "body": "Живу в селе, до МФЦ 60 км. Можно подтвердить учётную запись как-то онлайн?",
        "steps": [
            assign(1, "operator3", "operator3"),
            reply(
                2,
                "operator3",
                "Павел Олегович, да: если вы клиент банка, подтвердите учётную запись в "
                "интернет-банке — найдите в приложении банка раздел «Госуслуги». Каким банком вы пользуетесь?",
            ),
            status(3, "waiting", "operator3", "Уточняем банк гражданина"),
        ],
    },
    # ---------------- resolved ----------------
    {
        "subject": "Забыла пароль от Госуслуг",
        "channel": "web",
        "topic": "password-recovery",
        "citizen": "citizen",
        "ago": 2 * DAY,
        "body": "Не помню пароль, а телефон, который был привязан, потеряла. Как войти?",
        "steps": [
            assign(5, "operator1", "supervisor"),
            reply(
                8,
                "operator1",
                "Мария Петровна, на странице входа нажмите «Восстановить» и выберите "
                "«Восстановить по СНИЛС или паспорту», затем подтвердите вход по почте. После входа "
                "привяжите новый номер в профиле. Пошаговая инструкция: статья «Как восстановить пароль».",
            ),
            answer(25, "Получилось, вошла по почте и поменяла номер. Спасибо!"),
            reply(27, "operator1", "Рады помочь! Рекомендуем включить вход с подтверждением в разделе «Безопасность»."),
            status(28, "resolved", "operator1"),
        ],
    },
    {
        "subject": "Сколько рассматривается заявление на налоговый вычет",
        "channel": "mobile",
        "topic": "application-status",
        "citizen": "citizen4",
        "ago": 30 * HOUR,
        "body": "Подал декларацию на вычет за лечение месяц назад. Статус «В работе». Когда будут деньги?",
        "steps": [
            assign(20, "operator2", "supervisor"),
            reply(
                25,
                "operator2",
                "Игорь Викторович, камеральная проверка декларации длится до трёх месяцев "
                "со дня подачи, после решения деньги перечисляют в течение месяца. Статус «В работе» "
                "означает, что проверка идёт; срок ещё не истёк.",
            ),
            status(26, "resolved", "operator2"),
        ],
    },
    {
        "subject": "Change of surname in profile after marriage",
        "channel": "phone",
        "topic": "personal-data-change",
        "citizen": "citizen7",
        "language": "en",
        "ago": 20 * HOUR,
        "body": "Call: the citizen changed surname after marriage and received a new passport. Asks how to "
        "update the profile so that services keep working.",
        "steps": [
            assign(1, "operator5", "operator5"),
            reply(
                6,
                "operator5",
                "James, please open Profile → Documents, edit the passport and enter the "
                "new surname and passport details together. The check by the Ministry of Internal Affairs "
                "usually takes from minutes to a few days; you will get a notification.",
            ),
            status(7, "resolved", "operator5"),
        ],
    },
    # ---------------- closed ----------------
    {
        "subject": "Ошибка «Некорректный адрес электронной почты» при регистрации",
        "channel": "email",
        "topic": "registration-create",
        "contact": {"name": "Михаил Орлов", "email": "m.orlov@example.com"},
        "ago": 6 * DAY,
        "body": "Регистрируюсь на портале, при вводе почты пишет «Некорректный адрес электронной почты». "
        "Адрес рабочий, письма приходят.",
        "steps": [
            assign(40, "operator1", "supervisor"),
            reply(
                45,
                "operator1",
                "Михаил, проверьте, пожалуйста, нет ли в адресе пробела в конце или "
                "запятой вместо точки («mail,ru»). Почта при регистрации необязательна — можно "
                "зарегистрироваться по телефону и добавить почту позже.",
            ),
            answer(90, "Действительно, был пробел в конце. Зарегистрировался, спасибо."),
            status(95, "resolved", "operator1"),
            status(3 * DAY, "closed", "supervisor", "Решение подтверждено гражданином"),
        ],
    },
    {
        "subject": "Как получить Госключ для подписания договора",
        "channel": "web",
        "topic": "e-signature",
        "citizen": "citizen2",
        "ago": 8 * DAY,
        "body": "Нужно подписать договор с работодателем через Госуслуги. Где взять подпись?",
        "steps": [
            assign(30, "specialist1", "supervisor"),
            reply(
                50,
                "specialist1",
                "Николай Андреевич, для кадровых документов подходит неквалифицированная "
                "подпись в приложении «Госключ». Установите приложение, войдите с подтверждённой учётной "
                "записью и выпустите сертификат — это бесплатно и занимает около 10 минут.",
            ),
            answer(200, "Установил, договор подписан. Спасибо!"),
            status(205, "resolved", "specialist1"),
            status(3 * DAY, "closed", "specialist1"),
        ],
    },
    {
        "subject": "Страница заявлений не открывается в браузере",
        "channel": "chat",
        "topic": "page-error",
        "citizen": "citizen3",
        "ago": 4 * DAY,
        "body": "Раздел «Заявления» показывает пустую белую страницу. Браузер Firefox.",
        "steps": [
            assign(1, "operator4", "operator4"),
            reply(
                2,
                "operator4",
                "Алсу Ринатовна, очистите, пожалуйста, кэш браузера (Ctrl+Shift+Delete) и обновите страницу. Помогло?",
            ),
            answer(6, "Нет, всё так же пусто. В Chrome открывается."),
            note(8, "operator4", "Воспроизвёл в Firefox последней версии: ошибка скрипта в консоли. Передаю в L3."),
            assign(9, "tech2", "operator4"),
            reply(
                180,
                "tech2",
                "Алсу Ринатовна, ошибку в Firefox исправили: при загрузке раздела не "
                "учитывалась одна настройка браузера. Обновите, пожалуйста, страницу. Чтобы избежать "
                "подобного, держите браузер обновлённым; при повторении ошибки напишите нам.",
            ),
            answer(200, "Теперь открывается, спасибо!"),
            status(201, "resolved", "tech2"),
            status(2 * DAY, "closed", "supervisor", "Закрыто после подтверждения гражданина"),
        ],
    },
    {
        "subject": "Отказ в назначении выплаты на ребёнка",
        "channel": "phone",
        "topic": "social-payments",
        "citizen": "citizen5",
        "ago": 12 * DAY,
        "body": "Звонок: гражданке отказали в единой выплате, причина в уведомлении «неверные реквизиты "
        "счёта». Спрашивает, как подать повторно.",
        "steps": [
            assign(2, "specialist2", "supervisor"),
            reply(
                10,
                "specialist2",
                "Ольга Николаевна, подайте заявление повторно и укажите реквизиты "
                "счёта карты «Мир» полностью — 20 цифр номера счёта, а не номер карты. Реквизиты есть в "
                "приложении банка в разделе «Реквизиты».",
            ),
            status(11, "resolved", "specialist2"),
            status(4 * DAY, "closed", "specialist2"),
        ],
    },
    {
        "subject": "Отменить заявление на регистрацию по месту жительства",
        "channel": "web",
        "topic": "application-correction",
        "citizen": "citizen6",
        "ago": 15 * DAY,
        "body": "Подал заявление на регистрацию по месту жительства с ошибкой в номере квартиры. Как его отменить?",
        "steps": [
            assign(20, "operator2", "supervisor"),
            reply(
                25,
                "operator2",
                "Павел Олегович, откройте заявление в разделе «Заявления» и нажмите "
                "«Отменить заявление», затем подайте новое с верным адресом.",
            ),
            answer(60, "Отменил, подал новое. Спасибо."),
            status(61, "resolved", "operator2"),
            status(3 * DAY, "closed", "operator2"),
        ],
    },
    # ---------------- cancelled ----------------
    {
        "subject": "Не вижу кнопку «Записаться к врачу»",
        "channel": "web",
        "topic": "page-error",
        "citizen": "citizen4",
        "ago": 3 * DAY,
        "body": "Хотел записаться к терапевту, но на странице услуги нет кнопки записи.",
        "steps": [
            answer(15, "Уже не нужно: прикрепление к поликлинике обновилось, кнопка появилась."),
            status(20, "cancelled", "operator5", "Вопрос решён гражданином самостоятельно"),
        ],
    },
    {
        "subject": "Повторное письмо: ошибка загрузки справки",
        "channel": "email",
        "topic": "upload-error",
        "contact": {"name": "Светлана Козлова", "email": "s.kozlova@example.com"},
        "ago": 10 * MINUTE,
        "body": "Пишу повторно по поводу ошибки загрузки справки о доходах, ответа пока нет.",
        "steps": [
            note(
                2,
                "operator5",
                "Дубликат обращения той же гражданки по той же проблеме, ответ будет дан в первом обращении.",
            ),
            status(3, "cancelled", "operator5", "Дубликат: ответ в первом обращении"),
        ],
    },
]
