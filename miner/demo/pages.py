"""HTML page templates: news sites with the boilerplate an extractor has to drop.

`demo` pages are ~6-10 KB; `cc` pages carry heavy boilerplate (mega menus, dozens of related links, big
inline scripts) and average ~30 KB, like Common Crawl news pages. Each site's fixed chunks are built once.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from html import escape

from miner.demo.text import Article, bank, render, fill

TLD = {"ar": "com", "cs": "cz", "de": "de", "en": "co.uk", "es": "es", "fr": "fr", "hi": "in", "id": "co.id",
       "it": "it", "ja": "jp", "ko": "co.kr", "nl": "nl", "pl": "pl", "pt": "com.br", "ru": "ru", "sv": "se",
       "zh": "cn"}
BRANDS = {
    "ar": "alyawm|akhbarna|alsabah-news|annahar-online", "cs": "denni-zpravy|mestsky-list|ranni-posta|krajske-noviny",
    "de": "tagesblick|stadtkurier|morgenecho|nordbote", "en": "dailyharbour|thecourier-news|morningpost-online|townherald",
    "es": "diario-del-sur|gaceta-local|noticias-hoy|el-mirador", "fr": "quotidien-local|infos-matin|gazette-ville|echo-regional",
    "hi": "aaj-samachar|dainik-khabar|nagar-times|subah-news", "id": "kabar-harian|warta-kota|berita-pagi|suara-daerah",
    "it": "quotidiano-locale|notizie-oggi|gazzetta-citta|eco-del-mattino", "ja": "machi-shimbun|asa-news|chiiki-times|mainichi-dayori",
    "ko": "oneul-news|dosi-ilbo|achim-sinmun|jiyeok-times", "nl": "dagblad-stad|ochtendnieuws|de-regiobode|stadskrant",
    "pl": "gazeta-miejska|dziennik-lokalny|poranny-kurier|wiesci-dnia", "pt": "jornal-da-cidade|noticias-agora|diario-regional|folha-local",
    "ru": "gorodskie-vesti|utrennyaya-gazeta|novosti-dnya|region-info", "sv": "stadsbladet|morgonposten-lokal|dagsnytt-lokal|regionkuriren",
    "zh": "chengshi-ribao|jinri-xinwen|zaobao-difang|shenghuo-zixun",
}
SECTIONS = ("news", "politics", "sport", "business", "tech", "travel", "food", "culture", "opinion")
SOCIAL = ("Facebook", "X", "WhatsApp", "Telegram", "LinkedIn", "E-mail")
PROFILES = ("demo", "cc")


@dataclass(frozen=True)
class Site:
    """A news site: its domain and the boilerplate chunks every page of it shares."""

    lang: str
    domain: str
    name: str
    variant: int  # 0..2: class names and a little structure differ between sites
    prefix: str  # CSS class prefix
    profile: str
    head: str  # <style> + analytics <script>
    header: str  # cookie banner + logo + navigation
    footer: str  # footer + closing scripts

    def url(self, rng: random.Random, year: int) -> str:
        section = rng.choice(SECTIONS)
        return f"https://www.{self.domain}/{section}/{year}/{rng.randint(1, 12):02d}/article-{rng.randint(100000, 999999)}.html"


def _css(prefix: str, rng: random.Random, rules: int) -> str:
    props = ("margin:0 auto", "padding:8px 16px", "display:flex", "font-size:14px", "color:#333",
             "background:#f5f5f5", "border-bottom:1px solid #ddd", "line-height:1.6", "max-width:1180px",
             "font-family:Georgia,serif", "text-decoration:none", "position:sticky;top:0", "z-index:100")
    names = ("header", "nav", "menu", "item", "link", "article", "byline", "share", "related", "comments",
             "comment", "footer", "cookie", "btn", "ad", "sidebar", "teaser", "logo", "search", "newsletter")
    out = []
    for i in range(rules):
        sel = f".{prefix}-{names[i % len(names)]}" + (f"--v{i // len(names)}" if i >= len(names) else "")
        out.append(f"{sel}{{{';'.join(rng.sample(props, 3))}}}")
    return "".join(out)


def _analytics(rng: random.Random, domain: str) -> str:
    return ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
            f"gtag('js',new Date());gtag('config','G-{rng.randrange(16**8):08X}',{{'anonymize_ip':true}});"
            f"(function(d,s){{var j=d.createElement(s);j.async=1;j.src='https://cdn.{domain}/js/tag.min.js?v={rng.randint(100, 999)}';"
            "d.head.appendChild(j);})(document,'script');</script>")


def _big_script(rng: random.Random, domain: str, labels: list[str]) -> str:
    """A ~12 KB inline config + pseudo-minified code, like ad-tech and framework bootstraps."""
    slots = [{"id": f"div-gpt-ad-{rng.randrange(10**12)}-{i}", "path": f"/{rng.randrange(10**8)}/{domain}/{SECTIONS[i % 9]}",
              "sizes": [[300, 250], [728, 90], [320, 50]][: 1 + i % 3],
              "targeting": {"pos": ["top", "mid", "bottom", "rail"][i % 4], "refresh": i % 2 == 0}}
             for i in range(24)]
    config = {"site": domain, "env": "production", "build": f"{rng.randrange(16**10):010x}", "adSlots": slots,
              "experiments": {f"exp_{i}": rng.choice(["control", "variant_a", "variant_b"]) for i in range(30)},
              "i18n": labels}
    fn = "".join(f"function {c}{i}(e,t){{var n=e&&e[t];return n?n.map(function(r){{return r.{c}||r}}):[]}}"
                 for i, c in enumerate(rng.sample("abcdefghijklmnopqrstuvwxyz", 26)))
    return (f"<script>window.__APP_CONFIG__={json.dumps(config, separators=(',', ':'), ensure_ascii=False)};</script>"
            f"<script>!function(){{'use strict';{fn}var q=[];window.__q=q;}}();</script>")


def _svg(rng: random.Random) -> str:
    pts = " ".join(f"{rng.randint(0, 24)},{rng.randint(0, 24)}" for _ in range(12))
    return f'<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true"><polyline points="{pts}"/></svg>'


def make_site(rng: random.Random, lang: str, brand: str, profile: str) -> Site:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {PROFILES}")
    b = bank(lang)
    ui = b.ui
    variant = rng.randrange(3)
    p = ("site", "np", "c")[variant] + str(rng.randint(1, 9))
    domain = f"{brand}.{TLD[lang]}"
    name = brand.replace("-", " ").title()
    nav = ui["nav"].split("|")
    heavy = profile == "cc"

    head = f"<style>{_css(p, rng, 60 if heavy else 20)}</style>{_analytics(rng, domain)}"
    if heavy:
        head += _big_script(rng, domain, nav)

    h = [f'<div id="cookie-consent" class="{p}-cookie" role="dialog"><p>{escape(ui["cookie"])} '
         f'<a href="/privacy">{escape(ui["privacy"])}</a></p>'
         f'<button class="{p}-btn">{escape(ui["accept"])}</button> <button class="{p}-btn">{escape(ui["settings"])}</button></div>',
         f'<header class="{p}-header"><a class="{p}-logo" href="/">{escape(name)}</a>',
         f'<form class="{p}-search" action="/search"><input name="q" placeholder="{escape(ui["search"])}"></form>'
         f'<a class="{p}-login" href="/login">{escape(ui["login"])}</a>',
         f'<nav class="{p}-nav"><ul class="{p}-menu">']
    for i, label in enumerate(nav):
        h.append(f'<li class="{p}-item"><a class="{p}-link" href="/{SECTIONS[i - 1] if i else ""}">{escape(label)}</a>')
        if heavy and i:  # mega menu: nine sub-links per section
            h.append(f'<ul class="{p}-sub">')
            for _ in range(9):
                place = rng.choice(b.places)
                h.append(f'<li><a href="/{SECTIONS[i - 1]}/{rng.randint(100, 9999)}">{escape(label)} · {escape(place)}</a></li>')
            h.append("</ul>")
        h.append("</li>")
    h.append("</ul></nav></header>")
    if variant == 2:
        h.append(f'<div class="{p}-ad" data-slot="leaderboard">{escape(ui["ad"])}</div>')

    f = [f'<aside class="{p}-newsletter"><p>{escape(ui["newsletter"])}</p><form><input type="email" name="email">'
         f'<button>{escape(ui["subscribe"])}</button></form></aside>',
         f'<footer class="{p}-footer"><ul>']
    links = [ui[k] for k in ("about", "contact", "privacy", "terms")] + nav
    if heavy:
        links += [f"{label} {place}" for label in nav[1:] for place in b.places[:5]]
    f.extend(f'<li><a href="/p/{i}">{escape(label)}</a></li>' for i, label in enumerate(links))
    f.append(f'</ul><p>© {rng.randint(1998, 2015)}–2024 {escape(name)}. {escape(ui["rights"])}</p>')
    if heavy:
        f.append('<div class="social">' + "".join(f'<a href="#" title="{s}">{_svg(rng)}</a>' for s in SOCIAL) + "</div>")
    f.append("</footer>")
    f.append("<script>document.querySelectorAll('.%s-btn').forEach(function(b){b.addEventListener('click',function(){"
             "document.getElementById('cookie-consent').remove();document.cookie='consent=1;path=/;max-age=31536000';});});</script>" % p)
    return Site(lang=lang, domain=domain, name=name, variant=variant, prefix=p, profile=profile, head=head,
                header="".join(h), footer="".join(f))


def _meta_charset(charset: str | None, rng: random.Random) -> str:
    if charset is None:
        return ""
    if rng.random() < 0.5:
        return f'<meta charset="{charset}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'


def _links(rng: random.Random, site: Site, count: int, css: str) -> str:
    b = bank(site.lang)
    items = []
    for _ in range(count):
        t = rng.choice(b.titles)
        items.append(f'<li class="{css}"><a href="{site.url(rng, rng.randint(2019, 2024))}">'
                     f"{escape(render(b, t, fill(rng, b, t)))}</a></li>")
    return "".join(items)


def _open(site: Site, title: str, meta_charset: str, extra_head: str = "") -> list[str]:
    lang = site.lang
    rtl = ' dir="rtl"' if lang == "ar" else ""
    return [f'<!DOCTYPE html>\n<html lang="{lang}"{rtl}><head>{meta_charset}<title>{escape(title)} | {escape(site.name)}</title>',
            '<meta name="viewport" content="width=device-width, initial-scale=1">', extra_head, site.head,
            "</head><body>", site.header]


def article_page(rng: random.Random, site: Site, art: Article, url: str, date: str, charset: str | None) -> str:
    """A full article page. `charset` goes into a <meta> tag (None: no meta declaration)."""
    ui = bank(site.lang).ui
    heavy = site.profile == "cc"
    paragraphs = art.paragraphs()
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": art.title,
                     "datePublished": date, "author": {"@type": "Person", "name": art.byline}, "url": url},
                    ensure_ascii=False)
    desc = escape(paragraphs[0][:160], quote=True)
    extra = (f'<meta name="description" content="{desc}"><meta property="og:title" content="{escape(art.title, quote=True)}">'
             f'<link rel="canonical" href="{url}"><script type="application/ld+json">{ld}</script>')
    out = _open(site, art.title, _meta_charset(charset, rng), extra)
    p = site.prefix
    out.append(f'<main class="{p}-main"><nav class="{p}-breadcrumb"><a href="/">{escape(ui["nav"].split("|")[0])}</a> › '
               f'<a href="/{url.split("/")[3]}/">{escape(url.split("/")[3])}</a></nav>')
    out.append(f'<article class="{p}-article"><h1>{escape(art.title)}</h1>'
               f'<p class="{p}-byline">{escape(ui["by"])} <a href="/author/{rng.randint(1, 300)}">{escape(art.byline)}</a> · '
               f'<time datetime="{date}">{date[:10]}</time></p>')
    for i, para in enumerate(paragraphs):
        out.append(f"<p>{escape(para)}</p>")
        if i == 1:
            out.append(f'<div class="{p}-ad" data-slot="mid-{i}"><span>{escape(ui["ad"])}</span></div>')
    out.append("</article>")
    out.append(f'<div class="{p}-share"><span>{escape(ui["share"])}:</span> '
               + " ".join(f'<a href="https://share.example/{s.lower()}?u={url}">{s}</a>' for s in SOCIAL) + "</div>")
    out.append(f'<section class="{p}-related"><h2>{escape(ui["related"])}</h2><ul>'
               f'{_links(rng, site, rng.randint(16, 32) if heavy else rng.randint(3, 6), p + "-teaser")}</ul></section>')
    out.append(f'<section id="comments" class="{p}-comments"><h2>{escape(ui["comments"])} ({len(art.comments)})</h2><ol>')
    for user, text, _ in art.comments:
        out.append(f'<li class="{p}-comment"><span class="user">{escape(user)}</span> <time>{date[:10]}</time>'
                   f'<p>{escape(text)}</p><button>{escape(ui["reply"])}</button></li>')
    out.append(f'</ol><button class="{p}-btn">{escape(ui["more"])}</button></section></main>')
    out.append(f'<aside class="{p}-sidebar"><h3>{escape(ui["popular"])}</h3><ol>'
               f'{_links(rng, site, 12 if heavy else 5, p + "-teaser")}</ol></aside>')
    out.append(site.footer)
    out.append("</body></html>\n")
    return "\n".join(out)


def not_found_page(rng: random.Random, site: Site) -> str:
    ui = bank(site.lang).ui
    out = _open(site, ui["notfound"], '<meta charset="utf-8">')
    out.append(f'<main><h1>{escape(ui["notfound"])}</h1><p>{escape(ui["notfound_text"])}</p>'
               f'<form action="/search"><input name="q"><button>{escape(ui["search"])}</button></form>'
               f'<h2>{escape(ui["popular"])}</h2><ul>{_links(rng, site, 5, "teaser")}</ul></main>')
    out.append(site.footer)
    out.append("</body></html>\n")
    return "\n".join(out)


def redirect_body(location: str, status: int) -> str:
    word = "Moved Permanently" if status == 301 else "Found"
    return (f"<html><head><title>{status} {word}</title></head><body><h1>{word}</h1>"
            f'<p>The document has moved <a href="{escape(location, quote=True)}">here</a>.</p></body></html>')
