//! The report as text (the table of `score.py`) and as JSON (`score.py --json`).

use serde_json::{json, Map, Value};

use super::*;

pub(super) fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

impl Report {
    /// The JSON object of `score.py --json` (same keys, same order).
    pub fn to_json(&self) -> Value {
        let mut detection = Map::new();
        for (lv, name) in LEVELS.iter().enumerate() {
            let d = &self.detection[lv];
            detection.insert(
                name.to_string(),
                json!({"P": d.p, "R": d.r, "F1": d.f1, "matched": d.count}),
            );
        }
        let mut rbs = Map::new();
        let mut ngs = Map::new();
        for (s, name) in SUBSETS.iter().enumerate() {
            let r = &self.recall_by_subset[s];
            rbs.insert(
                name.to_string(),
                json!({"overlap0.3": r[0], "overlap0.8": r[1], "exact": r[2], "e2e": r[3]}),
            );
            ngs.insert(name.to_string(), json!(self.n_gold_by_subset[s]));
        }
        let cases: Map<String, Value> = SPK_CASES
            .iter()
            .zip(self.speaker_cases)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let kinds: Map<String, Value> = self
            .kind_on_matched
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        let fp: Map<String, Value> = FP_KINDS
            .iter()
            .zip(self.unmatched_pred)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let problems: Map<String, Value> = PROBLEMS
            .iter()
            .zip(self.problems)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let e = &self.end_to_end;
        json!({
            "n_docs": self.n_docs,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "detection": detection,
            "recall_by_subset": rbs,
            "n_gold_by_subset": ngs,
            "speaker": {
                "matched_quotes": self.speaker_matched_quotes,
                "correct": self.speaker_correct,
                "accuracy": self.speaker_accuracy,
                "accuracy_lenient": self.speaker_accuracy_lenient,
                "cases": cases,
            },
            "end_to_end": {"P": e.p, "R": e.r, "F1": e.f1, "tp": e.count},
            "kind_on_matched_0.3": kinds,
            "unmatched_pred_0.3": fp,
            "problems": problems,
            "gold_file": self.gold_file,
            "pred_file": self.pred_file,
            "inputs_file": self.inputs_file,
        })
    }

    /// The tables of score.py's text output, without a name in the header.
    pub fn to_text(&self) -> String {
        self.to_text_named("")
    }

    /// The tables of score.py's text output (`format_tables(res, name)`).
    pub fn to_text_named(&self, name: &str) -> String {
        let mut l: Vec<String> = Vec::new();
        let hdr = if name.is_empty() {
            String::new()
        } else {
            format!(" ({name})")
        };
        l.push(format!(
            "Quote detection{hdr}: {} docs, {} gold quotes, {} predicted",
            self.n_docs, self.n_gold, self.n_pred
        ));
        l.push("| level | P | R | F1 | matched |".into());
        l.push("|---|---|---|---|---|".into());
        for (lv, name) in LEVELS.iter().enumerate() {
            let d = &self.detection[lv];
            l.push(format!(
                "| {name} | {} | {} | {} | {} |",
                pct(d.p),
                pct(d.r),
                pct(d.f1),
                d.count
            ));
        }
        let e = &self.end_to_end;
        l.push(format!(
            "| end-to-end (0.3 + speaker) | {} | {} | {} | {} |",
            pct(e.p),
            pct(e.r),
            pct(e.f1),
            e.count
        ));
        l.push(String::new());
        l.push("Recall by gold subset".into());
        l.push("| subset | n gold | R overlap0.3 | R overlap0.8 | R exact | R end-to-end |".into());
        l.push("|---|---|---|---|---|---|".into());
        for (s, name) in SUBSETS.iter().enumerate() {
            let r = &self.recall_by_subset[s];
            l.push(format!(
                "| {name} | {} | {} | {} | {} | {} |",
                self.n_gold_by_subset[s],
                pct(r[0]),
                pct(r[1]),
                pct(r[2]),
                pct(r[3])
            ));
        }
        l.push(String::new());
        l.push(format!(
            "Speaker on overlap0.3 matches: accuracy {} ({}/{}), lenient (span or name) {}",
            pct(self.speaker_accuracy),
            self.speaker_correct,
            self.speaker_matched_quotes,
            pct(self.speaker_accuracy_lenient)
        ));
        l.push("| case | count |".into());
        l.push("|---|---|".into());
        for (c, n) in SPK_CASES.iter().zip(self.speaker_cases) {
            l.push(format!("| {c} | {n} |"));
        }
        l.push(String::new());
        l.push(format!(
            "Gold type -> predicted kind on overlap0.3 matches: {}",
            self.kind_on_matched
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        l.push(format!(
            "Unmatched predictions at overlap0.3: {}",
            FP_KINDS
                .iter()
                .zip(self.unmatched_pred)
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let probs: Vec<String> = PROBLEMS
            .iter()
            .zip(self.problems)
            .filter(|(_, v)| *v > 0)
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        l.push(format!(
            "Problems: {}",
            if probs.is_empty() {
                "none".to_string()
            } else {
                format!("{{{}}}", probs.join(", "))
            }
        ));
        l.join("\n")
    }
}
