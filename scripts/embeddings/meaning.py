"""Reference implementation of the meaning-based scorer, as the Rust binary is to implement it.

Reads src/taxonomy/meaning/vectors.bin (format in README.md) and model.json; no model, no
tokenizers package: only numpy and the lookup rule documented in README.md.
"""

import json
import os
import re
import struct

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VECTORS = os.path.join(REPO, "src", "taxonomy", "meaning", "vectors.bin")
MODEL = os.path.join(REPO, "src", "taxonomy", "meaning", "model.json")
MAGIC = b"EXPVEC01"
MAX_WORD_CHARS = 100


class Vectors:
    def __init__(self, path=VECTORS):
        data = open(path, "rb").read()
        if data[:8] != MAGIC:
            raise ValueError(f"{path}: not an exposure vector table")
        version, n, d = struct.unpack_from("<III", data, 8)
        off = 20
        tokens = []
        for _ in range(n):
            ln = data[off]
            tokens.append(data[off + 1:off + 1 + ln].decode("utf-8"))
            off += 1 + ln
        scale = np.frombuffer(data, dtype="<f4", count=n, offset=off)
        off += 4 * n
        q = np.frombuffer(data, dtype=np.int8, count=n * d, offset=off).reshape(n, d)
        self.dim = d
        self.tokens = tokens
        self.index = {t: i for i, t in enumerate(tokens)}
        self.matrix = q.astype(np.float32) * scale[:, None]

    @staticmethod
    def words(text):
        """Lowercase, then split on every character that is not an ASCII letter or digit."""
        return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]

    def pieces(self, word):
        """Whole word when it is in the table; else greedy longest-match WordPiece: the longest
        prefix in the table, then the longest `##`-prefixed continuation, and so on; a word that
        cannot be covered entirely (or is longer than 100 characters) gives no pieces."""
        if word in self.index:
            return [self.index[word]]
        if len(word) > MAX_WORD_CHARS:
            return []
        out, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    found = self.index[piece]
                    break
                end -= 1
            if found is None:
                return []
            out.append(found)
            start = end
        return out

    def token_ids(self, text):
        ids = []
        for w in self.words(text):
            ids.extend(self.pieces(w))
        return ids

    def sentence(self, text):
        """Mean of the token rows (weights are baked into the rows), L2-normalised; zeros when
        no token is known."""
        ids = self.token_ids(text)
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        v = self.matrix[ids].mean(0)
        n = np.linalg.norm(v)
        return v / n if n > 0 else v

    def sentences(self, texts):
        return np.stack([self.sentence(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
