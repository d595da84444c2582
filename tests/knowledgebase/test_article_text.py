"""The plain-text article format: paragraphs, numbered steps, bullets, sub-headings."""

from knowledgebase.article_text import Block, Fragment, body_blocks, highlight_fragments


def test_blocks_are_split_into_headings_steps_bullets_and_paragraphs():
    text = (
        "## Что понадобится\n- паспорт;\n- СНИЛС.\n\n1. Откройте профиль.\n2. Нажмите «Изменить».\n\nГотово.\nСпасибо."
    )

    assert body_blocks(text) == [
        Block("heading", ["Что понадобится"]),
        Block("bullets", ["паспорт;", "СНИЛС."]),
        Block("steps", ["Откройте профиль.", "Нажмите «Изменить»."]),
        Block("paragraph", ["Готово.", "Спасибо."]),
    ]


def test_a_wrapped_list_item_continues_the_item():
    assert body_blocks("1. Откройте профиль\n   и выберите «Документы».") == [
        Block("steps", ["Откройте профиль и выберите «Документы»."])
    ]


def test_windows_line_breaks_and_empty_text():
    assert body_blocks("Первый\r\n\r\nВторой") == [Block("paragraph", ["Первый"]), Block("paragraph", ["Второй"])]
    assert body_blocks("") == []


def test_a_year_at_line_start_is_not_a_step():
    assert body_blocks("2026. Новые правила.") == [Block("paragraph", ["2026. Новые правила."])]


def test_headline_markers_become_fragments():
    assert highlight_fragments("как \x02пароль\x03 сбросить") == [
        Fragment("как ", False),
        Fragment("пароль", True),
        Fragment(" сбросить", False),
    ]
