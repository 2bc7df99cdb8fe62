"""Sentence splitting: hand-written cases in all 17 PTP languages, plus properties over random text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner import PTP_LANGUAGES
from miner.text.chars import is_mark, is_word_char
from miner.text.sentences import split_sentences

# Each case is the expected sentences; the input text is their concatenation.
CASES: dict[str, list[list[str]]] = {
    "ar": [
        ["مرحبا، كيف حالك؟ ", "أنا بخير. ", "شكرا لك!"],  # ، is a comma, ؟ ends a sentence
        ["ذهب د. أحمد إلى السوق. ", "اشترى خبزا."],  # د. = Dr.
    ],
    "cs": [
        ["Např. tohle je pravda. ", "Ing. Novák přišel 3. května v 10.30 hod. ", "Bylo to č. 5, tzn. Dobré."],
        ["Prof. Dvořák, tj. Můj šéf, mluvil o tzv. Sametové revoluci. ", "Konec."],
    ],
    "de": [
        ["Das ist z. B. Unsinn. ", "Dr. Müller kam am 3. Oktober u. a. mit Hunden. ", "Es kostet 3,5 Mio. Euro!"],
        ["Er sagte: „Ich komme.“ ", "Dann ging er, vgl. Kapitel 3. ", "Siehe S. 12 bzw. Nr. 4."],
    ],
    "en": [
        ["Mr. Smith paid $3.5 million. ", '"That\'s it." ',
         "He left at 5 p.m. on Jan. 5 with J. R. R. Tolkien's book. ", "See https://example.com/a.b?c=d. ",
         "Mail john.doe@mail.com... ", "Then stop."],
        ["1. Buy milk\n", "2. Call Bob\n", "Wait... what? ", "So did I. ", "(It was.) ", "Next one. ", "Eiffel is 3. ",
         "Done."],
        ["Prices rose e.g. By 10%. ", "See No. 5 and vol. 2!"],
    ],
    "es": [
        ["El Sr. García llegó a las 3.30. ", "¿Vienes? ", "¡Claro! dijo ella. ", "Vive en EE. UU. desde 2010."],
        ["La Dra. López, p. ej. Ana, leyó la pág. 5. ", "Fin."],
    ],
    "fr": [
        ["M. Dupont et Mme. Curie sont arrivés. ", "Il a dit « Bonjour. » ", "Puis il est parti… ", "Voir p. 12."],
        ["MM. Martin et Durand, c.-à-d. Les voisins, sont là. ", "Quoi ? ", "Rien."],
    ],
    "hi": [
        ["डॉ. शर्मा आए। ", "क्या आप आएंगे? ", "ए. पी. जे. अब्दुल कलाम महान थे. ", "यह सच है।"],
        ["यह अच्छा है. ", "प्रो. वर्मा भी आए॥ ", "समाप्त।"],  # है. is a word, not an initial
    ],
    "id": [
        ["Dr. Budi tinggal di Jl. Merdeka No. 5. ", "Harganya Rp. 5.000 saja! ", "Bagus, bukan?"],
    ],
    "it": [
        ["Il Sig. Rossi è arrivato alle 10.30. ", "Il dott. Bianchi, ad es. Luca, no. ", "Costa 3,5 euro."],
    ],
    "ja": [
        ["彼は「行きます。」と言った。", "そしてiPhone 15.5を買った！", "本当？", "うん。"],
        ["東京は晴れ。", "「明日は？」", "「雨です。」"],
    ],
    "ko": [
        ["안녕하세요. ", "저는 2020. 3. 15. 서울에 왔습니다! ", "정말요? ", "네."],
    ],
    "nl": [
        ["Dhr. Jansen en mevr. De Vries kwamen, o.a. Piet ook. ", "Zie blz. 12 voor meer. ", "Klaar!"],
    ],
    "pl": [
        ["Prof. Nowak, tj. Mój szef, przyszedł. ", "Było to ok. 5 lat temu, np. W Krakowie. ", "Tak!"],
        ["Mieszka przy ul. Długiej, m.in. Z żoną. ", "Koniec."],
    ],
    "pt": [
        ["O Sr. Silva chegou às 10h30. ", "A Dra. Ana, p. ex. Pedro, também. ", "Veja a pág. 5!"],
    ],
    "ru": [
        ["Это было в 2020 г. в Москве. ", "Проф. Иванов, т. е. Мой руководитель, пришёл. ", "Он сказал: «Привет.» ",
         "Потом ушёл..."],
        ["См. стр. 5. ", "Всё."],
    ],
    "sv": [
        ["Vi ses kl. 10 i morgon. ", "Det gäller t.ex. Hundar och bl.a. Katter. ", "Okej?"],
    ],
    "zh": [
        ["我很好。", "你呢？", "他用的是Python 3.11版本!", "价格是3.5元。", "“走吧。”他说。"],
        ["第一段没有句号\n", "第二段也没有"],
    ],
}


def _split(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def test_every_ptp_language_has_cases():
    assert set(CASES) == set(PTP_LANGUAGES)


@pytest.mark.parametrize(
    "lang,expected", [(lang, case) for lang, cases in CASES.items() for case in cases], ids=lambda v: str(v)[:20]
)
def test_language_cases(lang, expected):
    assert _split("".join(expected), lang) == expected


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        # the known sentencex weaknesses
        ("fr", "M. Dupont est arrivé.", ["M. Dupont est arrivé."]),
        ("sv", "Vi ses kl. 10 i morgon.", ["Vi ses kl. 10 i morgon."]),
        ("hi", "डॉ. शर्मा आए।", ["डॉ. शर्मा आए।"]),
        # the same abbreviation splits when it is not one in that language
        ("es", "Dije que no. Luego me fui.", ["Dije que no. ", "Luego me fui."]),
        ("en", "I said no. Five people left.", ["I said no. ", "Five people left."]),
        ("en", "It was 1999. 2000 was better.", ["It was 1999. 2000 was better."]),  # number before number
        ("de", "Er wurde 1999 geboren. Dann zog er um.", ["Er wurde 1999 geboren. ", "Dann zog er um."]),
        # a mixed-script line: CJK full stop inside English text
        ("en", "He wrote 你好。Then left.", ["He wrote 你好。", "Then left."]),
        # lower case after a terminator continues the sentence
        ("en", "He said \"stop.\" and left.", ["He said \"stop.\" and left."]),
        # unknown languages get the generic rules
        ("xx", "Hello there. Bye!", ["Hello there. ", "Bye!"]),
        ("zh-Hans", "好。好。", ["好。", "好。"]),
    ],
)
def test_specific_rules(lang, text, expected):
    assert _split(text, lang) == expected


def test_whitespace_goes_to_the_sentence_before():
    text = "  One.\n\n  Two!  "
    assert _split(text, "en") == ["  One.\n\n  ", "Two!  "]


def test_empty_and_blank_text():
    assert split_sentences("", "en") == []
    assert split_sentences(" \n ", "en") == [(0, 3)]


_ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "абвгдеёжзийклмнопрстуфхцчшщыьэюяАБВГДЕЖЗИЙКЛМНОП",
    "अआइकखगघचछजझटठडढणतथदधनपफबभमयरलवशसहािीुूेैोौंँ्",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年ひらがなカタカナ",
    "가나다라마바사아자차카타파하한국어입니다",
    "0123456789",
]
_PUNCT = list(".!?…。！？।؟،,;:\"'()«»「」“”„ ") + [" ", "  ", "\n", ". ", "! ", "? ", "... ", "。", "\n\n"]
_pieces = st.one_of(
    st.sampled_from(_ALPHABETS).flatmap(lambda a: st.text(alphabet=a, min_size=1, max_size=8)),
    st.sampled_from(_PUNCT),
    st.sampled_from(["Dr.", "z. B.", "t.ex.", "M.", "kl.", "3.5", "J. R.", "e.g.", "No. 5", "डॉ.", "т. е."]),
)
random_text = st.lists(_pieces, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=random_text, lang=st.sampled_from(PTP_LANGUAGES))
def test_spans_cover_text_and_respect_words(text, lang):
    spans = split_sentences(text, lang)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans)
    assert all(b == a2 for (_, b), (a2, _) in zip(spans, spans[1:]))
    for a, _ in spans[1:]:
        assert not text[a].isspace(), "whitespace must stay with the sentence before"
        assert not (is_word_char(text[a - 1]) and is_word_char(text[a])), "split inside a word"
        assert text[a - 1].isspace() or not is_mark(text[a]), "combining mark cut off its base"
        assert not text[a - 1 : a + 1].isspace()
