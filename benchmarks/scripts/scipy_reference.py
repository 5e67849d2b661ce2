#!/usr/bin/python3
"""SciPy reference partitions for `codeneurons cluster` on a raw activation folder (X.f32 + meta.json).

NeuroX's recipe (create_correlation_clusters): np.corrcoef (float64) -> nan_to_num -> symmetrise ->
1-|r| (or 1-r with --signed) -> scipy linkage -> fcluster(t, criterion="distance") at each threshold.
Writes JSON {"thresholds": [...], "labels": {t: [...]}, "heights": [...], "seconds": {...}}.
With --compare result.json it reports, per threshold, whether CodeNeurons' partition is identical
(same sets; and same fcluster numbering), and the closest merge height to each threshold.
Usage: /usr/bin/python3 scipy_reference.py DIR --out ref.json [--method average] [--signed] [--compare result.json]
       [--planted DIR/planted.json]
(needs python3-numpy and python3-scipy; install libopenblas0-pthread too, or np.corrcoef takes many minutes)
"""
import argparse
import json
import os
import time

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--out", required=True)
    p.add_argument("--method", default="average")
    p.add_argument("--signed", action="store_true")
    p.add_argument("--thresholds", default="0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    p.add_argument("--compare")
    p.add_argument("--planted", help="planted.json of make_synthetic.py: check its groups at threshold 0.5")
    a = p.parse_args()
    thresholds = [float(t) for t in a.thresholds.split(",")]
    meta = json.load(open(os.path.join(a.folder, "meta.json")))
    T, N = meta["tokens"], meta["neurons"]
    seconds = {}
    if os.path.exists(a.out):
        ref = json.load(open(a.out))
    else:
        t0 = time.perf_counter()
        X = np.fromfile(os.path.join(a.folder, "X.f32"), dtype="<f4").reshape(T, N)
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.corrcoef(X.T)
        corr = np.nan_to_num(corr)
        corr = (corr + corr.T) / 2
        np.fill_diagonal(corr, 1)
        seconds["corrcoef"] = time.perf_counter() - t0
        d = (1 - corr) if a.signed else (1 - np.abs(corr))
        del corr
        t0 = time.perf_counter()
        Z = linkage(squareform(d, checks=False), method=a.method)
        seconds["linkage"] = time.perf_counter() - t0
        ref = {"thresholds": thresholds, "heights": Z[:, 2].tolist(), "seconds": seconds,
               "labels": {str(t): fcluster(Z, t, criterion="distance").tolist() for t in thresholds}}
        with open(a.out, "w") as f:
            json.dump(ref, f)
    if a.compare:
        ours = json.load(open(a.compare))
        heights = np.array(ref["heights"])
        for r in ours["results"]:
            t = r["threshold"]
            theirs = np.array(ref["labels"][str(t)])
            mine = np.array(r["labels"])
            same_numbering = bool(np.array_equal(theirs, mine))
            # identical partitions: a bijection between labels
            pairs = set(zip(theirs.tolist(), mine.tolist()))
            same_sets = len(pairs) == len(set(theirs.tolist())) == len(set(mine.tolist()))
            gap = float(np.min(np.abs(heights - t)))
            if a.planted and abs(t - 0.5) < 1e-9:
                planted = json.load(open(a.planted))
                clusters = {}
                for i, l in enumerate(mine.tolist()):
                    clusters.setdefault(l, []).append(i)
                multi = sorted(sorted(v) for v in clusters.values() if len(v) > 1)
                groups = sorted(sorted(g["members"]) for g in planted["groups"])
                print("t=0.50 planted groups recovered exactly: %s (%d groups)" % (multi == groups, len(groups)))
            print("t=%.2f clusters scipy=%d ours=%d identical_partition=%s same_numbering=%s nearest_merge_gap=%.2e"
                  % (t, theirs.max(), r["cluster_count"], same_sets, same_numbering, gap))


if __name__ == "__main__":
    main()
