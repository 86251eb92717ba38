//! HTML markup and character references -> plain text for the English stages.
//!
//! [`detect`] is a cheap byte scan (no allocation, stops at the first structural tag); it
//! looks for a known tag name after `<` and for character references (`&ldquo;`, `&#8217;`,
//! `&#x2019;`) that really decode. [`clean`] then parses with html5ever (through `scraper`, a
//! browser-grade HTML5 parser that never fails on broken markup) and walks the tree:
//! - text is kept, character references decoded (by the parser);
//! - block elements (`p`, `div`, `h1`, `li`, `blockquote`, ...) become paragraph breaks (a
//!   blank line), `br` and table rows a line break;
//! - `script`, `style`, `noscript`, `template`, `head`, `iframe`, `svg`, `nav`, `aside`,
//!   `footer`, `form`, `button`, elements with the `hidden` attribute, and elements whose
//!   `class` or `id` has an ad-like word ([`BOILERPLATE_WORDS`]: `ad`, `advert`, `promo`,
//!   `subscribe`, `newsletter`, ...) are dropped with their content;
//! - in a markup document (one with block tags), runs of ASCII whitespace collapse to one space
//!   as a browser shows them (`pre` keeps its own); in text that only has inline tags or
//!   references, the text's own line breaks are kept.
//!
//! Text with references but no tags is decoded with `html-escape` (the full HTML5 entity
//! table), leaving everything else byte for byte.

use scraper::node::Node;
use scraper::Html;

/// What kind of markup a text holds (ordered: more markup compares greater).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Markup {
    /// Plain text: nothing to clean.
    None,
    /// Character references only (`&ldquo;`, `&#8217;`).
    References,
    /// Inline tags only (`<a href=...>`, `<em>`): text with some markup left in.
    Inline,
    /// Block or document tags (`<p>`, `<div>`, `<br>`, `<html>`, comments, doctype).
    Document,
}

/// Elements that become a paragraph break.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "ul",
];
/// Elements that become a line break.
const LINE: &[&str] = &["br", "tr", "caption"];
/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "aside", "button", "canvas", "embed", "footer", "form", "head", "iframe", "nav", "noscript",
    "object", "script", "select", "style", "svg", "template", "textarea", "title",
];
/// Tag names that, besides [`BLOCK`], [`LINE`] and [`DROPPED`], mark a document as HTML.
const DOCUMENT_ONLY: &[&str] = &["meta", "link", "body", "img", "picture", "source", "video"];
/// Inline tag names: their text is kept.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "td", "th",
];
/// A `class` or `id` containing one of these words (split at `-`, `_`, spaces; any case) marks
/// boilerplate: ads, subscription and newsletter boxes, share bars, cookie banners.
pub const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "sponsored",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "paywall",
    "cookie",
    "cookies",
    "share",
    "sharing",
    "social",
    "related",
    "outbrain",
    "taboola",
];

fn tag_kind(name: &[u8]) -> Option<Markup> {
    let name = std::str::from_utf8(name).ok()?.to_ascii_lowercase();
    let n = name.as_str();
    if BLOCK.contains(&n) || LINE.contains(&n) || DROPPED.contains(&n) || DOCUMENT_ONLY.contains(&n)
    {
        Some(Markup::Document)
    } else if INLINE.contains(&n) {
        Some(Markup::Inline)
    } else {
        None
    }
}

/// The markup kind of the tag starting at `b[i] == b'<'`, if it is a known tag.
fn tag_at(b: &[u8], i: usize) -> Option<Markup> {
    let rest = &b[i + 1..];
    if rest.starts_with(b"!--") || rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"!doctype") {
        return Some(Markup::Document);
    }
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let n = rest
        .iter()
        .take(11)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if n == 0 || n > 10 {
        return None;
    }
    // the name must end the tag or be followed by attributes / self-closing
    match rest.get(n) {
        Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r') => tag_kind(&rest[..n]),
        _ => None,
    }
}

/// Is the `&` at `b[i]` a character reference that decodes (`&amp;`, `&#39;`, `&#x2019;`)?
fn reference_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let rest = &b[i + 1..];
    let n = rest
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    if n == 0 || n > 32 || rest.get(n) != Some(&b';') {
        return false;
    }
    let cand = &text[i..i + n + 2];
    matches!(html_escape::decode_html_entities(cand), std::borrow::Cow::Owned(s) if s != cand)
}

/// What markup `text` holds: a scan for `<` and `&`, stopping at the first structural tag.
pub fn detect(text: &str) -> Markup {
    let b = text.as_bytes();
    let mut found = Markup::None;
    for i in memchr::memchr2_iter(b'<', b'&', b) {
        if b[i] == b'<' {
            match tag_at(b, i) {
                Some(Markup::Document) => return Markup::Document,
                Some(m) => found = found.max(m),
                None => {}
            }
        } else if found < Markup::References && reference_at(text, i) {
            found = Markup::References;
        }
    }
    found
}

/// Markup nested deeper than this is refused (an error record) rather than parsed: the HTML5
/// tree builder scans its stack of open elements at most start tags, so thousands of unclosed
/// `<div>`s cost time quadratic in their number (20 000 of them: seconds).
pub const MAX_DEPTH: usize = 1000;

/// Elements without content or whose end tag the parser supplies itself when a sibling starts
/// (`<p>a<p>b`): they do not deepen the stack of open elements.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "colgroup", "dd", "dt", "embed", "hr", "img", "input", "li",
    "link", "meta", "option", "optgroup", "p", "param", "rp", "rt", "source", "tbody", "td",
    "tfoot", "th", "thead", "tr", "track", "wbr",
];

/// An upper estimate of how deep `text`'s elements nest (a linear scan of tag names: each
/// start tag of a nesting element opens one level, each end tag closes one).
pub fn nesting_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    for i in memchr::memchr_iter(b'<', b) {
        let rest = &b[i + 1..];
        let (close, rest) = match rest.strip_prefix(b"/") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let n = rest
            .iter()
            .take(16)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if n == 0 || !rest[0].is_ascii_alphabetic() {
            continue;
        }
        let name = std::str::from_utf8(&rest[..n])
            .unwrap_or_default()
            .to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Builds the cleaned text: pending breaks and spaces are written only before the next text,
/// so the result has no leading/trailing blank lines and no doubled separators.
struct Out {
    s: String,
    /// 0: none, 1: line break, 2: paragraph break.
    brk: u8,
    space: bool,
}

impl Out {
    fn flush(&mut self) {
        if !self.s.is_empty() {
            match self.brk {
                2 => {
                    let t = self.s.trim_end_matches([' ', '\t']).len();
                    self.s.truncate(t);
                    if !self.s.ends_with("\n\n") {
                        self.s
                            .push_str(if self.s.ends_with('\n') { "\n" } else { "\n\n" });
                    }
                }
                1 => {
                    let t = self.s.trim_end_matches([' ', '\t']).len();
                    self.s.truncate(t);
                    if !self.s.ends_with('\n') {
                        self.s.push('\n');
                    }
                }
                _ if self.space && !self.s.ends_with(char::is_whitespace) => self.s.push(' '),
                _ => {}
            }
        }
        self.brk = 0;
        self.space = false;
    }

    fn text(&mut self, t: &str, collapse: bool) {
        if !collapse {
            if !t.is_empty() {
                self.flush();
                self.s.push_str(t);
            }
            return;
        }
        for (k, piece) in t.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if k > 0 {
                self.space = true;
            }
            if !piece.is_empty() {
                self.flush();
                self.s.push_str(piece);
            }
        }
    }

    fn brk(&mut self, n: u8) {
        self.brk = self.brk.max(n);
    }
}

fn is_boilerplate(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    let words = |v: Option<&str>| {
        v.is_some_and(|v| {
            v.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| BOILERPLATE_WORDS.iter().any(|b| b.eq_ignore_ascii_case(w)))
        })
    };
    words(e.attr("class")) || words(e.attr("id"))
}

/// The plain text of `text`, which holds `markup` (see the module docs). `Markup::None`
/// returns the text unchanged. Fails only on markup nested deeper than [`MAX_DEPTH`].
pub fn clean(text: &str, markup: Markup) -> Result<String, String> {
    match markup {
        Markup::None => Ok(text.to_string()),
        Markup::References => Ok(html_escape::decode_html_entities(text).into_owned()),
        Markup::Inline | Markup::Document => {
            let depth = nesting_depth(text);
            if depth > MAX_DEPTH {
                return Err(format!(
                    "HTML nested {depth} elements deep (more than {MAX_DEPTH}): not cleaned; \
                     --no-html processes the text as it is"
                ));
            }
            let collapse = markup == Markup::Document;
            let html = Html::parse_document(text);
            let mut out = Out {
                s: String::with_capacity(text.len()),
                brk: 0,
                space: false,
            };
            // iterative walk (no recursion: corrupt markup can nest thousands deep)
            let mut skip: Option<ego_tree::NodeId> = None;
            let mut pre = 0usize;
            for edge in html.tree.root().traverse() {
                match edge {
                    ego_tree::iter::Edge::Open(n) => {
                        if skip.is_some() {
                            continue;
                        }
                        match n.value() {
                            Node::Text(t) => out.text(t, collapse && pre == 0),
                            Node::Element(e) => {
                                let name = e.name();
                                if DROPPED.contains(&name) || is_boilerplate(e) {
                                    skip = Some(n.id());
                                } else if BLOCK.contains(&name) {
                                    out.brk(2);
                                    if name == "pre" {
                                        pre += 1;
                                    }
                                } else if LINE.contains(&name) {
                                    out.brk(1);
                                } else if name == "td" || name == "th" {
                                    out.space = true;
                                }
                            }
                            _ => {}
                        }
                    }
                    ego_tree::iter::Edge::Close(n) => {
                        if skip == Some(n.id()) {
                            skip = None;
                            continue;
                        }
                        if skip.is_some() {
                            continue;
                        }
                        if let Node::Element(e) = n.value() {
                            let name = e.name();
                            if BLOCK.contains(&name) {
                                out.brk(2);
                                if name == "pre" {
                                    pre = pre.saturating_sub(1);
                                }
                            } else if name == "tr" {
                                out.brk(1);
                            }
                        }
                    }
                }
            }
            let end = out.s.trim_end().len();
            out.s.truncate(end);
            Ok(out.s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_documents_inline_tags_and_references() {
        assert_eq!(detect("<p>Hi</p>"), Markup::Document);
        assert_eq!(detect("a <br/> b"), Markup::Document);
        assert_eq!(detect("<!-- x --> y"), Markup::Document);
        assert_eq!(detect("<!DOCTYPE html><html>"), Markup::Document);
        assert_eq!(detect("see <a href=\"x\">this</a>"), Markup::Inline);
        assert_eq!(detect("&ldquo;Hi,&rdquo; he said"), Markup::References);
        assert_eq!(detect("It&#8217;s &#x2019;"), Markup::References);
    }

    #[test]
    fn plain_text_is_not_markup() {
        for t in [
            "AT&T and S&P 500 rose; R&D & more",
            "if a < b and c > d",
            "x <tweet id=\"1\"><tweet/> y",
            "&notanentity; &; &#; <3 <-- <>",
            "",
        ] {
            assert_eq!(detect(t), Markup::None, "{t}");
        }
    }

    #[test]
    fn issue_example_is_cleaned() {
        let t = "<p>&ldquo;We&rsquo;re ready,&rdquo; said Mayor Jane Roe.</p>\
                 <div class=\"ad\">Subscribe now!</div>";
        assert_eq!(
            clean(t, detect(t)).unwrap(),
            "“We’re ready,” said Mayor Jane Roe."
        );
    }

    #[test]
    fn blocks_become_paragraphs_and_whitespace_collapses() {
        let t = "<html><head><title>T</title><script>var x = 1;</script></head><body>\n\
                 <h1>Headline  here</h1>\n<p>First\n   paragraph.</p><p>Second<br>line.</p>\
                 <ul><li>one</li><li>two</li></ul><style>p{}</style></body></html>";
        assert_eq!(
            clean(t, detect(t)).unwrap(),
            "Headline here\n\nFirst paragraph.\n\nSecond\nline.\n\none\n\ntwo"
        );
    }

    #[test]
    fn inline_tags_keep_the_texts_own_lines() {
        let t = "He said <a href=\"u\">this</a>.\n\nNext   paragraph &amp; more.";
        assert_eq!(
            clean(t, detect(t)).unwrap(),
            "He said this.\n\nNext   paragraph & more."
        );
    }

    #[test]
    fn references_only_are_decoded_in_place() {
        let t = "&ldquo;Hi,&rdquo; he said.\n\nAT&T &eacute;t&eacute; &#8212; &#x2019;";
        assert_eq!(
            clean(t, detect(t)).unwrap(),
            "“Hi,” he said.\n\nAT&T été — ’"
        );
    }

    #[test]
    fn boilerplate_is_dropped() {
        let t = "<article><p>Kept.</p><div id=\"newsletter-signup\">Sign up</div>\
                 <aside>Related stories</aside><p hidden>x</p>\
                 <div class=\"social-share\">Tweet</div><div class=\"header\">Also kept.</div></article>";
        assert_eq!(clean(t, detect(t)).unwrap(), "Kept.\n\nAlso kept.");
    }

    #[test]
    fn corrupt_markup_does_not_fail() {
        for t in [
            "<p>unclosed <b>bold <i>both</p> after</div></span>",
            "<div><p>“Quote,” she said</div></div></p>&",
            "<p><<<>>>&#xZZ; &#99999999; </p",
            &"<div>".repeat(MAX_DEPTH),
            &"<p>para".repeat(5000),
        ] {
            let c = clean(t, detect(t)).unwrap();
            assert!(c.len() <= t.len() * 4);
        }
        // pathological nesting is refused, in linear time
        let deep = "<div>".repeat(200_000);
        let err = clean(&deep, detect(&deep)).unwrap_err();
        assert!(err.contains("200000 elements deep"), "{err}");
        assert_eq!(nesting_depth("<div><p>a<p>b<br><img src=x></div><div>"), 1);
        let t = "<p>unclosed <b>bold <i>both</p> after";
        assert_eq!(clean(t, detect(t)).unwrap(), "unclosed bold both\n\nafter");
    }

    #[test]
    fn pre_keeps_its_whitespace() {
        let t = "<p>a   b</p><pre>x   y\nz</pre>";
        assert_eq!(clean(t, detect(t)).unwrap(), "a b\n\nx   y\nz");
    }
}
