"""`manage.py totp_code <email>`: the current TOTP code of a user's confirmed device.

For demo and local development only: it lets a demo employee pass two-factor sign-in without an
authenticator app. Refused in production, where it would defeat the second factor (SEC2).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Печатает текущий шестизначный код TOTP подтверждённого устройства пользователя (демо)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="эл. почта сотрудника, например operator1@demo.supportdesk.ru")

    def handle(self, *args, email: str, **options):
        if settings.PRODUCTION:
            raise CommandError("В рабочей среде коды второго фактора не выдаются.")
        device = TOTPDevice.objects.filter(user__email=email.strip().lower(), confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(f"У пользователя {email} нет подтверждённого устройства TOTP.")
        # the same arithmetic TOTPDevice.verify_token uses, including the drift it has learned
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
