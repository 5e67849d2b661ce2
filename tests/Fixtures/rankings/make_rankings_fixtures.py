"""Reference outputs for the rankings tests, following NeuroX's semantics (linear_probe.get_top_neurons,
get_bottom_neurons, get_top_neurons_hard_threshold, get_neuron_ordering(_granular), probeless.py, iou_probe.py,
analysis/corpus.get_top_words). Re-implemented with numpy (no torch / sklearn needed); average precision follows
scikit-learn's average_precision_score definition. Run: python3 make_rankings_fixtures.py > rankings.json
Inputs are random without ties, so NeuroX's arbitrary tie/set orders do not matter; set-valued outputs are sorted."""
import json
from collections import defaultdict
import itertools
import numpy as np

rng = np.random.default_rng(20240607)


def top(w, p, descending=True):
    w = np.abs(w)
    out = []
    for c in range(w.shape[0]):
        total = np.sum(w[c])
        idx = np.argsort(w[c])
        if descending:
            idx = idx[::-1]
        cum = np.cumsum(w[c, idx])
        hit = np.where(cum >= total * p)[0]
        sel = np.arange(cum.shape[0]) if hit.shape[0] == 0 else np.arange(hit[0] + 1)
        out.append([int(i) for i in idx[sel]])
    return out


def hard(w, fraction):
    w = np.abs(w)
    return [[int(i) for i in np.where(w[c] > np.max(w[c]) / fraction)[0]] for c in range(w.shape[0])]


def ordering(w, stride):
    steps = [sorted(set(i for cls in top(w, p / stride) for i in cls)) for p in range(stride + 1)]
    seen, chunks, cutoffs, n = set(), [], [], 0
    for s in steps:
        new = sorted(set(s) - seen)
        seen |= set(new)
        chunks.append(new)
        n += len(new)
        cutoffs.append(n)
    return chunks, cutoffs, steps


def granular(w, granularity, stride):
    _, _, steps = ordering(w, stride)
    sliding, seen, cutoffs, n = 0, set(), [], 0
    for i in range(0, w.shape[1] + 1, granularity):
        while len(steps[sliding]) < i:
            sliding += 1
        new = set(steps[sliding]) - seen
        if new:
            seen |= new
            n += len(new)
            cutoffs.append(n)
    return cutoffs


def means(x, y):
    return {int(c): x[y == c].mean(axis=0) for c in sorted(set(y.tolist()))}


def probeless_overall(x, y):
    m = list(means(x, y).values())
    s = np.zeros(x.shape[1])
    for a, b in itertools.combinations(m, 2):
        s += np.abs(a - b)
    return s


def probeless_tag(x, y, tag):
    m = means(x, y)
    s = np.zeros(x.shape[1])
    for c, v in m.items():
        if c != tag:
            s += np.abs(m[tag] - v)
    return s


def average_precision(y, score):
    order = np.argsort(-score, kind="mergesort")
    score, y = score[order], y[order]
    distinct = np.where(np.diff(score))[0]
    ends = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y)[ends]
    fps = (1 + ends) - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    prev = np.r_[0, recall[:-1]]
    return float(np.sum((recall - prev) * precision))


def top_words(tokens, acts, num_tokens=0, min_threshold=None):
    if min_threshold is None:
        min_threshold = 0.1
    z = np.abs((acts - acts.mean()) / acts.std())
    agg = defaultdict(lambda: (0.0, 0))
    for t, v in zip(tokens, z):
        s, c = agg[t]
        agg[t] = (s + v, c + 1)
    scores = [(k, v[0] / v[1]) for k, v in agg.items()]
    mx = max(s for _, s in scores)
    scores = sorted([(k, v / mx) for k, v in scores], key=lambda t: -t[1])
    scores = [(k, float(v)) for k, v in scores if v > min_threshold]
    return scores[:num_tokens] if num_tokens > 0 else scores


def desc(s):
    return [int(i) for i in np.argsort(-s, kind="mergesort")]


W = rng.normal(size=(4, 30)) * rng.uniform(0.1, 3, size=30)
percentages = [0.05, 0.3, 0.5, 0.9, 1.0]
weights = {
    "weights": W.tolist(),
    "top": {str(p): top(W, p) for p in percentages},
    "bottom": {str(p): top(W, p, descending=False) for p in percentages},
    "hard": {str(f): hard(W, f) for f in [1.5, 2.0, 4.0]},
    "ordering": {str(s): dict(zip(["chunks", "cutoffs"], ordering(W, s)[:2])) for s in [10, 100]},
    "granular_7_20": granular(W, 7, 20),
}

X = rng.normal(size=(60, 12)).astype(np.float32) + np.arange(12, dtype=np.float32) * 0.01
y = rng.integers(0, 4, size=60)
X64 = X.astype(np.float64)
probeless = {
    "x": X.astype(np.float64).tolist(), "y": y.tolist(),
    "overall": desc(probeless_overall(X64, y)), "overall_scores": probeless_overall(X64, y).tolist(),
    "per_tag": {str(t): desc(probeless_tag(X64, y, t)) for t in range(4)},
}
yb = (y == 2).astype(int)
Xt = X64.copy()
Xt[np.abs(Xt) < 0.5] = 0
ap = np.array([average_precision(yb, Xt[:, i]) for i in range(12)])
iou = {"positive": 2, "threshold": 0.5, "scores": ap.tolist(), "ranking": desc(ap)}

vocab = ["0", "1", "x", "y", "\"s\"", "(", ")", "for"]
tokens = [vocab[i] for i in rng.integers(0, len(vocab), size=60)]
col = X64[:, 3]
words = {
    "tokens": tokens, "neuron": 3,
    "default": top_words(tokens, col),
    "threshold_0.5": top_words(tokens, col, min_threshold=0.5),
    "count_3": top_words(tokens, col, num_tokens=3),
}
print(json.dumps({"weights": weights, "probeless": probeless, "iou": iou, "top_words": words}, indent=1))
