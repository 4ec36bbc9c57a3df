"""The scoring formula with lexicon evidence plus meaning-based evidence (reference for Rust).

Per task, evidence per trait e in [0, 1]; with trait weights w:
  R = 1 - prod(1 - w e) over routine traits, B likewise over complex, A over augment;
  a = (0.5 + 0.5 R) (1 - B) (1 - damping A).
Meaning-based evidence joins as extra evidence items:
  * prototype similarity (optional): cosine of the task vector with each lexicon phrase of a trait;
  * the learned component: s = x . w + b (ridge regression on the task vector, trained on the dev
    half only); s > 0 is routine evidence min(cap, gain s) with weight 1, s < 0 bottleneck evidence
    min(cap, gain |s|) with weight 1 (two pseudo-traits, `meaning_routine` / `meaning_complex`).
"""

import tomllib

import numpy as np

DEFAULT_TAXONOMY = None


class Taxonomy:
    def __init__(self, path):
        t = tomllib.load(open(path, "rb"))
        self.scoring = t["scoring"]
        self.traits = t["traits"]
        self.kind = {x["id"]: x["kind"] for x in self.traits}
        self.weight = {x["id"]: x["weight"] for x in self.traits}


def combine(tax, evidence, extra=()):
    """evidence: {trait_id: e} from the lexicon; extra: [(kind, weight, e)].
    Returns dict(a, R, B, A, c, classified, cls)."""
    prod = {"routine": 1.0, "complex": 1.0, "augment": 1.0}
    c = 0.0
    for tid, e in evidence.items():
        prod[tax.kind[tid]] *= 1 - tax.weight[tid] * e
        c = max(c, e)
    for kind, w, e in extra:
        if e > 0:
            prod[kind] *= 1 - w * e
            c = max(c, e)
    R, B, A = 1 - prod["routine"], 1 - prod["complex"], 1 - prod["augment"]
    classified = c > 0
    s = tax.scoring
    if not classified:
        a = 0.5
    else:
        a = (0.5 + 0.5 * R) * (1 - B) * (1 - s["augment_damping"] * A)
    if not classified:
        cls = "augment"
    elif B >= s["strong_bottleneck"]:
        cls = "retain"
    elif A > 0 and A >= R and A >= B:
        cls = "augment"
    elif a >= s["automate_at"]:
        cls = "automate"
    elif a <= s["retain_at"]:
        cls = "retain"
    else:
        cls = "augment"
    return {"a": a, "R": R, "B": B, "A": A, "c": c, "classified": classified, "cls": cls,
            "low": a * c, "high": a + (1 - a) * (1 - c)}


def learned_extra(s, gain, cap, floor=0.0):
    """The learned score s as one evidence item: routine when s > 0, complex when s < 0.
    |s| below `floor` gives no evidence."""
    m = abs(s)
    if m <= floor:
        return []
    e = min(cap, gain * (m - floor))
    return [("routine" if s > 0 else "complex", 1.0, e)]


def ridge_fit(X, y, lam, sample_weight=None):
    """Ridge regression with an unpenalised intercept. Returns (w, b)."""
    sw = np.ones(len(y)) if sample_weight is None else sample_weight
    xm = (X * sw[:, None]).sum(0) / sw.sum()
    ym = (y * sw).sum() / sw.sum()
    Xc, yc = X - xm, y - ym
    Xw = Xc * sw[:, None]
    w = np.linalg.solve(Xc.T @ Xw + lam * np.eye(X.shape[1]), Xw.T @ yc)
    return w, float(ym - xm @ w)


# ----------------------------------------------------------------------------- meaning evidence
def load_prototypes(tax, vectors, anchors_path=None):
    """Per trait: its lexicon phrases (`phrases` + `weak`) and meaning anchors, with their
    normalised sentence vectors. Phrases with no known token are left out."""
    anchors = {}
    if anchors_path:
        anchors = tomllib.load(open(anchors_path, "rb")).get("anchors", {})
    protos = []
    for t in tax.traits:
        for p in list(t.get("phrases", [])) + list(t.get("weak", [])) + list(anchors.get(t["id"], [])):
            v = vectors.sentence(p)
            if np.any(v):
                protos.append((t["id"], p, v))
    ids = [p[0] for p in protos]
    names = [p[1] for p in protos]
    mat = np.stack([p[2] for p in protos])
    return ids, names, mat


def nearest_evidence(tax, sims, ids, names, lo, hi, e_max, skip=(), margin=None):
    """sims: cosine of the text with every prototype. Per trait not in `skip`, the nearest
    prototype; evidence e_max * clip((sim - lo) / (hi - lo), 0, 1). Returns {trait: (e, phrase, sim)}."""
    best = {}
    for tid, name, s in zip(ids, names, sims):
        if tid in skip:
            continue
        if tid not in best or s > best[tid][1]:
            best[tid] = (name, float(s))
    out = {}
    top = max((s for _, s in best.values()), default=0.0)
    for tid, (name, s) in best.items():
        if margin is not None and s < top - margin:
            continue
        e = e_max * min(1.0, max(0.0, (s - lo) / (hi - lo)))
        if e > 0:
            out[tid] = (e, name, s)
    return out


# ----------------------------------------------------------------------------- the full scorer
class Scorer:
    """Lexicon evidence (given, from the binary) + nearest-prototype meaning evidence + the
    learned component, as model.json describes them."""

    def __init__(self, tax, vectors, model, anchors_path=None):
        self.tax, self.v, self.m = tax, vectors, model
        self.ids, self.names, self.pm = load_prototypes(tax, vectors, anchors_path)
        lw = model.get("learned")
        self.w = np.array(lw["weights"]) if lw else None

    def learned_score(self, x):
        lw = self.m["learned"]
        return float((x @ self.w + lw["bias"] - lw["mean"]) / lw["sd"])

    def score(self, text, lex_evidence):
        m = self.m
        x = self.v.sentence(text)
        known = bool(np.any(x))
        ev = dict(lex_evidence)
        near = {}
        if known and m.get("nearest"):
            nc = m["nearest"]
            near = nearest_evidence(self.tax, self.pm @ x, self.ids, self.names, nc["lo"], nc["hi"], nc["e_max"],
                                    margin=nc.get("margin"))
            for tid, (e, _, _) in near.items():
                if e > ev.get(tid, 0.0):
                    ev[tid] = e
        r = combine(self.tax, ev)
        out = {"a_lexicon_meaning": r["a"], "B": r["B"], "R": r["R"], "A": r["A"], "c": r["c"],
               "classified": r["classified"], "nearest": {t: (n, s) for t, (e, n, s) in near.items()}}
        a = r["a"]
        lw = m.get("learned")
        s = self.learned_score(x) if (known and lw) else 0.0
        # the learned part scores every text with a known word, but counts as evidence of its own
        # (classifies a text nothing else recognises) only when |s| >= classify_at
        if known and lw and (r["classified"] or abs(s) >= lw.get("classify_at", 0.0)):
            if lw.get("link", "sigmoid") == "linear":
                a_m = min(1.0, max(0.0, 0.5 + lw["slope"] * s))
            else:
                a_m = 1.0 / (1.0 + np.exp(-lw["slope"] * s))
            lam = lw["blend"] if r["classified"] else lw.get("blend_unclassified", lw["blend"])
            if lw.get("mode", "base") == "base":
                # the learned score moves the routine base 0.5 + 0.5 R; bottlenecks still multiply
                base = (1 - lam) * (0.5 + 0.5 * r["R"]) + lam * a_m
                a = base * (1 - r["B"]) * (1 - self.tax.scoring["augment_damping"] * r["A"])
            else:
                a = (1 - lam) * a + lam * a_m
            out.update(learned_s=s, learned_a=a_m, blend=lam)
            out["classified"] = True
            # the honest range: the learned part is weak evidence (confidence `confidence`), mixed
            # into the confidence in the blend's proportion, so the range widens
            c = (1 - lam) * r["c"] + lam * lw["confidence"] if r["classified"] else lw["confidence"]
        else:
            c = r["c"]
        sc = self.tax.scoring
        if not out["classified"]:
            cls, a = "augment", 0.5
        elif r["B"] >= sc["strong_bottleneck"]:
            cls = "retain"
        elif r["A"] > 0 and r["A"] >= r["R"] and r["A"] >= r["B"]:
            cls = "augment"
        elif r["classified"] and r["a"] <= sc["retain_at"]:
            # what the evidence alone keeps with people, the learned part does not take away
            cls = "retain"
        elif a >= sc["automate_at"]:
            cls = "automate"
        elif a <= sc["retain_at"]:
            cls = "retain"
        else:
            cls = "augment"
        out.update(a=a, cls=cls, low=a * c, high=a + (1 - a) * (1 - c), c=c)
        return out
