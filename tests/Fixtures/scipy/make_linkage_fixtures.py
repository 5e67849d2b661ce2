#!/usr/bin/python3
"""Generate linkage_fixtures.json: SciPy linkage + fcluster reference results for CodeNeurons' clustering tests.

Run with Debian's interpreter (python3-scipy):  /usr/bin/python3 make_linkage_fixtures.py
Deterministic (seeded). Floats are written with repr(), so they round-trip exactly.
"""
import json
import os

import numpy as np
import scipy
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

METHODS = ["average", "complete", "single"]
BASE_THRESHOLDS = [round(0.1 * k, 1) for k in range(11)]  # 0.0, 0.1, ..., 1.0


def corr_distance(acts):
    """1 - |Pearson r| between columns, constant columns at distance 1 from everyone (as a guarded implementation)."""
    x = acts - acts.mean(axis=0)
    norm = np.sqrt((x * x).sum(axis=0))
    ok = norm > 0
    xn = np.zeros_like(x)
    xn[:, ok] = x[:, ok] / norm[ok]
    r = xn.T @ xn
    d = 1.0 - np.abs(r)
    d[~ok, :] = 1.0
    d[:, ~ok] = 1.0
    np.fill_diagonal(d, 0.0)
    d = np.clip(d, 0.0, None)
    d = (d + d.T) / 2  # exactly symmetric
    np.fill_diagonal(d, 0.0)
    return squareform(d, checks=False)


def make_cases(rng):
    cases = []

    def add(name, y):
        y = np.asarray(y, dtype=np.float64)
        cases.append((name, y))

    # Random matrices rounded to few decimals: many exact ties.
    for n, dec in [(2, 1), (3, 1), (4, 1), (5, 1), (7, 1), (10, 1), (16, 2), (25, 1), (40, 2), (64, 1), (120, 2), (200, 1)]:
        m = n * (n - 1) // 2
        add(f"rounded_n{n}_d{dec}", np.round(rng.uniform(0, 1, m), dec))

    # Unrounded random (no ties), a wider range.
    add("random_n30", rng.uniform(0, 3, 30 * 29 // 2))

    # Exact duplicates and zeros: points with repeated coordinates.
    pts = rng.integers(0, 3, size=(30, 2)).astype(np.float64)
    add("duplicates_zeros_n30", np.round(squareform(np.abs(pts[:, None, :] - pts[None, :, :]).sum(-1), checks=False) / 4, 6))

    # All distances equal; all zero.
    add("all_equal_n12", np.full(12 * 11 // 2, 0.5))
    add("all_zero_n6", np.zeros(6 * 5 // 2))

    # Near-ties: values on a coarse grid plus perturbations of +-1e-12.
    n = 40
    base = np.round(rng.uniform(0, 1, n * (n - 1) // 2), 1)
    add("near_ties_n40", np.clip(base + rng.choice([-1e-12, 0.0, 1e-12], size=base.shape), 0.0, None))
    n = 20
    base = np.round(rng.uniform(0, 1, n * (n - 1) // 2), 1)
    add("near_ties_n20", base + rng.integers(0, 3, size=base.shape) * 1e-12)

    # 1 - |r| from small random activations with duplicated (also negated, scaled) and constant columns.
    for tokens, neurons, seed_name in [(20, 24, "a"), (50, 60, "b")]:
        acts = np.round(rng.normal(size=(tokens, neurons)), 2)
        acts[:, 3] = acts[:, 1]
        acts[:, 5] = -2.0 * acts[:, 1]
        acts[:, 7] = acts[:, 2] * 0.5 + 1.0
        acts[:, 9] = 0.0
        acts[:, 11] = 3.0
        acts[:, neurons - 1] = acts[:, 0]
        add(f"corr_{seed_name}_n{neurons}", corr_distance(acts))
    return cases


def main():
    rng = np.random.default_rng(20200101)
    out = {"scipy": scipy.__version__, "numpy": np.__version__, "cases": []}
    for name, y in make_cases(rng):
        n = int(round((1 + np.sqrt(1 + 8 * len(y))) / 2))
        assert n * (n - 1) // 2 == len(y)
        case = {"name": name, "n": n, "y": [float(v) for v in y], "methods": {}}
        for method in METHODS:
            z = linkage(y, method)
            heights = sorted(set(float(h) for h in z[:, 2]))
            picks = [heights[0], heights[len(heights) // 3], heights[len(heights) // 2], heights[-1]]
            # Exactly at merge heights, one ulp below one, and above the root.
            below = [float(np.nextafter(heights[len(heights) // 2], 0.0))] if heights[len(heights) // 2] > 0 else []
            thresholds = list(BASE_THRESHOLDS) + sorted(set(picks)) + below + [heights[-1] * 2 + 1]
            cuts = []
            for t in thresholds:
                labels = fcluster(z, t, criterion="distance")
                cuts.append({"t": float(t), "labels": [int(v) for v in labels]})
            case["methods"][method] = {
                "Z": [[int(r[0]), int(r[1]), float(r[2]), int(r[3])] for r in z],
                "cuts": cuts,
            }
        out["cases"].append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "linkage_fixtures.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes,", len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
