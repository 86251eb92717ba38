//! brat standoff reading and PolNeAR split conversion, a port of
//! `shared/eval/polnear_convert.py` (`parse_ann`, `quoted_mask`, `quote_type`,
//! `is_speech_cue`, `convert_article`, `convert_split`).
//!
//! All offsets are Unicode code point offsets (Python `str` indices), never byte offsets.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context, Result};

use super::pyuni::{is_alnum, is_space};
use super::score::{GoldDoc, GoldQuote};

/// A brat text-bound (T) record: type, fragments `(start, end)`, surface text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBound {
    pub ttype: String,
    pub spans: Vec<(i64, i64)>,
    pub surface: String,
}

/// A brat event (E) record: id and `(role, T id)` arguments, role digits stripped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub roles: Vec<(String, String)>,
}

/// Parsed `.ann` file: T records by id, E records in file order.
#[derive(Debug, Clone, Default)]
pub struct Ann {
    pub t: HashMap<String, TextBound>,
    pub e: Vec<Event>,
}

/// `^(T|E|A|R|#|N|M)\d+\t`
fn is_record_start(line: &str) -> bool {
    let mut it = line.chars();
    if !matches!(it.next(), Some('T' | 'E' | 'A' | 'R' | '#' | 'N' | 'M')) {
        return false;
    }
    let rest = it.as_str();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && rest[digits..].starts_with('\t')
}

/// Parse brat standoff text exactly like `parse_ann`: lines that do not start a record are
/// continuation lines of the previous record's surface text; discontinuous spans are `s e;s e`;
/// event role names lose trailing digits (`Content2` -> `Content`).
pub fn parse_ann(raw: &str) -> Result<Ann> {
    let mut records: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        if is_record_start(line) {
            records.push(line.to_string());
        } else if let Some(last) = records.last_mut() {
            last.push('\n');
            last.push_str(line);
        }
    }
    let mut ann = Ann::default();
    for rec in records.iter().filter(|r| r.starts_with('T')) {
        let mut parts = rec.splitn(3, '\t');
        let (tid, mid, surface) = match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => bail!("bad T record {rec:?}"),
        };
        let (ttype, offs) = mid
            .split_once(' ')
            .ok_or_else(|| anyhow!("bad T record {rec:?}"))?;
        let mut spans = Vec::new();
        for frag in offs.split(';') {
            let nums: Vec<i64> = frag
                .split_whitespace()
                .map(|x| x.parse::<i64>())
                .collect::<std::result::Result<_, _>>()
                .with_context(|| format!("bad offsets in {rec:?}"))?;
            match nums[..] {
                [s, e] => spans.push((s, e)),
                _ => bail!("bad fragment {frag:?} in {rec:?}"),
            }
        }
        ann.t.insert(
            tid.to_string(),
            TextBound {
                ttype: ttype.to_string(),
                spans,
                surface: surface.to_string(),
            },
        );
    }
    for rec in records.iter().filter(|r| r.starts_with('E')) {
        let (eid, args) = rec
            .split_once('\t')
            .ok_or_else(|| anyhow!("bad E record {rec:?}"))?;
        let mut roles = Vec::new();
        for arg in super::pyuni::split_ws(args) {
            let (role, tid) = arg
                .split_once(':')
                .ok_or_else(|| anyhow!("bad E argument {arg:?} in {rec:?}"))?;
            roles.push((
                role.trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_string(),
                tid.to_string(),
            ));
        }
        ann.e.push(Event {
            id: eid.to_string(),
            roles,
        });
    }
    Ok(ann)
}

// ---------------------------------------------------------------- speech-act cue lexicon

const V: &[&str] = &["", "s", "ed", "ing"];

/// `SPEECH_STEMS`: stem -> allowed suffixes; the second list is appended to the first.
const SPEECH_STEMS: &[(&str, &[&str], &[&str])] = &[
    ("say", &["", "s", "ing"], &[]),
    ("said", &[""], &[]),
    ("tell", &["", "s", "ing"], &[]),
    ("told", &[""], &[]),
    ("add", V, &[]),
    ("claim", V, &[]),
    ("argu", &["e", "es", "ed", "ing", "ment", "ments"], &[]),
    ("announc", &["e", "es", "ed", "ing", "ement", "ements"], &[]),
    ("stat", &["e", "es", "ed", "ing", "ement", "ements"], &[]),
    ("writ", &["e", "es", "ing", "ten"], &[]),
    ("wrote", &[""], &[]),
    ("tweet", V, &["er"]),
    ("insist", V, &["ence"]),
    ("den", &["y", "ies", "ied", "ying", "ial", "ials"], &[]),
    ("suggest", V, &["ion", "ions"]),
    ("accus", &["e", "es", "ed", "ing", "ation", "ations"], &[]),
    ("warn", V, &["ings"]),
    ("ask", V, &[]),
    ("explain", V, &[]),
    ("explanation", &["", "s"], &[]),
    ("not", &["e", "es", "ed", "ing"], &[]),
    ("declar", &["e", "es", "ed", "ing", "ation", "ations"], &[]),
    ("comment", V, &["ary"]),
    ("call", V, &[]),
    ("respond", V, &[]),
    ("respons", &["e", "es"], &[]),
    ("repl", &["y", "ies", "ied", "ying"], &[]),
    ("admit", &["", "s", "ted", "ting"], &[]),
    ("admission", &["", "s"], &[]),
    (
        "acknowledg",
        &["e", "es", "ed", "ing", "ment", "ement"],
        &[],
    ),
    ("alleg", &["e", "es", "ed", "ing", "ation", "ations"], &[]),
    ("assert", V, &["ion", "ions"]),
    ("maintain", V, &[]),
    ("predict", V, &["ion", "ions"]),
    ("promis", &["e", "es", "ed", "ing"], &[]),
    ("vow", V, &[]),
    ("urg", &["e", "es", "ed", "ing"], &[]),
    ("charg", &["e", "es", "ed", "ing"], &[]),
    ("complain", V, &["t", "ts"]),
    ("contend", V, &[]),
    ("describ", &["e", "es", "ed", "ing"], &[]),
    ("description", &["", "s"], &[]),
];

fn speech_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        SPEECH_STEMS
            .iter()
            .flat_map(|(stem, a, b)| a.iter().chain(b.iter()).map(move |s| format!("{stem}{s}")))
            .collect()
    })
}

fn is_word(c: char) -> bool {
    is_alnum(c) || c == '_'
}

/// `re.search(r"\baccording\s+to\b", low)` with Python's Unicode `\b`/`\s`.
fn has_according_to(low: &[char]) -> bool {
    let pat: Vec<char> = "according".chars().collect();
    let n = low.len();
    for i in 0..n {
        if !low[i..].starts_with(&pat) || (i > 0 && is_word(low[i - 1])) {
            continue;
        }
        let mut j = i + pat.len();
        let ws_start = j;
        while j < n && is_space(low[j]) {
            j += 1;
        }
        if j == ws_start || !low[j..].starts_with(&['t', 'o']) {
            continue;
        }
        if j + 2 == n || !is_word(low[j + 2]) {
            return true;
        }
    }
    false
}

/// `is_speech_cue`: a cue token (lower-cased `[a-z]+` run) is a SPEECH_STEMS word, or the cue
/// contains the phrase "according to".
pub fn is_speech_cue(cue: Option<&str>) -> bool {
    let cue = match cue {
        Some(c) if !c.is_empty() => c,
        _ => return false,
    };
    let low: Vec<char> = cue
        .to_lowercase()
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .collect();
    if has_according_to(&low) {
        return true;
    }
    let words = speech_words();
    let mut tok = String::new();
    for &c in low.iter().chain(std::iter::once(&' ')) {
        if c.is_ascii_lowercase() {
            tok.push(c);
        } else if !tok.is_empty() {
            if words.contains(&tok) {
                return true;
            }
            tok.clear();
        }
    }
    false
}

// ---------------------------------------------------------------- quote-mark scanner

fn sq_role(line: &[char], i: usize) -> Option<bool> {
    // Some(true) = open, Some(false) = close, None = neither (apostrophe etc.)
    let prev = if i > 0 { line[i - 1] } else { ' ' };
    let nxt = if i + 1 < line.len() { line[i + 1] } else { ' ' };
    if is_alnum(prev) && is_alnum(nxt) {
        return None;
    }
    if !is_alnum(prev) && (is_alnum(nxt) || nxt == '“' || nxt == '"') {
        return Some(true);
    }
    if (is_alnum(prev) || ".,!?;:".contains(prev)) && !is_alnum(nxt) {
        return Some(false);
    }
    None
}

/// `quoted_mask`: per code point, true where it is inside (or is) a quotation-mark pair.
/// State is reset at every `\n`.
pub fn quoted_mask(text: &[char]) -> Vec<bool> {
    let mut mask = vec![false; text.len()];
    let mut pos = 0usize;
    for line in text.split(|&c| c == '\n') {
        let n = line.len();
        let mut open_at: Option<usize> = None;
        for (i, &ch) in line.iter().enumerate() {
            if ch == '“' || (ch == '"' && open_at.is_none()) {
                if open_at.is_none() {
                    open_at = Some(i);
                }
            } else if ch == '”' || ch == '"' {
                if let Some(o) = open_at.take() {
                    mask[pos + o..=pos + i].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        if let Some(o) = open_at {
            mask[pos + o..pos + n].iter_mut().for_each(|m| *m = true);
        }
        let mut open_at: Option<usize> = None;
        for (i, &ch) in line.iter().enumerate() {
            if !matches!(ch, '‘' | '’' | '\'') {
                continue;
            }
            let role = sq_role(line, i);
            if role == Some(true) && open_at.is_none() && ch != '’' {
                open_at = Some(i);
            } else if role == Some(false) && ch != '‘' {
                if let Some(o) = open_at.take() {
                    mask[pos + o..=pos + i].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        pos += n + 1;
    }
    mask
}

/// `quote_type`: direct / mixed / indirect from the alphanumeric chars of the spans.
pub fn quote_type(text: &[char], spans: &[[i64; 2]], mask: &[bool]) -> &'static str {
    let (mut inside, mut outside) = (0usize, 0usize);
    for &[s, e] in spans {
        for k in s..e {
            let k = k as usize;
            if is_alnum(text[k]) {
                if mask[k] {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
        }
    }
    if inside > 0 && outside == 0 {
        "direct"
    } else if inside > 0 {
        "mixed"
    } else {
        "indirect"
    }
}

/// The converter's `merge_spans` (no filtering of empty spans, unlike the scorer's `merge`).
fn merge_spans(mut spans: Vec<(i64, i64)>) -> Vec<[i64; 2]> {
    spans.sort();
    let mut out: Vec<[i64; 2]> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last[1] => last[1] = last[1].max(e),
            _ => out.push([s, e]),
        }
    }
    out
}

fn slice(text: &[char], s: i64, e: i64) -> String {
    super::pyuni::py_slice(text, s, e).iter().collect()
}

fn join_frags(text: &[char], spans: &[(i64, i64)]) -> String {
    spans
        .iter()
        .map(|&(s, e)| slice(text, s, e))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `convert_article`: gold quotes of one article (one per E with Content), sorted by first span.
/// Problems (surface mismatches, missing T, E without Content) are appended to `problems`.
pub fn convert_article(
    text: &str,
    ann: &Ann,
    ann_name: &str,
    problems: &mut Vec<String>,
) -> Vec<GoldQuote> {
    let chars: Vec<char> = text.chars().collect();
    let mask = quoted_mask(&chars);
    for (tid, t) in &ann.t {
        let got = join_frags(&chars, &t.spans);
        if got != t.surface.trim_end_matches('\n') && got != t.surface {
            problems.push(format!("{ann_name} {tid}: surface mismatch"));
        }
    }
    let mut quotes = Vec::new();
    for ev in &ann.e {
        let mut by: HashMap<&str, Vec<&TextBound>> = HashMap::new();
        for (role, tid) in &ev.roles {
            match ann.t.get(tid) {
                Some(t) => by.entry(role.as_str()).or_default().push(t),
                None => problems.push(format!("{ann_name} {}: missing {tid}", ev.id)),
            }
        }
        let Some(content) = by.get("Content") else {
            problems.push(format!("{ann_name} {}: no Content, skipped", ev.id));
            continue;
        };
        let spans = merge_spans(
            content
                .iter()
                .flat_map(|t| t.spans.iter().copied())
                .collect(),
        );
        let sorted_role = |role: &str| {
            let mut v: Vec<&TextBound> = by.get(role).cloned().unwrap_or_default();
            v.sort_by_key(|t| t.spans[0]);
            v
        };
        let src = sorted_role("Source");
        let cue = sorted_role("Cue");
        let joined = |ts: &[&TextBound]| {
            ts.iter()
                .map(|t| join_frags(&chars, &t.spans))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        // `Attribution-no-source` and "no Source T" both give a null speaker.
        let speaker = if src.is_empty() {
            None
        } else {
            Some(joined(&src))
        };
        let cue_text = Some(joined(&cue)).filter(|s| !s.is_empty());
        let text_joined = spans
            .iter()
            .map(|&[s, e]| slice(&chars, s, e))
            .collect::<Vec<_>>()
            .join(" ");
        quotes.push(GoldQuote {
            qtype: Some(quote_type(&chars, &spans, &mask).to_string()),
            text: Some(text_joined),
            speaker,
            speaker_spans: merge_spans(src.iter().flat_map(|t| t.spans.iter().copied()).collect()),
            speech: is_speech_cue(cue_text.as_deref()),
            cue: cue_text,
            cue_spans: merge_spans(cue.iter().flat_map(|t| t.spans.iter().copied()).collect()),
            eid: Some(ev.id.clone()),
            spans,
        });
    }
    quotes.sort_by_key(|q| q.spans[0]);
    quotes
}

fn sorted_names(dir: &Path) -> Result<Vec<String>> {
    let mut v = Vec::new();
    for ent in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let ent = ent?;
        if let Some(name) = ent.file_name().to_str() {
            if !name.starts_with('.') {
                v.push(name.to_string());
            }
        }
    }
    v.sort();
    Ok(v)
}

/// Convert a PolNeAR split directory (`text/*.txt`, `attributions/<article>_<annotator>.ann`)
/// exactly like `polnear_convert.py --split`: articles in sorted order, the first `.ann` per
/// article in sorted filename order, articles without any `.ann` skipped.  Returns the gold
/// documents (with texts) and the converter's problem messages.
pub fn convert_polnear_split(dir: &Path) -> Result<(Vec<GoldDoc>, Vec<String>)> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let ann_names = sorted_names(&ann_dir)?;
    let mut problems = Vec::new();
    let mut docs = Vec::new();
    for name in sorted_names(&text_dir)? {
        let Some(art) = name.strip_suffix(".txt") else {
            continue;
        };
        let tpath = text_dir.join(&name);
        if !tpath.is_file() {
            continue;
        }
        let prefix = format!("{art}_");
        let anns: Vec<&String> = ann_names
            .iter()
            .filter(|a| {
                a.strip_prefix(&prefix)
                    .and_then(|r| r.strip_suffix(".ann"))
                    .is_some_and(|mid| !mid.is_empty() && !mid.contains('_'))
            })
            .collect();
        let Some(first) = anns.first() else {
            problems.push(format!("{art}: no .ann file"));
            continue;
        };
        let text = std::fs::read_to_string(&tpath)
            .with_context(|| format!("reading {}", tpath.display()))?;
        let apath = ann_dir.join(first.as_str());
        let raw = std::fs::read_to_string(&apath)
            .with_context(|| format!("reading {}", apath.display()))?;
        let ann = parse_ann(&raw).with_context(|| format!("parsing {}", apath.display()))?;
        let quotes = convert_article(&text, &ann, first, &mut problems);
        let annotator = first[prefix.len()..first.len() - 4].to_string();
        docs.push(GoldDoc {
            id: art.to_string(),
            text,
            has_text: true,
            annotator: Some(annotator),
            n_annotator_files: Some(anns.len() as u64),
            quotes,
        });
    }
    Ok((docs, problems))
}

/// Load a PolNeAR split directory as gold documents (see [`convert_polnear_split`]).
pub fn load_polnear_split(dir: &Path) -> Result<Vec<GoldDoc>> {
    Ok(convert_polnear_split(dir)?.0)
}
