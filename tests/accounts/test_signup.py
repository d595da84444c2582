import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.roles import Role

pytestmark = pytest.mark.django_db

VALID = {
    "email": "sidorov@example.ru",
    "last_name": "Сидоров",
    "first_name": "Иван",
    "patronymic": "",
    "phone": "8 (916) 123-45-67",
    "snils": "112-233-445 95",
    "password1": "Strong-pass-2026",
    "password2": "Strong-pass-2026",
    "consent": "on",
}


def test_citizen_registers_and_is_signed_in_with_normalised_data(client):
    response = client.post(reverse("accounts:signup"), VALID)

    assert response.status_code == 302
    user = get_user_model().objects.get(email="sidorov@example.ru")
    assert user.has_role(Role.CITIZEN)
    assert user.citizen_profile.phone == "+79161234567"
    assert user.citizen_profile.snils == "11223344595"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("snils", "112-233-445 96", "Контрольное число СНИЛС не сходится"),
        ("snils", "123", "СНИЛС состоит из 11 цифр"),
        ("phone", "12345", "Введите номер телефона из 10 цифр"),
        ("password2", "Other-pass-2026", "Пароли не совпадают"),
        ("consent", "", "Без согласия"),
    ],
)
def test_bad_input_is_explained_and_typed_values_kept(client, field, value, message):
    data = {**VALID, field: value}

    response = client.post(reverse("accounts:signup"), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="Сидоров"' in body
    assert not get_user_model().objects.filter(email=VALID["email"]).exists()


def test_a_phone_already_used_is_refused_with_a_fix(client, citizen):
    response = client.post(reverse("accounts:signup"), {**VALID, "phone": "+7 912 345-67-89"})

    assert "уже привязан к другой учётной записи" in response.content.decode()


def test_citizen_corrects_their_profile(client, citizen):
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(reverse("accounts:profile"), {
        "last_name": "Иванова", "first_name": "Анна", "patronymic": "Сергеевна",
        "phone": "+7 999 000-11-22", "snils": "", "preferred_language": "ru",
    })

    assert response.status_code == 302
    citizen.citizen_profile.refresh_from_db()
    assert citizen.citizen_profile.phone == "+79990001122"
