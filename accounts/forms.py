from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import CitizenProfile, User
from accounts.validators import normalize_phone, normalize_snils


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("Электронная почта"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                                           "autofocus": True}))
    def clean_username(self) -> str:
        return self.cleaned_data["username"].lower()  # accounts store emails lower-cased

    error_messages = {
        "invalid_login": _("Неверная почта или пароль. Проверьте раскладку клавиатуры и Caps Lock."),
        "inactive": _("Учётная запись отключена. Обратитесь в поддержку по телефону +7 495 777-77-77."),
    }


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Электронная почта"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    last_name = forms.CharField(label=_("Фамилия"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = forms.CharField(label=_("Имя"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    patronymic = forms.CharField(label=_("Отчество"), max_length=150, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "additional-name"}))
    phone = forms.CharField(label=_("Телефон"), required=False, help_text=_("Например, +7 912 345-67-89"),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    snils = forms.CharField(label=_("СНИЛС"), required=False, help_text=_("11 цифр, например 112-233-445 95"),
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    password1 = forms.CharField(label=_("Пароль"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("Не короче 10 символов; не только цифры и не распространённый пароль."))
    password2 = forms.CharField(label=_("Пароль ещё раз"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent = forms.BooleanField(
        label=_("Я согласен(на) на обработку персональных данных для рассмотрения моих обращений (152-ФЗ)"),
        error_messages={"required": _("Без согласия мы не можем хранить ваши обращения.")},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("Эта почта уже зарегистрирована. Войдите или восстановите пароль."))
        return email

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        phone = normalize_phone(phone) if phone else ""
        if phone and CitizenProfile.objects.filter(phone=phone).exists():
            raise forms.ValidationError(
                _("Этот номер уже привязан к другой учётной записи. Войдите в неё или укажите другой номер.")
            )
        return phone

    def clean_snils(self) -> str:
        snils = self.cleaned_data["snils"]
        return normalize_snils(snils) if snils else ""

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Пароли не совпадают."))
        elif first:
            candidate = User(email=cleaned.get("email", ""), first_name=cleaned.get("first_name", ""),
                             last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Код из приложения-аутентификатора"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Код состоит только из цифр."))
        return token


class ProfileForm(forms.Form):
    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    patronymic = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    phone = forms.CharField(label=_("Телефон"), required=False, help_text=_("Например, +7 912 345-67-89"))
    snils = forms.CharField(label=_("СНИЛС"), required=False, help_text=_("11 цифр, например 112-233-445 95"))
    preferred_language = forms.ChoiceField(label=_("Язык общения"), choices=[])

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["preferred_language"].choices = settings.LANGUAGES

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        phone = normalize_phone(phone) if phone else ""
        if phone and CitizenProfile.objects.filter(phone=phone).exclude(user=self.user).exists():
            raise forms.ValidationError(_("Этот номер уже привязан к другой учётной записи."))
        return phone

    def clean_snils(self) -> str:
        snils = self.cleaned_data["snils"]
        return normalize_snils(snils) if snils else ""
