//! `saywho speakers`: the dataset view of extract output -- one row per `speaker_key`.
//!
//! Streams any number of extract outputs line by line; what it holds is one small tally per
//! distinct key (the names it was written as, counts, a few example quote ids), so memory is
//! bounded by the number of distinct speakers, not by the corpus.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::BufRead;

/// Example quote ids kept per speaker.
pub const EXAMPLES: usize = 3;

#[derive(Default)]
struct Tally {
    /// canonical names written for this key, with their quote counts
    names: HashMap<String, u64>,
    quotes: u64,
    articles: u64,
    /// index of the last record counted in `articles` (a record counts once)
    last_record: Option<u64>,
    examples: Vec<String>,
}

/// Per-key tallies over a stream of extract records.
#[derive(Default)]
pub struct Speakers {
    tallies: HashMap<String, Tally>,
    records: u64,
    /// records carrying `error` (no quotes to count)
    pub error_records: u64,
    /// quotes with a speaker but no key (pronouns left unresolved, descriptions)
    pub unkeyed_quotes: u64,
    /// quotes with no speaker at all
    pub no_speaker_quotes: u64,
}

impl Speakers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Count one extract record. Quote ids are `ID#N`: the record's id and the quote's index
    /// in its `quotes`. A quote without `speaker_key` (extract output from before the field)
    /// is keyed from its `speaker_name` with the same rules.
    pub fn add(&mut self, rec: &Value) -> Result<(), String> {
        let id = rec
            .get("id")
            .and_then(Value::as_str)
            .ok_or("record has no string `id`")?;
        let rec_no = self.records;
        self.records += 1;
        if rec.get("error").is_some_and(|e| !e.is_null()) {
            self.error_records += 1;
            return Ok(());
        }
        let quotes = rec
            .get("quotes")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("record {id:?} has no `quotes` list"))?;
        for (i, q) in quotes.iter().enumerate() {
            let name = q.get("speaker_name").and_then(Value::as_str);
            let key = match q.get("speaker_key") {
                Some(Value::String(k)) => Some(k.clone()),
                Some(Value::Null) => None,
                Some(_) => {
                    return Err(format!(
                        "record {id:?}: quote {i}: `speaker_key` is not a string"
                    ))
                }
                None => name.and_then(crate::attribution::key::speaker_key),
            };
            let Some(key) = key else {
                if q.get("speaker").is_some_and(|s| !s.is_null()) || name.is_some() {
                    self.unkeyed_quotes += 1;
                } else {
                    self.no_speaker_quotes += 1;
                }
                continue;
            };
            let t = self.tallies.entry(key).or_default();
            t.quotes += 1;
            if t.last_record != Some(rec_no) {
                t.last_record = Some(rec_no);
                t.articles += 1;
            }
            if let Some(n) = name {
                match t.names.get_mut(n) {
                    Some(c) => *c += 1,
                    None => {
                        t.names.insert(n.to_string(), 1);
                    }
                }
            }
            if t.examples.len() < EXAMPLES {
                t.examples.push(format!("{id}#{i}"));
            }
        }
        Ok(())
    }

    /// Read every JSON line of `reader` (`origin` names it in errors: `FILE:LINE`).
    pub fn add_lines(&mut self, reader: impl BufRead, origin: &str) -> Result<(), String> {
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| format!("{origin}:{}: cannot read: {e}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| format!("{origin}:{}: not a JSON record: {e}", i + 1))?;
            self.add(&v)
                .map_err(|e| format!("{origin}:{}: {e}", i + 1))?;
        }
        Ok(())
    }

    pub fn records(&self) -> u64 {
        self.records
    }

    pub fn len(&self) -> usize {
        self.tallies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tallies.is_empty()
    }

    /// One row per key, most quotes first (ties: more articles, then key). `name` is the most
    /// frequent canonical name (ties: the longer, then the first in byte order); `names` lists
    /// every spelling with its count.
    pub fn rows(&self) -> Vec<Value> {
        let mut keys: Vec<(&String, &Tally)> = self.tallies.iter().collect();
        keys.sort_by(|a, b| {
            b.1.quotes
                .cmp(&a.1.quotes)
                .then(b.1.articles.cmp(&a.1.articles))
                .then(a.0.cmp(b.0))
        });
        keys.into_iter()
            .map(|(k, t)| {
                let mut names: Vec<(&String, &u64)> = t.names.iter().collect();
                names.sort_by(|a, b| {
                    b.1.cmp(a.1)
                        .then(b.0.chars().count().cmp(&a.0.chars().count()))
                        .then(a.0.cmp(b.0))
                });
                let name = names.first().map_or(k.as_str(), |n| n.0.as_str());
                json!({
                    "key": k,
                    "name": name,
                    "quotes": t.quotes,
                    "articles": t.articles,
                    "names": names.iter().map(|(n, c)| json!([n, c])).collect::<Vec<_>>(),
                    "examples": t.examples,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, speakers: &[(&str, Option<&str>)]) -> Value {
        json!({
            "id": id,
            "quotes": speakers.iter().map(|(n, k)| json!({
                "speaker": {"text": n, "start": 0, "end": 1},
                "speaker_name": n, "speaker_key": k,
            })).collect::<Vec<_>>(),
            "error": null,
        })
    }

    #[test]
    fn counts_quotes_articles_and_most_frequent_name() {
        let mut s = Speakers::new();
        let dt = Some("donald trump");
        s.add(&rec(
            "a",
            &[("Donald J. Trump", dt), ("Donald J. Trump", dt)],
        ))
        .unwrap();
        s.add(&rec("b", &[("Donald Trump", dt), ("he", None)]))
            .unwrap();
        s.add(&rec(
            "c",
            &[
                ("Donald Trump", dt),
                ("Donald Trump", dt),
                ("Jane Roe", Some("jane roe")),
            ],
        ))
        .unwrap();
        let rows = s.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["key"], "donald trump");
        assert_eq!(rows[0]["name"], "Donald Trump");
        assert_eq!(rows[0]["quotes"], 5);
        assert_eq!(rows[0]["articles"], 3);
        assert_eq!(rows[0]["examples"], json!(["a#0", "a#1", "b#0"]));
        assert_eq!(rows[1]["key"], "jane roe");
        assert_eq!(rows[1]["examples"], json!(["c#2"]));
        assert_eq!(s.unkeyed_quotes, 1);
    }

    #[test]
    fn old_output_without_keys_is_keyed_from_names() {
        let mut s = Speakers::new();
        s.add(&json!({"id": "x", "quotes": [{"speaker_name": "Donald J. Trump"}], "error": null}))
            .unwrap();
        assert_eq!(s.rows()[0]["key"], "donald trump");
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut s = Speakers::new();
        let input = "{\"id\":\"a\",\"quotes\":[],\"error\":null}\n{oops\n";
        let e = s.add_lines(input.as_bytes(), "out.jsonl").unwrap_err();
        assert!(e.starts_with("out.jsonl:2: not a JSON record"), "{e}");
        let e = s
            .add_lines("{\"id\":\"b\"}\n".as_bytes(), "o2.jsonl")
            .unwrap_err();
        assert!(e.contains("o2.jsonl:1") && e.contains("\"b\""), "{e}");
    }

    #[test]
    fn error_records_count_no_quotes() {
        let mut s = Speakers::new();
        s.add(&json!({"id": "x", "quotes": [], "error": "bad"}))
            .unwrap();
        assert_eq!(s.error_records, 1);
        assert!(s.is_empty());
    }
}
