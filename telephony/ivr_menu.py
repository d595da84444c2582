"""The default voice menu, seeded by a migration: one key per section of the topic tree, two per topic."""

from __future__ import annotations

from collections.abc import Iterator

from tickets.topic_tree import TOPIC_TREE


def default_menu() -> Iterator[tuple[str, str]]:
    """(digits, topic code): «1» → registration, «12» → its second topic, …"""
    for position, (code, _name, _complexity, _tier, children) in enumerate(TOPIC_TREE, start=1):
        yield str(position), code
        for child_position, (child_code, *_rest) in enumerate(children, start=1):
            yield f"{position}{child_position}", child_code


def ivr_menu_ensure(IvrChoice, Topic) -> None:
    """Add the default keys that are missing; keys an administrator changed are left alone."""
    codes = [code for _digits, code in default_menu()]
    topics = {topic.code: topic for topic in Topic.objects.filter(code__in=codes)}
    for digits, code in default_menu():
        if code in topics:
            IvrChoice.objects.get_or_create(digits=digits, defaults={"topic": topics[code]})
