#!/usr/bin/env python3
"""Write small NeuroX activation fixtures with h5py/json, exactly as NeuroX 1.0.x writes them.

Run with Debian's python (h5py + numpy):  /usr/bin/python3 make_fixtures.py
(from this folder; it writes next to itself). The writer logic below mirrors
neurox/data/writer.py (HDF5ActivationsWriter, JSONActivationsWriter): it is re-stated
here, not imported, so that NeuroX/torch are not needed.
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
L, D = 3, 4
SENTENCES = [
    "def foo ( x ) :".split(" "),
    "return x + 1".split(" "),
    "def foo ( x ) :".split(" "),   # duplicate -> "(Occurrence 2)"
    ["x"],
    "def foo ( x ) :".split(" "),   # third time -> "(Occurrence 3)"
]


def activations(seed):
    rng = np.random.default_rng(seed)
    out = []
    for words in SENTENCES:
        a = rng.standard_normal((L, len(words), D)).astype(np.float32)
        a *= np.float32(3.0)
        out.append(a)
    # a few awkward values
    out[0][0, 0, 0] = np.float32(1e-45)      # smallest subnormal
    out[0][1, 0, 1] = np.float32(-0.0)
    out[1][2, 3, 3] = np.float32(3.0e38)
    out[3][2, 0, 2] = np.float32(0.1)
    return out


def write_hdf5(path, sentences, acts, dtype):
    """NeuroX HDF5ActivationsWriter: dataset str(idx) of shape [L, T, D] + sentence_to_index."""
    with h5py.File(path, "w") as f:
        s2i = {}
        for idx, (words, a) in enumerate(zip(sentences, acts)):
            f.create_dataset(str(idx), a.shape, dtype=dtype, data=a)
            sentence = " ".join(words)
            final = sentence
            counter = 1
            while final in s2i:
                counter += 1
                final = f"{sentence} (Occurrence {counter})"
            s2i[final] = str(idx)
        ds = f.create_dataset("sentence_to_index", (1,), dtype=h5py.special_dtype(vlen=str))
        ds[0] = json.dumps(s2i)


def write_json(path, sentences, acts):
    """NeuroX JSONActivationsWriter: one json.dumps line per sentence, values round(x, 8)."""
    with open(path, "w", encoding="utf-8") as fp:
        for idx, (words, a) in enumerate(zip(sentences, acts)):
            feats = []
            for w, word in enumerate(words):
                layers = [{"index": l, "values": [round(x.item(), 8) for x in a[l, w, :]]}
                          for l in range(a.shape[0])]
                feats.append({"token": word, "layers": layers})
            fp.write(json.dumps({"linex_index": idx, "features": feats}) + "\n")


def rows(acts, cast):
    """[T, L*D] rows per NeuroX loader (swap layer/token axes, concatenate layers)."""
    out = []
    for a in acts:
        r = np.swapaxes(a, 0, 1).reshape(a.shape[1], -1)
        out.extend([[float(cast(v)) for v in row] for row in r])
    return out


def main():
    acts = activations(7)
    tokens = [w for s in SENTENCES for w in s]
    sent = [i for i, s in enumerate(SENTENCES) for _ in s]
    expected = {}

    write_hdf5(os.path.join(HERE, "f32.hdf5"), SENTENCES, acts, "float32")
    expected["f32.hdf5"] = {"layers": L, "neurons_per_layer": D, "tokens": tokens,
                            "sentence_indices": sent, "rows": rows(acts, np.float32)}

    acts16 = [a.astype(np.float16) for a in acts]
    acts16[1][2, 3, 3] = np.float16(60000.0)   # 3e38 does not fit float16
    write_hdf5(os.path.join(HERE, "f16.hdf5"), SENTENCES, acts16, "float16")
    expected["f16.hdf5"] = {"layers": L, "neurons_per_layer": D, "tokens": tokens,
                            "sentence_indices": sent, "rows": rows(acts16, np.float32)}

    write_json(os.path.join(HERE, "acts.json"), SENTENCES, acts)
    expected["acts.json"] = {"layers": L, "neurons_per_layer": D, "tokens": tokens,
                             "sentence_indices": sent,
                             "rows": rows(acts, lambda v: np.float32(round(v.item(), 8)))}

    # A token containing a space: the sentence text no longer splits into T tokens.
    odd = [["a b", "c"], ["d"]]
    odd_acts = [np.arange(L * len(s) * D, dtype=np.float32).reshape(L, len(s), D) for s in odd]
    write_hdf5(os.path.join(HERE, "space_token.hdf5"), odd, odd_acts, "float32")
    expected["space_token.hdf5"] = {"layers": L, "neurons_per_layer": D, "tokens": None,
                                    "sentence_indices": [0, 0, 1], "rows": rows(odd_acts, np.float32)}

    # ---- bad inputs -------------------------------------------------------
    nan_acts = [a.copy() for a in acts[:2]]
    nan_acts[1][2, 1, 3] = np.nan            # dataset "1", [2, 1, 3] -> row 6 + 1 = 7, neuron 2*4+3 = 11
    write_hdf5(os.path.join(HERE, "bad_nan.hdf5"), SENTENCES[:2], nan_acts, "float32")

    inf_acts = [a.copy() for a in acts[:2]]
    inf_acts[0][0, 2, 1] = np.inf
    write_json(os.path.join(HERE, "bad_inf.json"), SENTENCES[:2], inf_acts)   # json.dumps writes Infinity
    nan_json = [a.copy() for a in acts[:2]]
    nan_json[1][1, 0, 2] = np.nan           # line 2, token 0 -> row 6, neuron 1*4+2 = 6
    write_json(os.path.join(HERE, "bad_nan.json"), SENTENCES[:2], nan_json)

    with h5py.File(os.path.join(HERE, "bad_rank.hdf5"), "w") as f:
        f.create_dataset("0", data=np.zeros((2, 4), np.float32))
        ds = f.create_dataset("sentence_to_index", (1,), dtype=h5py.special_dtype(vlen=str))
        ds[0] = json.dumps({"a b": "0"})

    with h5py.File(os.path.join(HERE, "bad_shape.hdf5"), "w") as f:
        f.create_dataset("0", data=np.zeros((3, 2, 4), np.float32))
        f.create_dataset("1", data=np.zeros((3, 1, 5), np.float32))
        ds = f.create_dataset("sentence_to_index", (1,), dtype=h5py.special_dtype(vlen=str))
        ds[0] = json.dumps({"a b": "0", "c": "1"})

    with h5py.File(os.path.join(HERE, "bad_empty.hdf5"), "w") as f:
        ds = f.create_dataset("sentence_to_index", (1,), dtype=h5py.special_dtype(vlen=str))
        ds[0] = json.dumps({})

    with open(os.path.join(HERE, "expected.json"), "w") as fp:
        json.dump(expected, fp)
    print("wrote fixtures to", HERE)


if __name__ == "__main__":
    main()
