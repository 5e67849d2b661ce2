#!/usr/bin/env python3
"""Read an activation file the way NeuroX does (h5py / json) and print what it sees as JSON.

Usage: /usr/bin/python3 check_neurox.py FILE.hdf5|FILE.json
Output: {"format", "datasets": {name: {"shape", "dtype"}}, "sentence_to_index": {...},
         "num_layers", "sentences": [[[row values]...]...]}  (float values as Python floats, exact).
The loading logic restates neurox.data.loader.load_activations (without torch).
"""
import json
import sys

import numpy as np


def load_hdf5(path):
    import h5py
    out = {"format": "hdf5", "datasets": {}}
    with h5py.File(path, "r") as f:
        for name in f.keys():
            ds = f[name]
            out["datasets"][name] = {"shape": list(ds.shape), "dtype": str(ds.dtype)}
        raw = f.get("sentence_to_index")[0]
        s2i = json.loads(raw)
        out["sentence_to_index_raw"] = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        out["sentence_to_index"] = s2i
        sentences = []
        for _, value in s2i.items():
            a = np.asarray(f[value])
            L, T, D = a.shape
            r = np.swapaxes(a, 0, 1).reshape(T, L * D).astype(np.float32)
            sentences.append(r)
        out["num_layers"] = int(sentences[0].shape[1] / D)
        out["neurons_per_layer"] = int(D)
    out["sentences"] = [[[float(v) for v in row] for row in s] for s in sentences]
    return out


def load_json(path):
    out = {"format": "json", "sentences": [], "tokens": [], "linex_index": []}
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            obj = json.loads(line)
            out["linex_index"].append(obj["linex_index"])
            acts, toks = [], []
            for act in obj["features"]:
                D = len(act["layers"][0]["values"])
                acts.append(np.concatenate([l["values"] for l in act["layers"]]))
                toks.append(act["token"])
            s = np.vstack(acts).astype("float32")
            out["sentences"].append([[float(v) for v in row] for row in s])
            out["tokens"].append(toks)
    out["num_layers"] = int(len(out["sentences"][0][0]) / D)
    out["neurons_per_layer"] = D
    return out


def main():
    path = sys.argv[1]
    result = load_hdf5(path) if path.endswith((".hdf5", ".h5")) else load_json(path)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
