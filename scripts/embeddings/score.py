#!/usr/bin/env python3
"""Reference scorer: per-task scores of the recommended method for a list of texts, to check the
Rust port against.

  python3 scripts/embeddings/score.py --bin /tmp/exposure-base "Answer FAQ emails" "Comfort patients"
  python3 scripts/embeddings/score.py --bin /tmp/exposure-base --file texts.txt   # one text a line

Lexicon evidence per text comes from the binary (`analyze` on a temporary inventory, one role,
each text a task of 1 hour; --taxonomy passed through); without --bin there is none. Prints one
JSON object per text: the tokens looked up, the learned score, the nearest prototype per trait
that gave evidence, and the final automatability, class and range.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import meaning as M  # noqa: E402
import scorer as S  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))


def lexicon_evidence(binary, texts, taxonomy=None):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
        w = csv.writer(f)
        w.writerow(["role", "task", "hours_per_week"])
        for t in texts:
            w.writerow(["Check", t, 1])
        path = f.name
    try:
        cmd = [binary, "analyze", path, "--by", "task", "--format", "json", "--quiet"]
        if taxonomy:
            cmd += ["--taxonomy", taxonomy]
        d = json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)
    finally:
        os.unlink(path)
    by = {t["task"]: {x["id"]: x["evidence"] for x in t["traits"] if x.get("from", "lexicon") == "lexicon"}
          for t in d["tasks"]}
    return [by.get(t, {}) for t in texts]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("texts", nargs="*")
    ap.add_argument("--file", help="texts, one a line")
    ap.add_argument("--bin", help="exposure binary for the lexicon evidence")
    ap.add_argument("--taxonomy", default=os.path.join(REPO, "src", "taxonomy", "default.toml"))
    ap.add_argument("--vectors", default=M.VECTORS)
    ap.add_argument("--model", default=M.MODEL)
    ap.add_argument("--anchors", default=os.path.join(REPO, "src", "taxonomy", "meaning", "anchors.toml"))
    args = ap.parse_args()
    texts = list(args.texts)
    if args.file:
        texts += [l.rstrip("\n") for l in open(args.file, encoding="utf-8") if l.strip()]
    V = M.Vectors(args.vectors)
    tax = S.Taxonomy(args.taxonomy)
    model = json.load(open(args.model))
    sc = S.Scorer(tax, V, model, args.anchors)
    lex = lexicon_evidence(args.bin, texts) if args.bin else [{} for _ in texts]
    for t, ev in zip(texts, lex):
        r = sc.score(t, ev)
        pieces = [V.tokens[i] for i in V.token_ids(t)]
        x = V.sentence(t)
        print(json.dumps({
            "text": t,
            "tokens": pieces,
            "vector_head": [round(float(v), 6) for v in x[:4]],
            "lexicon_evidence": ev,
            "nearest": {k: {"phrase": n, "similarity": round(s, 4)} for k, (n, s) in r["nearest"].items()},
            "learned_score": round(r.get("learned_s", float("nan")), 6) if "learned_s" in r else None,
            "learned_a": round(r["learned_a"], 6) if "learned_a" in r else None,
            "R": round(r["R"], 6), "B": round(r["B"], 6), "A": round(r["A"], 6),
            "automatability": round(float(r["a"]), 6),
            "low": round(float(r["low"]), 6), "high": round(float(r["high"]), 6),
            "class": r["cls"], "classified": r["classified"],
        }))


if __name__ == "__main__":
    main()
