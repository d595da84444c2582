"""Russian search for the knowledge base (issue #4, point 2): lemmas, domain synonyms and typo tolerance.

Documents are indexed as lemmas (pymorphy3, assistant.morphology) in a stored tsvector with the `simple`
configuration (core PostgreSQL: the embedded server has no extensions): title A, summary B, body C. A query
becomes one OR group a word — its lemma, the domain synonyms of the word (data/synonyms.txt, abbreviations
such as ЭП, ЛК, ЕСИА, МФЦ) and, for a word neither the index nor the dictionary knows, the closest indexed
words within one or two typos («пороль» → «пароль»), the more frequent first; a word typed on the Latin
keyboard layout («gfhjkm») is read as the Russian one («пароль»).

Candidates (capped before ranking: broad words match thousands of articles) are the articles with every
group, with all groups but one, and the first few with each group. They are ranked by the groups they
match — each weighted by its rarity (idf from the vocabulary) and by where it matched (title above summary
above body) — plus cover density (ts_rank_cd), times freshness and the readers' «helped / did not help»
(smoothed and capped at ±15 %, so a few votes never outweigh the words).

A Latin word the index does not know is read as Russian twice over: typed on the wrong keyboard layout
(«gfhjkm» → «пароль») or transliterated («zabyl parol» → «забыл пароль»).
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.morphology import _analyzer, tokens
from assistant.stopwords import STOP_WORDS

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"
INDEX_CONFIG = "simple"  # lemmas are already normal forms: no stemming on top
MAX_QUERY_WORDS = 12
VOCABULARY_TTL_SECONDS = 60.0
# Latin letters that look like Cyrillic ones, typed by mistake on the wrong keyboard layout or by OCR
_LOOKALIKES = str.maketrans("aceopxykABCEHKMOPTXY", "асеорхукАВСЕНКМОРТХУ")
# the same keys on the Russian layout (ЙЦУКЕН): «gfhjkm» is «пароль» typed with the wrong layout on
_LAYOUT = str.maketrans("qwertyuiop[]asdfghjkl;'zxcvbnm,.`", "йцукенгшщзхъфывапролджэячсмитьбюё")
_LATIN_KEYS = re.compile(r"[a-z\[\];',.`]*[a-z][a-z\[\];',.`]*")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LEXEME = re.compile(r"^[0-9a-zа-я][0-9a-zа-я\-]*$")


_LETTERS = re.compile(r"[A-Za-zА-Яа-яЁё]+")


def _fold_lookalikes(text: str) -> str:
    """«пaроль» typed with a Latin «a» is «пароль»: a word mixing the alphabets is read as Cyrillic."""

    def fold(match: re.Match) -> str:
        word = match.group(0)
        return word.translate(_LOOKALIKES) if _CYRILLIC.search(word) and not word.isascii() else word

    return _LETTERS.sub(fold, text)


@lru_cache(maxsize=200_000)
def _word_lemma(word: str) -> str:
    """The lemma the index stores: pymorphy3's most probable normal form, with two corrections for search.

    «данные» is a noun as often as a participle of «дать», and a word the dictionary does not know
    («учётку») is guessed a verb too eagerly: in both cases the noun reading is taken, on both sides
    of the index, so «данные» does not match every «дать».
    """
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return lowered
    analyzer = _analyzer()
    parses = analyzer.parse(lowered)
    best = parses[0]
    if best.tag.POS != "NOUN":
        nouns = [parse for parse in parses if parse.tag.POS == "NOUN"]
        if nouns and (nouns[0].score >= best.score or not analyzer.word_is_known(lowered)):
            best = nouns[0]
    return best.normal_form.replace("ё", "е")


def _is_dictionary_word(word: str) -> bool:
    return bool(_CYRILLIC.search(word)) and _analyzer().word_is_known(word.lower().replace("ё", "е"))


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
    """Member → every member of every group it is in (a word may be in two groups)."""
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in synonym_groups():
        for member in group:
            index[member] = tuple(dict.fromkeys([*index.get(member, ()), *group]))
    return index


@lru_cache(maxsize=1)
def _synonym_words() -> frozenset[str]:
    """Single-word members: a typo of «учетка» is corrected to it even when no article says «учетка»."""
    return frozenset(member[0] for member in _synonyms_by_member() if len(member) == 1 and member[0].isalpha())


# --- the vocabulary (typo correction) ------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Indexed lemmas, in how many documents each occurs, and how many documents there are."""

    frequency: dict[str, int]
    documents: int = 0
    by_first_letter: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.documents = max(self.documents, max(self.frequency.values(), default=0))
        for word in {*self.frequency, *_synonym_words()}:
            self.by_first_letter.setdefault(word[:1], []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.frequency

    def idf(self, group: tuple[tuple[str, ...], ...]) -> float:
        """How rare a group of alternatives is (BM25's idf of the documents with any of them, a phrase counted
        by its rarest word); 0 when no document has any."""
        share = min(self.documents, sum(min(self.frequency.get(lexeme, 0) for lexeme in alternative)
                                        for alternative in group))
        if not share:
            return 0.0
        return math.log(1 + (self.documents - share + 0.5) / (share + 0.5))

    def corrections(self, word: str) -> list[str]:
        """Known words within 1 typo (≤ 5 letters) or 2 (longer), nearest first, then the most frequent.

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
        return sorted(nearest, key=lambda candidate: -self.frequency.get(candidate, 0))[:3]


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
        vocabulary = Vocabulary(load(), documents=current[0] or 0)
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
    corrected: dict[str, str] = field(default_factory=dict)  # the typed word → the indexed word used
    weights: tuple[float, ...] = ()  # each group's rarity (idf); empty when parsed without a vocabulary

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def group_weights(self) -> tuple[float, ...]:
        return self.weights or (1.0,) * len(self.groups)

    def most_selective(self, count: int) -> ParsedQuery:
        """The `count` rarest groups: candidates of a long query are chosen by them (the others still rank),
        because matching a sentence's common words against a large index costs more than it tells."""
        if len(self.groups) <= count:
            return self
        rarest = sorted(range(len(self.groups)), key=lambda index: -self.group_weights()[index])[:count]
        kept = sorted(rarest)
        return ParsedQuery(groups=tuple(self.groups[index] for index in kept),
                           weights=tuple(self.group_weights()[index] for index in kept))

    def tsquery(self, *, every_word: bool = True) -> str:
        """Text for to_tsquery('simple', …): groups joined by & (or | when any word will do)."""
        joiner = " & " if every_word else " | "
        return joiner.join(group_tsquery(group) for group in self.groups)

    def tsquery_all_but_one(self) -> str:
        """Documents with every group except at most one (for one or two groups: any of them)."""
        if len(self.groups) <= 2:
            return self.tsquery(every_word=False)
        return " | ".join(
            "(" + " & ".join(group_tsquery(group) for index, group in enumerate(self.groups) if index != left_out) + ")"
            for left_out in range(len(self.groups))
        )


def group_tsquery(group: tuple[tuple[str, ...], ...], weights: str = "") -> str:
    """One group as tsquery text; `weights` («A», «AB») restricts it to those parts of the document."""
    return "(" + " | ".join(_phrase(alternative, weights) for alternative in group) + ")"


def _phrase(lexemes: tuple[str, ...], weights: str = "") -> str:
    label = f":{weights}" if weights else ""
    quoted = [f"'{lexeme}'{label}" for lexeme in lexemes]
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


# Russian typed in Latin letters, the way citizens do on a phone without Cyrillic: «zabyl parol», «uchetka»
_TRANSLIT_PAIRS = (
    ("iya", "ия"), ("iyu", "ию"), ("iye", "ие"), ("iyo", "иё"), ("shch", "щ"), ("sch", "щ"), ("zh", "ж"),
    ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yo", "ё"),
    ("yu", "ю"), ("ya", "я"), ("ju", "ю"), ("ja", "я"), ("ye", "е"), ("yi", "ый"), ("iy", "ий"), ("ij", "ий"),
)
_TRANSLIT_LETTERS = dict(zip("abvgdezijklmnoprstufhcwqx'", "абвгдезийклмнопрстуфхцвкхь", strict=True))
_TRANSLIT_WORD = re.compile(r"[a-z']+")
_VOWELS = "aeiouy"


def _transliterated(word: str) -> str:
    """«zabyl» → «забыл», «moy» → «мой»: a «y» after a vowel is «й», else «ы»."""
    out, position = [], 0
    while position < len(word):
        for latin, russian in _TRANSLIT_PAIRS:
            if word.startswith(latin, position):
                out.append(russian)
                position += len(latin)
                break
        else:
            letter = word[position]
            if letter == "y":
                out.append("й" if position and word[position - 1] in _VOWELS else "ы")
            else:
                out.append(_TRANSLIT_LETTERS.get(letter, letter))
            position += 1
    return "".join(out)


def _wrong_layout(text: str, vocabulary: Vocabulary | None) -> str:
    """A Latin chunk the index does not know, read as Russian: on the wrong keyboard layout («gfhjkm» →
    «пароль», every word must then be indexed), else transliterated («zabyl parol» → «забыл пароль», a word
    may then be one the typo correction fixes: «парол»)."""
    if vocabulary is None:
        return text
    synonyms = _synonyms_by_member()

    def known(word: str) -> bool:
        return word in vocabulary or (word,) in synonyms

    def fixable(word: str) -> bool:
        return known(word) or word in STOP_WORDS or bool(vocabulary.corrections(word))

    def read(chunk: str) -> str:
        lowered = chunk.lower()
        if not _LATIN_KEYS.fullmatch(lowered) or known(lowered):
            return chunk
        for candidate in (lowered, lowered.rstrip(".,")):
            russian = candidate.translate(_LAYOUT)
            words = lemma_text(russian).split()
            if words and all(known(word) for word in words):
                return russian
        bare = lowered.strip(".,;:!?")
        if _TRANSLIT_WORD.fullmatch(bare) and len(bare) > 1:
            russian = _transliterated(bare)
            words = lemma_text(russian).split()
            if words and all(fixable(word) for word in words):
                return russian
        return chunk

    return " ".join(read(chunk) for chunk in text.split())


def latin_as_russian(text: str, vocabulary: Vocabulary) -> str:
    """The text with its Latin words read as the search reads them: typed on the wrong keyboard layout
    («pf,skf gfhjkm» → «забыл пароль») or transliterated; look-alike letters folded; other words as typed."""
    return _wrong_layout(_fold_lookalikes(text), vocabulary)


def parse_query(text: str, vocabulary: Vocabulary | None = None) -> ParsedQuery:
    """What a citizen typed → lemma groups with synonyms and typo corrections; stop-words dropped."""
    text = latin_as_russian(text or "", vocabulary)
    words = [(_word_lemma(token.text), token.text) if token.is_word else (token.text.lower(), token.text)
             for token in tokens(text) if token.is_word or token.text.isdigit()]
    words = [(word, typed) for word, typed in words if _LEXEME.match(word)][: MAX_QUERY_WORDS * 2]
    content = [(word, typed) for word, typed in words if word not in STOP_WORDS] or words
    synonyms = _synonyms_by_member()
    groups: list[tuple[tuple[str, ...], ...]] = []
    corrected: dict[str, str] = {}
    position = 0
    while position < len(content) and len(groups) < MAX_QUERY_WORDS:
        # a two-word member of a synonym group («личный кабинет») is one group, not two
        pair = tuple(word for word, _typed in content[position: position + 2])
        if len(pair) == 2 and pair in synonyms:
            groups.append(synonyms[pair])
            position += 2
            continue
        word, typed = content[position]
        position += 1
        alternatives: list[tuple[str, ...]] = [(word,)]
        # a real word the articles do not use («поменять») is not a typo of one they do («понять»)
        if (vocabulary is not None and word not in vocabulary and (word,) not in synonyms
                and _CYRILLIC.search(word) and not _is_dictionary_word(typed)):
            for fix in vocabulary.corrections(word):
                corrected.setdefault(typed.lower(), fix)
                alternatives.append((fix,))
        for alternative in list(alternatives):
            for member in synonyms.get(alternative, ()):
                if member not in alternatives:
                    alternatives.append(member)
        groups.append(tuple(alternatives))
    groups = list(dict.fromkeys(groups))
    weights = ()
    if vocabulary is not None:
        weights = tuple(vocabulary.idf(group) for group in groups)
    return ParsedQuery(groups=tuple(groups), corrected=corrected, weights=weights)


# --- the index and the ranked search (PostgreSQL) ---------------------------------------------------------

CANDIDATE_LIMIT = 200  # matches ranked per query: broad queries match thousands (research/performance.md)
SELECTIVE_GROUPS = 4  # a long query's candidates come from its rarest words
PER_GROUP_CANDIDATES = 30  # and a few with each word, so a rare word's articles are never crowded out
# ts_rank_cd weights {D, C, B, A}: title (A) well above summary (B) and body (C)
RANK_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"
# how much a matched word counts where it matched: title, summary, body
FIELD_WEIGHTS = (("A", 1.0), ("B", 0.55), ("", 0.3))
COVER_DENSITY_WEIGHT = 2.0  # ts_rank_cd (0..1): words close together, several times
FRESHNESS_DAYS = 365  # an article edited a year ago ranks a little lower than one edited today
# Readers' votes: the helpful share is smoothed towards ½ by VOTE_PRIOR pseudo-votes, and moves the score by at
# most ±VOTE_MAX_EFFECT — one «не помогла» must not push a clear title match below a weaker article.
VOTE_PRIOR = 16
VOTE_MAX_EFFECT = 0.15
_VOTE_FACTOR_SQL = (
    f"(1 + {2 * VOTE_MAX_EFFECT} * ((helpful + {VOTE_PRIOR / 2}) / (helpful + unhelpful + {float(VOTE_PRIOR)}) - 0.5))"
)
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


def _score_sql(parsed: ParsedQuery) -> tuple[str, list]:
    """SQL of the matched-words score: each group's rarity times the weight of the best part it matched in.

    The first test of a group is whether it matches at all: most groups of a long query do not, and then
    one test is all a candidate costs.
    """
    terms, params = [], []
    for group, weight in zip(parsed.groups, parsed.group_weights(), strict=True):
        cases = ["WHEN NOT lemma_vector @@ to_tsquery('simple', %s) THEN 0"]
        params.append(group_tsquery(group))
        for label, field_weight in FIELD_WEIGHTS:
            if label:
                cases.append(f"WHEN lemma_vector @@ to_tsquery('simple', %s) THEN {weight * field_weight:.4f}")
                params.append(group_tsquery(group, label))
            else:
                cases.append(f"ELSE {weight * field_weight:.4f}")
        terms.append("(CASE " + " ".join(cases) + " END)")
    return " + ".join(terms), params


def ranked_ids(*, table: str, condition: str, params: list, parsed: ParsedQuery, limit: int) -> tuple[list[int], bool]:
    """Ids of the best documents of `table` (its rows filtered by `condition`), and whether none of them
    has every word. Candidates are capped before ranking; ties go to the fresher document, then the id."""
    from django.db import connection

    if parsed.is_empty:
        return [], False
    selective = parsed.most_selective(SELECTIVE_GROUPS)
    selections = [(selective.tsquery(), CANDIDATE_LIMIT)]
    if len(selective.groups) > 1:
        selections.append((selective.tsquery_all_but_one(), CANDIDATE_LIMIT))
        selections += [(group_tsquery(group), PER_GROUP_CANDIDATES) for group in selective.groups]
    candidate_sql = " UNION ".join(
        f"(SELECT doc.id, doc.lemma_vector, doc.updated_at, doc.helpful, doc.unhelpful FROM {table} doc"  # noqa: S608
        f" WHERE doc.lemma_vector @@ to_tsquery('simple', %s) AND {condition} LIMIT {cap})"
        for _tsquery, cap in selections
    )
    candidate_params = [value for tsquery, _cap in selections for value in (tsquery, *params)]
    score, score_params = _score_sql(parsed)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH candidates AS ({candidate_sql})
            SELECT id, has_every_word FROM (
                SELECT id, updated_at, lemma_vector @@ to_tsquery('simple', %s) AS has_every_word,
                       ({score} + {COVER_DENSITY_WEIGHT} * ts_rank_cd('{RANK_WEIGHTS}', lemma_vector,
                                                                     to_tsquery('simple', %s), 1))
                       * (1 + 0.25 / (1 + extract(epoch FROM now() - updated_at) / 86400 / {FRESHNESS_DAYS}))
                       * {_VOTE_FACTOR_SQL} AS score
                  FROM candidates
            ) scored
             ORDER BY score DESC, updated_at DESC, id
             LIMIT %s
            """,  # noqa: S608 — the table and condition are ours; the query text is a parameter
            [*candidate_params, parsed.tsquery(), *score_params, parsed.tsquery(every_word=False), limit],
        )
        rows = cursor.fetchall()
    return [row[0] for row in rows], bool(rows) and not any(row[1] for row in rows)


@dataclass(frozen=True)
class WordCover:
    """How well one document answers a query: whether it has every word; the share of the query's weight
    (rarity) it matches anywhere; and that share with a summary word counting 0.55 and a body word 0.3 of a
    title word."""

    has_every_word: bool
    share: float
    title_share: float


def word_cover(*, table: str, ids: list[int], parsed: ParsedQuery) -> dict[int, WordCover]:
    """WordCover of each of `ids` (a few documents already found): the chat assistant offers an article only
    when it answers enough of the citizen's words — to a question outside the portal's topics, every word."""
    from django.db import connection

    weights = parsed.group_weights()
    total = sum(weights)
    if not ids or parsed.is_empty or total <= 0:
        return {}
    anywhere = " + ".join(
        f"(CASE WHEN lemma_vector @@ to_tsquery('simple', %s) THEN {weight:.4f} ELSE 0 END)" for weight in weights
    )
    anywhere_params = [group_tsquery(group) for group in parsed.groups]
    score, score_params = _score_sql(parsed)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, lemma_vector @@ to_tsquery('simple', %s), {anywhere}, {score} FROM {table} doc"  # noqa: S608
            " WHERE id = ANY(%s)",
            [parsed.tsquery(), *anywhere_params, *score_params, list(ids)],
        )
        return {
            pk: WordCover(bool(every), float(matched) / total, float(weighted) / total)
            for pk, every, matched, weighted in cursor.fetchall()
        }
