from __future__ import annotations

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.roles import AGENT_ROLES, STAFF_ROLES, Role
from accounts.validators import format_snils, validate_phone, validate_snils


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Everyone who signs in: citizens and staff. The role is the group; staff details live in OperatorProfile."""

    username = None
    email = models.EmailField(_("эл. почта"), unique=True)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    preferred_language = models.CharField(_("язык общения"), max_length=8, default="ru")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return name or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        # one query per request; views and templates ask often
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def is_desk_staff(self) -> bool:
        """Works in the back-office: must pass 2FA (SEC2)."""
        return self.is_superuser or bool(self.role_names & STAFF_ROLES)

    @property
    def is_agent(self) -> bool:
        return bool(self.role_names & AGENT_ROLES)

    @property
    def is_citizen(self) -> bool:
        return Role.CITIZEN in self.role_names


class OperatorProfile(models.Model):
    """What routing needs to know about an agent (OP1)."""

    class Level(models.IntegerChoices):
        L1 = 1, _("L1 — оператор")
        L2 = 2, _("L2 — профильный специалист")
        L3 = 3, _("L3 — техническая группа")

    class Status(models.TextChoices):
        ONLINE = "online", _("на линии")
        BUSY = "busy", _("занят")
        AWAY = "away", _("отошёл")
        OFFLINE = "offline", _("не в сети")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="operator_profile")
    level = models.PositiveSmallIntegerField(_("уровень"), choices=Level.choices, default=Level.L1)
    skills = models.ManyToManyField("tickets.Topic", verbose_name=_("компетенции"), blank=True)
    languages = ArrayField(models.CharField(max_length=8), verbose_name=_("языки"), default=list, blank=True)
    max_concurrent_chats = models.PositiveSmallIntegerField(_("одновременных чатов"), default=3)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.OFFLINE)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # fair ties in routing: among equally loaded agents the one who waited longest gets the next request
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    # presence (accounts.presence): the last sign of life of the operator's desk with scripts; None: never seen
    desk_seen_at = models.DateTimeField(null=True, blank=True)
    shift = models.CharField(_("смена"), max_length=64, blank=True, help_text=_("например, 08:00–20:00 МСК"))
    department = models.CharField(_("подразделение"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("профиль сотрудника")
        verbose_name_plural = _("профили сотрудников")
        ordering = ["user__email"]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.get_level_display()})"


class CitizenProfile(models.Model):
    """Personal data of a citizen (152-FZ): every staff read of it goes to the access journal."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen_profile")
    phone = models.CharField(_("телефон"), max_length=12, blank=True, validators=[validate_phone])
    snils = models.CharField(_("СНИЛС"), max_length=11, blank=True, validators=[validate_snils])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("профиль гражданина")
        verbose_name_plural = _("профили граждан")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~models.Q(phone=""), name="citizen_phone_unique"),
        ]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def snils_display(self) -> str:
        return format_snils(self.snils)


# Changes to personal data are audited (SEC5); values are masked in the log itself.
auditlog.register(CitizenProfile, mask_fields=["phone", "snils"])
auditlog.register(
    User,
    include_fields=["email", "first_name", "last_name", "patronymic", "is_active", "groups"],
    mask_fields=["email"],
    m2m_fields={"groups"},
)
