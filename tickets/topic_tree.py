"""The request taxonomy of SPEC TQ, seeded by a migration and re-ensured by topics_sync()."""

# (code, name, complexity, tier, children); parents first.
TOPIC_TREE = [
    ("registration", "Регистрация и вход", "typical", 1, [
        ("registration-create", "Создание учётной записи", "typical", 1),
        ("password-recovery", "Восстановление пароля", "typical", 1),
        ("login-change", "Смена логина, телефона или почты", "typical", 1),
        ("account-blocked", "Блокировка учётной записи", "complex", 1),
        ("two-factor", "Код подтверждения и двухфакторная защита", "typical", 1),
        ("identity-confirmation", "Подтверждение личности", "typical", 1),
        ("documents-upload-profile", "Какие документы загрузить в профиль", "typical", 1),
    ]),
    ("services", "Разъяснение услуг", "typical", 1, [
        ("service-documents", "Документы для получения услуги", "typical", 1),
        ("form-filling", "Заполнение заявления", "typical", 1),
        ("application-correction", "Исправление заявления", "typical", 1),
        ("application-status", "Статус и сроки рассмотрения", "typical", 1),
        ("e-signature", "Электронная подпись", "complex", 2),
        ("social-payments", "Социальные выплаты и пособия", "complex", 2),
        ("personal-data-change", "Изменение личных данных", "typical", 1),
    ]),
    ("technical", "Технические проблемы", "complex", 1, [
        ("upload-error", "Ошибка при загрузке документов", "typical", 1),
        ("service-unavailable", "Сервис недоступен", "complex", 1),
        ("page-error", "Ошибка на странице портала", "complex", 1),
        ("data-transfer", "Передача данных в ведомства", "complex", 2),
    ]),
]


def topics_sync(Topic) -> None:
    """Create or update the tree; takes the model so migrations can pass their historical one."""
    for position, (code, name, complexity, tier, children) in enumerate(TOPIC_TREE):
        parent, _ = Topic.objects.update_or_create(
            code=code, defaults={"name": name, "complexity": complexity, "tier": tier, "position": position}
        )
        for child_position, (child_code, child_name, child_complexity, child_tier) in enumerate(children):
            Topic.objects.update_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "complexity": child_complexity,
                    "tier": child_tier,
                    "position": child_position,
                    "parent": parent,
                },
            )
