"""AU2: keywords are lemmas (Russian morphology), stop-words out, weighted."""

from assistant.keywords import document_frequencies, keywords
from assistant.morphology import lemma, tokens


def test_word_forms_are_reduced_to_lemmas():
    assert lemma("паролем") == "пароль"
    assert lemma("Госуслугах") == "госуслуга"
    assert lemma("заблокировали") == "заблокировать"


def test_keywords_are_lemmas_without_stop_words():
    idf = document_frequencies(["Как восстановить пароль?", "Не приходит код", "Как сменить телефон"])

    found = keywords(tokens("Здравствуйте, у меня проблема с паролем: пароль не подходит, помогите"), idf)

    lemmas = [keyword.lemma for keyword in found]
    assert lemmas[0] == "пароль"  # twice in the text, so it weighs most
    assert found[0].weight == 1.0
    assert "здравствуйте" not in lemmas and "помочь" not in lemmas and "меня" not in lemmas


def test_rare_lemmas_weigh_more_than_common_ones():
    idf = document_frequencies(["не приходит код"] * 5 + ["заблокирована учётная запись"])

    weights = {k.lemma: k.weight for k in keywords(tokens("код приходит, а запись заблокирована"), idf)}

    assert weights["заблокировать"] > weights["код"]


def test_tokens_inside_personal_data_are_not_keywords():
    text = "Сидоров не может войти"
    idf = document_frequencies([text])

    found = keywords(tokens(text), idf, skip=[(0, 7)])

    assert "сидоров" not in [k.lemma for k in found]


def test_names_places_and_numbers_never_become_keywords_even_when_not_detected():
    text = "иван петров из москвы, 2234567890, не может войти: пароль не подходит"
    idf = document_frequencies([text])

    lemmas = [k.lemma for k in keywords(tokens(text), idf)]  # no personal-data spans given at all

    assert "пароль" in lemmas
    assert not {"иван", "петров", "москва"} & set(lemmas)
    assert not any(char.isdigit() for lemma in lemmas for char in lemma)


def test_desk_words_the_dictionary_reads_as_names_or_places_stay_keywords():
    text = "токен не видит сертификат, снилс не подходит"
    idf = document_frequencies([text])

    lemmas = [k.lemma for k in keywords(tokens(text), idf)]

    assert {"токен", "снилс", "сертификат"} <= set(lemmas)


def test_keywords_of_an_analysed_message_carry_none_of_its_personal_data():
    from assistant import analyse

    analysis = analyse("снилс 123-456-789 00 не проходит, меня зовут иван петров, живу Ленина 5 кв 12, тел 9161234567")

    lemmas = {keyword.lemma for keyword in analysis.keywords}
    assert not lemmas & {"иван", "петров", "ленин", "123-456-789", "9161234567"}
    assert "[СНИЛС]" in analysis.masked_text and "[ФИО]" in analysis.masked_text
    assert "[АДРЕС]" in analysis.masked_text and "[ТЕЛЕФОН]" in analysis.masked_text
