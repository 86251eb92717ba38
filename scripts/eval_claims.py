#!/usr/bin/env python3
"""Score check-worthiness through the real `saywho extract` (stdlib only).

The claims trainers (examples/train_claims*.rs) report dev figures on sentences fed to the
model one by one. This script feeds the same dev splits through the pipeline the way users
feed text, and scores the `checkworthiness` that `extract` writes on each sentence:

  claimbuster  ClaimBuster dev (the trainers' seeded fifth), one record per sentence, in
               several framings of the same words:
                 plain      the sentence as it is
                 quoted     a news-style direct quote: `"<sentence>," Smith said.`
                 quoted-pre the attribution first: `Smith said: "<sentence>"`
                 according  reported: `According to Smith, <sentence>`
               A record's score is its highest sentence score; AP and F1 (best, and at the
               threshold given) over the 1,548 sentences (440 check-worthy).
  clef         the 5 CLEF 2019 dev transcripts, each one record with one line per paragraph
               (as the held-out test feeds them); a line's score is the highest score of the
               sentences inside it; MAP over transcripts (AP of the lines, ranked per
               transcript).

Usage:
  python3 scripts/eval_claims.py [--saywho BIN] [--claims-head] [--threshold T]
                                 [--variants plain,quoted,...] [--no-clef] [--keep DIR]
The data are read from ../shared/data/claims (never copied into the repo).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPLIT_SEED = 20261126          # examples/common/claims_data.rs
CLEF_DEV = ["20160209_msnbc_dem", "20161005_vice_pres", "20170928_trump_tax",
            "20180916_trump_miami", "20181112_trump_pelosi"]
NAMES = ["Smith", "Ms. Jones", "the senator", "Mr. Brown", "the governor"]
M64 = (1 << 64) - 1


class Rng:
    """splitmix64, as examples/common/claims_data.rs (the same dev split)."""

    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def shuffle(self, v):
        for i in range(len(v) - 1, 0, -1):
            j = self.next() % (i + 1)
            v[i], v[j] = v[j], v[i]


def frame(text, variant, k):
    name = NAMES[k % len(NAMES)]
    t = text.strip()
    if variant == "plain":
        return t
    if variant == "quoted":
        body, comma = (t[:-1], ",") if t.endswith(".") else (t, "")
        return f"\u201c{body}{comma}\u201d {name} said."
    if variant == "quoted-pre":
        return f"{name[0].upper() + name[1:]} said: \u201c{t}\u201d"
    if variant == "according":
        return f"According to {name}, {t[0].lower() + t[1:] if t[:2] != 'I ' else t}"
    raise SystemExit(f"unknown variant {variant}")


def extract(bin_, records, extra, keep, name):
    d = keep or tempfile.mkdtemp()
    inp, out = os.path.join(d, f"{name}.in.jsonl"), os.path.join(d, f"{name}.out.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    subprocess.run([bin_, "extract", inp, "-q", "-o", out] + extra, check=True)
    res = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("error"):
                raise SystemExit(f"record {r['id']}: {r['error']}")
            res[r["id"]] = r
    return res


def average_precision(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    tp, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            tp += 1
            total += tp / rank
    return total / max(1, sum(labels))


def best_f1(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    tp, pos, best = 0, sum(labels), 0.0
    for rank, i in enumerate(order, 1):
        tp += labels[i]
        best = max(best, 2 * tp / (rank + pos))
    return best


def f1_at(scores, labels, t):
    tp = sum(1 for s, y in zip(scores, labels) if s >= t and y)
    pred = sum(1 for s in scores if s >= t)
    return 2 * tp / max(1, pred + sum(labels))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--saywho", default=os.path.join(ROOT, "target/release/saywho"))
    ap.add_argument("--data", default=os.path.join(ROOT, "../shared/data/claims"))
    ap.add_argument("--claims-head", action="store_true", help="run extract --claims-head")
    ap.add_argument("--threshold", type=float, default=None,
                    help="F1 at this score (default: 0.5 linear, the head file's threshold)")
    ap.add_argument("--variants", default="plain,quoted,quoted-pre,according")
    ap.add_argument("--no-clef", action="store_true")
    ap.add_argument("--keep", default=None, help="keep inputs and outputs in this folder")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    extra = ["--claims-head"] if a.claims_head else []
    thr = a.threshold
    if thr is None and a.claims_head:
        models = os.environ.get("SAYWHO_MODELS") or os.path.join(ROOT, "models")
        with open(os.path.join(models, "claims", "head.json"), encoding="utf-8") as f:
            thr = json.load(f)["threshold"]
    elif thr is None:
        thr = 0.5
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    results = {}

    cb = [json.loads(l) for l in open(os.path.join(a.data, "claimbuster/train.jsonl"), encoding="utf-8")]
    idx = list(range(len(cb)))
    Rng(SPLIT_SEED).shuffle(idx)
    dev = sorted(idx[: len(cb) // 5])
    labels = [int(cb[i]["label"]) for i in dev]
    for v in a.variants.split(","):
        recs = [{"id": f"cb{k}", "text": frame(cb[i]["text"], v, k)} for k, i in enumerate(dev)]
        out = extract(a.saywho, recs, extra, a.keep, f"claimbuster-{v}")
        scores = [max([s.get("checkworthiness") or 0.0 for s in out[f"cb{k}"]["sentences"]] or [0.0])
                  for k in range(len(dev))]
        results[f"claimbuster_{v}"] = {
            "AP": average_precision(scores, labels), "best_F1": best_f1(scores, labels),
            f"F1@{thr}": f1_at(scores, labels, thr), "mean_score": sum(scores) / len(scores)}

    if not a.no_clef:
        lines = {}
        for l in open(os.path.join(a.data, "clef2019_t1/train.jsonl"), encoding="utf-8"):
            r = json.loads(l)
            if r["doc"] in CLEF_DEV:
                lines.setdefault(r["doc"], []).append(r)
        recs, spans = [], {}
        for doc in CLEF_DEV:
            rows = sorted(lines[doc], key=lambda r: r["line_number"])
            text, sp = "", []
            for r in rows:
                t = r["text"].strip()
                sp.append((len(text), len(text) + len(t)))
                text += t + "\n"
            recs.append({"id": doc, "text": text})
            spans[doc] = (sp, [int(r["label"]) for r in rows])
        out = extract(a.saywho, recs, extra, a.keep, "clef")
        aps = []
        for doc in CLEF_DEV:
            sp, ys = spans[doc]
            sents = [(s["start"], s["end"], s.get("checkworthiness") or 0.0) for s in out[doc]["sentences"]]
            scores = []
            for (ls, le) in sp:
                inside = [c for (s, e, c) in sents if s < le and e > ls]
                scores.append(max(inside) if inside else 0.0)
            aps.append(average_precision(scores, ys))
        results["clef_dev"] = {"MAP": sum(aps) / len(aps), "AP_per_transcript": aps}

    if a.json:
        print(json.dumps(results, indent=1))
        return
    model = "transformer head (--claims-head)" if a.claims_head else "linear (default)"
    print(f"check-worthiness through `saywho extract`, {model}")
    print(f"| dev split | AP | best F1 | F1 @ {thr} | mean score |")
    print("|---|---|---|---|---|")
    for k, r in results.items():
        if k.startswith("claimbuster"):
            print(f"| ClaimBuster, {k.split('_', 1)[1]} | {r['AP']:.3f} | {r['best_F1']:.3f} | "
                  f"{r[f'F1@{thr}']:.3f} | {r['mean_score']:.3f} |")
    if "clef_dev" in results:
        r = results["clef_dev"]
        print(f"CLEF 2019 dev, whole transcripts: MAP {r['MAP']:.3f} "
              f"({', '.join(f'{x:.3f}' for x in r['AP_per_transcript'])})")


if __name__ == "__main__":
    sys.exit(main())
