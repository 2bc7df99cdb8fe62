"""PII detection and masking: what must be found (several languages and phone layouts) and what must not."""
from __future__ import annotations

import pytest

from miner.pii import find_pii, mask_pii


def found(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], kind) for start, end, kind in find_pii(text)]


@pytest.mark.parametrize("text, expected", [
    # e-mail
    ("Write to jane.doe@example.co.uk today.", [("jane.doe@example.co.uk", "email")]),
    ("Schreibt an:wolfgang.h1964@googlemail.com", [("wolfgang.h1964@googlemail.com", "email")]),
    ("请发到我的邮箱rtkdyx@126.com，谢谢", [("rtkdyx@126.com", "email")]),
    # IP addresses
    ("Server 192.168.0.1 is down.", [("192.168.0.1", "ip")]),
    ("ip=10.0.0.1; gateway (172.16.254.1).", [("10.0.0.1", "ip"), ("172.16.254.1", "ip")]),
    ("Der Host 2001:db8::ff00:42:8329 antwortet nicht, fe80::1 auch nicht.",
     [("2001:db8::ff00:42:8329", "ip"), ("fe80::1", "ip")]),
    ("see 10.1.2.3:8080 for the admin page", [("10.1.2.3", "ip")]),
    # phones: international prefixes
    ("Call me at +49 30 1234567 tomorrow.", [("+49 30 1234567", "phone")]),
    ("Appelez le +33 6 12 34 56 78.", [("+33 6 12 34 56 78", "phone")]),
    ("Звоните +7 (495) 123-45-67 сегодня.", [("+7 (495) 123-45-67", "phone")]),
    ("Ring 0044 20 7946 0958 now", [("0044 20 7946 0958", "phone")]),
    ("hub ines ya +62823-9111-5459 di jamin", [("+62823-9111-5459", "phone")]),
    # phones: national layouts
    ("Ruf an: (555) 123-4567 oder schreib.", [("(555) 123-4567", "phone")]),
    ("Appelez le 06 12 34 56 78 avant midi.", [("06 12 34 56 78", "phone")]),
    ("Telefon: 030 1234567, Fax 030/1234568", [("030 1234567", "phone"), ("030/1234568", "phone")]),
    ("Call us at 555.123.4567 or 1-800-555-0199.", [("555.123.4567", "phone"), ("1-800-555-0199", "phone")]),
    ("Ring 08-123 456 78 eller 070-123 45 67.", [("08-123 456 78", "phone"), ("070-123 45 67", "phone")]),
    ("Informações: (21) 97148-9904", [("(21) 97148-9904", "phone")]),
    ("联系电话：13812345678，或 138 0013 8000。", [("13812345678", "phone"), ("138 0013 8000", "phone")]),
    ("電話 03-1234-5678 まで", [("03-1234-5678", "phone")]),
    ("전화 010-1234-5678 로 연락", [("010-1234-5678", "phone")]),
    ("हेल्पलाइन: फोन 098765 43210", [("098765 43210", "phone")]),
    ("اتصل على هاتف 0501234567 الآن", [("0501234567", "phone")]),
    ("Zadzwoń: tel. 22 123 45 67", [("22 123 45 67", "phone")]),
    ("Llámenos tel: 4958-6492 ya", [("4958-6492", "phone")]),
    ("pagina 12 030 1234567", [("030 1234567", "phone")]),  # a run of numbers split at whitespace
])
def test_finds(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "In 2019 the price rose from $1,299 to 1.499 € on 12.05.2023.",
    "Version 1.2.3.4 fixes the bug; see section 1.2.3.4 and v10.0.0.1.",
    "ISBN 0-306-40615-2 and ISBN 978-0-08-045362-0.",
    "La población es de 1 234 567 habitantes y 10 000 000 turistas.",
    "Der Umsatz lag bei 1.250.000 Euro, 2023-05-12 um 10:30 Uhr.",
    "Il costo è di 2.500.000 euro entro il 31/12/2024.",
    "std::vector<int> a::b; the score was 3:2 at 12:30:45.",
    "MAC 00:1A:2B:3C:4D:5E and order 0123456789 shipped.",
    "Числа 12 34 56 78 90 и год 1990-2000; call 2019-2020 results.",
    "邮编 100080，价格 1200 元，2024年3月15日。",
    "Kartu 4111 1111 1111 1111 ditolak.",
    "IP-Adresse 999.1.1.1 ist ungültig, 01.02.03.04 auch, 1.2.3.4.5 ebenso.",
    "Kod pocztowy 00-950 Warszawa.",
])
def test_ignores(text):
    assert found(text) == []


def test_mask_replaces_each_match_and_counts_kinds():
    text = "Mail a@b.org or bob@example.com, call +49 30 1234567, host 10.0.0.1; the year 2024 stays."
    masked, counts = mask_pii(text)
    assert masked == "Mail <EMAIL> or <EMAIL>, call <PHONE>, host <IP>; the year 2024 stays."
    assert counts == {"email": 2, "phone": 1, "ip": 1}
    assert mask_pii(masked) == (masked, {})  # idempotent: placeholders hold nothing to mask


def test_spans_do_not_overlap_and_email_wins():
    text = "user.030.1234567@example.com 192.168.1.1"
    spans = find_pii(text)
    assert [kind for _, _, kind in spans] == ["email", "ip"]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_text_without_pii_is_unchanged():
    text = "Kein Kontakt hier: nur Zahlen wie 42, 3.14 und 2024."
    assert mask_pii(text) == (text, {})
