#!/usr/bin/python3
"""End-to-end reference for CodeNeurons' correlation clustering: NeuroX's own recipe
(np.corrcoef -> nan_to_num -> symmetrise -> 1-|r| or 1-r -> scipy linkage -> fcluster 'distance')
on small float32 activations with duplicated, anti-correlated, constant and correlated-group columns.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy). Writes clustering_reference.json.
Every merge height is kept at least 1e-6 away from every threshold, so float32-vs-float64 rounding of the
correlations cannot move a neuron across a threshold (the script retries seeds until that holds).
"""
import json
import numpy as np
import scipy
from scipy.cluster.hierarchy import linkage, fcluster
from scipy.spatial.distance import squareform

THRESHOLDS = [round(0.1 * k, 1) for k in range(1, 11)] + [1.5]


def make(seed, T=240, N=36):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((T, N))
    # groups sharing a signal with different noise (some anti-correlated)
    for members, sigma in (([1, 5, 9], 0.3), ([2, 3], 0.6), ([10, 11, 12, 13], 1.0), ([20, 21, 22], 0.15)):
        z = rng.standard_normal(T)
        for m in members:
            X[:, m] = rng.choice([-1.0, 1.0]) * z + sigma * rng.standard_normal(T)
    X[:, 30] = X[:, 31] * 2.0 + 1.0     # exact duplicate up to affine map (distance 0 tie)
    X[:, 32] = -X[:, 31]                # exact anti-duplicate
    X[:, 33] = 7.0                      # constant neuron: NaN correlation -> 0 -> distance 1
    X[:, 34] = -1.5                     # second constant neuron
    X += rng.normal(0, 2, size=N)       # per-neuron offsets
    X = X.astype(np.float32)
    X[:, 33] = np.float32(7.0)
    X[:, 34] = np.float32(-1.5)
    return X


def neurox_labels(X, method, signed, t):
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(X.T.astype(np.float64))
    corr = np.nan_to_num(corr)
    corr = (corr + corr.T) / 2
    np.fill_diagonal(corr, 1)
    dissimilarity = (1 - corr) if signed else (1 - np.abs(corr))
    Z = linkage(squareform(dissimilarity, checks=False), method=method)
    return Z, {str(th): fcluster(Z, th, criterion="distance").tolist() for th in t}


def main():
    for seed in range(100, 200):
        X = make(seed)
        cases = []
        ok = True
        for method in ("average", "complete", "single"):
            for signed in (False, True):
                Z, labels = neurox_labels(X, method, signed, THRESHOLDS)
                heights = Z[:, 2]
                # heights exactly 1 (constant neurons: r = 0 exactly, here and in CodeNeurons) are exact ties by design
                gap = min([abs(h - th) for h in heights if h != 1.0 for th in THRESHOLDS] + [1.0])
                if gap < 1e-6:
                    ok = False
                cases.append({"method": method, "signed": signed, "labels": labels,
                              "heights": heights.tolist()})
        if ok:
            break
    else:
        raise SystemExit("no seed kept merge heights away from the thresholds")
    out = {"generator": "make_clustering_fixture.py", "seed": seed, "scipy": scipy.__version__,
           "numpy": np.__version__, "rows": int(X.shape[0]), "neurons": int(X.shape[1]),
           "thresholds": THRESHOLDS,
           "X": [[float(v) for v in row] for row in X], "cases": cases}
    with open("clustering_reference.json", "w") as f:
        json.dump(out, f)
    print("seed", seed, "written")


if __name__ == "__main__":
    main()
