"""Writes to accounts: registration, staff creation with their second factor, role assignment."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import CitizenProfile, OperatorProfile, User
from accounts.roles import AGENT_ROLES, ROLE_PERMISSIONS, Role
from accounts.validators import normalize_phone, normalize_snils

LEVEL_OF_ROLE = {Role.OPERATOR: 1, Role.SPECIALIST: 2, Role.TECHNICIAN: 3}


def roles_sync() -> None:
    """Make every role group hold exactly the permissions of ROLE_PERMISSIONS (idempotent)."""
    for role, dotted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for name in dotted:
            app_label, codename = name.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


@transaction.atomic
def citizen_register(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    patronymic: str = "",
    phone: str = "",
    snils: str = "",
    language: str = "ru",
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        patronymic=patronymic,
        preferred_language=language,
    )
    user.groups.add(Group.objects.get(name=Role.CITIZEN))
    CitizenProfile.objects.create(
        user=user,
        phone=normalize_phone(phone) if phone else "",
        snils=normalize_snils(snils) if snils else "",
    )
    return user


@transaction.atomic
def staff_create(
    *,
    email: str,
    password: str | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    skills=(),
    languages=("ru",),
    max_concurrent_chats: int = 3,
    department: str = "",
    shift: str = "",
    totp_key: str | None = None,
) -> User:
    """Create an employee with their role; agents get an operator profile; everyone gets a TOTP device."""
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=role in (Role.ADMINISTRATOR, Role.SUPERVISOR, Role.SECURITY_OFFICER),
    )
    user.groups.add(Group.objects.get(name=role))
    if role in AGENT_ROLES:
        profile = OperatorProfile.objects.create(
            user=user,
            level=LEVEL_OF_ROLE[role],
            languages=list(languages),
            max_concurrent_chats=max_concurrent_chats,
            department=department,
            shift=shift,
        )
        profile.skills.set(skills)
    if totp_key is not None:
        totp_device_create(user=user, key=totp_key, confirmed=True)
    return user


def totp_device_create(*, user: User, key: str | None = None, confirmed: bool = False) -> TOTPDevice:
    """A TOTP device for the user; an unconfirmed one waits for its first code on the setup page."""
    return TOTPDevice.objects.create(
        user=user, name="authenticator", key=key or secrets.token_hex(20), confirmed=confirmed
    )


@transaction.atomic
def operator_set_status(*, profile: OperatorProfile, status: str) -> OperatorProfile:
    """Set the agent's line status. Routing follows after commit: going away or offline hands their
    requests to colleagues (tickets.routing.REROUTED_ON); coming online fills their capacity from the queue.

    Every way a status changes comes here (the desk, logging out, the admin, presence, deactivation): the
    previous status is read under the profile's row lock, so routing hears of each real change once.
    """
    from tickets.tasks import operator_status_routing_task  # tickets depends on accounts, not the reverse

    previous = OperatorProfile.objects.select_for_update().values_list("status", flat=True).get(pk=profile.pk)
    profile.status = status
    profile.status_changed_at = timezone.now()
    profile.save(update_fields=["status", "status_changed_at"])
    if status != previous:
        user_id = profile.user_id
        transaction.on_commit(lambda: operator_status_routing_task.delay(user_id=user_id))
    return profile


def operator_go_offline(*, user: User) -> None:
    """The employee left (signed out, deactivated): off the line, their requests handed to colleagues.
    The routing sweep (tickets.routing.routing_sweep) is the safety net for a deactivation made elsewhere."""
    profile = OperatorProfile.objects.filter(user=user).first()
    if profile is not None and profile.status != OperatorProfile.Status.OFFLINE:
        operator_set_status(profile=profile, status=OperatorProfile.Status.OFFLINE)


@transaction.atomic
def citizen_profile_update(
    *, user: User, last_name: str, first_name: str, patronymic: str, phone: str, snils: str, preferred_language: str
) -> User:
    """The citizen corrects their own data; auditlog records the change with masked values."""
    user.last_name, user.first_name, user.patronymic = last_name, first_name, patronymic
    user.preferred_language = preferred_language
    user.save(update_fields=["last_name", "first_name", "patronymic", "preferred_language"])
    profile, _ = CitizenProfile.objects.get_or_create(user=user)
    profile.phone = normalize_phone(phone) if phone else ""
    profile.snils = normalize_snils(snils) if snils else ""
    profile.save(update_fields=["phone", "snils", "updated_at"])
    return user
