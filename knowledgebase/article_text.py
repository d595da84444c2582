"""The article body format: plain text with a tiny structure, turned into blocks the template escapes.

Authors write plain text. A blank line separates blocks; inside a block:
- «## Заголовок» on its own line is a sub-heading;
- lines starting «1. », «2. » … form a numbered list of steps;
- lines starting «- » form a bulleted list;
- anything else is a paragraph (single line breaks are kept).
No HTML is ever taken from the text: the template prints every piece with auto-escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_STEP = re.compile(r"^\s*\d{1,2}[.)]\s+")
_BULLET = re.compile(r"^\s*[-•–]\s+")
_HEADING = re.compile(r"^\s*##\s+")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "steps" | "bullets" | "paragraph"
    lines: list[str] = field(default_factory=list)


def _block_of(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current_kind, current_lines = "", []

    def flush() -> None:
        if current_lines:
            blocks.append(Block(kind=current_kind, lines=list(current_lines)))
            current_lines.clear()

    for line in lines:
        if _HEADING.match(line):
            flush()
            blocks.append(Block(kind="heading", lines=[_HEADING.sub("", line).strip()]))
            current_kind = ""
            continue
        if _STEP.match(line):
            kind, text = "steps", _STEP.sub("", line)
        elif _BULLET.match(line):
            kind, text = "bullets", _BULLET.sub("", line)
        elif current_kind in ("steps", "bullets") and line.startswith((" ", "\t")):
            current_lines[-1] = f"{current_lines[-1]} {line.strip()}"  # a wrapped list item continues
            continue
        else:
            kind, text = "paragraph", line
        if kind != current_kind:
            flush()
            current_kind = kind
        current_lines.append(text.strip())
    flush()
    return blocks


def body_blocks(text: str) -> list[Block]:
    """Split an article body into blocks; empty input gives no blocks."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks: list[Block] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        blocks.extend(_block_of(lines))
    return blocks


# ts_headline wraps matches in these; they cannot occur in article text typed by people.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"


@dataclass(frozen=True)
class Fragment:
    text: str
    is_match: bool


def highlight_fragments(headline: str) -> list[Fragment]:
    """Turn a ts_headline string with control-character markers into plain fragments to escape."""
    fragments: list[Fragment] = []
    for part_index, part in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_STOP}]", headline or "")):
        if part:
            fragments.append(Fragment(text=part, is_match=part_index % 2 == 1))
    return fragments
