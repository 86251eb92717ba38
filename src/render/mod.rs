//! A static, self-contained HTML report of who said what (`saywho render`).
//!
//! One file, no external assets and no network: inline CSS and a little inline JS (hover panel,
//! opening collapsed articles when a speaker-index link points into them). Each article shows
//! its text with quotes highlighted in a colour per resolved speaker (`speaker_name`); direct,
//! indirect and mixed quotes differ by underline style (solid / dashed / dotted). Cues and
//! speaker mentions are marked, entities are underlined with their label.
//!
//! Offsets in records are Unicode code point offsets (see `shared/docs/OUTPUT.md`); they are
//! converted to byte offsets with [`CharIndex`]. Overlapping spans are turned into properly
//! nested markup by [`nest`], which walks span boundaries and closes / reopens elements where
//! spans cross (a split element carries `data-cont`); nothing is built by string replacement,
//! and every piece of text goes through [`escape_html`].

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Escape text for HTML element content and (double- or single-quoted) attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Code point offset -> byte offset for one text.
pub struct CharIndex {
    /// `bytes[i]` is the byte offset of code point `i`; the last entry is `text.len()`.
    bytes: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Byte offset of code point offset `cp` (`cp == len_chars()` is the end), or None past it.
    pub fn byte(&self, cp: usize) -> Option<usize> {
        self.bytes.get(cp).copied()
    }
}

/// One span to mark up: code point offsets into the text and the element that marks it.
#[derive(Debug, Clone)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// Element name, e.g. `span`.
    pub tag: &'static str,
    /// Attributes on every fragment (already escaped), e.g. ` class="q"`.
    pub attrs: String,
    /// Attributes only on the first fragment (an `id` anchor, say).
    pub first_attrs: String,
    /// Nesting layer: lower layers are kept outside higher ones (quotes are layer 0, so an
    /// entity crossing a quote boundary is split rather than the quote).
    pub layer: u8,
}

/// Render `text` with `marks` as properly nested, escaped HTML.
///
/// Offsets are code points; spans that are empty or fall outside the text are dropped
/// (clamped to the end). At every boundary the wanted stack of open elements is the active
/// spans ordered by (layer, start, longest first); the common prefix with the current stack
/// stays open, the rest is closed and (re)opened. Fragments after the first carry `data-cont`.
pub fn nest(text: &str, marks: &[Mark]) -> String {
    let idx = CharIndex::new(text);
    let n = idx.len_chars();
    let marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.start < n)
        .collect();
    let end_of = |m: &Mark| m.end.min(n);
    let mut bounds: Vec<usize> = Vec::with_capacity(marks.len() * 2 + 2);
    bounds.push(0);
    bounds.push(n);
    for m in &marks {
        bounds.push(m.start);
        bounds.push(end_of(m));
    }
    bounds.sort_unstable();
    bounds.dedup();

    // marks sorted by start so the active set can be maintained incrementally
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| marks[i].start);
    let mut next_mark = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut opened = vec![false; marks.len()];
    let mut out = String::with_capacity(text.len() * 2 + marks.len() * 64);

    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| end_of(marks[i]) > a);
        while next_mark < order.len() && marks[order[next_mark]].start <= a {
            let i = order[next_mark];
            if end_of(marks[i]) > a {
                active.push(i);
            }
            next_mark += 1;
        }
        let mut want = active.clone();
        want.sort_by_key(|&i| {
            let m = marks[i];
            (m.layer, m.start, std::cmp::Reverse(end_of(m)), i)
        });
        let keep = stack.iter().zip(&want).take_while(|(x, y)| x == y).count();
        while stack.len() > keep {
            let i = stack.pop().unwrap();
            let _ = write!(out, "</{}>", marks[i].tag);
        }
        for &i in &want[keep..] {
            let m = marks[i];
            let _ = write!(out, "<{}{}", m.tag, m.attrs);
            if opened[i] {
                out.push_str(" data-cont=\"1\"");
            } else {
                out.push_str(&m.first_attrs);
                opened[i] = true;
            }
            out.push('>');
            stack.push(i);
        }
        let (ba, bb) = (idx.byte(a).unwrap(), idx.byte(b).unwrap());
        escape_into(&mut out, &text[ba..bb]);
    }
    while let Some(i) = stack.pop() {
        let _ = write!(out, "</{}>", marks[i].tag);
    }
    out
}

/// Report options.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Page title and heading.
    pub title: String,
    /// How many articles (from the top) start expanded.
    pub open_articles: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            title: "saywho report".into(),
            open_articles: 1,
        }
    }
}

/// Render records (saywho output, see `OUTPUT.md`) into one self-contained HTML page.
///
/// An article's text is the record's `text` field when present, else `texts[id]`; articles
/// with neither are listed with their quotes' own `text` fields only.
pub fn render_report(records: &[Value], texts: &HashMap<String, String>) -> anyhow::Result<String> {
    render_report_with(records, texts, &RenderOptions::default())
}

const UNATTRIBUTED: &str = "(no speaker)";

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn off(v: &Value, key: &str) -> Option<usize> {
    v.get(key).and_then(Value::as_u64).map(|x| x as usize)
}

fn speaker_of(q: &Value) -> &str {
    s(q, "speaker_name")
        .filter(|x| !x.is_empty())
        .unwrap_or(UNATTRIBUTED)
}

fn quotes_of(r: &Value) -> &[Value] {
    r.get("quotes")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn short(t: &str, n: usize) -> String {
    let mut it = t.chars();
    let head: String = it.by_ref().take(n).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// [`render_report`] with options.
pub fn render_report_with(
    records: &[Value],
    texts: &HashMap<String, String>,
    opts: &RenderOptions,
) -> anyhow::Result<String> {
    // speakers, most quoted first: colour index and the index section
    let mut by_speaker: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut n_quotes = 0;
    for (a, r) in records.iter().enumerate() {
        for (qi, q) in quotes_of(r).iter().enumerate() {
            by_speaker.entry(speaker_of(q)).or_default().push((a, qi));
            n_quotes += 1;
        }
    }
    let mut speakers: Vec<(&str, Vec<(usize, usize)>)> = by_speaker.into_iter().collect();
    speakers.sort_by(|x, y| {
        (x.0 == UNATTRIBUTED)
            .cmp(&(y.0 == UNATTRIBUTED))
            .then(y.1.len().cmp(&x.1.len()))
            .then(x.0.cmp(y.0))
    });
    let colour: HashMap<&str, usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (*n, i))
        .collect();
    let errors: Vec<(usize, &Value)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.get("error").is_some_and(|e| !e.is_null()))
        .collect();

    let mut h = String::with_capacity(1 << 16);
    let title = escape_html(&opts.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{CSS}"
    );
    for (i, (name, _)) in speakers.iter().enumerate() {
        if *name == UNATTRIBUTED {
            let _ = writeln!(h, ".c{i}{{--h:0;--s:0%}}");
        } else {
            let hue = (i as f64 * 137.508) % 360.0;
            let _ = writeln!(h, ".c{i}{{--h:{hue:.0}}}");
        }
    }
    let _ = write!(h, "</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"stats\">{} articles · {} quotes · {} speakers · {} errors \
         <button type=\"button\" id=\"expand\">expand all</button> \
         <button type=\"button\" id=\"collapse\">collapse all</button></p>",
        records.len(),
        n_quotes,
        speakers.iter().filter(|(n, _)| *n != UNATTRIBUTED).count(),
        errors.len()
    );
    h.push_str(LEGEND);

    // speaker index
    h.push_str("<section id=\"speakers\">\n<h2>Speakers</h2>\n<ul class=\"speakers\">\n");
    for (i, (name, qs)) in speakers.iter().enumerate() {
        let _ = write!(
            h,
            "<li id=\"sp-{i}\"><details><summary><span class=\"sw c{i}\"></span> \
             <span class=\"spname\">{}</span> <span class=\"n\">{} quote{}</span></summary><ol>",
            escape_html(name),
            qs.len(),
            if qs.len() == 1 { "" } else { "s" }
        );
        for &(a, qi) in qs {
            let r = &records[a];
            let q = &quotes_of(r)[qi];
            let _ = write!(
                h,
                "<li><a href=\"#q-{a}-{qi}\">{}</a> <span class=\"src\">({} #{})</span></li>",
                escape_html(&short(s(q, "text").unwrap_or(""), 90)),
                escape_html(s(r, "id").unwrap_or("?")),
                qi + 1
            );
        }
        h.push_str("</ol></details></li>\n");
    }
    h.push_str("</ul>\n</section>\n");

    // errors
    if !errors.is_empty() {
        h.push_str("<section id=\"errors\">\n<h2>Errors</h2>\n<ul class=\"errors\">\n");
        for (a, r) in &errors {
            let msg = match r.get("error") {
                Some(Value::String(m)) => m.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            let _ = writeln!(
                h,
                "<li><a href=\"#a-{a}\">{}</a>: <span class=\"errmsg\">{}</span></li>",
                escape_html(s(r, "id").unwrap_or("?")),
                escape_html(&msg)
            );
        }
        h.push_str("</ul>\n</section>\n");
    }

    // articles
    h.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n");
    for (a, r) in records.iter().enumerate() {
        article(&mut h, a, r, texts, &colour, a < opts.open_articles);
    }
    h.push_str("</section>\n</main>\n");
    h.push_str(PANEL);
    let _ = write!(h, "<script>\n{JS}</script>\n</body>\n</html>\n");
    Ok(h)
}

fn article(
    h: &mut String,
    a: usize,
    r: &Value,
    texts: &HashMap<String, String>,
    colour: &HashMap<&str, usize>,
    open: bool,
) {
    let id = s(r, "id").unwrap_or("?");
    let quotes = quotes_of(r);
    let err = r.get("error").filter(|e| !e.is_null());
    let title = r.get("meta").and_then(|m| s(m, "title")).unwrap_or("");
    let _ = writeln!(
        h,
        "<details class=\"art{}\" id=\"a-{a}\"{}><summary><b>{}</b> {} <span class=\"n\">{} quote{}</span></summary>",
        if err.is_some() { " err" } else { "" },
        if open { " open" } else { "" },
        escape_html(id),
        escape_html(title),
        quotes.len(),
        if quotes.len() == 1 { "" } else { "s" }
    );
    if let Some(e) = err {
        let msg = e
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| e.to_string());
        let _ = writeln!(h, "<p class=\"errmsg\">error: {}</p>", escape_html(&msg));
    }
    let text = s(r, "text").or_else(|| texts.get(id).map(String::as_str));
    match text {
        Some(t) => {
            let marks = article_marks(a, r, colour);
            let _ = writeln!(h, "<div class=\"text\">{}</div>", nest(t, &marks));
        }
        None => {
            h.push_str("<p class=\"note\">text not available (render with records from <code>extract --keep-text</code> or pass the original inputs)</p>\n<ol>");
            for (qi, q) in quotes.iter().enumerate() {
                let (attrs, first) = quote_attrs(a, qi, q, colour);
                let _ = write!(
                    h,
                    "<li><span{attrs}{first}>{}</span> — {}</li>",
                    escape_html(s(q, "text").unwrap_or("")),
                    escape_html(speaker_of(q))
                );
            }
            h.push_str("</ol>\n");
        }
    }
    h.push_str("</details>\n");
}

fn quote_attrs(a: usize, qi: usize, q: &Value, colour: &HashMap<&str, usize>) -> (String, String) {
    let name = speaker_of(q);
    let kind = s(q, "kind")
        .filter(|k| matches!(*k, "direct" | "indirect" | "mixed"))
        .unwrap_or("other");
    let conf = q.get("confidence").and_then(Value::as_f64);
    let conf_s = conf
        .map(|c| format!("{c:.2}"))
        .unwrap_or_else(|| "–".into());
    let cue = q.get("cue").and_then(|c| s(c, "text")).unwrap_or("–");
    let mention = q.get("speaker").and_then(|c| s(c, "text")).unwrap_or("–");
    let tip = format!("{name} (confidence {conf_s}, {kind}; cue: {cue}; mention: {mention})");
    let attrs = format!(
        " class=\"q k-{kind} c{}\" data-q=\"{a}-{qi}\" data-speaker=\"{}\" data-conf=\"{conf_s}\" \
         data-kind=\"{kind}\" data-cue=\"{}\" data-mention=\"{}\" title=\"{}\"",
        colour.get(name).copied().unwrap_or(0),
        escape_html(name),
        escape_html(cue),
        escape_html(mention),
        escape_html(&tip)
    );
    (attrs, format!(" id=\"q-{a}-{qi}\""))
}

/// The marks for one article: quote fragments, cues, speaker mentions (shared mentions are
/// marked once), entities.
fn article_marks(a: usize, r: &Value, colour: &HashMap<&str, usize>) -> Vec<Mark> {
    let mut marks = Vec::new();
    // (start, end) -> (index into marks) for cue and speaker mentions shared by several quotes
    let mut seen: HashMap<(u8, usize, usize), usize> = HashMap::new();
    for (qi, q) in quotes_of(r).iter().enumerate() {
        let (attrs, first) = quote_attrs(a, qi, q, colour);
        let mut frags: Vec<(usize, usize)> = q
            .get("spans")
            .and_then(Value::as_array)
            .map(|v| {
                v.iter()
                    .filter_map(|p| {
                        Some((p.get(0)?.as_u64()? as usize, p.get(1)?.as_u64()? as usize))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if frags.is_empty() {
            if let (Some(st), Some(en)) = (off(q, "start"), off(q, "end")) {
                frags.push((st, en));
            }
        }
        frags.sort_unstable();
        for (fi, (st, en)) in frags.into_iter().enumerate() {
            marks.push(Mark {
                start: st,
                end: en,
                tag: "span",
                attrs: if fi == 0 {
                    attrs.clone()
                } else {
                    format!("{attrs} data-frag=\"{fi}\"")
                },
                first_attrs: if fi == 0 {
                    first.clone()
                } else {
                    String::new()
                },
                layer: 0,
            });
        }
        let c = colour.get(speaker_of(q)).copied().unwrap_or(0);
        for (kind, key, class) in [(1u8, "cue", "cue"), (2u8, "speaker", "spk")] {
            let Some(m) = q.get(key).filter(|m| m.is_object()) else {
                continue;
            };
            let (Some(st), Some(en)) = (off(m, "start"), off(m, "end")) else {
                continue;
            };
            if let Some(&mi) = seen.get(&(kind, st, en)) {
                // shared by several quotes: note the extra quote on the existing element
                let prev: &mut Mark = &mut marks[mi];
                prev.attrs =
                    prev.attrs
                        .replacen(" data-for=\"", &format!(" data-for=\"q-{a}-{qi} "), 1);
                continue;
            }
            seen.insert((kind, st, en), marks.len());
            let what = if kind == 1 { "cue" } else { "speaker mention" };
            marks.push(Mark {
                start: st,
                end: en,
                tag: "span",
                attrs: format!(
                    " class=\"{class} c{c}\" data-for=\"q-{a}-{qi}\" data-speaker=\"{}\" title=\"{what} → {}\"",
                    escape_html(speaker_of(q)),
                    escape_html(speaker_of(q))
                ),
                first_attrs: String::new(),
                layer: 1,
            });
        }
    }
    if let Some(ents) = r.get("entities").and_then(Value::as_array) {
        for e in ents {
            let (Some(st), Some(en)) = (off(e, "start"), off(e, "end")) else {
                continue;
            };
            let label = s(e, "label").unwrap_or("ENT");
            let score = e
                .get("score")
                .and_then(Value::as_f64)
                .map(|x| format!(" {x:.2}"))
                .unwrap_or_default();
            marks.push(Mark {
                start: st,
                end: en,
                tag: "span",
                attrs: format!(
                    " class=\"ent\" data-label=\"{}\" title=\"{}{}\"",
                    escape_html(label),
                    escape_html(label),
                    score
                ),
                first_attrs: String::new(),
                layer: 1,
            });
        }
    }
    marks
}

const CSS: &str = r#"
:root{--fg:#1d1d1f;--muted:#6b6b70;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:#fafafa}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 4rem;margin-right:19rem}
@media (max-width:1100px){main{margin-right:auto}#panel{display:none}}
h1{font-size:1.5rem;margin:.3rem 0}
h2{font-size:1.15rem;margin:1.2rem 0 .4rem;border-bottom:1px solid var(--line)}
.stats{color:var(--muted)}
.n,.src{color:var(--muted);font-size:.85em}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:.5rem .8rem;background:#fff;border:1px solid var(--line);border-radius:6px}
.speakers{list-style:none;padding:0;columns:2 22rem}
.speakers>li{break-inside:avoid}
.speakers summary{cursor:pointer}
.speakers ol{font-size:.9em;margin:.2rem 0 .5rem}
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;background:hsl(var(--h) var(--s,65%) 50%);vertical-align:-.1em}
details.art{background:#fff;border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.3rem .8rem}
details.art>summary{cursor:pointer;padding:.2rem 0}
details.art.err{border-color:#d33}
.errmsg{color:#b00}
.text{white-space:pre-wrap;overflow-wrap:anywhere;padding:.3rem 0 .6rem}
.q{background:hsl(var(--h) var(--s,70%) 60%/.16);border-bottom:2px solid hsl(var(--h) var(--s,65%) 42%);padding-bottom:1px;cursor:help}
.q.k-indirect{border-bottom-style:dashed}
.q.k-mixed{border-bottom-style:dotted;border-bottom-width:3px}
.q.k-other{border-bottom-style:double;border-bottom-width:3px}
.cue{font-weight:700;color:hsl(var(--h) var(--s,65%) 30%);outline:1px dotted hsl(var(--h) var(--s,65%) 40%);outline-offset:1px}
.cue::before{content:"▸";font-size:.7em;vertical-align:.2em}
.spk{font-weight:700;border:1.5px solid hsl(var(--h) var(--s,65%) 42%);border-radius:3px;padding:0 1px}
.ent{text-decoration:underline;text-decoration-color:#888;text-underline-offset:3px}
.ent:not([data-cont])::after{content:attr(data-label);font-size:.62em;font-weight:400;color:#555;vertical-align:sub;margin-left:1px}
.flash{animation:flash 1.5s}
@keyframes flash{from{outline:3px solid #f90}to{outline:3px solid transparent}}
#panel{position:fixed;top:1rem;right:1rem;width:17rem;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;font-size:.9em}
#panel dt{color:var(--muted);font-size:.85em}
#panel dd{margin:0 0 .4rem}
.c-l{--h:220;--s:0%}
"#;

const LEGEND: &str = "<div class=\"legend\"><b>Legend:</b> \
<span class=\"q k-direct c-l\">direct quote</span> \
<span class=\"q k-indirect c-l\">indirect quote</span> \
<span class=\"q k-mixed c-l\">mixed quote</span> \
<span class=\"cue c-l\">cue</span> \
<span class=\"spk c-l\">speaker mention</span> \
<span class=\"ent\" data-label=\"PER\">entity</span> \
<span class=\"n\">colour = resolved speaker; hover for details</span></div>\n";

const PANEL: &str = "<aside id=\"panel\"><b>Details</b><dl>\
<dt>speaker</dt><dd id=\"p-speaker\">hover a quote</dd>\
<dt>confidence</dt><dd id=\"p-conf\">–</dd>\
<dt>kind</dt><dd id=\"p-kind\">–</dd>\
<dt>cue</dt><dd id=\"p-cue\">–</dd>\
<dt>mention</dt><dd id=\"p-mention\">–</dd></dl></aside>\n";

const JS: &str = r##"(function(){
  var P={speaker:'p-speaker',conf:'p-conf',kind:'p-kind',cue:'p-cue',mention:'p-mention'};
  function show(q){for(var k in P){var e=document.getElementById(P[k]);if(e)e.textContent=q.dataset[k]||'–';}}
  document.addEventListener('mouseover',function(ev){
    var t=ev.target.closest?ev.target.closest('.q,.cue,.spk'):null;if(!t)return;
    if(!t.classList.contains('q')){var id=(t.dataset.for||'').split(' ')[0];t=document.getElementById(id)||t;}
    if(t.classList.contains('q'))show(t);
  });
  function go(){
    var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
    var el=document.getElementById(id);if(!el)return;
    for(var d=el.parentElement;d;d=d.parentElement){if(d.tagName==='DETAILS')d.open=true;}
    el.scrollIntoView({block:'center'});el.classList.remove('flash');void el.offsetWidth;el.classList.add('flash');
    if(el.classList.contains('q'))show(el);
  }
  window.addEventListener('hashchange',go);
  // a link to the hash already in the URL fires no hashchange: open and scroll anyway
  document.addEventListener('click',function(ev){
    var a=ev.target.closest?ev.target.closest('a[href^="#"]'):null;
    if(a&&a.getAttribute('href')===location.hash)setTimeout(go,0);
  });
  function all(o){document.querySelectorAll('details.art').forEach(function(d){d.open=o;});}
  document.getElementById('expand').onclick=function(){all(true);};
  document.getElementById('collapse').onclick=function(){all(false);};
  go();
  // ?show=q-A-I fills the panel without scrolling (for screenshots)
  var sh=/[?&]show=([^&]+)/.exec(location.search);
  if(sh){var se=document.getElementById(decodeURIComponent(sh[1]));if(se&&se.classList.contains('q'))show(se);}
  document.body.setAttribute('data-quote-elements',String(document.querySelectorAll('.q[id^="q-"]').length));
  document.body.setAttribute('data-js','ready');
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(start: usize, end: usize, class: &str, layer: u8) -> Mark {
        Mark {
            start,
            end,
            tag: "span",
            attrs: format!(" class=\"{class}\""),
            first_attrs: String::new(),
            layer,
        }
    }

    /// Strip tags: the text content must be the original text.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// Tags balance like a stack.
    fn balanced(html: &str) -> bool {
        let mut stack = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            let j = rest[i..].find('>').unwrap() + i;
            let tag = &rest[i + 1..j];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name.to_string()) {
                    return false;
                }
            } else {
                stack.push(tag.split_whitespace().next().unwrap().to_string());
            }
            rest = &rest[j + 1..];
        }
        stack.is_empty()
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<script>alert("x&y")</script> it's"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; it&#39;s"
        );
        let html = nest("a <b> c", &[m(2, 5, "q", 0)]);
        assert_eq!(html, "a <span class=\"q\">&lt;b&gt;</span> c");
    }

    #[test]
    fn report_escapes_text_ids_titles_and_errors() {
        let recs = vec![
            json!({"id": "<i>x</i>", "meta": {"title": "<b>T</b>"}, "text": "<script>alert(1)</script> \"Hi,\" he said.",
                   "entities": [], "quotes": [{"kind": "direct", "text": "Hi,", "start": 27, "end": 30,
                   "spans": [[27, 30]], "cue": {"text": "said", "start": 35, "end": 39},
                   "speaker": {"text": "he", "start": 32, "end": 34}, "speaker_name": "<img src=x>", "confidence": 0.9}],
                   "error": null}),
            json!({"id": "bad", "entities": [], "quotes": [], "error": "<oops>"}),
        ];
        let html = render_report(&recs, &HashMap::new()).unwrap();
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<i>x"));
        assert!(!html.contains("<b>T"));
        assert!(html.contains("&lt;oops&gt;"));
        // only our own script element
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("<span class=\"q k-direct"));
        assert!(html.contains("id=\"q-0-0\">Hi,</span>"));
    }

    #[test]
    fn code_point_offsets_with_emoji_before_quote() {
        // 🇺🇸 is two code points (8 bytes); “ and ” are 3 bytes each
        let text = "🇺🇸 😀 He said: “Great day.” Done";
        let chars: Vec<char> = text.chars().collect();
        let start = chars.iter().position(|&c| c == '“').unwrap() + 1;
        let end = chars.iter().position(|&c| c == '”').unwrap();
        assert_eq!(chars[start..end].iter().collect::<String>(), "Great day.");
        let html = nest(text, &[m(start, end, "q", 0), m(5, 7, "spk", 1)]);
        assert!(
            html.contains("<span class=\"q\">Great day.</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"spk\">He</span>"), "{html}");
        assert_eq!(text_of(&html), text);

        let idx = CharIndex::new(text);
        assert_eq!(idx.byte(0), Some(0));
        assert_eq!(idx.byte(2), Some(8));
        assert_eq!(idx.byte(idx.len_chars()), Some(text.len()));
        assert_eq!(idx.byte(idx.len_chars() + 1), None);
    }

    #[test]
    fn out_of_range_and_empty_spans_do_not_panic() {
        let text = "héllo";
        let html = nest(
            text,
            &[
                m(2, 99, "a", 1),
                m(2, 2, "b", 1),
                m(50, 60, "c", 1),
                m(4, 1, "d", 1),
            ],
        );
        assert_eq!(html, "hé<span class=\"a\">llo</span>");
    }

    #[test]
    fn nested_spans_stay_nested() {
        // mixed quote containing its cue; entity inside the speaker mention
        let text = "Russian President Vladimir Putin said Russia was \"fine\" today.";
        let marks = [
            m(0, 32, "spk", 1),
            m(18, 32, "ent", 1),
            m(38, 54, "q", 0),
            m(33, 37, "cue", 1),
        ];
        let html = nest(text, &marks);
        assert!(balanced(&html), "{html}");
        assert_eq!(text_of(&html), text);
        assert!(html.starts_with("<span class=\"spk\">Russian President <span class=\"ent\">Vladimir Putin</span></span>"), "{html}");
        assert!(!html.contains("data-cont"), "{html}");
    }

    #[test]
    fn crossing_spans_are_split_not_broken() {
        // entity crossing a quote start, speaker crossing the quote end
        let text = "abcdefghijklmnop";
        let marks = [m(4, 10, "q", 0), m(2, 6, "ent", 1), m(8, 12, "spk", 1)];
        let html = nest(text, &marks);
        assert!(balanced(&html), "{html}");
        assert_eq!(text_of(&html), text);
        // the quote (layer 0) stays one element; the entity and the speaker are split
        assert_eq!(html.matches("class=\"q\"").count(), 1, "{html}");
        assert_eq!(
            html,
            "ab<span class=\"ent\">cd</span><span class=\"q\"><span class=\"ent\" data-cont=\"1\">ef</span>gh\
             <span class=\"spk\">ij</span></span><span class=\"spk\" data-cont=\"1\">kl</span>mnop"
        );
        // identical spans and a span covering everything
        let html = nest(text, &[m(0, 16, "a", 1), m(3, 5, "b", 1), m(3, 5, "c", 1)]);
        assert!(balanced(&html), "{html}");
        assert_eq!(text_of(&html), text);
    }

    #[test]
    fn multi_span_quote_has_one_anchor_and_shared_speaker_marked_once() {
        let text = "\"A,\" he said, \"B.\" He added \"C.\"";
        let rec = json!({"id": "x", "text": text, "entities": [{"text": "he", "label": "PER", "start": 5, "end": 7}],
            "quotes": [
              {"kind": "direct", "text": "A,\" he said, \"B.", "start": 1, "end": 17, "spans": [[1, 3], [15, 17]],
               "cue": {"text": "said", "start": 8, "end": 12}, "speaker": {"text": "he", "start": 5, "end": 7},
               "speaker_name": "Ann Lee", "confidence": 0.8},
              {"kind": "direct", "text": "C.", "start": 30, "end": 32, "spans": [[30, 32]],
               "cue": {"text": "added", "start": 23, "end": 28}, "speaker": {"text": "he", "start": 5, "end": 7},
               "speaker_name": "Ann Lee", "confidence": 0.7}
            ], "error": null});
        let html = render_report(&[rec], &HashMap::new()).unwrap();
        assert_eq!(html.matches(" id=\"q-0-").count(), 2);
        assert_eq!(html.matches("data-q=\"0-0\"").count(), 2); // two fragments
        assert_eq!(html.matches("class=\"spk c0\"").count(), 1);
        assert!(html.contains("data-for=\"q-0-1 q-0-0\""));
        assert!(html.contains("Ann Lee</span> <span class=\"n\">2 quotes"));
        let body = &html[html.find("<div class=\"text\">").unwrap()..];
        let body = &body[..body.find("</div>").unwrap() + 6];
        assert!(balanced(body), "{body}");
    }

    #[test]
    fn text_from_map_or_missing() {
        let rec = json!({"id": "m", "entities": [], "quotes": [{"kind": "indirect", "text": "it rains",
            "start": 9, "end": 17, "speaker_name": null, "confidence": 0.4}], "error": null});
        let mut texts = HashMap::new();
        texts.insert("m".to_string(), "He noted it rains.".to_string());
        let html = render_report(std::slice::from_ref(&rec), &texts).unwrap();
        assert!(html.contains("id=\"q-0-0\">it rains</span>"), "{html}");
        assert!(html.contains("(no speaker)"));
        let html = render_report(&[rec], &HashMap::new()).unwrap();
        assert!(html.contains("text not available"));
        assert!(html.contains(">it rains</span>"));
    }
}
