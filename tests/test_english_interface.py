"""The English interface: the catalogue is complete, compiled, and actually used by the pages.

Russian is the source language (msgids are Russian); locale/en/LC_MESSAGES/django.po holds the English text of the
pages and djangojs.po that of the scripts (served by the JavaScript catalogue at /jsi18n/).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

EN_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
JS_PO_PATH = EN_DIR / "djangojs.po"
# Each catalogue with the fewest messages it must hold: a catalogue that shrank a lot lost its entries.
CATALOGUES = [pytest.param("django", 700, id="django"), pytest.param("djangojs", 10, id="djangojs")]
DOMAINS = ["django", "djangojs"]
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


# --- a tiny .po reader (no new dependency) -------------------------------------------------------------------------

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_CONTINUATION = re.compile(r'^(".*")\s*$')


def _unquote(token: str) -> str:
    # A .po string literal uses C escapes that Python's literal syntax also understands (\n, \t, \", \\).
    return ast.literal_eval(token)


def po_entries(path: Path) -> list[dict]:
    """Entries of a .po file: {"flags": set, "obsolete": bool, "msgid": str, "msgstr": str, "msgstr[0]": ...}."""
    entries: list[dict] = []
    current: dict | None = None
    field: str | None = None

    def start() -> dict:
        entry = {"flags": set(), "obsolete": False, "line": line_no}
        entries.append(entry)
        return entry

    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, field = None, None
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#"):
            if current is None or field is not None:
                current, field = start(), None
            if line.startswith("#,"):
                current["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name, token = keyword.groups()
            if current is None or (name in {"msgid", "msgctxt"} and field is not None and field.startswith("msgstr")):
                current = start()
            current["obsolete"] = current["obsolete"] or obsolete
            current[name] = _unquote(token)
            field = name
            continue
        continuation = _CONTINUATION.match(line)
        assert continuation and current is not None and field is not None, f"{path}:{line_no}: cannot parse {raw!r}"
        current[field] += _unquote(continuation.group(1))
    return [entry for entry in entries if "msgid" in entry]


def test_the_po_reader_understands_multiline_plural_and_fuzzy_entries(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid ""\n"Строка %(n)s\\n"\n"вторая"\nmsgstr "Line %(n)s\\nsecond"\n\n'
        'msgid "файл"\nmsgid_plural "файлы"\nmsgstr[0] "file"\nmsgstr[1] ""\n\n'
        '#~ msgid "старое"\n#~ msgstr ""\n',
        encoding="utf-8",
    )

    header, multiline, plural, old = po_entries(sample)

    assert header["msgid"] == "" and header["msgstr"] == "Language: en\n"
    assert multiline["msgid"] == "Строка %(n)s\nвторая" and multiline["flags"] == {"fuzzy", "python-format"}
    assert plural["msgid_plural"] == "файлы" and plural["msgstr[0]"] == "file" and plural["msgstr[1]"] == ""
    assert old["obsolete"] is True


# --- the catalogue -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("domain", "at_least"), CATALOGUES)
def test_every_english_entry_is_translated_and_not_fuzzy(domain, at_least):
    entries = [entry for entry in po_entries(EN_DIR / f"{domain}.po") if not entry["obsolete"]]
    header = next(entry for entry in entries if entry["msgid"] == "")
    messages = [entry for entry in entries if entry["msgid"] != ""]

    # A fuzzy header is dropped by msgfmt, and with it the plural rule and the charset.
    assert "fuzzy" not in header["flags"], f"{domain}.po: the header is marked fuzzy"
    assert "Language: en\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert len(messages) > at_least

    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert fuzzy == [], f"fuzzy entries are ignored at run time; translate and unflag them: {fuzzy[:10]}"

    untranslated = []
    for entry in messages:
        translations = [value for key, value in entry.items() if key == "msgstr" or key.startswith("msgstr[")]
        if not translations or any(not value.strip() for value in translations):
            untranslated.append(entry["msgid"])
    assert untranslated == [], f"{len(untranslated)} entries have no English text: {untranslated[:10]}"

    # The language switcher keeps the endonym «Русский» so Russian speakers can always find their way back;
    # every other English string must be free of Cyrillic (a half-translated or copied-over entry).
    still_russian = [
        entry["msgid"]
        for entry in messages
        if entry["msgid"] != "Русский" and CYRILLIC.search(entry.get("msgstr", "") + entry.get("msgstr[0]", ""))
    ]
    assert still_russian == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogue_matches_the_po_file(tmp_path, domain):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed, so the .mo cannot be rebuilt for comparison")
    po_path, mo_path = EN_DIR / f"{domain}.po", EN_DIR / f"{domain}.mo"
    assert mo_path.exists(), f"locale/en/LC_MESSAGES/{domain}.mo is missing: run manage.py compilemessages -l en"

    fresh = tmp_path / f"{domain}.mo"
    # The same invocation Django's compilemessages uses.
    result = subprocess.run(  # noqa: S603 — fixed argv: the msgfmt binary and our own paths
        [msgfmt, "--check-format", "-o", str(fresh), str(po_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr

    assert fresh.read_bytes() == mo_path.read_bytes(), (
        f"{domain}.mo is stale: it does not match {domain}.po. Run "
        "`manage.py compilemessages -l en --ignore=.venv` and commit both files."
    )


# --- the pages -----------------------------------------------------------------------------------------------------


@pytest.fixture
def english_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "english", "russian"),
    [
        (
            "/",
            ["Gosuslugi Portal Support Service", "How quickly we respond", "What we help with", "24/7 hotline:"],
            ["Служба поддержки портала госуслуг", "Как быстро мы отвечаем", "Круглосуточная горячая линия"],
        ),
        (
            "/accounts/login/",
            ["Sign in to Support", "Password", "Register"],
            ["Вход в службу поддержки", "Нет учётной записи", "Пароль"],
        ),
        (
            "/help/",
            ["Help: answers to frequently asked questions", "Describe your question in your own words", "Search"],
            ["Справка: ответы на частые вопросы", "Опишите вопрос своими словами"],
        ),
    ],
)
def test_pages_speak_english_with_the_language_cookie(english_client, url, english, russian):
    response = english_client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for text in english:
        assert text in html, f"{url}: expected English text {text!r}"
    for text in russian:
        assert text not in html, f"{url}: Russian text {text!r} is still shown in the English interface"


@pytest.mark.django_db
def test_without_the_cookie_the_portal_stays_russian(client):
    html = client.get("/").content.decode()

    assert '<html lang="ru">' in html
    assert "Служба поддержки портала госуслуг" in html
    assert "How quickly we respond" not in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_russian_until_the_visitor_chooses(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="ru">' in page.content.decode()


# --- the scripts ---------------------------------------------------------------------------------------------------


def _javascript_catalogue(response) -> dict:
    """The messages /jsi18n/ hands to django.gettext: the JSON object after «const newcatalog =»."""
    script = response.content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL)
    return json.loads(found.group(1)) if found else {}


@pytest.mark.django_db
def test_the_javascript_catalogue_speaks_english_with_the_language_cookie(english_client):
    response = english_client.get("/jsi18n/")

    assert response.status_code == 200
    catalogue = _javascript_catalogue(response)
    assert catalogue.get("Отправляется…") == "Sending…"
    assert catalogue.get("Нет соединения. Переподключаемся… Сообщения не потеряются.") == (
        "No connection. Reconnecting… Your messages will not be lost."
    )
    # Every message the chat script asks for is in the catalogue it receives.
    js_messages = {entry["msgid"] for entry in po_entries(JS_PO_PATH) if not entry["obsolete"] and entry["msgid"]}
    assert js_messages <= set(catalogue), sorted(js_messages - set(catalogue))


@pytest.mark.django_db
def test_the_javascript_catalogue_stays_russian_without_the_cookie(client):
    response = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    # Russian is the source language: no catalogue, so gettext returns the Russian msgid itself.
    assert "Sending…" not in _javascript_catalogue(response).values()
