"""Compose sentences, articles and comments from the banks in `phrases.py` with a seeded RNG.

Each sentence is kept as (template, slot values) so a near duplicate can re-render the same article
with a few slot values changed.
"""
from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache

from miner.demo.phrases import BANKS, LANGS

# Share of toxic sentences per toxicity level (the pipeline bins at .25/.5/.75).
TOXIC_SHARE = {0: 0.0, 1: 0.15, 2: 0.40, 3: 0.75}
NO_SPACE_LANGS = frozenset({"ja", "zh"})  # sentences are joined without spaces


@dataclass(frozen=True)
class Bank:
    """One language's parsed sentence bank."""

    lang: str
    names: tuple[tuple[str, bool], ...]  # (name, is_woman)
    places: tuple[str, ...]
    benign: tuple[str, ...]
    toxic: tuple[str, ...]
    insults: tuple[str, ...]
    comments: tuple[str, ...]
    titles: tuple[str, ...]
    ui: dict
    fem: str
    decimal: str
    group: str


def _lines(block: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


@lru_cache(maxsize=None)
def bank(lang: str) -> Bank:
    """The parsed bank for `lang` (one of LANGS)."""
    if lang not in BANKS:
        raise ValueError(f"no sentence bank for language {lang!r}; have {', '.join(LANGS)}")
    raw = BANKS[lang]
    names = tuple((n.removesuffix("/f"), n.endswith("/f")) for n in raw["names"].split("|"))
    return Bank(lang=lang, names=names, places=tuple(raw["places"].split("|")),
                benign=_lines(raw["benign"]), toxic=_lines(raw["toxic"]),
                insults=tuple(raw["insults"].split("|")), comments=_lines(raw["comments"]),
                titles=_lines(raw["titles"]), ui=raw["ui"], fem=raw["fem"],
                decimal=raw["decimal"], group=raw["group"])


@lru_cache(maxsize=None)
def slots_of(template: str) -> tuple[str, ...]:
    """Slot names used by a template, in order, without repeats."""
    seen: dict[str, None] = {}
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def draw_slot(rng: random.Random, b: Bank, slot: str, values: dict) -> str:
    """One random value for `slot`, formatted the way `b.lang` writes numbers."""
    if slot == "name":
        name, woman = b.names[rng.randrange(len(b.names))]
        values["a"] = b.fem if woman else ""
        return name
    if slot == "a":  # set together with {name}
        return values.get("a", "")
    if slot == "place":
        return rng.choice(b.places)
    if slot == "ins":
        return rng.choice(b.insults)
    if slot == "n":
        return str(rng.randint(5, 59))
    if slot == "k":
        return str(rng.randint(5, 14))
    if slot == "h":
        return str(rng.randint(2, 4))
    if slot == "s1":
        return str(rng.randint(1, 5))
    if slot == "s2":
        return str(rng.randint(0, int(values.get("s1", 1)) - 1))
    if slot == "t":
        return str(rng.randrange(160, 250, 10))
    if slot == "deg":
        return str(rng.randint(12, 35))
    if slot == "year":
        return str(rng.randint(2009, 2024))
    if slot == "price":
        return _group(rng.randrange(149, 1500, 10), b.group)
    if slot == "big":
        return _group(rng.randrange(1200, 95000, 10), b.group)
    if slot == "dec":
        return f"{rng.randint(11, 99) / 10:.1f}".replace(".", b.decimal)
    raise KeyError(f"unknown slot {{{slot}}} in a {b.lang} template")


def fill(rng: random.Random, b: Bank, template: str) -> dict:
    values: dict[str, str] = {}
    for slot in slots_of(template):
        values[slot] = draw_slot(rng, b, slot, values)
    return values


def render(b: Bank, template: str, values: dict) -> str:
    text = template.format_map(values)
    if b.lang == "en":  # "a idiot" -> "an idiot"
        text = re.sub(r"\b([Aa]) (?=[aeiou])", r"\1n ", text)
    return text


@dataclass
class Sentence:
    template: str
    values: dict
    toxic: bool


@dataclass
class Article:
    """An article body: sentences grouped into paragraphs, with its toxicity ground truth."""

    lang: str
    level: int
    title: str
    sentences: list[Sentence]
    paragraph_sizes: list[int]
    byline: str
    comments: list[tuple[str, str, bool]] = field(default_factory=list)  # (user, text, toxic)

    @property
    def toxic_share(self) -> float:
        return sum(s.toxic for s in self.sentences) / len(self.sentences)

    def paragraphs(self) -> list[str]:
        b = bank(self.lang)
        joiner = "" if self.lang in NO_SPACE_LANGS else " "
        texts = [render(b, s.template, s.values) for s in self.sentences]
        out, i = [], 0
        for size in self.paragraph_sizes:
            out.append(joiner.join(texts[i:i + size]))
            i += size
        return out

    def text(self) -> str:
        return "\n\n".join(self.paragraphs())


def toxic_count(level: int, n_sentences: int) -> int:
    """How many of `n_sentences` are toxic at `level`: at least one from level 1, never all."""
    if level == 0:
        return 0
    return min(n_sentences - 1, max(1, round(TOXIC_SHARE[level] * n_sentences)))


def _draw(rng: random.Random, pool: tuple[str, ...], k: int) -> list[str]:
    """k templates, distinct while the pool lasts."""
    out: list[str] = []
    while len(out) < k:
        out.extend(rng.sample(pool, min(len(pool), k - len(out))))
    return out


def comment_text(rng: random.Random, b: Bank, toxic: bool) -> str:
    template = rng.choice(b.toxic if toxic else b.comments)
    return render(b, template, fill(rng, b, template))


def username(rng: random.Random, b: Bank) -> str:
    if rng.random() < 0.6:
        return b.names[rng.randrange(len(b.names))][0].split()[0] + str(rng.randint(1, 999))
    return rng.choice(("guest", "reader", "user")) + str(rng.randint(10, 9999))


def make_article(rng: random.Random, lang: str, level: int, n_comments: int, toxic_comment_p: float) -> Article:
    """A fresh article in `lang` whose share of toxic sentences matches `level`."""
    b = bank(lang)
    n = rng.randint(6, 20)
    n_tox = toxic_count(level, n)
    kinds = [True] * n_tox + [False] * (n - n_tox)
    rng.shuffle(kinds)
    benign = iter(_draw(rng, b.benign, n - n_tox))
    toxic = iter(_draw(rng, b.toxic, n_tox))
    sentences = []
    for is_toxic in kinds:
        template = next(toxic) if is_toxic else next(benign)
        sentences.append(Sentence(template, fill(rng, b, template), is_toxic))
    sizes, left = [], n
    while left:
        size = min(left, rng.randint(2, 4))
        sizes.append(size)
        left -= size
    title_t = rng.choice(b.titles)
    comments = []
    for _ in range(n_comments):
        is_toxic = rng.random() < toxic_comment_p
        comments.append((username(rng, b), comment_text(rng, b, is_toxic), is_toxic))
    return Article(lang=lang, level=level, title=render(b, title_t, fill(rng, b, title_t)),
                   sentences=sentences, paragraph_sizes=sizes, byline=b.names[rng.randrange(len(b.names))][0],
                   comments=comments)


def near_duplicate(rng: random.Random, article: Article, changes: int = 2) -> Article:
    """The same article with `changes` slot values redrawn (a few words differ), new comments."""
    b = bank(article.lang)
    sentences = [Sentence(s.template, dict(s.values), s.toxic) for s in article.sentences]
    candidates = [i for i, s in enumerate(sentences) if set(s.values) - {"a", "s2"}]
    for i in rng.sample(candidates, min(changes, len(candidates))):
        s = sentences[i]
        slot = rng.choice(sorted(set(s.values) - {"a", "s2"}))
        old = s.values[slot]
        for _ in range(20):  # redraw until it differs
            s.values[slot] = draw_slot(rng, b, slot, s.values)
            if s.values[slot] != old:
                break
        if slot == "s1":
            s.values["s2"] = draw_slot(rng, b, "s2", s.values)
    comments = [(username(rng, b), comment_text(rng, b, False), False) for _ in range(rng.randint(1, 4))]
    return Article(lang=article.lang, level=article.level, title=article.title, sentences=sentences,
                   paragraph_sizes=list(article.paragraph_sizes), byline=article.byline, comments=comments)
