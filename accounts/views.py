"""Sign-in, registration, the second factor for staff, and the citizen's own profile."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import LoginForm, ProfileForm, SignupForm, TokenForm
from accounts.models import CitizenProfile
from accounts.roles import Role
from accounts.services import citizen_profile_update, citizen_register, totp_device_create
from accounts.validators import format_snils


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class SupportLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        if user.is_desk_staff:  # the password is only the first factor for staff
            return f"{reverse('accounts:two_factor')}?next={self.get_redirect_url() or reverse('accounts:home')}"
        return self.get_redirect_url() or reverse("accounts:home")


login_view = SupportLoginView.as_view()
logout_view = LogoutView.as_view()


@require_http_methods(["GET", "POST"])
def signup_view(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = citizen_register(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            patronymic=data["patronymic"],
            phone=data["phone"],
            snils=data["snils"],
            language=request.LANGUAGE_CODE,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Учётная запись создана. Теперь вы можете написать в поддержку."))
        return redirect("accounts:home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request):
    """Verify a TOTP code; a staff member without a confirmed device first enrols one here."""
    user = request.user
    next_url = _safe_next(request, reverse("accounts:home"))
    if user.is_verified():
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        with transaction.atomic():
            device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or totp_device_create(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Слишком много неверных кодов. Подождите минуту и попробуйте снова."))
        elif device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(next_url)
        else:
            form.add_error(
                "token", _("Код не подошёл. Введите текущий код из приложения — он меняется каждые 30 секунд.")
            )
    context = {"form": form, "enrolling": enrolling, "next": next_url}
    if enrolling:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        qr_code = segno.make(device.config_url, error="m")
        context["qr_svg"] = qr_code.svg_inline(scale=4, title=_("QR-код для приложения"))
    return render(request, "accounts/two_factor.html", context)


@login_required
def home_view(request):
    """Where each role starts after signing in."""
    user = request.user
    if user.has_role(Role.SECURITY_OFFICER):
        return redirect("privacy:journal")
    if user.is_agent or user.has_role(Role.SUPERVISOR):
        return redirect("desk:queue")
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return redirect("admin:index")
    return redirect("tickets:citizen_list")


@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request):
    """The citizen's own personal data: what we keep and how to correct it (SEC10, first cut)."""
    user = request.user
    profile, _created = CitizenProfile.objects.get_or_create(user=user)
    initial = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "phone": profile.phone,
        "snils": format_snils(profile.snils) if profile.snils else "",
        "preferred_language": user.preferred_language,
    }
    form = ProfileForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        citizen_profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Данные сохранены."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": profile})
