"""Quality filters: each rejection reason, CJK word counting, per-language thresholds, real text passes."""
from __future__ import annotations

import json

import pytest

from miner import PTP_LANGUAGES
from miner.filters import REASONS, QualityFilter
from miner.text.chars import count_words

PROSE_EN = (
    "The council met on Tuesday evening to discuss the new bus routes. Residents from the north side said the "
    "changes would make their trips longer, while shop owners downtown welcomed the extra stops. The vote was "
    "postponed until next month so that the planners can collect more feedback from the neighbourhoods."
)
PROSE_ZH = (
    "市议会周二晚上开会讨论新的公交线路。北区的居民表示，这些变化会让他们的出行时间变长，而市中心的店主则欢迎增加的站点。"
    "投票被推迟到下个月，以便规划人员收集更多社区的意见。"
)


def reason(result) -> str | None:
    return None if result is True else result[1]


def test_clean_prose_passes():
    f = QualityFilter()
    assert f.filter(PROSE_EN, "en") is True
    assert f.filter(PROSE_ZH, "zh") is True


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("Too short.", "en", "too_short_chars"),
        ("   " + "a" * 150 + "   ", "en", "too_short_chars"),  # outer whitespace does not count
        ("x" * 300, "en", "too_few_words"),  # one 300-letter token
        ("https://example.com/" + "a/" * 120, "en", "too_few_words"),
        (PROSE_EN + " ★★★★★ |||| >>>> ==== $$$$ " * 8, "en", "symbol_ratio"),
        (PROSE_EN + " ###### ______ •••••• " * 8, "en", "symbol_ratio"),
        (PROSE_EN + " 2024-01-01 12:30:45 +0100 " * 10, "en", "digit_ratio"),
        (PROSE_EN + " ٢٠٢٤ ١٢:٣٠:٤٥ " * 10, "ar", "digit_ratio"),  # Arabic-Indic digits are digits
        ("\n".join([PROSE_EN] + ["Reply", "Share", "Report"] * 3), "en", "dup_lines"),
        (PROSE_ZH + "\n" + "\n".join(["回复", "分享"] * 3), "zh", "dup_lines"),
    ],
)
def test_rejection_reasons(text, lang, expected):
    assert expected in REASONS
    assert reason(QualityFilter().filter(text, lang)) == expected


def test_first_failing_check_wins():
    assert reason(QualityFilter().filter("1234567890", "en")) == "too_short_chars"


def test_cjk_words_are_characters():
    assert count_words("我们今天去超市") == 7
    assert count_words("我用Python写代码，don't stop — ok") == 9  # 我用写代码 + Python, don't, stop, ok
    assert count_words("नमस्ते दुनिया") == 2  # combining marks stay inside words
    assert count_words("a b c d e f", stop_at=4) == 4 and count_words("我们今天 a b", stop_at=3) == 4
    f = QualityFilter(min_chars=0, min_words=30)
    assert f.filter(PROSE_ZH, "zh") is True  # no spaces at all, yet well over 30 words
    assert reason(f.filter("我们" * 14, "zh")) == "too_few_words"
    assert f.filter("한국어는 띄어쓰기를 합니다 " * 10, "ko") is True  # Korean counts by spaces: 30 words


def test_per_language_thresholds():
    default = QualityFilter(min_chars=100)
    assert [default.thresholds(lang).min_chars for lang in ("en", "zh", "ja", "ko")] == [100, 40, 40, 50]
    assert QualityFilter(min_chars=100, per_lang={}).thresholds("zh").min_chars == 40  # {} == None: defaults
    assert QualityFilter(min_chars=100, per_lang={"zh": {"min_chars": 100}}).thresholds("zh").min_chars == 100
    zh_words = QualityFilter(min_chars=100, per_lang={"zh-Hans": {"min_words": 5}}).thresholds("zh")
    assert (zh_words.min_chars, zh_words.min_words) == (40, 5)  # overrides merge with the scaled default
    custom = QualityFilter(per_lang={"de": {"min_words": 50, "max_digit_ratio": 0.5}})
    assert custom.thresholds("de-AT").min_words == 50 and custom.thresholds("de").max_digit_ratio == 0.5
    assert custom.thresholds("en").min_words == 30 and custom.thresholds("zh").min_chars == 80
    de_text = "Das ist ein kurzer, aber völlig normaler Satz über 42 Katzen. " * 4  # 44 words
    assert QualityFilter().filter(de_text, "de") is True
    assert reason(custom.filter(de_text, "de-AT")) == "too_few_words"
    assert custom.filter(de_text, "en") is True


def test_social_text_is_not_symbol_junk():
    """Emoji, @mentions, censored profanity and ko/zh "~~" are ordinary in the comments we want to keep."""
    text = "@user you are such a f***ing cl*wn 😂😂😂 lol~~ ^^ " * 8
    assert QualityFilter().filter(text, "en") is True


@pytest.mark.parametrize(
    "kwargs",
    [{"max_symbol_ratio": 1.5}, {"min_chars": -1}, {"per_lang": {"zh": {"min_letters": 3}}},
     {"per_lang": {"zh": {"max_dup_line_ratio": -0.1}}}],
)
def test_invalid_thresholds_raise(kwargs):
    with pytest.raises(ValueError, match="QualityFilter"):
        QualityFilter(**kwargs)


@pytest.mark.shared_data
def test_real_comments_pass_the_ratio_checks(shared_data):
    """Documents made of 40 real non-toxic comments per language (../shared/data/toxicity) are kept: the
    symbol/digit/dup-line checks must not fire on ordinary social text in any of the 17 languages."""
    f = QualityFilter()
    for lang in PTP_LANGUAGES:
        rows = [json.loads(line) for line in (shared_data / "toxicity" / f"{lang}.jsonl").open(encoding="utf-8")]
        comments = [r["text"] for r in rows if r["label"] == 0][:40]
        assert len(comments) == 40, lang
        assert f.filter("\n".join(comments), lang) is True, (lang, f.filter("\n".join(comments), lang))
