#!/usr/bin/env python3
"""Writes the tokens Python's tokenize yields for CodeNeurons' Python-lexer fixtures (written for this project; MIT).

Usage (run with Python 3.11, the interpreter the expected files were made with):
    python3 make_expected.py                 # every *.py next to this script -> <name>.tokens.json
    python3 make_expected.py --stdout F...   # one JSON object {path: {"tokens": [...], "error": str|null,
                                             "encoding": str|null}} on stdout

Each token is [type name (tokenize.tok_name), string, [start line, start col], [end line, end col]]; the ENCODING
token is left out. Files are read as bytes, as tokenize.tokenize does (lines end at b"\\n").
"""
import json
import os
import sys
import tokenize


def tokens_of(path):
    out, error = [], None
    with open(path, "rb") as f:
        try:
            encoding = tokenize.detect_encoding(f.readline)[0]
        except SyntaxError as e:
            encoding = None
        f.seek(0)
        try:
            for tok in tokenize.tokenize(f.readline):
                if tok.type == tokenize.ENCODING:
                    continue
                out.append([tokenize.tok_name[tok.type], tok.string, list(tok.start), list(tok.end)])
        except (tokenize.TokenError, IndentationError, SyntaxError, UnicodeDecodeError) as e:
            error = f"{type(e).__name__}: {e}"
    return out, error, encoding


def main(argv):
    if argv and argv[0] == "--stdout":
        result = {}
        for path in argv[1:]:
            toks, error, encoding = tokens_of(path)
            result[path] = {"tokens": toks, "error": error, "encoding": encoding}
        json.dump(result, sys.stdout, ensure_ascii=True)
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(here)):
        if not name.endswith(".py") or name == os.path.basename(__file__):
            continue
        toks, error, _ = tokens_of(os.path.join(here, name))
        if error:
            print(f"{name}: {error}", file=sys.stderr)
            return 1
        with open(os.path.join(here, name[:-3] + ".tokens.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write("[\n" + ",\n".join(json.dumps(t, ensure_ascii=True) for t in toks) + "\n]\n")
        print(f"{name}: {len(toks)} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
