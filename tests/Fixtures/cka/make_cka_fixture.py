"""Reference values for CodeNeurons' CKA (tests/CodeNeurons.Core.Tests/Analysis/CkaTests.cs).

Writes cka_fixture.json: small seeded activation matrices (float32-exact values), fixed minibatch row-index
lists, and per case the L x L matrices of
  * biased full-data linear CKA  ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F) after column centring,
  * minibatch CKA with the unbiased HSIC_1 (Song et al. 2012) as in Nguyen et al. 2020:
        mean_b HSIC_1(K_b, L_b) / sqrt(mean_b HSIC_1(K_b, K_b) * mean_b HSIC_1(L_b, L_b)),
  * the same with the biased HSIC_0 = tr(K H L H) / (n - 1)^2.
Run: /usr/bin/python3 make_cka_fixture.py
"""
import json

import numpy as np


def hsic1(K, L):
    n = K.shape[0]
    K = K.copy()
    L = L.copy()
    np.fill_diagonal(K, 0.0)
    np.fill_diagonal(L, 0.0)
    ones = np.ones(n)
    return (np.trace(K @ L) + (ones @ K @ ones) * (ones @ L @ ones) / ((n - 1) * (n - 2))
            - 2.0 / (n - 2) * (ones @ K @ L @ ones)) / (n * (n - 3))


def hsic0(K, L):
    n = K.shape[0]
    H = np.eye(n) - np.ones((n, n)) / n
    return np.trace(K @ H @ L @ H) / (n - 1) ** 2


def minibatch_cka(layers, batches, hsic):
    L = len(layers)
    cross = np.zeros((L, L))
    for b in batches:
        grams = [x[b] @ x[b].T for x in layers]
        for i in range(L):
            for j in range(L):
                cross[i, j] += hsic(grams[i], grams[j])
    cross /= len(batches)
    d = np.sqrt(np.diag(cross))
    return cross / np.outer(d, d)


def linear_cka(x, y):
    x = x - x.mean(0)
    y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))


def make_case(name, seed, rows, layers, dim, batch, nbatches):
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(rows, dim)) * rng.uniform(0.5, 2.0, size=dim) + rng.normal(size=dim) * 3
    mats = []
    for l in range(layers):
        if l > 0:
            w = rng.normal(size=(dim, dim)) / np.sqrt(dim)
            h = np.tanh(h @ w) + 0.3 * l * rng.normal(size=(rows, dim))
        mats.append(h.astype(np.float32).astype(np.float64))
    values = np.concatenate(mats, axis=1)  # row-major [rows, layers * dim], NeuroX order
    batches = [sorted(rng.choice(rows, size=batch, replace=False).tolist()) for _ in range(nbatches)]
    full = np.array([[linear_cka(a, b) for b in mats] for a in mats])
    return {
        "name": name,
        "rows": rows,
        "layers": layers,
        "neurons_per_layer": dim,
        "values": [float(v) for v in values.ravel()],
        "minibatches": batches,
        "linear_cka_biased": full.tolist(),
        "minibatch_cka_unbiased": minibatch_cka(mats, batches, hsic1).tolist(),
        "minibatch_cka_biased": minibatch_cka(mats, batches, hsic0).tolist(),
    }


def main():
    cases = [
        make_case("small", 1, 40, 4, 6, 10, 5),
        make_case("wide", 2, 30, 3, 25, 8, 3),  # D > minibatch size
        make_case("many_batches", 3, 64, 5, 8, 16, 12),
    ]
    with open("cka_fixture.json", "w") as f:
        json.dump({"numpy": np.__version__, "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
