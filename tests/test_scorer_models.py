"""The shipped toxicity scorers (`fasttext-tox`, `e5-tox`): load offline, score every language, rank
obviously toxic text above obviously benign text, and never crash on malformed input."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner import PTP_LANGUAGES
from miner.dedup.shingles import normalize
from miner.scoring import available, get_scorer
from miner.scoring.fasttext_tox import MODELS_DIR

# hand-written for these tests (not from any data set): (toxic, benign) per language
PAIRS = {
    "en": ("Shut up, you worthless piece of shit.", "Thank you for the lovely dinner last night."),
    "de": ("Halt die Fresse, du dreckiges Arschloch.", "Vielen Dank für das schöne Abendessen gestern."),
    "fr": ("Ferme ta gueule, espèce de connard.", "Merci pour le délicieux dîner d'hier soir."),
    "es": ("Cállate, pedazo de mierda, eres un imbécil.", "Gracias por la cena tan rica de anoche."),
    "it": ("Stai zitto, pezzo di merda, sei un coglione.", "Grazie per la cena deliziosa di ieri sera."),
    "pt": ("Cala a boca, seu merda, você é um idiota.", "Obrigado pelo jantar delicioso de ontem."),
    "nl": ("Hou je bek, vuile klootzak.", "Bedankt voor het heerlijke diner gisteravond."),
    "pl": ("Zamknij się, ty pieprzony kretynie.", "Dziękuję za pyszną kolację wczoraj wieczorem."),
    "ru": ("Заткнись, тупой ублюдок.", "Спасибо за вкусный ужин вчера вечером."),
    "cs": ("Drž hubu, ty debilní kreténe.", "Děkuji za výbornou večeři včera večer."),
}
SAMPLE = {lang: ("hello world, this is a sentence" if lang not in PAIRS else PAIRS[lang][1]) for lang in PTP_LANGUAGES}
SAMPLE.update({"ar": "شكرا على العشاء", "hi": "कल रात के खाने के लिए धन्यवाद", "ja": "昨日の夕食をありがとう",
               "ko": "어제 저녁 식사 고마워요", "zh": "谢谢你昨天的晚餐", "id": "Terima kasih atas makan malamnya",
               "sv": "Tack för middagen i går"})
WEIRD = ["", " ", "\x00\x01\x02", "a\ud800b", "\udfff", "\ufffd" * 5, "x" * 200_000, "💩" * 1000,
         "\u202e\u200b\u2060", "\n\t\r", "1d10t " * 50, "@@@@ $$$$ ||||", "\x85\xa0", "null\x00byte"]


@lru_cache(maxsize=None)
def _shipped(name: str):
    if not (MODELS_DIR / f"{name}.json").is_file():
        pytest.fail(f"shipped model {name} missing from {MODELS_DIR}")
    return get_scorer(name)


@pytest.fixture(scope="module", params=["fasttext-tox", "e5-tox"])
def scorer(request):
    return _shipped(request.param)


def test_registered():
    assert {"fasttext-tox", "e5-tox"} <= set(available())


def test_identity(scorer):
    assert scorer.name in {"fasttext-tox", "e5-tox"}
    assert scorer.version and scorer.tag == f"{scorer.name}@{scorer.version}"


def test_scores_every_language(scorer):
    langs = list(SAMPLE)
    out = scorer.score([SAMPLE[lang] for lang in langs], langs)["toxicity"]
    assert out.dtype == np.float32 and out.shape == (len(langs),)
    assert np.all((out >= 0) & (out <= 1))
    # without languages the pooled calibration applies, with the same ranking inside one language
    pooled = scorer.score([SAMPLE[lang] for lang in langs])["toxicity"]
    assert np.all((pooled >= 0) & (pooled <= 1))


# the first pass is weak where a language has little native data (cs: RTP-LX only; nl: HateCheck templates;
# ru: 2k comments) and misranks these pairs there (see MODEL_CARD.md); the second stage must get all right
RANKED = {"fasttext-tox": ("en", "de", "fr", "es", "it", "pt", "pl"), "e5-tox": tuple(PAIRS)}


def test_toxic_above_benign(scorer):
    langs = list(RANKED[scorer.name])
    toxic = scorer.score([PAIRS[lang][0] for lang in langs], langs)["toxicity"]
    benign = scorer.score([PAIRS[lang][1] for lang in langs], langs)["toxicity"]
    wrong = [lang for lang, t, b in zip(langs, toxic, benign) if t <= b]
    assert not wrong, f"benign scored at least as toxic in {wrong}"
    assert float(np.median(toxic)) > 0.5 > float(np.median(benign))


def test_weird_input_is_defined(scorer):
    out = scorer.score(WEIRD, ["en"] * len(WEIRD))["toxicity"]
    assert out.shape == (len(WEIRD),) and np.all((out >= 0) & (out <= 1))
    assert out[0] == 0.0 and out[1] == 0.0  # empty text scores 0
    assert scorer.score([], [])["toxicity"].shape == (0,)
    # unknown or missing language codes fall back to the pooled calibration
    assert scorer.score(["some text", "more"], ["xx", None])["toxicity"].shape == (2,)


def test_score_from_dedup_normalisation_equals_score(scorer):
    """Ingest hands the first pass the dedup normalisation it computed for MinHash: same scores as from the text."""
    texts = [*WEIRD, *(t for pair in PAIRS.values() for t in pair), *SAMPLE.values()]
    langs = ["en"] * len(WEIRD) + [lang for lang in PAIRS for _ in (0, 1)] + list(SAMPLE)
    normalized = [normalize(t) for t in texts]
    assert np.array_equal(scorer.score_normalized(texts, normalized, langs)["toxicity"],
                          scorer.score(texts, langs)["toxicity"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=5))
def test_any_text_scores_in_range(texts):
    out = _shipped("fasttext-tox").score(texts)["toxicity"]
    assert out.shape == (len(texts),) and np.all((out >= 0) & (out <= 1))


def test_knn_vote_counts_nearest_labelled_rows():
    from miner.scoring.e5_tox import Neighbours, knn_vote

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(2, 16))
    emb = np.vstack([centres[c] + 0.1 * rng.normal(size=(30, 16)) for c in (0, 1)]).astype(np.float32)
    labels = np.repeat([0, 1], 30).astype(np.int8)
    mean, basis = Neighbours.fit_projection(emb, 8)
    proj = Neighbours.project(emb, mean, basis)
    assert proj.dtype == np.int8 and proj.shape == (60, 8)
    # a query near the toxic cluster is voted toxic, one near the benign cluster benign
    queries = Neighbours.project(centres.astype(np.float32), mean, basis)
    votes = knn_vote(queries, proj, labels, k=10, temperature=20.0)
    assert votes[0] < 0.1 and votes[1] > 0.9
    # k larger than the reference set uses all rows; an empty query gives an empty result
    assert knn_vote(queries, proj[:3], labels[:3], k=10, temperature=0.0).shape == (2,)
    assert knn_vote(queries[:0], proj, labels, k=10, temperature=20.0).shape == (0,)
