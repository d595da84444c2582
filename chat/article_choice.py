"""Which knowledge-base article the chat assistant offers (chat.dialogue).

A question in the portal's topics takes the search's order, the recognised sub-topic's article first when
it is among the best few; after a «нет» the next one stays on the sub-topic; after the citizen chose a topic,
only that topic's articles. Outside the portal's topics an article must have every word. Votes: one per
article in a chat, and one per citizen or browser session across chats.
"""

from __future__ import annotations

from dataclasses import dataclass

from chat.models import DialogueState
from chat.reading import Reading
from tickets.models import Ticket, Topic

ARTICLES_CONSIDERED = 8
_GENERIC_VERBS_TEXT = """
посмотреть смотреть узнать найти сделать делать подсказать помочь хотеть мочь нужно надо можно
"""
_GENERIC_VERBS = frozenset(_GENERIC_VERBS_TEXT.split())
# A question in the portal's topics takes the search's order (its ranking is measured: evaluate_search).
# Outside them an article answers only when it has every word, enough of them in its title or summary
# (WordCover.title_share: a summary word counts 0.55 of a title word, a body word 0.3).
OUT_OF_SCOPE_TITLE_COVER = 0.4
SAME_TOPIC_RANKS = 3  # an article of the recognised sub-topic this high in the results goes first
CLOSE_SUBTOPICS_COVER = 0.85  # two sub-topics' best articles this close: ask which one


@dataclass(frozen=True)
class Candidate:
    article: object
    share: float
    title_share: float


def article_candidates(ticket: Ticket, reading: Reading, state: DialogueState, *, fallback: str) -> list[Candidate]:
    """Articles not offered yet that answer the citizen's words, best first; after the citizen chose a topic,
    only that topic's; outside the portal's topics, only one that has every word."""
    from knowledgebase import search
    from knowledgebase.models import Article
    from knowledgebase.selectors import article_search, published_vocabulary

    words = reading.keywords
    if reading.out_of_scope:  # every word must match then: «где посмотреть штрафы» is about «штрафы»
        words = [word for word in words if word not in _GENERIC_VERBS]
    query = " ".join(words) or fallback
    limit = ARTICLES_CONSIDERED * (3 if state.chosen_topic else 1)
    found = [article for article in article_search(user=ticket.citizen, query=query, limit=limit).articles
             if article.pk not in set(state.offered_article_ids)]
    if state.chosen_topic and reading.topic is not None:
        scope = reading.topic.parent if reading.topic.parent_id else reading.topic
        allowed = {scope.pk, reading.topic.pk, *scope.children.values_list("pk", flat=True)}
        found = [article for article in found if article.topic_id in allowed]
    elif state.misses and reading.topic is not None and reading.subtopic_sure:
        # the next answer after a «нет» stays on the question: the sub-topic's articles or its parent's general
        # ones, not whatever else shares a word («Забыл пароль» → not «Как зарегистрироваться»)
        found = [article for article in found if article.topic_id in (reading.topic.pk, reading.topic.parent_id)]
    if not found:
        return []
    table = Article._meta.db_table
    parsed = search.parse_query(query, published_vocabulary())
    covers = search.word_cover(table=table, ids=[article.pk for article in found], parsed=parsed)
    candidates = []
    for article in found:
        cover = covers.get(article.pk)
        if cover is None:
            continue
        if reading.out_of_scope and not (cover.has_every_word and cover.title_share >= OUT_OF_SCOPE_TITLE_COVER):
            continue  # «какая погода завтра»: no article about «завтра» instead of a person
        candidates.append(Candidate(article, cover.share, cover.title_share))
    return candidates


def article_pick(reading: Reading, candidates: list[Candidate]):
    """The best candidate — unless one of the next few is of the recognised sub-topic («мой паспорт не
    принимает» matches «принимают заявления в первый класс» by a word, «Как изменить личные данные» by topic)."""
    if not candidates:
        return None
    if reading.topic is not None and reading.subtopic_sure:
        for candidate in candidates[:SAME_TOPIC_RANKS]:
            if candidate.article.topic_id == reading.topic.pk:
                return candidate.article
    return candidates[0].article


def close_subtopics(reading: Reading, state: DialogueState, candidates: list[Candidate]) -> list[Topic]:
    """Two sub-topics of the recognised parent when the classifier could not tell which one the citizen means
    («заявление»: correcting it, or its status?): the unsure sub-topic (or the best article's) and the next
    one the best articles belong to, when that one's article answers the words about as well. Asked once."""
    if (reading.topic is None or reading.out_of_scope or reading.subtopic_sure or state.clarify_topics
            or state.chosen_topic or len(candidates) < 2):
        return []
    parent = reading.topic.parent or reading.topic
    shown = candidates[:ARTICLES_CONSIDERED // 2]
    leaves = {topic.pk: topic for topic in Topic.objects.filter(
        parent=parent, pk__in=[candidate.article.topic_id for candidate in shown])}
    by_leaf: dict[int, Candidate] = {}
    for candidate in shown:
        if candidate.article.topic_id in leaves:
            by_leaf.setdefault(candidate.article.topic_id, candidate)
    first_id = reading.topic.pk if reading.topic.parent_id else next(iter(by_leaf), None)
    if first_id not in by_leaf:
        return []
    second_id = next((leaf_id for leaf_id in by_leaf if leaf_id != first_id), None)
    if second_id is None:
        return []
    if by_leaf[second_id].title_share < CLOSE_SUBTOPICS_COVER * by_leaf[first_id].title_share:
        return []
    return [leaves[first_id], leaves[second_id]]


def article_vote_once(ticket: Ticket, state: DialogueState, *, helpful: bool) -> None:
    """The citizen's «да»/«нет» on the offered article counts as a vote on it (AU3), as on the help pages —
    once per article in a chat, and once per citizen (or browser session) across their chats."""
    from django.db.models import Q

    from knowledgebase.models import Article
    from knowledgebase.services import article_vote

    article_id = state.offered_article_ids[-1] if state.offered_article_ids else None
    if article_id is None or article_id in state.voted_article_ids:
        return
    state.voted_article_ids = [*state.voted_article_ids, article_id]
    same_person = Q(ticket__citizen_id=ticket.citizen_id) if ticket.citizen_id else Q()
    if ticket.session_key:
        same_person |= Q(ticket__session_key=ticket.session_key)
    earlier = DialogueState.objects.filter(voted_article_ids__contains=[article_id]).exclude(pk=state.pk)
    if same_person and earlier.filter(same_person).exists():
        return  # this citizen already said whether it helped
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        article_vote(article=article, helpful=helpful, deflected=helpful)
