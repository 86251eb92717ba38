//! Closed word classes for the speaker and content chunkers: auxiliaries and adverbs, time
//! words, pronouns, determiners, noun-phrase stops, prepositions, clause breaks, titles,
//! speech and document nouns. Inflections are listed explicitly.

/// Words that sit between a subject and its cue: `has also said`, `then pointed out`.
pub fn is_aux_or_adverb(lower: &str) -> bool {
    const W: &[&str] = &[
        "also",
        "has",
        "have",
        "had",
        "then",
        "later",
        "previously",
        "repeatedly",
        "once",
        "again",
        "recently",
        "reportedly",
        "would",
        "will",
        "did",
        "does",
        "do",
        "could",
        "may",
        "might",
        "is",
        "was",
        "were",
        "are",
        "been",
        "be",
        "not",
        "never",
        "first",
        "further",
        "only",
        "even",
        "just",
        "still",
        "often",
        "long",
        "already",
        "now",
        "since",
        "all",
        "both",
        "himself",
        "herself",
        "themselves",
        "itself",
        "can",
        "should",
        "must",
        "shall",
        "never",
        "always",
        "ever",
        "subsequently",
        "separately",
        "immediately",
        "simply",
        "n't",
        "sometimes",
        "last",
        "week",
        "yesterday",
        "today",
        "tonight",
    ];
    W.contains(&lower)
        || (lower.len() > 4 && lower.ends_with("ly") && !lower.ends_with("ply"))
        // negated auxiliaries as one token: `didn't`, `don't` (curly apostrophes are folded)
        || (lower.len() > 3 && lower.ends_with("n't"))
        || lower == "cannot"
}

/// The last word of an adverbial time phrase that may stand between a subject and its verb
/// (`Trump at the time said`, `allies have in the past said`, `critics have in particular
/// noted`, `Fiorina a month later announced`).
pub fn is_time_phrase_end(lower: &str) -> bool {
    is_time_word(lower)
        || matches!(
            lower,
            "past"
                | "time"
                | "moment"
                | "particular"
                | "general"
                | "days"
                | "weeks"
                | "months"
                | "years"
                | "hours"
                | "minutes"
                | "ago"
        )
}

/// Cue words whose base form is as often a noun (`a false claim that`, `his initial tweet`).
pub fn is_base_form_noun_cue(lower: &str) -> bool {
    matches!(
        lower,
        "claim"
            | "tweet"
            | "vow"
            | "pledge"
            | "hope"
            | "promise"
            | "report"
            | "call"
            | "note"
            | "charge"
            | "estimate"
            | "warning"
            | "comment"
            | "reply"
            | "answer"
            | "boast"
            | "demand"
            | "request"
            | "statement"
    )
}

/// Nouns of saying whose possessor is the speaker of a quote right after them (`her remark
/// that "..."`, `his call for "..."`, `Bush's Facebook post: "..."`).
pub fn is_speech_noun(lower: &str) -> bool {
    let base = lower.strip_suffix('s').unwrap_or(lower);
    matches!(
        base,
        "comment"
            | "remark"
            | "claim"
            | "assertion"
            | "statement"
            | "call"
            | "promise"
            | "pledge"
            | "vow"
            | "warning"
            | "contention"
            | "argument"
            | "insistence"
            | "declaration"
            | "word"
            | "message"
            | "post"
            | "tweet"
            | "rejection"
            | "refrain"
            | "plea"
            | "suggestion"
            | "accusation"
            | "denial"
            | "admission"
            | "prediction"
            | "boast"
            | "description"
            | "characterization"
            | "quip"
            | "response"
            | "reply"
            | "answer"
            | "testimony"
            | "complaint"
            | "observation"
            | "explanation"
            | "announcement"
            | "question"
            | "request"
            | "demand"
            | "charge"
            | "criticism"
            | "slogan"
            | "mantra"
    )
}

/// A word that reads as a plural noun: ends in `s`, but not `ss` / `us` / `is` (`press`,
/// `previous`, `this`).
pub fn looks_plural(lower: &str) -> bool {
    lower.len() > 3
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
}

/// Verbs that take an -ing complement whose subject is their own (`kept asking`, `began
/// writing`, `continue calling`).
pub fn is_catenative(lower: &str) -> bool {
    matches!(
        lower,
        "kept"
            | "keep"
            | "keeps"
            | "began"
            | "begin"
            | "begins"
            | "started"
            | "start"
            | "starts"
            | "stopped"
            | "stop"
            | "stops"
            | "continued"
            | "continue"
            | "continues"
            | "resumed"
            | "quit"
            | "avoided"
            | "denied"
    )
}

/// Documents and counts that an `according to` names before their author (`according to an
/// analysis by the Pew Research Center`, `according to a recent report from ...`).
pub fn is_document_noun(lower: &str) -> bool {
    matches!(
        lower,
        "report"
            | "reports"
            | "analysis"
            | "study"
            | "studies"
            | "survey"
            | "poll"
            | "polls"
            | "review"
            | "count"
            | "tally"
            | "estimate"
            | "estimates"
            | "data"
            | "figures"
            | "statement"
            | "memo"
            | "letter"
            | "filing"
            | "filings"
            | "records"
            | "documents"
            | "audit"
            | "calculations"
            | "projections"
            | "research"
            | "story"
            | "article"
            | "post"
            | "interviews"
            | "audio"
            | "video"
            | "transcript"
            | "transcripts"
    )
}

/// Cue words that are as often nouns (`the report`, `his claims`, `Sunday shows`).
pub fn is_noun_homograph(lower: &str) -> bool {
    matches!(
        lower,
        "states"
            | "state"
            | "calls"
            | "call"
            | "claims"
            | "claim"
            | "notes"
            | "note"
            | "shows"
            | "show"
            | "points"
            | "point"
            | "reports"
            | "report"
            | "charges"
            | "charge"
            | "questions"
            | "demands"
            | "promises"
            | "promise"
            | "estimates"
            | "cites"
            | "warning"
            | "stress"
            | "complaint"
    )
}

/// Days and other time words that sit in phrases between a subject and its cue.
/// Irregular verbs that report a quote they follow: `"...," he went on.`, `she began`.
pub fn is_irregular_report_verb(lower: &str) -> bool {
    matches!(
        lower,
        "went" | "goes" | "began" | "begins" | "put" | "puts" | "spoke" | "shot" | "quipped"
    )
}

pub fn is_time_word(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "week"
            | "weekend"
            | "month"
            | "year"
            | "recently"
            | "earlier"
            | "later"
    )
}

pub fn is_pronoun(lower: &str) -> bool {
    matches!(
        lower,
        "he" | "she" | "they" | "it" | "we" | "i" | "you" | "who" | "which" | "that"
    )
}

/// Words that end a noun phrase when chunking leftwards from a cue.
///
/// A word list: long only because rustfmt lays it out one word per line.
pub fn is_np_stop(lower: &str) -> bool {
    const W: &[&str] = &[
        "in",
        "on",
        "at",
        "with",
        "by",
        "from",
        "to",
        "into",
        "about",
        "after",
        "before",
        "during",
        "over",
        "under",
        "since",
        "when",
        "while",
        "as",
        "because",
        "if",
        "than",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "that",
        "though",
        "although",
        "whether",
        "where",
        "what",
        "how",
        "why",
        "whom",
        "whose",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "not",
        "also",
        "then",
        "this",
        "these",
        "those",
        "there",
        "here",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "is",
        "being",
        "against",
        "between",
        "through",
        "without",
        "within",
        "upon",
        "like",
        "unlike",
        "including",
        "however",
        "meanwhile",
        "instead",
        "earlier",
        "later",
        "still",
        "yet",
        "just",
        "now",
        "after",
        "until",
        "once",
        "even",
        "ago",
    ];
    W.contains(&lower)
}

pub fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "some"
            | "many"
            | "several"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "most"
            | "other"
            | "another"
            | "both"
            | "each"
            | "few"
            | "numerous"
    )
}

/// Tokens that, following a cue, introduce a PP or time expression to skip before the content.
pub fn is_pp_start(lower: &str) -> bool {
    const W: &[&str] = &[
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "to",
        "from",
        "via",
        "through",
        "with",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tonight",
        "last",
        "this",
        "earlier",
        "later",
        "recently",
        "repeatedly",
        "previously",
        "again",
        "also",
        "publicly",
        "privately",
        "flatly",
        "candidly",
        "bluntly",
        "simply",
        "once",
        "twice",
        "for",
        "by",
    ];
    W.contains(&lower)
}

/// Conjunctions that end a reported clause: `..., though she acknowledged`.
pub fn is_clause_break(lower: &str) -> bool {
    matches!(
        lower,
        "though"
            | "although"
            | "but"
            | "while"
            | "whereas"
            | "adding"
            | "saying"
            | "noting"
            | "according"
            | "arguing"
            | "insisting"
            | "explaining"
            | "citing"
            | "prompting"
            | "which"
            | "who"
    )
}

/// Title words stripped from a name to get its canonical form (`Russian President Vladimir
/// Putin` -> `Vladimir Putin`), also used to link descriptions (`the Russian president`).
///
/// A word list: long only because rustfmt lays it out one word per line.
pub fn is_title(lower: &str) -> bool {
    const W: &[&str] = &[
        "president",
        "vice",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "gov",
        "gov.",
        "governor",
        "secretary",
        "minister",
        "prime",
        "chancellor",
        "mayor",
        "judge",
        "justice",
        "attorney",
        "general",
        "gen",
        "gen.",
        "lt",
        "lt.",
        "col",
        "col.",
        "sgt",
        "sgt.",
        "capt",
        "capt.",
        "adm",
        "adm.",
        "rev",
        "rev.",
        "prof",
        "prof.",
        "professor",
        "speaker",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press",
        "candidate",
        "nominee",
        "ambassador",
        "commissioner",
        "sheriff",
        "chief",
        "pope",
        "king",
        "queen",
        "prince",
        "princess",
        "sir",
        "dame",
        "lord",
        "former",
        "democratic",
        "republican",
        "gop",
        "presidential",
        "state",
        "house",
        "senate",
        "majority",
        "minority",
        "deputy",
        "acting",
        "executive",
        "ceo",
        "founder",
        "host",
        "anchor",
        "correspondent",
        "adviser",
        "advisor",
        "aide",
        "manager",
        "strategist",
        "pollster",
        "analyst",
        "economist",
        "officer",
        "official",
        "agent",
        "councilman",
        "councilwoman",
        "congressman",
        "congresswoman",
        "assemblyman",
        "assemblywoman",
        "lawmaker",
        "delegate",
        "campaign",
        "st",
        "st.",
    ];
    W.contains(&lower)
}

/// Capitalised words that are not names at the start of a sentence or on their own.
///
/// A word list: long only because rustfmt lays it out one word per line.
pub fn is_capitalised_function_word(lower: &str) -> bool {
    const W: &[&str] = &[
        "the",
        "a",
        "an",
        "but",
        "and",
        "or",
        "in",
        "on",
        "at",
        "as",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "for",
        "with",
        "by",
        "from",
        "to",
        "of",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "some",
        "many",
        "one",
        "asked",
        "speaking",
        "according",
        "last",
        "next",
        "then",
        "so",
        "yet",
        "still",
        "now",
        "also",
        "however",
        "meanwhile",
        "instead",
        "what",
        "who",
        "which",
        "how",
        "why",
        "where",
        "not",
        "no",
        "yes",
        "all",
        "both",
        "each",
        "every",
        "other",
        "another",
        "such",
        "more",
        "most",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mr",
        "mrs",
        "ms",
        "dr",
        "read",
        "related",
        "photo",
        "video",
        "watch",
        "see",
        "click",
        "even",
        "just",
        "only",
        "well",
        "do",
        "does",
        "did",
        "is",
        "was",
        "are",
        "were",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "let",
        "we're",
        "i'm",
        "it's",
        "that's",
        "there's",
        "don't",
        "can't",
        "during",
        "despite",
        "because",
        "although",
        "though",
        "unlike",
        "like",
        "about",
        "over",
        "under",
        "into",
        "through",
        "without",
        "within",
        "among",
        "between",
        "against",
        "until",
        "once",
        "whether",
    ];
    W.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adverbs_between_subject_and_cue() {
        assert!(is_aux_or_adverb("also"));
        assert!(is_aux_or_adverb("essentially"));
        assert!(!is_aux_or_adverb("reply"));
    }
}
