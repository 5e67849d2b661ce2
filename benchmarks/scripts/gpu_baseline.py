#!/usr/bin/env python3
"""PyTorch baselines for the CodeNeurons GPU check (benchmarks/scripts/gpu-check.sh run).

Same sizes as CodeNeurons.GpuCheck --size full:
  * correlation kernel: X[20000, 9984] float32 on the GPU; centre, scale, X^T X; fp32, tf32 and bf16;
  * extraction: RoBERTa-base size (12 layers, 768, vocab 50265) with random weights, batch 32 x 256,
    output_hidden_states=True, the 13 states stacked (and, separately, also copied to the host as float32,
    which is what CodeNeurons' Forward returns); float32 and bfloat16; median of 10 after 3 warm-ups.
Writes $OUT/baseline.json (or ./baseline.json) and prints one line per result. Each part is guarded: a missing
package or a failure is reported and the rest still runs.
"""
import json
import os
import statistics
import sys
import time
import traceback

OUT = os.environ.get("OUT", ".")
RESULTS = {"errors": {}}
T0 = time.perf_counter()


def line(part, text):
    print(f"[{time.perf_counter() - T0:6.1f}s] {part:<12} {text}", flush=True)


def save():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "baseline.json")
    with open(path + ".tmp", "w") as f:
        json.dump(RESULTS, f, indent=2)
    os.replace(path + ".tmp", path)


def guarded(name, fn):
    t = time.perf_counter()
    try:
        RESULTS[name] = fn()
    except Exception as e:  # noqa: BLE001 - report and go on
        RESULTS["errors"][name] = f"{type(e).__name__}: {e}"
        RESULTS.setdefault("tracebacks", {})[name] = traceback.format_exc()
        line(name, f"ERROR {type(e).__name__}: {e}")
    line(name, f"finished in {time.perf_counter() - t:.1f} s")
    save()


try:
    import torch
except Exception as e:  # noqa: BLE001
    RESULTS["errors"]["import_torch"] = f"{type(e).__name__}: {e}"
    line("env", f"PyTorch is missing: {e}")
    save()
    sys.exit(1)


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def env():
    r = {
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "torch_cuda": torch.version.cuda,
        "cuda_available": torch.cuda.is_available(),
        "torch_lib": os.path.join(os.path.dirname(torch.__file__), "lib"),
    }
    if torch.cuda.is_available():
        r["device_name"] = torch.cuda.get_device_name(0)
        r["device_capability"] = list(torch.cuda.get_device_capability(0))
        r["device_memory_gib"] = round(torch.cuda.get_device_properties(0).total_memory / 2**30, 1)
    try:
        import transformers
        r["transformers"] = transformers.__version__
    except Exception as e:  # noqa: BLE001
        r["transformers"] = None
        r["transformers_error"] = f"{type(e).__name__}: {e}"
    line("env", " ".join(f"{k}={v}" for k, v in r.items()))
    return r


def correlation():
    if not torch.cuda.is_available():
        raise RuntimeError("CUDA is not available")
    dev = torch.device("cuda")
    rows, n = 20000, 9984
    g = torch.Generator(device=dev).manual_seed(4242)
    x = torch.rand(rows, n, device=dev, generator=g) * 2 - 1
    flops = 2.0 * rows * n * n
    r = {"rows": rows, "neurons": n}
    previous = torch.backends.cuda.matmul.allow_tf32
    try:
        for mode in ("fp32", "tf32", "bf16"):
            torch.backends.cuda.matmul.allow_tf32 = mode == "tf32"
            times = []
            for it in range(4):
                sync()
                t = time.perf_counter()
                c = x - x.mean(dim=0, keepdim=True)
                c = c / c.norm(dim=0, keepdim=True)
                if mode == "bf16":
                    c = c.to(torch.bfloat16)
                gram = c.T @ c
                sync()
                if it > 0:
                    times.append(time.perf_counter() - t)
                del c, gram
            med = statistics.median(times)
            r[mode] = {"median_seconds": med, "seconds": times, "tflops": flops / med / 1e12}
            line("correlation", f"PyTorch centre+scale+X^T X {rows}x{n} {mode}: median {med * 1e3:.1f} ms ({flops / med / 1e12:.1f} TFLOP/s)")
    finally:
        torch.backends.cuda.matmul.allow_tf32 = previous
    del x
    torch.cuda.empty_cache()
    return r


def extraction():
    if not torch.cuda.is_available():
        raise RuntimeError("CUDA is not available")
    from transformers import RobertaConfig, RobertaModel  # may be missing: reported by guarded()
    dev = torch.device("cuda")
    batch, length = 32, 256
    config = RobertaConfig(vocab_size=50265, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                           intermediate_size=3072, max_position_embeddings=514, type_vocab_size=1, pad_token_id=1,
                           bos_token_id=0, eos_token_id=2, hidden_act="gelu", layer_norm_eps=1e-5)
    g = torch.Generator().manual_seed(99)
    ids = torch.randint(3, 50265, (batch, length), generator=g)
    ids[:, 0] = 0
    ids[:, -1] = 2
    ids = ids.to(dev)
    mask = torch.ones(batch, length, dtype=torch.long, device=dev)
    r = {"batch": batch, "length": length}
    for name, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16)):
        torch.manual_seed(0)
        model = RobertaModel(config, add_pooling_layer=False).eval().to(dev, dtype)
        r["attn_implementation"] = getattr(model.config, "_attn_implementation", None)
        for variant in ("stacked_on_device", "stacked_and_copied_to_host_float32"):
            times = []
            with torch.inference_mode():
                for it in range(13):
                    sync()
                    t = time.perf_counter()
                    out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
                    h = torch.stack(out.hidden_states)
                    if variant != "stacked_on_device":
                        h = h.float().cpu()
                    sync()
                    if it >= 3:
                        times.append(time.perf_counter() - t)
                    del out, h
            med = statistics.median(times)
            r[f"{name}_{variant}"] = {"median_seconds": med, "seconds": times, "tokens_per_second": batch * length / med}
            line("extraction", f"transformers RoBERTa-base {name} {batch}x{length}, 13 states {variant}: median {med * 1e3:.1f} ms ({batch * length / med / 1e3:.0f}k tokens/s)")
        del model
        torch.cuda.empty_cache()
    return r


guarded("env", env)
guarded("correlation", correlation)
guarded("extraction", extraction)
RESULTS["total_seconds"] = time.perf_counter() - T0
save()
line("main", f"done; errors: {list(RESULTS['errors']) or 'none'}; results in {os.path.join(OUT, 'baseline.json')}")
