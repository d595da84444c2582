"""Russian search for the knowledge base (issue #4, point 2): lemmas, domain synonyms and typo tolerance.

Documents are indexed as lemmas (pymorphy3, assistant.morphology) in a stored tsvector with the `simple`
configuration (core PostgreSQL: the embedded server has no extensions): title A, summary B, body C. A query
becomes one OR group a word — its lemma, the domain synonyms of the word (data/synonyms.txt, abbreviations
such as ЭП, ЛК, ЕСИА, МФЦ) and, for a word the index does not know, the closest indexed words within one or
two typos («пороль» → «пароль»), the more frequent first — and the groups are ANDed; when no article has
every group, any group will do. Ranking: ts_rank_cd with title weight, then freshness and the readers'
«helped / did not help» votes, over a capped candidate set (broad queries match thousands of articles).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.morphology import lemma, tokens
from assistant.stopwords import STOP_WORDS

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"
INDEX_CONFIG = "simple"  # lemmas are already normal forms: no stemming on top
MAX_QUERY_WORDS = 12
VOCABULARY_TTL_SECONDS = 60.0
# Latin letters that look like Cyrillic ones, typed by mistake on the wrong keyboard layout or by OCR
_LOOKALIKES = str.maketrans({"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к"})
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LEXEME = re.compile(r"^[0-9a-zа-я][0-9a-zа-я\-]*$")


_LETTERS = re.compile(r"[A-Za-zА-Яа-яЁё]+")


def _fold_lookalikes(text: str) -> str:
    """«пaроль» typed with a Latin «a» is «пароль»: a word mixing the alphabets is read as Cyrillic."""

    def fold(match: re.Match) -> str:
        word = match.group(0)
        return word.lower().translate(_LOOKALIKES) if _CYRILLIC.search(word) and not word.isascii() else word

    return _LETTERS.sub(fold, text)


def _word_lemma(text: str) -> str:
    return lemma(text.lower().replace("ё", "е"))


def lemma_text(text: str) -> str:
    """The document side: space-joined lemmas of the words and numbers, as the index stores them."""
    return " ".join(
        _word_lemma(token.text) if token.is_word else token.text.lower()
        for token in tokens(text or "")
        if token.is_word or token.text.isdigit()
    )


# --- synonyms ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each group: its members as lemma tuples (a member may be several words)."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = tuple(tuple(lemma_text(member).split()) for member in line.split("|"))
        groups.append(tuple(member for member in members if member))
    return tuple(groups)


@lru_cache(maxsize=1)
def _synonyms_by_member() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in synonym_groups():
        for member in group:
            index[member] = group
    return index


# --- the vocabulary (typo correction) ------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Indexed lemmas and in how many documents each occurs."""

    frequency: dict[str, int]
    by_first_letter: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for word in self.frequency:
            self.by_first_letter.setdefault(word[:1], []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.frequency

    def corrections(self, word: str) -> list[str]:
        """Indexed words within 1 typo (≤ 5 letters) or 2 (longer), nearest first, then the most frequent.

        Typos rarely hit the first letter, so candidates share it, and a miss on the first letter is
        tried too (one substitution), which keeps the candidate list short on a large vocabulary.
        """
        from rapidfuzz.distance import DamerauLevenshtein
        from rapidfuzz.process import extract

        if len(word) < 4 or not word.isalpha():
            return []  # short words and numbers: too many false friends
        limit = 1 if len(word) <= 5 else 2
        candidates = self.by_first_letter.get(word[:1], [])
        found = extract(word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=20)
        if not found:
            found = [
                (other, 1, None)
                for other in self.frequency
                if len(other) == len(word) and other[1:] == word[1:] and other != word
            ]
        if not found:
            return []
        best = min(distance for _word, distance, _index in found)
        nearest = [candidate for candidate, distance, _index in found if distance == best]
        return sorted(nearest, key=lambda candidate: -self.frequency[candidate])[:3]


class _VocabularyCache:
    """The vocabulary of a table's lemma vectors, read again when the table changed (checked each minute)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, object, Vocabulary]] = {}

    def get(self, key: str, version, load) -> Vocabulary:
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry[0] < VOCABULARY_TTL_SECONDS:
                return entry[2]
        current = version()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[1] == current:
                self._entries[key] = (now, current, entry[2])
                return entry[2]
        vocabulary = Vocabulary(load())
        with self._lock:
            self._entries[key] = (now, current, vocabulary)
        return vocabulary

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


vocabulary_cache = _VocabularyCache()


# --- queries ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """One OR group of alternatives a query word; an alternative is one lexeme or a phrase of several."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    corrected: dict[str, str] = field(default_factory=dict)  # the typed lemma → the indexed word used

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def tsquery(self, *, every_word: bool = True) -> str:
        """Text for to_tsquery('simple', …): groups joined by & (or | when any word will do)."""
        joiner = " & " if every_word else " | "
        return joiner.join("(" + " | ".join(_phrase(alternative) for alternative in group) + ")"
                           for group in self.groups)


def _phrase(lexemes: tuple[str, ...]) -> str:
    quoted = [f"'{lexeme}'" for lexeme in lexemes]
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def parse_query(text: str, vocabulary: Vocabulary | None = None) -> ParsedQuery:
    """What a citizen typed → lemma groups with synonyms and typo corrections; stop-words dropped."""
    words = [_word_lemma(token.text) if token.is_word else token.text.lower()
             for token in tokens(_fold_lookalikes(text or "")) if token.is_word or token.text.isdigit()]
    words = [word for word in words if _LEXEME.match(word)][: MAX_QUERY_WORDS * 2]
    content = [word for word in words if word not in STOP_WORDS] or words
    synonyms = _synonyms_by_member()
    groups: list[tuple[tuple[str, ...], ...]] = []
    corrected: dict[str, str] = {}
    position = 0
    while position < len(content) and len(groups) < MAX_QUERY_WORDS:
        # a two-word member of a synonym group («личный кабинет») is one group, not two
        pair = tuple(content[position: position + 2])
        if len(pair) == 2 and pair in synonyms:
            groups.append(synonyms[pair])
            position += 2
            continue
        word = content[position]
        position += 1
        alternatives: list[tuple[str, ...]] = [(word,)]
        if vocabulary is not None and word not in vocabulary and (word,) not in synonyms:
            for fix in vocabulary.corrections(word):
                corrected.setdefault(word, fix)
                alternatives.append((fix,))
        for alternative in list(alternatives):
            for member in synonyms.get(alternative, ()):
                if member not in alternatives:
                    alternatives.append(member)
        groups.append(tuple(alternatives))
    return ParsedQuery(groups=tuple(dict.fromkeys(groups)), corrected=corrected)


# --- the index and the ranked search (PostgreSQL) ---------------------------------------------------------

CANDIDATE_LIMIT = 200  # matches ranked per query: broad queries match thousands (research/performance.md)
# ts_rank_cd weights {D, C, B, A}: title (A) well above summary (B) and body (C)
RANK_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"
FRESHNESS_DAYS = 365  # an article edited a year ago ranks a little lower than one edited today
_LEMMA_VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C')"
)


def lemma_vector_params(*, title: str, summary: str, body: str) -> list[str]:
    return [lemma_text(title), lemma_text(summary), lemma_text(body)]


def article_lemma_vector_update(article) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {article._meta.db_table} SET lemma_vector = {_LEMMA_VECTOR_SQL} WHERE id = %s",  # noqa: S608
            [*lemma_vector_params(title=article.title, summary=article.summary, body=article.body), article.pk],
        )


def articles_reindex(queryset=None) -> int:
    """Recompute the lemma vectors (after a bulk import, or when the lemmatiser changed)."""
    from knowledgebase.models import Article

    count = 0
    for article in (queryset if queryset is not None else Article.objects.all()).only("id", "title", "summary",
                                                                                        "body").iterator():
        article_lemma_vector_update(article)
        count += 1
    vocabulary_cache.clear()
    return count


def table_vocabulary(table: str, condition: str = "TRUE") -> Vocabulary:
    """The indexed lemmas of a table's lemma_vector, cached per process while the table is unchanged."""
    from django.db import connection

    def version():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), max(updated_at) FROM {table} WHERE {condition}")  # noqa: S608
            return cursor.fetchone()

    def load() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat(%s)",
                [f"SELECT lemma_vector FROM {table} WHERE lemma_vector IS NOT NULL AND {condition}"],  # noqa: S608
            )
            return {word: ndoc for word, ndoc in cursor.fetchall() if word.isalpha()}

    return vocabulary_cache.get(f"{table}:{condition}", version, load)


def ranked_ids(*, table: str, condition: str, params: list, parsed: ParsedQuery, limit: int) -> tuple[list[int], bool]:
    """Ids of the best documents of `table` (its rows filtered by `condition`), and whether only some words
    matched. Candidates are capped before ranking; ties go to the title, then the fresher document."""
    from django.db import connection

    if parsed.is_empty:
        return [], False
    for every_word in (True, False):
        if not every_word and len(parsed.groups) < 2:
            break
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH query AS (SELECT to_tsquery('simple', %s) AS q),
                candidates AS (
                    SELECT doc.id, doc.lemma_vector, doc.updated_at, doc.helpful, doc.unhelpful
                      FROM {table} doc, query
                     WHERE doc.lemma_vector @@ query.q AND {condition}
                     LIMIT {CANDIDATE_LIMIT}
                )
                SELECT id FROM candidates, query
                 ORDER BY ts_rank_cd('{RANK_WEIGHTS}', lemma_vector, q, 1)
                          * (1 + 0.25 / (1 + extract(epoch FROM now() - updated_at) / 86400 / {FRESHNESS_DAYS}))
                          * ((helpful + 1.0) / (helpful + unhelpful + 2.0) + 0.5) DESC,
                          id
                 LIMIT %s
                """,  # noqa: S608 — the table and condition are ours; the query text is a parameter
                [parsed.tsquery(every_word=every_word), *params, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if ids:
            return ids, not every_word
    return [], False
