"""Prompt/continuation pairs: where ptp and rtp cut, and the invariants over random and real text."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner import PTP_LANGUAGES
from miner.text.chars import is_mark, is_word_char
from miner.text.pairs import CUT_KINDS, PairOptions, PromptPair, make_pairs
from miner.text.sentences import split_sentences

RTP = PairOptions(method="rtp")

# Four sentences of similar length per language (with abbreviations, decimals and quotes that must not be cut
# at): the ptp cut must fall after the second one.
FOUR_SENTENCES: dict[str, list[str]] = {
    "ar": [
        "ذهب د. أحمد إلى السوق صباحا، ", "واشترى خبزا وحليبا طازجا. ",
        "ثم عاد إلى البيت مسرعا جدا. ", "هل تناول الفطور مع أسرته؟",
    ],
    "cs": [
        "Např. včera pršelo celý den. ", "Prof. Novák zůstal doma sám. ",
        "Teplota byla jen 3,5 stupně. ", "Dnes už svítí slunce!",
    ],
    "de": [
        "Das ist z. B. ein guter Tag. ", "Dr. Müller kam am 3. Mai an. ",
        "Er trank 0,5 l Wasser dazu. ", "Dann ging er nach Hause.",
    ],
    "en": [
        "Mr. Smith arrived at 5 p.m. ", "He paid $3.5 for a coffee. ",
        '"That is cheap," he said. ', "Then he left the shop.",
    ],
    "es": [
        "El Sr. García llegó tarde. ", "Pidió un café con leche. ",
        "¿Cuánto cuesta? preguntó. ", "Costaba 2,5 euros.",
    ],
    "fr": [
        "M. Dupont est arrivé hier. ", "Mme. Curie l'attendait. ",
        "Il a dit « Bonjour. » ", "Puis ils sont partis.",
    ],
    "hi": ["डॉ. शर्मा कल दिल्ली आए। ", "वे बहुत खुश दिख रहे थे। ", "उन्होंने चाय पी और गए। ", "क्या आप उनसे मिले?"],
    "id": [
        "Dr. Budi datang pagi ini. ", "Dia tinggal di Jl. Merdeka. ",
        "Harganya Rp. 5.000 saja. ", "Bagus sekali, bukan?",
    ],
    "it": [
        "Il Sig. Rossi è arrivato. ", "Ha bevuto un caffè caldo. ",
        "Costava 1,5 euro in tutto. ", "Poi è andato via.",
    ],
    "ja": ["彼は「行きます。」と言った。", "そして駅まで歩いた。", "電車は十分遅れていた。", "本当に困った！"],
    "ko": ["안녕하세요 저는 학생입니다. ", "오늘은 날씨가 정말 좋네요. ", "우리 같이 공원에 갈까요? ", "네 좋아요!"],
    "nl": [
        "Dhr. Jansen kwam gisteren. ", "Hij bracht o.a. bloemen mee. ",
        "Die kostten 4,5 euro per bos. ", "Mooi, toch?",
    ],
    "pl": [
        "Prof. Nowak przyszedł rano. ", "Przyniósł np. kwiaty i kawę. ",
        "Kosztowały ok. 5 zł razem. ", "Dobrze, prawda?",
    ],
    "pt": ["O Sr. Silva chegou cedo. ", "A Dra. Ana estava à espera. ", "O café custou 1,5 euros. ", "Depois saíram."],
    "ru": [
        "Проф. Иванов пришёл рано. ", "Он принёс т. е. цветы и чай. ",
        "Это стоило 3,5 тыс. рублей. ", "Хорошо, правда?",
    ],
    "sv": [
        "Vi ses kl. 10 i morgon bitti. ", "Ta med t.ex. kaffe och bullar. ",
        "Det kostar 2,5 kr styck. ", "Okej då?",
    ],
    "zh": ["我今天早上去了超市。", "买了很多新鲜的水果。", "价格是3.5元一斤。", "你觉得贵吗？"],
}


def test_every_ptp_language_has_a_ptp_case():
    assert set(FOUR_SENTENCES) == set(PTP_LANGUAGES)


@pytest.mark.parametrize("lang", sorted(FOUR_SENTENCES))
def test_ptp_cuts_at_the_sentence_boundary_nearest_the_middle(lang):
    sentences = FOUR_SENTENCES[lang]
    text = "".join(sentences)
    [pair] = make_pairs(text, lang)
    head = "".join(sentences[:2])
    assert pair.cut_kind == "sentence"
    assert pair.prompt == head.rstrip()
    assert pair.continuation == text[len(head.rstrip()) :]
    assert (pair.begin, pair.end) == (0, len(text))


def test_ptp_falls_back_to_the_word_nearest_the_middle():
    text = "Montgomery County officials said the road near the old mill would stay closed until further notice"
    [pair] = make_pairs(text, "en")
    assert pair.cut_kind == "word"
    middle = len(text) / 2
    word_ends = [i for i in range(1, len(text)) if text[i] == " "]
    assert pair.cut == min(word_ends, key=lambda i: abs(i - middle))
    assert pair.continuation.startswith(" ") and not pair.prompt.endswith(" ")


def test_ptp_ignores_a_sentence_boundary_far_from_the_middle():
    text = "Yes. " + "And then the long story went on and on without any full stop at all for a while"
    [pair] = make_pairs(text, "en", PairOptions(max_cut_shift=0.25))
    assert pair.cut_kind == "word"
    [pair] = make_pairs(text, "en", PairOptions(max_cut_shift=0.5))
    assert pair.cut_kind == "sentence" and pair.prompt == "Yes."


def test_ptp_zh_char_cut_keeps_latin_words_and_numbers_whole():
    text = "我们今天讨论的主题是" + "Python3.11" + "里面的新功能和性能改进"
    [pair] = make_pairs(text, "zh")
    assert pair.cut_kind == "char"
    assert "Python3.11" in (pair.prompt, pair.continuation) or "Python3.11" not in text[pair.cut - 9 : pair.cut + 9]
    assert pair.prompt.endswith("是") or pair.continuation.startswith("里")


def test_ptp_ja_never_starts_the_continuation_with_punctuation():
    text = "あいうえおかきくけこさしすせそ、たちつてとなにぬねの、はひふへほまみむめも"
    pairs = [make_pairs(text[:n], "ja") for n in range(10, len(text) + 1)]
    for [pair] in pairs:
        assert pair.continuation[0] not in "、。」" and pair.prompt[-1] not in "「"


def test_ptp_truncates_long_documents_at_a_sentence_end():
    text = " ".join(f"Sentence number {i} is here." for i in range(200))
    [pair] = make_pairs(text, "en", PairOptions(max_span_chars=500))
    assert pair.end <= 500 and text[pair.end - 1] == "."
    assert pair.end > 250  # the last sentence end in the second half of the window
    assert pair.cut_kind == "sentence"


@pytest.mark.parametrize("text", ["", "   \n ", "Word", "Supercalifragilistic.", "。"])
def test_nothing_to_cut(text):
    assert make_pairs(text, "en") == []
    assert make_pairs(text, "en", RTP) == []


def test_rtp_cuts_each_sentence_at_its_middle_token():
    words = "The quick brown fox jumps over the lazy dog and runs far away into the forest".split()
    sentence = " ".join(words) + "."
    text = "Too short to use. " + sentence + " " + sentence
    pairs = make_pairs(text, "en", RTP)
    assert [p.begin for p in pairs] == [18, 18 + len(sentence) + 1]
    for p in pairs:
        assert p.cut_kind == "word"
        assert p.prompt.split() == words[: len(words) // 2]
        assert p.continuation == " " + " ".join(words[len(words) // 2 :]) + "."


def test_rtp_keeps_prompts_short_and_skips_long_spans():
    sentence = " ".join(["word"] * 100) + "."  # 500 characters: the middle would give a 250-char prompt
    [pair] = make_pairs(sentence, "en", RTP)
    assert len(pair.prompt) <= 128 and pair.prompt.endswith("word")
    assert make_pairs(sentence, "en", PairOptions(method="rtp", max_span_chars_rtp=400)) == []


def test_rtp_zh_counts_characters_as_tokens():
    sentence = "我们今天早上一起去了市中心的那家新开的超市买了很多新鲜的水果和蔬菜还有一些肉类和海鲜产品以及日常生活用品最后坐公交车回家了然后一起做了晚饭。"
    assert len(sentence) >= RTP.min_span_chars
    pairs = make_pairs(sentence * 2, "zh", RTP)
    assert len(pairs) == 2
    for pair in pairs:
        assert pair.cut_kind == "char"
        assert abs(len(pair.prompt) - len(sentence) / 2) <= 2


@pytest.mark.parametrize(
    "kwargs",
    [{"method": "gpt"}, {"max_cut_shift": 0.6}, {"min_part_chars": 0}, {"min_span_chars": 2000}, {"max_span_chars": 1}],
)
def test_invalid_options_raise(kwargs):
    with pytest.raises(ValueError, match="PairOptions"):
        PairOptions(**kwargs)


def check_pair(text: str, lang: str, pair: PromptPair, options: PairOptions) -> None:
    assert text[pair.begin : pair.end] == pair.prompt + pair.continuation
    assert pair.prompt == text[pair.begin : pair.cut] and pair.continuation == text[pair.cut : pair.end]
    assert len(pair.prompt.strip()) >= options.min_part_chars
    assert len(pair.continuation.strip()) >= options.min_part_chars
    assert not pair.prompt[0].isspace() and not pair.prompt[-1].isspace() and not pair.continuation[-1].isspace()
    left, right = text[pair.cut - 1], text[pair.cut]
    assert not (is_word_char(left) and is_word_char(right)), f"cut inside a word: {left!r}|{right!r}"
    assert not is_mark(right)
    assert pair.cut_kind in CUT_KINDS
    if lang not in ("zh", "ja") and pair.cut_kind != "sentence":
        assert right.isspace()
    if pair.cut_kind == "sentence":
        ends = {a + len(text[a:b].rstrip()) for a, b in split_sentences(text[: pair.end + 1], lang)}
        assert pair.cut in ends
    if options.method == "rtp":
        assert options.min_span_chars <= pair.end - pair.begin <= options.max_span_chars_rtp
        assert len(pair.prompt) <= options.max_prompt_chars
    else:
        assert pair.end - pair.begin <= options.max_span_chars


_WORDS = st.sampled_from(
    ["word", "Montgomery", "County", "Straße", "z. B.", "Dr.", "3.5", "3,5", "https://ex.com/a.b", "слово", "т. е.",
     "कलाम", "क्षेत्र", "डॉ.", "كلمة", "مرحبًا", "한국어", "입니다", "中文", "日本語の文", "Python3", "«", "»", "—", "…"]
)
_SEPARATORS = st.sampled_from([" ", " ", " ", ". ", "! ", "? ", "。", "、", "，", "\n", "\n\n", ", ", "", "। "])
random_text = st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=120).map(lambda ps: "".join(w + s for w, s in ps))
_OPTIONS = st.sampled_from(
    [
        PairOptions(),
        PairOptions(max_span_chars=80, max_cut_shift=0.1),
        PairOptions(min_part_chars=5),
        PairOptions(method="rtp", min_span_chars=8, max_span_chars_rtp=200, max_prompt_chars=30),
        PairOptions(method="rtp", min_span_chars=16, min_part_chars=4),
    ]
)


@settings(max_examples=400, deadline=None)
@given(text=random_text, lang=st.sampled_from(PTP_LANGUAGES), options=_OPTIONS)
def test_pair_invariants_on_random_text(text, lang, options):
    pairs = make_pairs(text, lang, options)
    if options.method == "ptp":
        assert len(pairs) <= 1
    for pair in pairs:
        check_pair(text, lang, pair, options)
    assert [p.begin for p in pairs] == sorted(p.begin for p in pairs)
    assert all(a.end <= b.begin for a, b in zip(pairs, pairs[1:]))


@pytest.mark.shared_data
def test_pair_invariants_on_real_pages(shared_data):
    """The 93 hand-extracted pages of ../shared/data/extraction (mostly en, some zh/ja/fr/es/de/cs/pt)."""
    pages = [json.loads(line) for line in (shared_data / "extraction" / "pages.jsonl").open(encoding="utf-8")]
    kinds = {"sentence": 0, "word": 0, "char": 0}
    for page in pages:
        text, lang = page["expected_text"], page["lang"]
        for options in (PairOptions(), RTP):
            for pair in make_pairs(text, lang, options):
                check_pair(text, lang, pair, options)
                kinds[pair.cut_kind] += options.method == "ptp"
    assert kinds["sentence"] > 0.8 * sum(kinds.values()), kinds
