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
    /// T ids in first-insertion order (Python dict order), for deterministic problem reports.
    pub t_order: Vec<String>,
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
            let nums: Vec<i64> = super::pyuni::split_ws(frag)
                .map(|x| x.parse::<i64>())
                .collect::<std::result::Result<_, _>>()
                .with_context(|| format!("bad offsets in {rec:?}"))?;
            match nums[..] {
                [s, e] => spans.push((s, e)),
                _ => bail!("bad fragment {frag:?} in {rec:?}"),
            }
        }
        if !ann.t.contains_key(tid) {
            ann.t_order.push(tid.to_string());
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
    let n = text.len() as i64;
    for &[s, e] in spans {
        // Python indexing: negative indices count from the end; past the end Python raises
        // IndexError -- here such characters (the span is already reported as a surface
        // mismatch) are skipped instead of crashing, and the loop only visits indices that exist,
        // so a span end of 10^9 costs nothing (both found by fuzzing, tests/fuzz_regressions.rs)
        for k in s.max(-n)..e.min(n) {
            let k = if k < 0 { k + n } else { k };
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
    for tid in &ann.t_order {
        let t = &ann.t[tid];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Code point offset of `needle` in `hay` (tests build offsets the way Python would).
    fn cp(hay: &str, needle: &str) -> (i64, i64) {
        let b = hay.find(needle).expect(needle);
        let s = hay[..b].chars().count() as i64;
        (s, s + needle.chars().count() as i64)
    }

    #[test]
    fn parse_ann_continuation_lines_discontinuous_spans_and_roles() {
        let raw = "T1\tContent 0 5;10 15\tfirst\nline two\nT2\tSource 20 22\the\n\
                   #1\tAnnotatorNotes T1\tnote\nE1\tAttribution:T3 Source:T2 Content2:T1\n\
                   T3\tAttribution 23 27\tsaid\n";
        let ann = parse_ann(raw).unwrap();
        assert_eq!(ann.t.len(), 3);
        let t1 = &ann.t["T1"];
        assert_eq!(t1.ttype, "Content");
        assert_eq!(t1.spans, vec![(0, 5), (10, 15)]);
        assert_eq!(t1.surface, "first\nline two");
        assert_eq!(ann.t["T3"].surface, "said\n"); // trailing "" line is a continuation
        assert_eq!(ann.e.len(), 1);
        assert_eq!(
            ann.e[0].roles,
            vec![
                ("Attribution".to_string(), "T3".to_string()),
                ("Source".to_string(), "T2".to_string()),
                ("Content".to_string(), "T1".to_string()),
            ]
        );
        // lines before the first record are dropped; "T" without digits is not a record start
        let ann = parse_ann("junk\nT\tx\nT9\tCue 1 2\tx").unwrap();
        assert_eq!(ann.t.len(), 1);
        assert!(parse_ann("T1\tContent 0 x\tabc").is_err());
    }

    #[test]
    fn non_ascii_article_uses_code_point_offsets() {
        // curly quotes, NBSP, em dash and an astral emoji before the quote: bytes != code points
        let text = "🎉 Sen.\u{a0}Smith — who else — said “We’ll win it all.” Then ‘maybe’ not.\n\
                    Jones said taxes would fall, according to aides.";
        let q1 = cp(text, "“We’ll win it all.”");
        let src = cp(text, "Sen.\u{a0}Smith");
        let cue = cp(text, "said");
        let q2 = cp(text, "taxes would fall");
        let cue2 = cp(text, "according to");
        let raw = format!(
            "T1\tContent {} {}\t“We’ll win it all.”\nT2\tSource {} {}\tSen.\u{a0}Smith\n\
             T3\tCue {} {}\tsaid\nE1\tSource:T2 Cue:T3 Content:T1\n\
             T4\tContent {} {}\ttaxes would fall\nT5\tCue {} {}\taccording to\n\
             T6\tAttribution-no-source {} {}\tx\nE2\tAttribution-no-source:T6 Cue:T5 Content:T4\n\
             E3\tSource:T2\n",
            q1.0, q1.1, src.0, src.1, cue.0, cue.1, q2.0, q2.1, cue2.0, cue2.1, cue2.0, cue2.1
        );
        let ann = parse_ann(&raw).unwrap();
        let mut problems = Vec::new();
        let qs = convert_article(text, &ann, "a_x.ann", &mut problems);
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].spans, vec![[q1.0, q1.1]]);
        assert_eq!(qs[0].text.as_deref(), Some("“We’ll win it all.”"));
        assert_eq!(qs[0].qtype.as_deref(), Some("direct"));
        assert_eq!(qs[0].speaker.as_deref(), Some("Sen.\u{a0}Smith"));
        assert_eq!(qs[0].speaker_spans, vec![[src.0, src.1]]);
        assert_eq!(qs[0].cue.as_deref(), Some("said"));
        assert!(qs[0].speech);
        assert_eq!(qs[1].qtype.as_deref(), Some("indirect"));
        assert_eq!(qs[1].speaker, None, "Attribution-no-source -> null speaker");
        assert!(qs[1].speaker_spans.is_empty());
        assert!(qs[1].speech, "according to");
        assert_eq!(
            problems,
            vec![
                "a_x.ann T6: surface mismatch",
                "a_x.ann E3: no Content, skipped"
            ]
        );
        // emoji (+3 bytes), NBSP (+1), two em dashes (+2 each): byte offset = code point + 8
        assert_eq!(q1.0 as usize + 8, text.find('“').unwrap());
        assert_eq!(q1.0, 31);
    }

    #[test]
    fn discontinuous_content_merged_and_joined_with_space() {
        let text = "“First part,” she said, “second part.” He said it was ‘odd’.";
        let a = cp(text, "“First part,”");
        let b = cp(text, "“second part.”");
        let m = cp(text, "it was ‘odd’");
        let s1 = cp(text, "she");
        let s2 = cp(text, "He");
        let raw = format!(
            "T1\tContent {} {};{} {}\tx\nT2\tSource {} {}\tshe\nE1\tContent:T1 Source:T2\n\
             T3\tContent {} {}\tx\nT4\tSource {} {}\tHe\nT5\tSource {} {}\tshe\n\
             E2\tContent:T3 Source:T4 Source2:T5\n",
            b.0, b.1, a.0, a.1, s1.0, s1.1, m.0, m.1, s2.0, s2.1, s1.0, s1.1
        );
        let mut problems = Vec::new();
        let qs = convert_article(text, &parse_ann(&raw).unwrap(), "x.ann", &mut problems);
        assert_eq!(qs[0].spans, vec![[a.0, a.1], [b.0, b.1]]);
        assert_eq!(qs[0].text.as_deref(), Some("“First part,” “second part.”"));
        assert_eq!(qs[0].qtype.as_deref(), Some("direct"));
        assert_eq!(qs[1].qtype.as_deref(), Some("mixed"));
        // several sources: sorted by position, joined with " / "
        assert_eq!(qs[1].speaker.as_deref(), Some("she / He"));
        assert_eq!(qs[1].speaker_spans, vec![[s1.0, s1.1], [s2.0, s2.1]]);
        assert_eq!(qs[1].cue, None);
        assert!(!qs[1].speech);
        assert_eq!(
            problems.len(),
            2,
            "surface mismatches are reported: {problems:?}"
        );
    }

    #[test]
    fn quote_scanner_apostrophes_and_line_resets() {
        let s = "Clinton’s aide said “yes” and 'no' it's \"open\nnext line";
        let chars: Vec<char> = s.chars().collect();
        let mask = quoted_mask(&chars);
        let inside = |sub: &str| {
            let (a, b) = cp(s, sub);
            (a..b).all(|k| mask[k as usize])
        };
        let outside = |sub: &str| {
            let (a, b) = cp(s, sub);
            (a..b).all(|k| !mask[k as usize])
        };
        assert!(inside("“yes”") && inside("'no'") && inside("\"open"));
        assert!(outside("Clinton’s aide said") && outside("it's") && outside("next line"));
    }

    #[test]
    fn speech_cue_lexicon() {
        for c in [
            "said",
            "Told reporters",
            "in a statement",
            "According  to",
            "noted",
            "denials",
            "saying_x",
        ] {
            assert!(is_speech_cue(Some(c)), "{c}");
        }
        for c in ["not", "believes", "accordingly to", "thinks", "sayings"] {
            assert!(!is_speech_cue(Some(c)), "{c}");
        }
        assert!(!is_speech_cue(None) && !is_speech_cue(Some("")));
    }

    #[test]
    fn split_loader_picks_first_ann_and_skips_articles_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let (t, a) = (dir.path().join("text"), dir.path().join("attributions"));
        std::fs::create_dir_all(&t).unwrap();
        std::fs::create_dir_all(&a).unwrap();
        let text = "He said “go”.";
        for art in ["b_art", "a_art", "c_none"] {
            std::fs::write(t.join(format!("{art}.txt")), text).unwrap();
        }
        let ann = |src: (i64, i64)| {
            let surface: String = text
                .chars()
                .skip(src.0 as usize)
                .take((src.1 - src.0) as usize)
                .collect();
            format!(
                "T1\tSource {} {}\t{surface}\nT2\tContent 9 11\tgo\nE1\tSource:T1 Content:T2\n",
                src.0, src.1
            )
        };
        std::fs::write(a.join("a_art_zz.ann"), ann((0, 2))).unwrap();
        std::fs::write(a.join("a_art_aa.ann"), ann((3, 7))).unwrap();
        std::fs::write(a.join("b_art_q.ann"), ann((0, 2))).unwrap();
        std::fs::write(a.join("c_none_x_y.ann"), ann((0, 2))).unwrap(); // `_x_y`: not c_none's
        let (docs, problems) = convert_polnear_split(dir.path()).unwrap();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a_art", "b_art"]);
        assert_eq!(docs[0].annotator.as_deref(), Some("aa"));
        assert_eq!(docs[0].n_annotator_files, Some(2));
        assert_eq!(docs[0].quotes[0].speaker.as_deref(), Some("said"));
        assert_eq!(docs[0].quotes[0].qtype.as_deref(), Some("direct"));
        assert_eq!(docs[1].quotes[0].speaker.as_deref(), Some("He"));
        assert_eq!(problems, vec!["c_none: no .ann file".to_string()]);
    }
}
