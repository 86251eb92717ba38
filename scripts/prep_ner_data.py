#!/usr/bin/env python3
"""Normalise ../shared/data/ner/* into one span format for scripts/train_ner.sh (stdlib only).

Output (one document per line): {"id", "text", "ents": [[byte_start, byte_end, label]], "misc": bool}
with labels PER/ORG/LOC/MISC (mapping from shared/data/ner/README.md); "misc": false marks corpora
that have no MISC class (their MISC-like names are O), for which training masks the MISC logits.
Token corpora are re-joined with single spaces and consecutive sentences of one document are
packed up to ~100 words. PolNeAR silver spans (code points into the raw article) become byte offsets.

Files written to OUT_DIR: train.jsonl, eval_gum_test.jsonl, eval_polnear_dev.jsonl.
Held out (never in train): gum_named test, polnear_corenlp_silver dev (whole articles).
"""
import json
import os
import random
import sys

NER = sys.argv[1]          # shared/data/ner
POLNEAR = sys.argv[2]      # shared/data/polnear
OUT = sys.argv[3]
PACK_WORDS = 100

MAPS = {
    "gum_named": {"person": "PER", "organization": "ORG", "place": "LOC", "event": "MISC", "abstract": "MISC"},
    "wikigold": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"},
    "uner_en_ewt": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "btc": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "re3d": {"Person": "PER", "Organisation": "ORG", "Location": "LOC"},
    "polnear": {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "MISC": "MISC"},
}
HAS_MISC = {"gum_named": True, "wikigold": True, "uner_en_ewt": False, "btc": False, "re3d": False, "polnear": True}
TRAIN = [
    ("gum_named", "train.jsonl"), ("gum_named", "dev.jsonl"),
    ("wikigold", "all.jsonl"),
    ("uner_en_ewt", "dev.jsonl"), ("uner_en_ewt", "test.jsonl"),
    ("btc", "section_f.jsonl"), ("btc", "section_g.jsonl"),
    ("re3d", "all_non_bbc.jsonl"),
]


def sent_spans(tokens, tags, mapping):
    """BIO2 tags over tokens -> (text pieces, [(tok_start, tok_end_excl, label)])."""
    spans, cur = [], None
    for i, t in enumerate(tags):
        if t.startswith("B-") or (t.startswith("I-") and (cur is None or cur[2] != t[2:])):
            if cur:
                spans.append(cur)
            cur = [i, i + 1, t[2:]]
        elif t.startswith("I-"):
            cur[1] = i + 1
        else:
            if cur:
                spans.append(cur)
            cur = None
    if cur:
        spans.append(cur)
    return [(s, e, mapping[l]) for s, e, l in spans if l in mapping]


def pack_token_file(ds, path):
    docs, cur_words, cur_spans, cur_doc, cur_id = [], [], [], None, None

    def flush():
        if cur_words:
            text, ents, pos, starts, ends = "", [], 0, [], []
            for w in cur_words:
                if text:
                    text += " "
                starts.append(len(text.encode()))
                text += w
                ends.append(len(text.encode()))
            ents = [[starts[s], ends[e - 1], l] for s, e, l in cur_spans]
            docs.append({"id": cur_id, "text": text, "ents": ents, "misc": HAS_MISC[ds]})

    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        doc = d["id"].rsplit("-", 1)[0]
        if cur_words and (doc != cur_doc or len(cur_words) + len(d["tokens"]) > PACK_WORDS):
            flush()
            cur_words, cur_spans = [], []
        if not cur_words:
            cur_id = f"{ds}:{d['id']}"
        cur_doc = doc
        base = len(cur_words)
        cur_spans += [(s + base, e + base, l) for s, e, l in sent_spans(d["tokens"], d["tags"], MAPS[ds])]
        cur_words += [w if w.strip() else "_" for w in d["tokens"]]
    flush()
    return docs


def polnear(split):
    docs = []
    for line in open(os.path.join(NER, "polnear_corenlp_silver", f"{split}.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        with open(os.path.join(POLNEAR, split, "text", d["id"] + ".txt"), encoding="utf-8", newline="") as f:
            text = f.read()
        ents = []
        for e in d["entities"]:
            lab = MAPS["polnear"].get(e["label"])
            if lab:
                bs = len(text[: e["start"]].encode())
                ents.append([bs, bs + len(text[e["start"]: e["end"]].encode()), lab])
        docs.append({"id": "polnear:" + d["id"], "text": text, "ents": ents, "misc": True})
    return docs


def write(name, docs):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    words = sum(len(d["text"].split()) for d in docs)
    print(f"  {name}: {len(docs)} docs, ~{words} words", file=sys.stderr)


os.makedirs(OUT, exist_ok=True)
train = polnear("train")
for ds, fn in TRAIN:
    train += pack_token_file(ds, os.path.join(NER, ds, fn))
random.Random(13).shuffle(train)
write("train.jsonl", train)
write("eval_gum_test.jsonl", pack_token_file("gum_named", os.path.join(NER, "gum_named", "test.jsonl")))
write("eval_polnear_dev.jsonl", polnear("dev"))
