#!/usr/bin/env python3
"""Train the learned component of meaning-based scoring on the DEV half only; write model.json.

The learned component is a ridge regression from a task's static sentence vector (meaning.py,
vectors.bin) to its occupation's standing on the two routine measures of the dev half:
  y = 0.7 z(rc) + 0.3 z(F&O)   (rc: routine-cognitive index; F&O as normal scores of its ranks;
                                 one of the two when the other is missing)
every task of the occupation carrying the occupation's y, weighted by its hours (Core 2, else 1,
as exposure weighs them). Only weights are shipped (256 floats + 3), no task text or vector.

  python3 scripts/embeddings/train.py --bin /tmp/exposure-base --validation ../shared/data/validation
"""

import argparse
import json
import os
import sys

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402
from scipy.stats import norm  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import evaluate as E  # noqa: E402
import meaning as M  # noqa: E402
import scorer as S  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
MODEL = os.path.join(REPO, "src", "taxonomy", "meaning", "model.json")

# Chosen by 5-fold CV by 6-digit SOC inside the dev half (evaluate.py; README.md has the figures).
DEFAULTS = {
    "nearest": {"lo": 0.55, "hi": 0.75, "e_max": 0.6, "margin": 0.05},
    "learned": {"lambda": 10.0, "w_rc": 0.7, "slope": 2.0, "mode": "base", "blend": 0.5,
                "blend_unclassified": 0.5, "confidence": 0.3, "classify_at": 0.5},
}


def occupation_target(dev, w_rc):
    rc = np.array([dev.rc.get(c, np.nan) for c in dev.code])
    codes = sorted(dev.fo)
    r = E.ranks([dev.fo[c] for c in codes])
    foz = dict(zip(codes, norm.ppf((r - 0.5) / len(r))))
    fo = np.array([foz.get(c, np.nan) for c in dev.code])
    return np.where(np.isnan(rc), fo, np.where(np.isnan(fo), rc, w_rc * rc + (1 - w_rc) * fo))


def fit(dev, X, idx, params):
    """Fits on the tasks idx; returns the `learned` block of model.json."""
    p = params["learned"]
    y = occupation_target(dev, p["w_rc"])
    ok = idx[~np.isnan(y[idx])]
    w, b = S.ridge_fit(X[ok], y[ok], p["lambda"], dev.hours[ok])
    pred = X[ok] @ w + b
    return {**p, "weights": [float(v) for v in w], "bias": b, "mean": float(pred.mean()), "sd": float(pred.std()),
            "trained_on": {"tasks": int(len(ok)), "occupations": int(len(set(dev.code[ok])))}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="exposure binary (for the task list of the dev half)")
    ap.add_argument("--validation", required=True, help="the dev half (shared/data/validation)")
    ap.add_argument("--vectors", default=M.VECTORS)
    ap.add_argument("-o", "--out", default=MODEL)
    args = ap.parse_args()
    dev = E.Dev(args.validation, args.bin)
    V = M.Vectors(args.vectors)
    X = V.sentences(dev.text).astype(np.float64)
    model = {"format": 1, "vectors_sha256": E.sha256(args.vectors), **DEFAULTS}
    model["learned"] = fit(dev, X, np.arange(len(dev.text)), DEFAULTS)
    with open(args.out, "w") as f:
        json.dump(model, f, indent=1)
        f.write("\n")
    print(f"{args.out}: trained on {model['learned']['trained_on']}")


if __name__ == "__main__":
    main()
