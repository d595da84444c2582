"""The desk's language analysis: plain Python, no Django. Entry points: analyse(text), mask(text).

Imported lazily so that Django loading this app does not pull in scikit-learn and the NER model.
"""


def analyse(text: str, lang: str = "ru"):
    from assistant.analysis import analyse as _analyse

    return _analyse(text, lang)


def mask(text: str) -> str:
    from assistant.pii import mask as _mask

    return _mask(text)
