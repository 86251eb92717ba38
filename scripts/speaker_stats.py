#!/usr/bin/env python3
"""Speaker-name measures of saywho extract output (issue 24), stdlib only.

    saywho extract ../shared/data/polnear/dev/text -q -o dev.jsonl
    python3 scripts/speaker_stats.py dev.jsonl --text ../shared/data/polnear/dev/text \
        [--sample 50 --sample-out sample.txt] [--json]

Measures:
  short_form   named quotes (with a speaker_key) whose key is a short form of another
               speaker's key in the same article: fewer words, the same surname, all its words
               in the longer one (`trump` beside `donald trump`); share of named quotes.
  well_known   for well-known people, the distinct keys that contain their surname, with quote
               counts (variants of one person are split keys; `donald trump jr` is another man).
  pronouns     `he` / `she` speakers: resolved to a PER entity's name, to a description
               (no key), to a name that is no PER entity of the article (listed for reading:
               organisations, places, documents), or unresolved.
  sample       a seeded sample of resolved `he` / `she` quotes with the text before them, to
               be judged by reading (right / wrong / unsure).
"""
import argparse
import json
import os
import random
import sys

WELL_KNOWN = ["trump", "clinton", "obama", "pence", "kaine", "sanders", "cruz", "comey",
              "johnson", "stein", "putin", "rubio", "christie", "giuliani", "conway"]


HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sen", "senator", "rep", "representative",
              "gov", "governor", "president", "pres", "vice", "prof", "professor", "rev", "gen",
              "lt", "col", "sgt", "capt", "adm", "sir", "dame", "mayor", "judge"}
SUFFIX = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii", "iv": "iv"}


def fallback_key(name):
    """The speaker_key rules of src/attribution/key.rs, for output written before the field."""
    import unicodedata
    if not name:
        return None
    name = name.strip()
    for suf in ("\u2019s", "'s", "\u2019", "'"):
        if name.endswith(suf):
            name = name[: -len(suf)].rstrip()
            break
    written = [w for w in name.replace(",", " ").split() if any(c.isalnum() for c in w)]
    if not written:
        return None
    head = next((w for w in reversed(written) if fold(w) not in SUFFIX), written[-1])
    c = next((c for c in head if c.isalnum()), "")
    if not (c.isupper() or c.isnumeric()):
        return None
    words = [w for w in (fold(w) for w in written) if w]
    while len(words) > 1 and (words[0] == "the" or words[0] in HONORIFICS):
        words.pop(0)
    words = [SUFFIX.get(w, w) for w in words]
    last = max((i for i, w in enumerate(words) if w not in SUFFIX), default=len(words) - 1)
    i = 1
    while i < min(last, len(words)):
        if len(words[i]) == 1 and len(words) > 2:
            words.pop(i)
            last -= 1
        else:
            i += 1
        if len(words) <= 2:
            break
    return " ".join(words) or None


def fold(w):
    import unicodedata
    w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    w = w.lower().replace("\u2019", "'").replace("\u2018", "'").replace(".", "")
    return w.strip("".join(ch for ch in set(w) if not ch.isalnum()))


def key_words(k):
    return k.split() if k else []


def surname(words):
    for w in reversed(words):
        if w not in ("jr", "sr", "ii", "iii", "iv"):
            return w
    return words[-1] if words else None


def is_short_form(short, full):
    """`trump` beside `donald trump`; not beside `donald trump jr` (another man)."""
    s, f = key_words(short), key_words(full)
    suffixes = ("jr", "sr", "ii", "iii", "iv")
    return (0 < len(s) < len(f) and surname(s) == surname(f) and all(w in f for w in s)
            and not any(w in suffixes and w not in s for w in f))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("records", nargs="+", help="saywho extract output (JSONL)")
    ap.add_argument("--text", action="append", default=[],
                    help="directory of the articles' .txt files (id = file stem), for the sample; repeatable")
    ap.add_argument("--sample", type=int, default=50, help="pronoun resolutions to sample (default 50)")
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--sample-out", help="write the sample with context here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--list", action="store_true", help="list every short form and non-PER pronoun")
    a = ap.parse_args()

    named = short = 0
    short_cases = []
    keys = {}
    pron = {"total": 0, "per_entity": 0, "description": 0, "other_name": 0, "unresolved": 0}
    other_cases = []
    pron_quotes = []
    articles = 0
    for path in a.records:
        with open(path, encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{line_no}: not a JSON record: {e}")
                if r.get("error"):
                    continue
                articles += 1
                ents = r.get("entities") or []
                per_texts = {e["text"] for e in ents if e["label"] == "PER"}
                for q in r["quotes"]:
                    if "speaker_key" not in q:
                        q["speaker_key"] = fallback_key(q.get("speaker_name"))
                art_keys = {q.get("speaker_key") for q in r["quotes"] if q.get("speaker_key")}
                for qi, q in enumerate(r["quotes"]):
                    k = q.get("speaker_key")
                    name = q.get("speaker_name")
                    mention = (q.get("speaker") or {}).get("text")
                    if k:
                        named += 1
                        keys[k] = keys.get(k, 0) + 1
                        longer = [o for o in art_keys if o != k and is_short_form(k, o)]
                        if longer:
                            short += 1
                            short_cases.append((r["id"], qi, mention, name, sorted(longer)))
                    if mention and mention.lower() in ("he", "she"):
                        pron["total"] += 1
                        ent = q.get("speaker_entity")
                        label = ents[ent]["label"] if ent is not None and ent < len(ents) else None
                        if name is None:
                            pron["unresolved"] += 1
                        elif label == "PER" or name in per_texts:
                            pron["per_entity"] += 1
                        elif not k:
                            pron["description"] += 1
                            other_cases.append((r["id"], qi, mention, name, label, "description"))
                        else:
                            pron["other_name"] += 1
                            other_cases.append((r["id"], qi, mention, name, label, "name"))
                        if name is not None:
                            pron_quotes.append((r["id"], qi, q))

    well = {}
    for s in WELL_KNOWN:
        ks = {k: c for k, c in keys.items() if s in key_words(k)}
        if ks:
            well[s] = dict(sorted(ks.items(), key=lambda kv: -kv[1]))
    out = {
        "articles": articles,
        "named_quotes": named,
        "short_form_quotes": short,
        "short_form_share": round(100.0 * short / named, 2) if named else 0.0,
        "distinct_keys": len(keys),
        "well_known": well,
        "pronouns": pron,
    }

    if a.sample and pron_quotes:
        rnd = random.Random(a.seed)
        sample = rnd.sample(pron_quotes, min(a.sample, len(pron_quotes)))
        sample.sort(key=lambda x: (x[0], x[1]))
        lines = []
        for n, (rid, qi, q) in enumerate(sample, 1):
            ctx = ""
            for d in a.text:
                p = os.path.join(d, rid + ".txt")
                if os.path.exists(p):
                    with open(p, encoding="utf-8") as f:
                        t = f.read()
                    s = q["speaker"]["start"]
                    ctx = t[max(0, s - 600):s] + "[[" + t[s:q["speaker"]["end"]] + "]]" + t[q["speaker"]["end"]:q["speaker"]["end"] + 80]
                    ctx = " ".join(ctx.split())
            lines.append(f"#{n} {rid} quote {qi}: {q['speaker']['text']} -> {q['speaker_name']}\n    {ctx}\n")
        if a.sample_out:
            with open(a.sample_out, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
        out["sample_size"] = len(sample)

    if a.json:
        print(json.dumps(out, indent=1))
    else:
        print(f"articles {articles}, named quotes {named}, distinct keys {len(keys)}")
        print(f"short form beside a full name in the same article: {short} quotes "
              f"({out['short_form_share']} % of named quotes)")
        print("pronouns he/she: " + ", ".join(f"{k} {v}" for k, v in pron.items()))
        for s, ks in well.items():
            print(f"  {s}: " + ", ".join(f"{k} ({c})" for k, c in ks.items()))
    if a.list:
        for c in short_cases:
            print("SHORT", *c, sep="\t")
        for c in other_cases:
            print("PRONOUN", *c, sep="\t")


if __name__ == "__main__":
    main()
