"""Production settings pass Django's deployment checklist (SEC1: HTTPS only, HSTS, secure cookies)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys

from tests.e2e.servers import PROJECT_DIR

PRODUCTION_ENV = {
    "SUPPORTDESK_PRODUCTION": "true",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "support.gosuslugi.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://support.gosuslugi.example",
    # never connected to by these checks; given so the embedded server is not started
    "DATABASE_URL": "postgres://supportdesk@db.internal:6432/supportdesk",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def _manage(tmp_path, *args: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SUPPORTDESK_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        **PRODUCTION_ENV,
        **overrides,
    }
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_production_flag_the_checklist_flags_plain_http(tmp_path):
    """The flag is what turns HTTPS on: without it the same check must complain (the test above can fail)."""
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", SUPPORTDESK_PRODUCTION="false")

    assert result.returncode != 0
    for check_id in ("security.W004", "security.W008", "security.W012", "security.W016"):  # HSTS, redirect, cookies
        assert check_id in result.stderr


def test_production_sends_hsts_for_two_years_with_subdomains_and_trusts_the_proxy_for_https(tmp_path):
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'proxy': s.SECURE_PROXY_SSL_HEADER,"
        "'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE, 'debug': s.DEBUG}))"
    )
    result = _manage(tmp_path, "shell", "-c", script)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "hsts": 63072000,
        "sub": True,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],  # nginx sets it (docs/nginx.conf)
        "session": True,
        "csrf": True,
        "debug": False,
    }
