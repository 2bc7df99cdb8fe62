"""Dedup: shingling per script, signatures equal to datasketch's, clusters with one kept document each."""
from __future__ import annotations

import json
import random
from collections import defaultdict

import numpy as np
import xxhash
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.dedup import (MinHasher, MinHashParams, dedup_jsonl, dedup_prompts, estimated_jaccard, find_clusters,
                         jaccard, normalize, normalized_hash, shingle_hashes, shingles, signature_table)
from miner.dedup.shingles import shingle_hashes_many
from miner.dedup.tasks import components as _components
from miner.dedup.hashing import fmix64
from miner.dedup.prompts import PROMPT_PARAMS, find_duplicate_prompts, prompt_signatures
from miner.dedup.synthetic import corpus

ZH = "今天天气很好，我们一起去公园散步吧。公园里有很多人在跑步，孩子们在草地上玩耍，老人们坐在长椅上聊天。"
JA = "今日はとても良い天気なので、公園へ散歩に行きましょう。公園では多くの人が走っていて、子供たちが遊んでいます。"
KO = "오늘은 날씨가 정말 좋아서 우리는 공원에 산책하러 갔습니다 공원에는 많은 사람들이 달리고 있었고 아이들은 잔디밭에서 놀았습니다"


def test_normalize_output_is_always_encodable():
    assert normalize("a\ud800b\udfff") == "a b"  # lone surrogates become spaces, like control characters
    normalized_hash("a\ud800b")  # and hashing them does not raise


@pytest.mark.parametrize("ngram", [1, 3, 5])
def test_batched_shingle_hashes_equal_per_text_folding(ngram):
    """The batch fold must give every text exactly the hashes of folding its own units, short texts included."""
    rng = random.Random(ngram)
    texts = ["", " ", "a", "一二", "a b c d e f g", "東京は日本の首都です", "한국어 띄어쓰기 예시 문장"]
    texts += [" ".join(f"w{rng.randrange(30)}" for _ in range(rng.randrange(0, 12))) for _ in range(60)]
    langs = [rng.choice(["en", "zh", "ko", None]) for _ in texts]
    batched = shingle_hashes_many(texts, langs, ngram)
    assert len(batched) == len(texts) and shingle_hashes_many([], [], ngram) == []
    for text, lang, got in zip(texts, langs, batched):
        norm = normalize(text)
        units = [xxhash.xxh3_64_intdigest(w.encode()) for w in norm.split()] if lang not in ("zh", "ko") else \
            [ord(c) for c in norm.replace(" ", "")]
        width = min(ngram, len(units))
        want = []
        for start in range(len(units) - width + 1 if width else 0):
            acc = np.array([ngram], dtype=np.uint64)
            for unit in units[start:start + width]:
                acc = fmix64(acc + np.uint64(unit))
            want.append(int(acc[0] >> np.uint64(32)))
        assert got.tolist() == want


def test_normalized_hash_ignores_case_punctuation_width_and_spacing():
    assert normalized_hash("Hello, World!") == normalized_hash("  hello   world ")
    assert normalized_hash("ＡＢＣ　１２３") == normalized_hash("abc 123")  # NFKC folds full-width forms
    assert normalized_hash("hello world") != normalized_hash("hello word")
    assert normalize("Ａ\u200bb—C") == "ab c"  # zero-width space vanishes, dash splits


@pytest.mark.parametrize("text, lang", [(ZH, "zh"), (JA, "ja"), (KO, "ko")])
def test_cjk_texts_are_shingled_by_characters(text, lang):
    chars = normalize(text).replace(" ", "")
    got = shingles(text, lang)
    assert len(got) == len(set(chars[i : i + 5] for i in range(len(chars) - 4))) > 20
    edited = text.replace("公园", "花园", 1) if lang != "ko" else text.replace("공원에", "정원에", 1)
    assert jaccard(got, shingles(edited, lang)) > 0.7  # one edited character touches only 5 of ~45 shingles
    assert jaccard(got, shingles(ZH if lang != "zh" else JA, lang)) == 0.0


def test_word_shingler_would_fail_on_chinese():
    # datatrove's minhash with language="zh" degenerates this way: one "word", one shingle per sentence.
    assert len(shingles(ZH, "en")) == 1
    assert len(shingles(ZH, "zh")) > 40


def test_korean_spacing_variants_stay_near_duplicates():
    respaced = KO.replace("날씨가 정말", "날씨가정말").replace("공원에 산책하러", "공원에산책 하러")
    assert jaccard(shingles(KO, "ko"), shingles(respaced, "ko")) == 1.0
    assert jaccard(shingles(KO, "xx"), shingles(respaced, "xx")) < 0.5  # word 5-grams break on spacing


def test_shingle_hashes_match_shingles():
    text_a, text_b = corpus(1, ("en",), seed=3)[0].text, corpus(1, ("en",), seed=3)[-1].text
    for lang in ("en", "zh"):
        ha, hb = set(shingle_hashes(text_a, lang).tolist()), set(shingle_hashes(text_b, lang).tolist())
        sa, sb = shingles(text_a, lang), shingles(text_b, lang)
        assert len(ha) == len(sa) and len(hb) == len(sb)
        assert len(ha & hb) / len(ha | hb) == pytest.approx(jaccard(sa, sb))


def test_signatures_equal_datasketch_affine32():
    params = MinHashParams()
    texts = [d.text for d in corpus(3, ("en", "zh"), seed=1)] + [""]
    langs = [d.lang for d in corpus(3, ("en", "zh"), seed=1)] + ["en"]
    sigs = MinHasher(params).signatures(texts, langs)
    assert sigs.shape == (len(texts), params.num_perm) and sigs.dtype == np.uint32
    for text, lang, sig in zip(texts, langs, sigs):
        m = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=int, scheme="affine32")
        m.update_batch(shingle_hashes(text, lang, params.ngram).tolist())
        assert np.array_equal(m.hashvalues, sig)


def test_prenormalised_input_gives_the_same_hashes_and_signatures():
    docs = corpus(4, ("en", "ja", "ko"), seed=5)
    texts, langs = [d.text.upper() + " ,,!" for d in docs], [d.lang for d in docs]
    folded = [normalize(t) for t in texts]
    hasher = MinHasher()
    assert np.array_equal(hasher.signatures(folded, langs, normalized=True), hasher.signatures(texts, langs))
    assert [normalized_hash(f, normalized=True) for f in folded] == [normalized_hash(t) for t in texts]


def test_estimated_jaccard_tracks_true_jaccard():
    docs = corpus(40, ("ru",), seed=2)
    by_id = {d.doc_id: d for d in docs}
    pairs = [(by_id[d.base_id], d) for d in docs if d.doc_id != d.base_id]
    sigs = MinHasher().signatures([t.text for p in pairs for t in p], ["ru"] * 2 * len(pairs))
    est = estimated_jaccard(sigs[0::2], sigs[1::2])
    true = np.array([jaccard(shingles(a.text, "ru"), shingles(b.text, "ru")) for a, b in pairs])
    assert np.abs(est - true).mean() < 0.05


def _write(tmp_path, docs, verify_texts=True, ranks=None, name="docs.parquet"):
    texts, langs = [d.text for d in docs], [d.lang for d in docs]
    table = signature_table([d.doc_id for d in docs], langs, [normalized_hash(t) for t in texts],
                            MinHasher().signatures(texts, langs), ranks=ranks, texts=texts if verify_texts else None)
    pq.write_table(table, tmp_path / name)
    return str(tmp_path / name)


@pytest.fixture(scope="module")
def planted():
    return corpus(12, ("en", "ru", "ar", "ko", "zh", "ja"), seed=7, jaccard_range=(0.9, 0.97))


@pytest.mark.parametrize("verify", ["exact", "signature"])
def test_planted_duplicates_found_and_distinct_kept_apart(tmp_path, planted, verify):
    path = _write(tmp_path, planted, verify_texts=verify == "exact")
    stats = find_clusters([path], str(tmp_path / "out.parquet"), MinHashParams(), str(tmp_path / "w"), verify=verify)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["doc_id"] for r in rows] == [d.doc_id for d in planted]  # one row per document, input order
    cluster = {r["doc_id"]: r["cluster_id"] for r in rows}
    bases = {d.base_id for d in planted}
    for d in planted:
        assert cluster[d.doc_id] == d.base_id  # every planted copy joins its base, the smallest doc_id
    assert len({cluster[b] for b in bases}) == len(bases)  # distinct bases never merge
    base_hash = {d.doc_id: normalized_hash(d.text) for d in planted if d.doc_id == d.base_id}
    exact = {d.doc_id for d in planted if d.doc_id != d.base_id and normalized_hash(d.text) == base_hash[d.base_id]}
    assert any(d.endswith("-x") for d in exact)
    assert {r["doc_id"] for r in rows if r["dup_reason"] == "exact_duplicate"} == exact
    assert {r["doc_id"] for r in rows if r["dup_reason"] == "near_duplicate"} == {
        d.doc_id for d in planted if d.doc_id != d.base_id} - exact
    assert stats["kept"] == len(bases) and stats["documents"] == len(planted)


def test_one_keep_per_cluster_and_sizes(tmp_path, planted):
    path = _write(tmp_path, planted)
    find_clusters([path], str(tmp_path / "out.parquet"), MinHashParams(), str(tmp_path / "w"))
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    members = defaultdict(list)
    for r in rows:
        members[r["cluster_id"]].append(r)
    for cid, rs in members.items():
        kept = [r for r in rs if r["keep"]]
        assert len(kept) == 1 and kept[0]["doc_id"] == cid and kept[0]["dup_reason"] is None
        assert all(r["cluster_size"] == len(rs) for r in rs)
        assert all(r["dup_reason"] in ("exact_duplicate", "near_duplicate") for r in rs if not r["keep"])


def test_output_deterministic_and_independent_of_file_split(tmp_path, planted):
    one = _write(tmp_path, planted, name="all.parquet")
    half = len(planted) // 2
    parts = [_write(tmp_path, planted[:half], name="a.parquet"), _write(tmp_path, planted[half:], name="b.parquet")]
    outs = []
    for i, paths in enumerate(([one], [one], parts)):
        find_clusters(paths, str(tmp_path / f"out{i}.parquet"), MinHashParams(), str(tmp_path / f"w{i}"))
        outs.append(pq.read_table(tmp_path / f"out{i}.parquet").to_pylist())
    assert outs[0] == outs[1] == outs[2]


def test_rank_column_chooses_representative(tmp_path, planted):
    ranks = [0.0 if "-v" in d.doc_id else 1.0 for d in planted]  # prefer the edited copy
    path = _write(tmp_path, planted, ranks=ranks)
    find_clusters([path], str(tmp_path / "out.parquet"), MinHashParams(), str(tmp_path / "w"))
    rows = {r["doc_id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    for d in planted:
        if d.doc_id.endswith("-v0"):
            assert rows[d.doc_id]["keep"] and rows[d.base_id]["cluster_id"] == d.doc_id


def test_threshold_separates_below_threshold_pairs(tmp_path):
    docs = corpus(15, ("en", "zh"), seed=11, jaccard_range=(0.4, 0.6))
    path = _write(tmp_path, docs)
    stats = find_clusters([path], str(tmp_path / "out.parquet"), MinHashParams(), str(tmp_path / "w"))
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert all(r["dup_reason"] != "near_duplicate" for r in rows)
    assert stats["near_duplicates"] == 0


def test_bad_inputs_fail_clearly(tmp_path, planted):
    good = signature_table(["a", "a"], ["en", "en"], [1, 2], np.zeros((2, 112), np.uint32))
    pq.write_table(good, tmp_path / "dupe.parquet")
    with pytest.raises(ValueError, match="doc_id must be unique"):
        find_clusters([str(tmp_path / "dupe.parquet")], str(tmp_path / "o.parquet"), work_dir=str(tmp_path / "w"))
    short = signature_table(["a", "b"], ["en", "en"], [1, 2], np.zeros((2, 64), np.uint32))
    pq.write_table(short, tmp_path / "short.parquet")
    with pytest.raises(ValueError, match="expected num_perm=112"):
        find_clusters([str(tmp_path / "short.parquet")], str(tmp_path / "o.parquet"), work_dir=str(tmp_path / "w"))
    with pytest.raises(ValueError, match="needs a text column"):
        find_clusters([str(tmp_path / "short.parquet")], str(tmp_path / "o.parquet"), work_dir=str(tmp_path / "w"),
                      verify="exact")
    pq.write_table(good.drop(["minhash"]), tmp_path / "nominhash.parquet")
    with pytest.raises(ValueError, match="lacks column"):
        find_clusters([str(tmp_path / "nominhash.parquet")], str(tmp_path / "o.parquet"), work_dir=str(tmp_path / "w"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=60))
def test_components_match_naive_union_find(edges):
    a, b = (np.array(x, dtype=np.int64) for x in zip(*edges))
    nodes, label = _components(a, b)
    parent = {n: n for n in nodes.tolist()}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in edges:
        rx, ry = find(x), find(y)
        parent[max(rx, ry)] = min(rx, ry)
    assert label.tolist() == [find(n) for n in nodes.tolist()]


def test_dedup_jsonl_round_trip(tmp_path, planted):
    src = tmp_path / "in.jsonl"
    rng = random.Random(0)
    with open(src, "w", encoding="utf-8") as f:
        for d in planted:
            f.write(json.dumps({"id": d.doc_id, "text": d.text, "lang": d.lang, "extra": rng.random()},
                               ensure_ascii=False) + "\n")
    stats = dedup_jsonl(str(src), str(tmp_path / "out.jsonl"), threshold=0.8)
    inp = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines()]
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [{k: o[k] for k in i} for i, o in zip(inp, out)] == inp  # every field kept, same order
    assert sum(o["keep"] for o in out) == stats["kept"] == len({d.base_id for d in planted})
    assert all(o["cluster_id"] == d.base_id for o, d in zip(out, planted))


def test_dedup_jsonl_rejects_objects_without_id(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"text": "no id here"}\n')
    with pytest.raises(ValueError, match="needs an id"):
        dedup_jsonl(str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"))


def test_dedup_prompts_within_and_across_splits():
    prompts = [
        ("p1", "The weather was so nice that we walked to the park together", "en", "full"),
        ("p2", "the weather was so nice that we walked to the park together!", "en", "small"),
        ("p3", "The weather was so nice that we walked to the beach together", "en", "full"),
        ("p4", "A completely different prompt about cooking dinner tonight", "en", "full"),
        ("p5", ZH, "zh", "full"),
        ("p6", ZH.replace("。", "！"), "zh", "full"),
    ]
    dropped = dedup_prompts(prompts, split_priority=["small", "full"])
    assert dropped == {"p1": "p2", "p6": "p5"}
    assert dedup_prompts([]) == {}


def test_duplicate_prompts_found_across_unit_files_equal_the_in_memory_pass(tmp_path):
    """The pipeline writes one prompt_signatures file per prompts-stage unit (some empty) and clusters them."""
    docs = corpus(30, ("en", "ja"), seed=4)
    prompts = [(d.doc_id, d.text[:200], d.lang, "pool") for d in docs]
    paths = []
    for k, unit in enumerate([prompts[:10], [], prompts[10:]]):
        ids, texts, langs, _ = zip(*unit) if unit else ((), (), (), ())
        paths.append(str(tmp_path / f"part-{k}.parquet"))
        pq.write_table(prompt_signatures(list(ids), list(texts), list(langs)), paths[-1])
    found = find_duplicate_prompts(paths, str(tmp_path / "work"))
    assert found and found == dedup_prompts(prompts)
    assert find_duplicate_prompts([paths[1]], str(tmp_path / "empty")) == {}  # only an empty unit


def test_removal_files_per_unit_hold_exactly_that_units_removed_documents(tmp_path, planted):
    """Each unit's task writes its own removal and dropped/ files; together they are the clustering's removals."""
    from miner.dedup.removal import removal_unit, removed_ids

    thirds = [planted[i::3] for i in range(3)]
    paths = []
    for i, docs in enumerate(thirds):
        path = _write(tmp_path, docs, name=f"part-u{i // 2}-{i:05d}.parquet")  # files 0, 1: unit u0; 2: u1
        t = pq.read_table(path)
        t = t.append_column("url", t["doc_id"]).append_column("warc_record_id", t["doc_id"])
        t = t.append_column("source", t["lang"]).append_column("offset", pa.array(range(t.num_rows), pa.int64()))
        pq.write_table(t, path)
        paths.append(path)
    removed = tmp_path / "removed.parquet"
    find_clusters(paths, str(tmp_path / "out.parquet"), MinHashParams(), str(tmp_path / "w"), removed_path=str(removed))
    clusters = pq.read_table(tmp_path / "out.parquet").to_pylist()
    stats = [removal_unit(tmp_path, str(removed), "u0", paths[:2], 0),
             removal_unit(tmp_path, str(removed), "u1", paths[2:], 2)]
    for unit, docs in (("u0", thirds[0] + thirds[1]), ("u1", thirds[2])):
        ids = {d.doc_id for d in docs}
        expected = {r["doc_id"] for r in clusters if not r["keep"] and r["doc_id"] in ids}
        assert expected and removed_ids(tmp_path, unit) == expected
        dropped = pq.read_table(tmp_path / "dropped" / f"dedup-{unit}.parquet").to_pylist()
        assert {r["doc_id"] for r in dropped} == expected
        assert all(r["url"] == r["doc_id"] and r["detail"].startswith("cluster ") for r in dropped)
    assert sum(s.get("dropped/dedup/exact_duplicate", 0) + s.get("dropped/dedup/near_duplicate", 0)
               for s in stats) == sum(not r["keep"] for r in clusters)
    assert removed_ids(tmp_path, "u2") is None  # no file: dedup did not run for it


def test_partitions_do_not_change_the_clusters(tmp_path, planted):
    """Buckets and exact groups each lie in one partition, so any partition count gives the same output."""
    half = len(planted) // 2
    paths = [_write(tmp_path, planted[:half], name="a.parquet"), _write(tmp_path, planted[half:], name="b.parquet")]
    outs = []
    for n in (1, 3, 8):
        find_clusters(paths, str(tmp_path / f"out{n}.parquet"), MinHashParams(), str(tmp_path / f"w{n}"), partitions=n)
        outs.append((tmp_path / f"out{n}.parquet").read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_out_of_core_components_equal_numpy(tmp_path, planted):
    """The DuckDB min-label rounds (used above NUMPY_MAX_PAIRS verified pairs) give the numpy path's clusters."""
    from miner.dedup.clusters import make_job
    from miner.dedup.tasks import cluster_task, steps

    path = _write(tmp_path, planted)
    outs = []
    for limit in (10**9, 0):
        job = make_job([path], str(tmp_path / f"w{limit}"), MinHashParams(), None, "1GB")
        for _, fn, tasks in steps(job, {"g": [0]}):
            for args in tasks:
                fn(*args)
        stats = cluster_task(job, str(tmp_path / f"out{limit}.parquet"), None, numpy_max_pairs=limit)
        outs.append(pq.read_table(tmp_path / f"out{limit}.parquet"))
    assert stats["near_duplicates"] > 0 and outs[0].equals(outs[1])


def test_partition_count_keeps_each_task_near_its_share_and_every_worker_busy():
    from miner.dedup.tasks import PARTITION_DOCS, partitions_for

    for documents in (1, 10**6, 2 * 10**7, 10**9):
        for workers in (1, 2, 32):
            n = partitions_for(documents, workers)
            assert n >= 2 * workers and documents / n <= PARTITION_DOCS


def test_prompt_drops_are_written_as_files_naming_document_and_kept_prompt(tmp_path):
    """The pipeline's prompt dedup writes the excluded ids and their dropped/ rows with DuckDB, no id list in
    Python: the same prompts as the in-memory pass, each with its document and the prompt it duplicates."""
    import duckdb

    from miner.dedup.prompts import write_prompt_drops
    from miner.schema import table

    docs = corpus(30, ("en", "ja"), seed=4)
    prompts = [(f"q{d.doc_id}", d.text[:200], d.lang, "pool") for d in docs]
    ids, texts, langs, _ = zip(*prompts)
    pq.write_table(prompt_signatures(list(ids), list(texts), list(langs)), tmp_path / "sig.parquet")
    find_clusters([str(tmp_path / "sig.parquet")], str(tmp_path / "clusters.parquet"), PROMPT_PARAMS,
                  str(tmp_path / "work"))
    pq.write_table(pa.table({"prompt_id": list(ids), "doc_id": [d.doc_id for d in docs]}), tmp_path / "cand.parquet")
    con = duckdb.connect()
    n = write_prompt_drops(con, tmp_path / "clusters.parquet", str(tmp_path / "cand*.parquet"),
                           tmp_path / "excluded.parquet", tmp_path / "dropped.parquet")
    expected = dedup_prompts(prompts)
    assert n == len(expected) > 0
    assert pq.read_table(tmp_path / "excluded.parquet").column("prompt_id").to_pylist() == sorted(expected)
    dropped = pq.read_table(tmp_path / "dropped.parquet")
    assert dropped.schema.names == table("dropped", []).schema.names
    assert {(r["doc_id"], r["detail"]) for r in dropped.to_pylist()} == {
        (pid[1:], f"prompt {pid} duplicates prompt {kept}") for pid, kept in expected.items()}


def test_a_task_that_spills_in_a_fresh_work_dir_finds_its_spill_directory(tmp_path):
    """DuckDB creates only the last level of temp_directory: a task's first spill must not fail on the parent."""
    from miner.dedup.tasks import Job

    job = Job(paths=(), work=str(tmp_path / "fresh" / "tasks"), params=MinHashParams(), mode="none",
              memory_limit="30MB", threads=1)
    con = job.connect("cluster")
    try:
        n = con.execute("SELECT count(*) FROM (SELECT DISTINCT md5(i::VARCHAR) || i AS k FROM range(3000000) t(i))"
                        ).fetchall()[0][0]
    finally:
        con.close()
    assert n == 3_000_000
