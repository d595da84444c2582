"""How a conversation message's text is shown."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# only our own help pages: the assistant links articles as /help/<slug>/; nothing a citizen types is linked
_HELP_LINK = re.compile(r"/help/[a-z0-9-]+/")


@register.filter
def message_html(message) -> str:
    """The text, escaped, lines kept; in the assistant's messages its links to help articles are clickable."""
    text = escape(message.body)
    if message.author_kind == "assistant":
        text = _HELP_LINK.sub(lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', text)
    return mark_safe(text.replace("\n", "<br>"))  # noqa: S308 — escaped above; the links are ours
