"""The embedded demo corpus: a small crawl of multilingual news pages whose ground truth we know.

`generate_demo` writes gzip-per-record WARC shards plus `truth.jsonl` (language, toxicity level, charset and
duplicate group of every HTML page), reproducibly from (docs, seed, profile, shards). Besides articles the
crawl holds what real crawls hold: warcinfo and request records, exact and near duplicates, redirects,
404s, an empty page, non-HTML responses, legacy charsets (ru cp1251, ja Shift_JIS, zh GBK) and revisits.
"""
from __future__ import annotations

import json
import random
import struct
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from miner.demo.pages import BRANDS, PROFILES, Site, article_page, make_site, not_found_page, redirect_body
from miner.demo.phrases import LANGS
from miner.demo.text import Article, make_article, near_duplicate
from miner.demo.warcs import ReproducibleWarcWriter

__all__ = ["generate_demo", "LANGS", "PROFILES"]

# Legacy charsets: (name declared in HTTP/meta, Python codec).
LEGACY = {"ru": ("windows-1251", "cp1251"), "ja": ("Shift_JIS", "shift_jis"), "zh": ("GBK", "gbk")}
LEGACY_SHARE = 1 / 3
DECLARATIONS = ("http", "meta", "http+meta")  # where a legacy page declares its charset
EXACT_DUP_SHARE = NEAR_DUP_SHARE = 0.05
NOT_FOUND_SHARE, EMPTY_SHARE, REDIRECT_SHARE, NON_HTML_SHARE = 0.02, 0.003, 0.03, 0.01
USER_AGENT = "prompt-miner-demo/1.0 (synthetic crawl)"
SHARD_NAME = "demo-{:05d}.warc.gz"


@dataclass
class Capture:
    """One fetched URL, ready to be written as request + response (+ a truth row if it is HTML)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    payload_type: str | None
    truth: dict | None = None


def _png(rng: random.Random, size: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + rng.randbytes(size * 3) for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _pdf(title: str) -> bytes:
    text = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("ascii")
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
            b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
            + f"4 0 obj<</Length {len(text)}>>stream\n".encode() + text + b"\nendstream endobj\n"
            b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _plain_truth(kind: str, lang: str | None, declared: str) -> dict:
    """Truth row of an HTML response that is not an article: no text, no toxicity."""
    return dict(kind=kind, lang=lang, toxic_level=None, toxic_share=None, n_sentences=0, charset="utf-8",
                charset_declared=declared, dup_group=None, toxic_comments=0, title=None, text=None)


class _Planner:
    """Builds every capture of the crawl from one seeded RNG; `generate_demo` then shards and writes them."""

    def __init__(self, docs: int, seed: int, profile: str):
        self.rng = random.Random(f"miner-demo:{seed}:{profile}")
        self.profile = profile
        self.docs = docs
        self.crawl_start = datetime(2024, 3, 1) + timedelta(days=seed % 365)
        self.sites = {lang: [make_site(self.rng, lang, brand, profile) for brand in BRANDS[lang].split("|")]
                      for lang in LANGS}
        self.captures: list[Capture] = []
        self.dup_groups = 0

    def count(self, share: float, minimum: int = 1) -> int:
        return max(minimum, round(self.docs * share))

    def pub_date(self) -> str:
        dt = self.crawl_start - timedelta(days=self.rng.randint(1, 900), seconds=self.rng.randint(0, 86399))
        return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")

    def html_capture(self, site: Site, art: Article, url: str, kind: str, charset: tuple[str, str],
                     declared: str, date: str, dup_group: str | None = None) -> Capture:
        name, codec = charset
        html = article_page(self.rng, site, art, url, date, name if "meta" in declared else None)
        body = html.encode(codec, "xmlcharrefreplace")
        ctype = f"text/html; charset={name}" if "http" in declared else "text/html"
        truth = dict(kind=kind, lang=art.lang, toxic_level=art.level, toxic_share=round(art.toxic_share, 3),
                     n_sentences=len(art.sentences), charset=name.lower(), charset_declared=declared, dup_group=dup_group,
                     toxic_comments=sum(toxic for _, _, toxic in art.comments), title=art.title, text=art.text())
        return Capture(url, 200, [("Content-Type", ctype), ("Server", "nginx")], body, "text/html", truth)

    def articles(self) -> list[tuple[Article, Capture, Site]]:
        n_unique = self.docs - self.count(EXACT_DUP_SHARE, 0) - self.count(NEAR_DUP_SHARE, 0)
        langs = [LANGS[i % len(LANGS)] for i in range(n_unique)]
        self.rng.shuffle(langs)
        levels: dict[str, list[int]] = {}
        for lang, n in Counter(langs).items():  # every language gets all four levels in equal measure
            offset = self.rng.randrange(4)
            levels[lang] = [(i + offset) % 4 for i in range(n)]
            self.rng.shuffle(levels[lang])
        heavy = self.profile == "cc"
        out = []
        for lang in langs:
            level = levels[lang].pop()
            art = make_article(self.rng, lang, level, self.rng.randint(4, 12) if heavy else self.rng.randint(2, 6),
                               0.1 + 0.15 * level)
            site = self.rng.choice(self.sites[lang])
            date = self.pub_date()
            if lang in LEGACY and self.rng.random() < LEGACY_SHARE:
                charset, declared = LEGACY[lang], self.rng.choice(DECLARATIONS)
            else:
                charset = ("utf-8", "utf-8")
                declared = self.rng.choices(DECLARATIONS, weights=(1, 2, 7))[0]
            cap = self.html_capture(site, art, site.url(self.rng, int(date[:4])), "article", charset, declared, date)
            out.append((art, cap, site))
        self.captures.extend(cap for _, cap, _ in out)
        return out

    def new_group(self, original: Capture) -> str:
        if original.truth["dup_group"] is None:
            self.dup_groups += 1
            original.truth["dup_group"] = f"g{self.dup_groups:05d}"
        return original.truth["dup_group"]

    def duplicates(self, originals: list[tuple[Article, Capture, Site]]) -> None:
        long_first = sorted(originals, key=lambda o: -len(o[0].sentences))  # near dups need long articles
        pool = long_first[: max(len(originals) // 3, 1)]
        near = self.rng.sample(pool, min(len(pool), self.count(NEAR_DUP_SHARE, 0)))
        for art, cap, site in near:
            group = self.new_group(cap)
            other = self.rng.choice([s for s in self.sites[art.lang] if s is not site])
            date = self.pub_date()
            dup = self.html_capture(other, near_duplicate(self.rng, art), other.url(self.rng, int(date[:4])),
                                    "near_dup", ("utf-8", "utf-8"), "http+meta", date, group)
            self.captures.append(dup)
        taken = {id(cap) for _, cap, _ in near}
        rest = [o for o in originals if id(o[1]) not in taken]
        for art, cap, site in self.rng.sample(rest, min(len(rest), self.count(EXACT_DUP_SHARE, 0))):
            group = self.new_group(cap)
            variant = self.rng.randrange(3)
            url = (cap.url.replace("https://www.", "https://m.") if variant == 0
                   else cap.url + f"?utm_source=newsletter&utm_medium=email&utm_campaign={self.rng.randint(1, 99)}"
                   if variant == 1 else cap.url.replace(".html", "/amp.html"))
            truth = dict(cap.truth, kind="exact_dup", dup_group=group)
            self.captures.append(Capture(url, 200, list(cap.headers), cap.body, cap.payload_type, truth))

    def other_records(self, articles: list[tuple[Article, Capture, Site]]) -> None:
        rng = self.rng
        all_sites = [s for lang in LANGS for s in self.sites[lang]]
        for _ in range(self.count(NOT_FOUND_SHARE)):
            site = rng.choice(all_sites)
            body = not_found_page(rng, site).encode("utf-8")
            truth = _plain_truth("not_found", site.lang, "http+meta")
            url = f"https://www.{site.domain}/{rng.choice(('news', 'sport'))}/old-{rng.randint(1, 99999)}.html"
            self.captures.append(Capture(url, 404, [("Content-Type", "text/html; charset=utf-8")], body, "text/html",
                                         truth))
        for _ in range(self.count(EMPTY_SHARE)):
            site = rng.choice(all_sites)
            truth = _plain_truth("empty", None, "http")
            self.captures.append(Capture(f"https://www.{site.domain}/live/ticker-{rng.randint(1, 999)}.html", 200,
                                         [("Content-Type", "text/html; charset=utf-8")], b"", "text/html", truth))
        for i in range(self.count(REDIRECT_SHARE, 2)):
            target = rng.choice(articles)[1].url
            status = (301, 302)[i % 2]
            url = (target.replace("https://", "http://") if status == 301
                   else f"https://{target.split('/')[2].removeprefix('www.')}/s/{rng.randrange(36**6):06x}")
            truth = _plain_truth("redirect", None, "http")
            self.captures.append(Capture(url, status, [("Location", target), ("Content-Type", "text/html; charset=utf-8")],
                                         redirect_body(target, status).encode("utf-8"), "text/html", truth))
        for _ in range(self.count(NON_HTML_SHARE)):
            site = rng.choice(all_sites)
            base = f"https://www.{site.domain}"
            n = rng.randint(1, 99999)
            self.captures += [
                Capture(f"{base}/img/photo-{n}.png", 200, [("Content-Type", "image/png")], _png(rng), "image/png"),
                Capture(f"{base}/files/report-{n}.pdf", 200, [("Content-Type", "application/pdf")],
                        _pdf(f"Annual report {n}"), "application/pdf"),
                Capture(f"{base}/api/comments/{n}.json", 200, [("Content-Type", "application/json")],
                        json.dumps({"article": n, "count": rng.randint(0, 300), "open": rng.random() < 0.5}).encode(),
                        "application/json"),
                Capture(f"{base}/css/site-{n}.css", 200, [("Content-Type", "text/css")],
                        site.head.split("<style>")[1].split("</style>")[0].encode(), "text/css"),
            ]


def generate_demo(out_dir: Path, docs: int = 1700, seed: int = 0, profile: str = "demo", shards: int = 4) -> dict:
    """Write `shards` WARC files and truth.jsonl into `out_dir`; return a summary of what was written.

    `docs` counts article pages including their duplicates; redirects, 404s, non-HTML and other records
    come on top (a few percent each). Same arguments, same bytes.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {PROFILES}")
    if docs < 2 * len(LANGS):
        raise ValueError(f"docs={docs} is too small: need at least {2 * len(LANGS)} to cover {len(LANGS)} languages")
    if shards < 1:
        raise ValueError(f"shards must be >= 1, got {shards}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(SHARD_NAME.replace("{:05d}", "[0-9]" * 5)):
        stale.unlink()

    plan = _Planner(docs, seed, profile)
    articles = plan.articles()
    plan.duplicates(articles)
    plan.other_records(articles)
    captures = plan.captures
    plan.rng.shuffle(captures)

    id_rng = random.Random(f"miner-demo-ids:{seed}:{profile}")
    records: Counter = Counter()
    files, truth_rows = [], []
    for shard in range(shards):
        path = out_dir / SHARD_NAME.format(shard)
        date = plan.crawl_start + timedelta(hours=6 * shard)
        with ReproducibleWarcWriter(path, id_rng) as w:
            w.warcinfo(date, {"software": "prompt-miner gen-demo", "format": "WARC File Format 1.0",
                              "isPartOf": f"prompt-miner-demo-{profile}", "operator": "synthetic",
                              "description": f"synthetic demo crawl, seed={seed} docs={docs} shard {shard + 1}/{shards}",
                              "robots": "classic", "http-header-user-agent": USER_AGENT})
            first_article = None
            for cap in captures[shard::shards]:
                date += timedelta(seconds=plan.rng.randint(1, 20))
                rid = w.new_id()
                w.request(cap.url, date, rid, USER_AGENT)
                digest = w.response(rid, cap.url, date, cap.status, cap.headers, cap.body, cap.payload_type)
                if cap.truth is not None:
                    truth_rows.append(dict(url=cap.url, warc_record_id=rid, warc_file=path.name, status=cap.status,
                                           **cap.truth))
                    if first_article is None and cap.truth["kind"] == "article":
                        first_article = (cap, rid, date, digest)
            if first_article is not None:  # the same URL fetched again, unchanged
                cap, rid, then, digest = first_article
                date += timedelta(hours=1)
                w.revisit(cap.url, date, rid, then, digest, [h for h in cap.headers if h[0] == "Content-Type"])
            records.update(w.counts)
        files.append(path.name)

    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as f:
        for row in truth_rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")

    pages = [r for r in truth_rows if r["kind"] in ("article", "exact_dup", "near_dup")]
    levels: dict[str, Counter] = defaultdict(Counter)
    for r in pages:
        levels[r["lang"]][r["toxic_level"]] += 1
    html_bytes = [len(c.body) for c in captures if c.truth is not None and c.truth["kind"] != "redirect" and c.body]
    return {
        "out_dir": str(out_dir), "profile": profile, "seed": seed, "docs": docs, "shards": shards,
        "files": files + ["truth.jsonl"],
        "records": dict(sorted(records.items())),
        "html_pages": dict(sorted(Counter(r["kind"] for r in truth_rows).items())),
        "responses_by_type": dict(sorted(Counter(c.payload_type for c in captures).items())),
        "pages_by_lang": dict(sorted(Counter(r["lang"] for r in pages).items())),
        "levels_by_lang": {lang: dict(sorted(c.items())) for lang, c in sorted(levels.items())},
        "charsets": dict(sorted(Counter(r["charset"] for r in pages).items())),
        "mean_html_bytes": round(sum(html_bytes) / max(len(html_bytes), 1)),
        "seconds": round(time.perf_counter() - started, 2),
    }
