//! A port of the reference scorer `shared/eval/score.py` (quote detection at overlap0.3 /
//! overlap0.8 / exact, speaker attribution, end-to-end, recall by gold subset, diagnostics).
//!
//! Offsets are Unicode code point offsets.  Character classes (`isspace`, `isalnum`, Unicode
//! P*) follow Python exactly (see [`super::pyuni`]).  Floating-point figures are computed with
//! the same operations in the same order as `score.py`, so ratios agree bit for bit.

mod documents;
mod gold;
mod report;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

/// `QUOTE_MARKS` of score.py.
pub const QUOTE_MARKS: &[char] = &[
    '"', '“', '”', '„', '‟', '\'', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '`', '´',
];
/// Matching levels, in output order.
pub const LEVELS: [&str; 3] = ["overlap0.3", "overlap0.8", "exact"];
const THRESHOLDS: [Option<f64>; 3] = [Some(0.3), Some(0.8), None];
/// Gold subsets for recall, in output order.
pub const SUBSETS: [&str; 5] = ["all", "direct", "mixed", "indirect", "speech"];
/// Speaker cases, in output order.
pub const SPK_CASES: [&str; 7] = [
    "gold_null_pred_null",
    "gold_null_pred_speaker",
    "gold_speaker_pred_null",
    "span_overlap",
    "span_no_overlap",
    "name_match",
    "name_mismatch",
];
/// `TITLES`: tokens dropped by the speaker-name normaliser.
pub const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "dr",
    "president",
    "vice",
    "pres",
    "lt",
    "gen",
    "col",
    "sgt",
    "rev",
    "prof",
    "hon",
    "gov.",
    "the",
    "a",
    "an",
    "former",
    "secretary",
    "sec",
    "speaker",
    "mayor",
    "judge",
    "attorney",
    "general",
    "st",
    "jr",
    "sr",
];
const PROBLEMS: [&str; 7] = [
    "gold_text_mismatch",
    "pred_invalid_span",
    "pred_text_offset_mismatch",
    "pred_docs_missing",
    "pred_docs_not_in_gold",
    "pred_docs_duplicate",
    "pred_docs_with_error",
];

use documents::*;
pub use gold::*;
pub use text::*;

// ------------------------------------------------------------------------------ report

/// P / R / F1 (fractions in 0..1) plus a count (`matched` or `tp`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub count: usize,
}

/// Everything score.py reports.  Arrays are indexed like [`LEVELS`], [`SUBSETS`],
/// [`SPK_CASES`]; all ratios are fractions (0..1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub n_docs: usize,
    pub n_gold: usize,
    pub n_pred: usize,
    /// Per level: P, R, F1 and `matched`.
    pub detection: [Prf; 3],
    /// Per subset: recall at each level, then end-to-end recall.
    pub recall_by_subset: [[f64; 4]; 5],
    pub n_gold_by_subset: [usize; 5],
    pub speaker_matched_quotes: usize,
    pub speaker_correct: usize,
    pub speaker_accuracy: f64,
    pub speaker_accuracy_lenient: f64,
    pub speaker_cases: [usize; 7],
    /// End-to-end P, R, F1 and `tp`.
    pub end_to_end: Prf,
    /// `"<gold type>-><pred kind or none>"` -> count, on overlap0.3 matches.
    pub kind_on_matched: BTreeMap<String, usize>,
    /// no_gold_overlap, overlaps_matched_gold, overlaps_unmatched_gold_below_0.3.
    pub unmatched_pred: [usize; 3],
    /// Counters in the order gold_text_mismatch, pred_invalid_span, pred_text_offset_mismatch,
    /// pred_docs_missing, pred_docs_not_in_gold, pred_docs_duplicate, pred_docs_with_error.
    pub problems: [usize; 7],
    /// File names echoed in the JSON output like the score.py CLI does (null when unset).
    pub gold_file: Option<String>,
    pub pred_file: Option<String>,
    pub inputs_file: Option<String>,
}

const FP_KINDS: [&str; 3] = [
    "no_gold_overlap",
    "overlaps_matched_gold",
    "overlaps_unmatched_gold_below_0.3",
];

fn prf(tp_p: usize, tp_r: usize, np: usize, ng: usize, count: usize) -> Prf {
    let p = if np > 0 { tp_p as f64 / np as f64 } else { 0.0 };
    let r = if ng > 0 { tp_r as f64 / ng as f64 } else { 0.0 };
    let f1 = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f1, count }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

fn pred_key(id: Option<&Value>) -> String {
    match id {
        Some(Value::String(s)) => format!("s:{s}"),
        None | Some(Value::Null) => "null".into(),
        Some(v) => format!("j:{v}"),
    }
}

/// Score predictions (one OUTPUT.md record per document, matched by `"id"`) against gold,
/// exactly like score.py's `score()`.  Documents without a prediction record count as "no
/// quotes predicted"; records that are not JSON objects are ignored (score.py would crash).
pub fn score(gold: &[GoldDoc], preds: &[Value]) -> Report {
    let mut problems = Problems::default();
    let pmap = pred_map(preds, &mut problems);
    let gold_ids: HashSet<String> = gold.iter().map(|d| format!("s:{}", d.id)).collect();
    problems.0[4] = pmap.keys().filter(|k| !gold_ids.contains(*k)).count();
    let mut t = Tally::default();
    for doc in gold {
        let text: Option<Vec<char>> = doc.has_text.then(|| doc.text.chars().collect());
        let text = text.as_deref();
        let g_all = gold_doc(doc, text, &mut problems);
        let key = format!("s:{}", doc.id);
        if !pmap.contains_key(&key) {
            problems.add("pred_docs_missing");
        }
        let p_all = pred_doc(
            pmap.get(&key).map(Vec::as_slice).unwrap_or(&[]),
            text,
            &mut problems,
        );
        t.document(&g_all, &p_all);
    }
    t.report(gold.len(), problems)
}

/// How one predicted quote fared in [`score`]'s overlap0.3 matching (the end-to-end criterion).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Matched to a gold attribution at overlap0.3 (greedy, one to one).
    pub matched: bool,
    /// Matched, and its speaker is correct by `score.py`'s rule.
    pub speaker_ok: bool,
    /// The matched gold attribution's source spans (code points; empty when unmatched or the
    /// gold has no source).
    pub gold_speaker_spans: Vec<[i64; 2]>,
}

impl Outcome {
    /// Counted as an end-to-end true positive.
    pub fn end_to_end(&self) -> bool {
        self.matched && self.speaker_ok
    }
}

/// Per predicted quote, in the order of each record's `quotes`: its [`Outcome`], by record id
/// (only the articles of `gold`): the training labels of the confidence calibration.
pub fn outcomes(gold: &[GoldDoc], preds: &[Value]) -> HashMap<String, Vec<Outcome>> {
    let mut problems = Problems::default();
    let pmap = pred_map(preds, &mut problems);
    let mut out = HashMap::new();
    for doc in gold {
        let text: Option<Vec<char>> = doc.has_text.then(|| doc.text.chars().collect());
        let text = text.as_deref();
        let g_all = gold_doc(doc, text, &mut problems);
        let p_all = pred_doc(
            pmap.get(&format!("s:{}", doc.id))
                .map(Vec::as_slice)
                .unwrap_or(&[]),
            text,
            &mut problems,
        );
        let (cov_cands, _) = candidates(&g_all, &p_all);
        let cands: Vec<Cand> = cov_cands
            .into_iter()
            .filter(|x| x.0 .0 > THRESHOLDS[0].unwrap_or(0.0))
            .collect();
        let mut res = vec![Outcome::default(); p_all.len()];
        for (gi, pi) in greedy(cands) {
            let (g, p) = (&g_all[gi], &p_all[pi]);
            res[pi] = Outcome {
                matched: true,
                speaker_ok: speaker_case(g, p).1,
                gold_speaker_spans: g.speaker_spans.clone(),
            };
        }
        out.insert(doc.id.clone(), res);
    }
    out
}

/// The predicted records' quotes by `pred_key` of their id (duplicates merged, counted as
/// problems, as are records with `error`).
fn pred_map(preds: &[Value], problems: &mut Problems) -> HashMap<String, Vec<Value>> {
    let mut pmap: HashMap<String, Vec<Value>> = HashMap::new();
    for r in preds.iter().filter(|r| r.is_object()) {
        let key = pred_key(r.get("id"));
        let quotes: Vec<Value> = if truthy(r.get("quotes")) {
            r["quotes"].as_array().cloned().unwrap_or_default()
        } else {
            Vec::new()
        };
        match pmap.get_mut(&key) {
            Some(v) => {
                problems.add("pred_docs_duplicate");
                v.extend(quotes);
            }
            None => {
                pmap.insert(key, quotes);
            }
        }
        if truthy(r.get("error")) {
            problems.add("pred_docs_with_error");
        }
    }
    pmap
}

/// Matching candidates of one document: (gold, prediction) pairs with their coverage and
/// precision, those that overlap at all and those with the same extent.
fn candidates(g_all: &[GQ], p_all: &[PQ]) -> (Vec<Cand>, Vec<Cand>) {
    let mut cov_cands: Vec<Cand> = Vec::new();
    let mut exact_cands: Vec<Cand> = Vec::new();
    for (gi, g) in g_all.iter().enumerate() {
        let (Some(first), Some(last)) = (g.spans.first(), g.spans.last()) else {
            continue;
        };
        let (gs, ge) = (first[0], last[1]);
        for (pi, p) in p_all.iter().enumerate() {
            if !p.valid || p.spans.last().unwrap()[1] <= gs || p.spans[0][0] >= ge {
                continue;
            }
            let c = coverage(p, g);
            let inside = c * g.chars.len() as f64;
            let prec = if p.own_chars > 0 {
                inside / p.own_chars as f64
            } else {
                0.0
            };
            if c > 0.0 {
                cov_cands.push(((c, prec), gi, pi));
            }
            if p.extent == g.extent {
                exact_cands.push(((c, prec), gi, pi));
            }
        }
    }
    (cov_cands, exact_cands)
}

/// Counts summed over the documents.
#[derive(Default)]
struct Tally {
    n_gold: [usize; 5],
    n_pred: usize,
    matched: [[usize; 5]; 3],
    matched_pred: [usize; 3],
    spk_cases: [usize; 7],
    spk_correct: usize,
    spk_lenient: usize,
    e2e: [usize; 5],
    e2e_pred: usize,
    kind_conf: BTreeMap<String, usize>,
    fp: [usize; 3],
}

impl Tally {
    /// Count one document's gold and predicted quotes.
    fn document(&mut self, g_all: &[GQ], p_all: &[PQ]) {
        self.n_pred += p_all.len();
        for g in g_all {
            for (s, n) in self.n_gold.iter_mut().enumerate() {
                *n += in_subset(g, s) as usize;
            }
        }
        let (cov_cands, exact_cands) = candidates(g_all, p_all);
        for (lv, thr) in THRESHOLDS.iter().enumerate() {
            let cands: Vec<Cand> = match thr {
                None => exact_cands.clone(),
                Some(t) => cov_cands.iter().copied().filter(|x| x.0 .0 > *t).collect(),
            };
            let gm = greedy(cands);
            self.matched_pred[lv] += gm.len();
            for &(gi, _) in &gm {
                for (s, m) in self.matched[lv].iter_mut().enumerate() {
                    *m += in_subset(&g_all[gi], s) as usize;
                }
            }
            if lv == 0 {
                self.unmatched(&gm, &cov_cands, p_all.len());
                self.speakers(&gm, g_all, p_all);
            }
        }
    }

    /// Classify the predictions left unmatched at overlap0.3 (`FP_KINDS`).
    fn unmatched(&mut self, gm: &[(usize, usize)], cov_cands: &[Cand], n_pred: usize) {
        let got_g: HashSet<usize> = gm.iter().map(|x| x.0).collect();
        let got_p: HashSet<usize> = gm.iter().map(|x| x.1).collect();
        for pi in 0..n_pred {
            if got_p.contains(&pi) {
                continue;
            }
            let hit: Vec<usize> = cov_cands
                .iter()
                .filter(|c| c.2 == pi)
                .map(|c| c.1)
                .collect();
            if hit.is_empty() {
                self.fp[0] += 1;
            } else if hit.iter().any(|gi| got_g.contains(gi)) {
                self.fp[1] += 1;
            } else {
                self.fp[2] += 1;
            }
        }
    }

    /// Speaker cases, end-to-end matches and kinds of the pairs matched at overlap0.3.
    fn speakers(&mut self, gm: &[(usize, usize)], g_all: &[GQ], p_all: &[PQ]) {
        for &(gi, pi) in gm {
            let (g, p) = (&g_all[gi], &p_all[pi]);
            let (case, ok, lenient) = speaker_case(g, p);
            self.spk_cases[case] += 1;
            self.spk_correct += ok as usize;
            self.spk_lenient += lenient as usize;
            if ok {
                self.e2e_pred += 1;
                for (s, n) in self.e2e.iter_mut().enumerate() {
                    *n += in_subset(g, s) as usize;
                }
            }
            *self
                .kind_conf
                .entry(format!("{}->{}", g.qtype, p.kind))
                .or_default() += 1;
        }
    }

    /// The report of the counts over `n_docs` gold documents.
    fn report(self, n_docs: usize, problems: Problems) -> Report {
        let (n_gold, n_pred, matched) = (self.n_gold, self.n_pred, self.matched);
        let mut rep = Report {
            n_docs,
            n_gold: n_gold[0],
            n_pred,
            n_gold_by_subset: n_gold,
            ..Default::default()
        };
        for (lv, m) in matched.iter().enumerate() {
            rep.detection[lv] = prf(self.matched_pred[lv], m[0], n_pred, n_gold[0], m[0]);
        }
        for (s, row) in rep.recall_by_subset.iter_mut().enumerate() {
            for (lv, m) in matched.iter().enumerate() {
                row[lv] = ratio(m[s], n_gold[s]);
            }
            row[3] = ratio(self.e2e[s], n_gold[s]);
        }
        let m03 = matched[0][0];
        rep.speaker_matched_quotes = m03;
        rep.speaker_correct = self.spk_correct;
        rep.speaker_accuracy = ratio(self.spk_correct, m03);
        rep.speaker_accuracy_lenient = ratio(self.spk_lenient, m03);
        rep.speaker_cases = self.spk_cases;
        rep.end_to_end = prf(self.e2e_pred, self.e2e[0], n_pred, n_gold[0], self.e2e[0]);
        rep.kind_on_matched = self.kind_conf;
        rep.unmatched_pred = self.fp;
        rep.problems = problems.0;
        rep
    }
}

#[cfg(test)]
mod tests {
    //! Mostly a port of `score.py --selftest`, plus non-ASCII and tie-break fixtures.
    use super::*;
    use serde_json::json;

    const T: &str = "Smith said \"We will win the race.\" Later, Jones added that taxes would fall. \
                     \"First part,\" she said, \"second part of it.\" A memo argued the plan was dead.";

    /// Code point span of the first occurrence of `sub` in `hay`.
    fn sp(hay: &str, sub: &str) -> [i64; 2] {
        let b = hay.find(sub).expect(sub);
        let s = hay[..b].chars().count() as i64;
        [s, s + sub.chars().count() as i64]
    }

    fn gq(spans: Vec<[i64; 2]>, text: &str, ty: &str, spk: Option<(&str, [i64; 2])>) -> GoldQuote {
        let chars: Vec<char> = text.chars().collect();
        let t = spans
            .iter()
            .map(|&[s, e]| chars[s as usize..e as usize].iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        GoldQuote {
            spans,
            text: Some(t),
            qtype: Some(ty.into()),
            speaker: spk.map(|s| s.0.to_string()),
            speaker_spans: spk.map(|s| vec![s.1]).unwrap_or_default(),
            cue: None,
            cue_spans: vec![],
            speech: true,
            eid: None,
        }
    }

    fn gold() -> Vec<GoldDoc> {
        let f = |s| sp(T, s);
        vec![GoldDoc {
            id: "d".into(),
            text: T.into(),
            has_text: true,
            annotator: None,
            n_annotator_files: None,
            quotes: vec![
                gq(
                    vec![f("\"We will win the race.\"")],
                    T,
                    "direct",
                    Some(("Smith", f("Smith"))),
                ),
                gq(
                    vec![f("taxes would fall")],
                    T,
                    "indirect",
                    Some(("Jones", f("Jones"))),
                ),
                gq(
                    vec![f("\"First part,\""), f("\"second part of it.\"")],
                    T,
                    "direct",
                    Some(("she", f("she"))),
                ),
                gq(vec![f("the plan was dead")], T, "indirect", None),
            ],
        }]
    }

    fn q(span: [i64; 2], extra: Value) -> Value {
        let chars: Vec<char> = T.chars().collect();
        let mut o = json!({"start": span[0], "end": span[1],
                           "text": chars[span[0] as usize..span[1] as usize].iter().collect::<String>()});
        for (k, v) in extra.as_object().unwrap() {
            o[k] = v.clone();
        }
        o
    }

    fn run(quotes: Vec<Value>, with_text: bool) -> Report {
        let mut g = gold();
        g[0].has_text = with_text;
        score(&g, &[json!({"id": "d", "quotes": quotes})])
    }

    fn det(r: &Report, lv: usize) -> usize {
        r.detection[lv].count
    }

    fn case(r: &Report, name: &str) -> usize {
        r.speaker_cases[SPK_CASES.iter().position(|c| *c == name).unwrap()]
    }

    fn spk(s: &str) -> Value {
        let [a, b] = sp(T, s);
        json!({"speaker": {"text": s, "start": a, "end": b}})
    }

    #[test]
    fn oracle_is_perfect_with_and_without_texts() {
        for with_text in [true, false] {
            let mut g = gold();
            g[0].has_text = with_text;
            let preds: Vec<Value> = g.iter().map(GoldDoc::to_json).collect();
            let r = score(&g, &preds);
            assert!(r.detection.iter().all(|d| d.f1 == 1.0), "texts={with_text}");
            assert_eq!(r.speaker_accuracy, 1.0);
            assert_eq!(r.end_to_end.f1, 1.0);
            assert_eq!(r.problems, [0; 7]);
        }
    }

    #[test]
    fn exact_match_trims_quote_marks_and_punctuation() {
        let q1 = sp(T, "\"We will win the race.\"");
        let inner = sp(T, "We will win the race");
        for span in [q1, inner] {
            let r = run(vec![q(span, spk("Smith"))], true);
            assert!((0..3).all(|lv| det(&r, lv) == 1), "{span:?}");
            assert_eq!((r.detection[2].p, r.detection[2].r), (1.0, 0.25));
            assert_eq!(case(&r, "span_overlap"), 1);
            assert_eq!(r.end_to_end.count, 1);
        }
        // without article texts the prediction's own text is used for trimming
        let r = run(vec![q(inner, json!({"speaker": "Smith"}))], false);
        assert_eq!(det(&r, 2), 1);
        assert_eq!(case(&r, "name_match"), 1);
        // one character more at the end: the '.' is trimmed, still exact
        let r = run(vec![q([inner[0], inner[1] + 1], json!({}))], true);
        assert_eq!(det(&r, 2), 1, "trailing '.' is trimmed");
        let r = run(vec![q([inner[0] - 3, inner[1]], json!({}))], true);
        assert_eq!(det(&r, 2), 0, "'id \"' prefix is not all strippable");
    }

    #[test]
    fn exact_match_with_non_ascii_text() {
        // curly quotes, NBSP, em dash, emoji: offsets are code points, trimming is Unicode-aware
        let text = "🎉 Sen.\u{a0}Smith — again — said: «Nous gagnerons — sûrement!» Fin.";
        let content = sp(text, "«Nous gagnerons — sûrement!»");
        let g = vec![GoldDoc {
            id: "u".into(),
            text: text.into(),
            has_text: true,
            annotator: None,
            n_annotator_files: None,
            quotes: vec![gq(
                vec![content],
                text,
                "direct",
                Some(("Sen.\u{a0}Smith", sp(text, "Sen.\u{a0}Smith"))),
            )],
        }];
        let inner = sp(text, "Nous gagnerons — sûrement");
        let smith = sp(text, "Smith");
        let pred = json!({"id": "u", "quotes": [{"start": inner[0], "end": inner[1],
            "text": "Nous gagnerons — sûrement", "speaker": {"text": "Smith", "start": smith[0], "end": smith[1]}}]});
        let r = score(&g, &[pred]);
        assert_eq!(det(&r, 2), 1);
        assert_eq!(r.end_to_end.count, 1);
        assert_eq!(r.problems, [0; 7], "text/offsets agree in code points");
        // byte offsets would be wrong: they point elsewhere and the text check flags them
        let b = text.find("Nous").unwrap() as i64;
        let pred =
            json!({"id": "u", "quotes": [{"start": b, "end": b + 10, "text": "Nous gagne"}]});
        let r = score(&g, &[pred]);
        assert_eq!(r.problems[2], 1, "pred_text_offset_mismatch");
    }

    #[test]
    fn partial_coverage_thresholds_are_strict() {
        // "We will win" = 9 of 17 countable chars (53 %): 0.3 yes, 0.8 no, exact no
        let r = run(
            vec![q(sp(T, "We will win"), json!({"speaker": "Mr. Smith"}))],
            true,
        );
        assert_eq!((det(&r, 0), det(&r, 1), det(&r, 2)), (1, 0, 0));
        assert_eq!(case(&r, "name_match"), 1, "title-stripped name match");
        let r = run(vec![q(sp(T, "We wi"), json!({}))], true);
        assert_eq!(det(&r, 0), 0, "4/17 < 0.3");
        assert_eq!(r.unmatched_pred, [0, 0, 1]);
    }

    #[test]
    fn discontinuous_gold_and_split_predictions() {
        let (a, b) = (sp(T, "\"First part,\""), sp(T, "\"second part of it.\""));
        let whole = [a[0], b[1]];
        let r = run(vec![q(whole, spk("she"))], true);
        assert_eq!((det(&r, 1), det(&r, 2)), (1, 1), "interior gap ignored");
        assert_eq!(case(&r, "span_overlap"), 1);
        // one prediction per fragment: the larger fragment wins, the other is a false positive
        let r = run(vec![q(a, json!({})), q(b, json!({}))], true);
        assert_eq!((det(&r, 0), r.n_pred, det(&r, 1)), (1, 2, 0));
        assert_eq!(r.detection[0].p, 0.5);
        assert_eq!(
            r.unmatched_pred,
            [0, 1, 0],
            "loser overlaps an already matched gold quote"
        );
        // pronoun speaker with the span elsewhere: wrong, but lenient accepts the string
        let r = run(
            vec![q(
                whole,
                json!({"speaker": {"text": "she", "start": 0, "end": 5}}),
            )],
            true,
        );
        assert_eq!(case(&r, "span_no_overlap"), 1);
        assert_eq!(r.end_to_end.count, 0);
        assert_eq!(r.speaker_accuracy_lenient, 1.0);
        let r = run(vec![q(whole, json!({"speaker": "She"}))], true);
        assert_eq!(case(&r, "name_match"), 1);
    }

    #[test]
    fn null_speakers() {
        let (q2, q4) = (sp(T, "taxes would fall"), sp(T, "the plan was dead"));
        let r = run(
            vec![
                q(q4, json!({"speaker": null})),
                q(q2, json!({"speaker": null})),
            ],
            true,
        );
        assert_eq!(case(&r, "gold_null_pred_null"), 1);
        assert_eq!(case(&r, "gold_speaker_pred_null"), 1);
        assert_eq!(r.end_to_end.count, 1);
        let r = run(vec![q(q4, json!({"speaker": "A memo"}))], true);
        assert_eq!(case(&r, "gold_null_pred_speaker"), 1);
        assert_eq!(r.end_to_end.count, 0);
        // an empty / blank speaker string and an empty speaker object count as no speaker
        let r = run(
            vec![
                q(q4, json!({"speaker": "  "})),
                q(q2, json!({"speaker": {"text": ""}})),
            ],
            true,
        );
        assert_eq!(case(&r, "gold_null_pred_null"), 1);
        assert_eq!(case(&r, "gold_speaker_pred_null"), 1);
    }

    #[test]
    fn greedy_is_one_to_one_with_score_py_tie_break() {
        let (q1, q2) = (
            sp(T, "\"We will win the race.\""),
            sp(T, "taxes would fall"),
        );
        let r = run(vec![q([q1[0], q2[1]], json!({}))], true);
        assert_eq!(det(&r, 0), 1, "one prediction matches one gold quote");
        // two identical predictions: equal coverage and precision -> the lower pred index wins
        let r = run(
            vec![
                q(q2, json!({"speaker": "nobody"})),
                q(q2, json!({"speaker": "Jones"})),
            ],
            true,
        );
        assert_eq!(det(&r, 0), 1);
        assert_eq!(
            case(&r, "name_mismatch"),
            1,
            "pred 0 (wrong speaker) is taken"
        );
        // equal coverage, different precision: the tighter prediction wins even if listed second
        let loose = [q2[0] - 5, q2[1]];
        let r = run(
            vec![
                q(loose, json!({"speaker": "nobody"})),
                q(q2, json!({"speaker": "Jones"})),
            ],
            true,
        );
        assert_eq!(case(&r, "name_match"), 1, "higher own-precision first");
        // higher coverage beats higher precision
        let part = sp(T, "taxes would");
        let r = run(
            vec![
                q(part, json!({"speaker": "Jones"})),
                q(loose, json!({"speaker": "x"})),
            ],
            true,
        );
        assert_eq!(case(&r, "name_mismatch"), 1, "coverage first");
        // direct and greedy(): gold index breaks ties before pred index
        let m = greedy(vec![
            ((0.5, 1.0), 1, 0),
            ((0.5, 1.0), 0, 1),
            ((0.5, 1.0), 0, 0),
        ]);
        assert_eq!(
            m,
            vec![(0, 0)],
            "(0,0) first; (0,1) and (1,0) then conflict"
        );
        let m = greedy(vec![
            ((0.5, 0.9), 0, 0),
            ((0.5, 1.0), 1, 0),
            ((0.4, 1.0), 0, 1),
        ]);
        assert_eq!(m, vec![(1, 0), (0, 1)]);
    }

    #[test]
    fn peer_format_and_invalid_spans() {
        let jones = sp(T, "Jones");
        let q2 = sp(T, "taxes would fall");
        let r = run(
            vec![
                json!({"quote": "taxes would fall", "start": q2[0], "end": q2[1], "speaker": "J.",
                       "speaker_start": jones[0], "speaker_end": jones[1]}),
                json!({"quote": "x", "start": null, "end": null}),
                json!({"start": 5, "end": 100000}),
            ],
            true,
        );
        assert_eq!(case(&r, "span_overlap"), 1);
        assert_eq!(r.n_pred, 3);
        assert_eq!(r.problems[1], 2, "pred_invalid_span");
        assert_eq!(r.unmatched_pred, [2, 0, 0]);
        // speaker_spans take precedence over the speaker object's offsets
        let r = run(
            vec![q(
                q2,
                json!({"speaker": {"text": "x", "start": 0, "end": 5},
                              "speaker_spans": [[jones[0], jones[1]]]}),
            )],
            true,
        );
        assert_eq!(case(&r, "span_overlap"), 1);
    }

    #[test]
    fn subsets_missing_docs_duplicates_and_errors() {
        let r = run(
            vec![
                q(sp(T, "\"We will win the race.\""), json!({})),
                q(sp(T, "taxes would fall"), json!({})),
            ],
            true,
        );
        assert_eq!(r.recall_by_subset[1][0], 0.5, "direct");
        assert_eq!(r.recall_by_subset[3][0], 0.5, "indirect");
        assert_eq!(r.recall_by_subset[4][0], 0.5, "speech");
        let g = gold();
        let preds = vec![
            json!({"id": "d", "quotes": null, "error": "boom"}),
            json!({"id": "d", "quotes": [q(sp(T, "taxes would fall"), json!({}))]}),
            json!({"id": "zzz", "quotes": []}),
        ];
        let r = score(&g, &preds);
        assert_eq!(det(&r, 0), 1, "duplicate records are concatenated");
        assert_eq!(r.problems, [0, 0, 0, 0, 1, 1, 1]);
        let r = score(&g, &[]);
        assert_eq!((r.n_pred, r.problems[3]), (0, 1));
        assert!(r
            .to_text()
            .ends_with("Problems: {\"pred_docs_missing\": 1}"));
    }

    #[test]
    fn text_and_json_layout() {
        let r = run(
            vec![q(sp(T, "We will win"), json!({"kind": "direct"}))],
            true,
        );
        let t = r.to_text_named("x");
        assert!(t.starts_with("Quote detection (x): 1 docs, 4 gold quotes, 1 predicted\n"));
        assert!(t.contains("| overlap0.3 | 100.0 | 25.0 | 40.0 | 1 |"));
        assert!(t.contains("Gold type -> predicted kind on overlap0.3 matches: direct->direct: 1"));
        assert!(t.ends_with("Problems: none"));
        let j = r.to_json();
        let keys: Vec<&String> = j.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "n_docs",
                "n_gold",
                "n_pred",
                "detection",
                "recall_by_subset",
                "n_gold_by_subset",
                "speaker",
                "end_to_end",
                "kind_on_matched_0.3",
                "unmatched_pred_0.3",
                "problems",
                "gold_file",
                "pred_file",
                "inputs_file"
            ]
        );
        assert_eq!(j["detection"]["overlap0.3"]["R"], json!(0.25));
        assert_eq!(j["speaker"]["cases"]["gold_speaker_pred_null"], json!(1));
    }
}
