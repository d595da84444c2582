"""Demo states of the portal's systems for the assistant's scenarios (AU5); idempotent, keyed by phone/number."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from portal.models import PortalAccount, PortalApplication, ServiceIncident

DEMO_ACCOUNTS = [
    # phone, name, status, block reason, mismatch field
    ("+79160000001", "Иванова Анна Сергеевна", PortalAccount.Status.ACTIVE, "", ""),
    (
        "+79160000002",
        "Петров Игорь Николаевич",
        PortalAccount.Status.BLOCKED,
        "пять неверных попыток ввода пароля подряд",
        "",
    ),
    ("+79160000003", "Сидорова Мария Павловна", PortalAccount.Status.UNCONFIRMED, "", ""),
    ("+79160000004", "Козлов Дмитрий Олегович", PortalAccount.Status.DUPLICATE_PHONE, "", ""),
    ("+79160000005", "Новикова Елена Андреевна", PortalAccount.Status.DATA_MISMATCH, "", "СНИЛС"),
    # the demo citizen who signs in to the desk (tickets.demo_data): «Мои рекомендации» read these applications
    ("+79000000101", "Иванова Мария Петровна", PortalAccount.Status.ACTIVE, "", ""),
]
DEMO_APPLICATIONS = [
    # number, owner phone, service, status, submitted days ago, due in days, correction note
    (
        "1234567890",
        "+79160000001",
        "Выдача загранпаспорта нового образца",
        PortalApplication.Status.IN_REVIEW,
        10,
        20,
        "",
    ),
    (
        "2234567890",
        "+79160000001",
        "Единое пособие на детей",
        PortalApplication.Status.NEEDS_CORRECTION,
        5,
        5,
        "приложите справку о доходах за последние 12 месяцев",
    ),
    ("3234567890", "+79160000003", "Замена водительского удостоверения", PortalApplication.Status.SUBMITTED, 1, 14, ""),
    ("4234567890", "+79160000002", "Запись к врачу", PortalApplication.Status.DONE, 3, 0, ""),
    (
        "5234567890",
        "+79000000101",
        "Единое пособие на детей",
        PortalApplication.Status.NEEDS_CORRECTION,
        6,
        4,
        "приложите свидетельство о рождении второго ребёнка",
    ),
    (
        "6234567890",
        "+79000000101",
        "Выдача загранпаспорта нового образца",
        PortalApplication.Status.IN_REVIEW,
        12,
        18,
        "",
    ),
]


def portal_demo_seed() -> None:
    today = timezone.localdate()
    accounts = {}
    for phone, name, status, reason, mismatch in DEMO_ACCOUNTS:
        accounts[phone], _created = PortalAccount.objects.update_or_create(
            phone=phone,
            defaults={"full_name": name, "status": status, "block_reason": reason, "mismatch_field": mismatch},
        )
    for number, phone, service, status, ago, due_in, note in DEMO_APPLICATIONS:
        PortalApplication.objects.update_or_create(
            number=number,
            defaults={
                "account": accounts[phone],
                "service": service,
                "status": status,
                "submitted_on": today - timedelta(days=ago),
                "due_on": today + timedelta(days=due_in),
                "correction_note": note,
            },
        )
    if not ServiceIncident.objects.filter(service="Запись к врачу", resolved_at__isnull=True).exists():
        now = timezone.now()
        ServiceIncident.objects.create(
            service="Запись к врачу",
            description="Не открывается расписание врачей в части регионов",
            started_at=now - timedelta(minutes=40),
            expected_recovery_at=now + timedelta(hours=2),
        )
