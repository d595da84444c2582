import pytest
from django.urls import reverse
from django_otp.oath import TOTP

pytestmark = pytest.mark.django_db


def current_code(user) -> str:
    device = user.totpdevice_set.get(confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_citizen_signs_in_with_email_and_password_and_lands_on_their_requests(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": "IVANOVA@example.ru", "password": "Gosuslugi-2026!"})

    assert response.status_code == 302
    assert client.get(response.url).url == reverse("tickets:citizen_list")


def test_wrong_password_shows_a_clear_russian_error(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": citizen.email, "password": "nope"})

    assert response.status_code == 200
    assert "Неверная почта или пароль" in response.content.decode()


def test_staff_password_alone_does_not_open_the_desk(client, operator):
    response = client.post(reverse("accounts:login"), {"username": operator.email, "password": "Operator-2026!"})
    assert response.url.startswith(reverse("accounts:two_factor"))

    desk = client.get(reverse("desk:queue"))

    assert desk.status_code == 302
    assert desk.url.startswith(reverse("accounts:two_factor"))


def test_staff_pass_the_desk_after_a_valid_totp_code(client, operator):
    client.post(reverse("accounts:login"), {"username": operator.email, "password": "Operator-2026!"})

    response = client.post(reverse("accounts:two_factor") + "?next=/desk/", {"token": current_code(operator)})

    assert response.status_code == 302
    assert response.url == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_a_wrong_totp_code_is_refused(client, operator):
    client.post(reverse("accounts:login"), {"username": operator.email, "password": "Operator-2026!"})

    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})

    assert response.status_code == 200
    assert "Код не подошёл" in response.content.decode()
    assert client.get("/desk/").status_code == 302


def test_admin_demands_the_second_factor_too(client, supervisor, settings):
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/" + settings.ADMIN_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_staff_without_a_device_enrol_one_with_a_qr_code(client, db):
    from accounts.roles import Role
    from accounts.services import staff_create

    newcomer = staff_create(email="new@support.example", password="Newcomer-2026!", role=Role.OPERATOR)
    client.force_login(newcomer, backend="django.contrib.auth.backends.ModelBackend")

    page = client.get(reverse("accounts:two_factor"))
    assert "<svg" in page.content.decode()
    device = newcomer.totpdevice_set.get()
    assert not device.confirmed
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client.post(reverse("accounts:two_factor"), {"token": f"{totp.token():06d}"})

    device.refresh_from_db()
    assert device.confirmed


def test_password_guessing_is_locked_out(client, citizen, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": citizen.email, "password": "wrong"})

    response = client.post(reverse("accounts:login"), {"username": citizen.email, "password": "Gosuslugi-2026!"})

    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
