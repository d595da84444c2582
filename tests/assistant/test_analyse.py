"""analyse(): one call gives topic, sub-topic, urgency, emotion, keywords and PII (AU2, AI2, AI3, AI6)."""

import subprocess
import sys
from pathlib import Path

import pytest
import sklearn

from assistant import analyse
from assistant.analysis import UnsupportedLanguage
from assistant.model_store import models_load

REPO = Path(__file__).resolve().parents[2]


def test_shipped_models_were_written_by_the_installed_scikit_learn():
    # A pickle from another scikit-learn version may load and still compute something else.
    assert models_load().meta["sklearn_version"] == sklearn.__version__, "run `manage.py train_assistant`"


def test_analyse_returns_every_field():
    result = analyse("Не могу восстановить пароль, код по СМС не приходит на +7 912 345-67-89").as_dict()

    assert set(result) == {
        "topic",
        "topic_confidence",
        "subtopic",
        "subtopic_confidence",
        "urgency",
        "urgency_confidence",
        "emotion",
        "emotion_score",
        "needs_human",
        "keywords",
        "pii",
        "masked_text",
    }
    assert result["topic"] == "registration"
    assert result["subtopic"] == "password-recovery"
    assert 0.0 <= result["topic_confidence"] <= 1.0
    assert result["urgency"] in {"low", "normal", "high"}
    assert "пароль" in [keyword["lemma"] for keyword in result["keywords"]]
    assert result["pii"] == [{"kind": "phone", "start": 55, "end": 71, "text": "+7 912 345-67-89"}]
    assert result["masked_text"].endswith("на [ТЕЛЕФОН]")


def test_a_request_outside_the_desk_goes_to_a_person():
    result = analyse("Какая погода будет завтра в Сочи?")

    assert result.topic == "out_of_scope"
    assert result.needs_human


def test_social_payment_question_is_routed_to_services():
    result = analyse("Когда придёт пособие на ребёнка? Заявление подала месяц назад")

    assert result.topic == "services"


@pytest.mark.parametrize(
    ("text", "emotion"),
    [
        ("Вы издеваетесь?! Это возмутительно, ненавижу вашу систему, верните деньги немедленно!", "anger"),
        ("Мне так грустно и страшно, я плачу, не знаю как жить без пособия", "distress"),
        ("Как поменять номер телефона в профиле?", "neutral"),
        ("Спасибо, всё получилось", "neutral"),
    ],
)
def test_clear_emotions_are_recognised(text, emotion):
    result = analyse(text)

    assert result.emotion == emotion
    assert result.needs_human == (emotion != "neutral") or result.is_out_of_scope


def test_empty_message_is_handled_without_models():
    result = analyse("   ")

    assert result.topic == "out_of_scope" and result.keywords == [] and result.pii == []


def test_unsupported_language_is_refused_clearly():
    with pytest.raises(UnsupportedLanguage):
        analyse("How do I reset my password?", lang="en")


def test_analysis_modules_import_without_django():
    code = (
        "import sys; import assistant.analysis, assistant.evaluation, assistant.training; "
        "assert not any(name == 'django' or name.startswith('django.') for name in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)  # noqa: S603 — our own fixed code
