//! What a `he` / `she` may refer to: person descriptions (word list as data) and the cleaning
//! of speaker mentions that swallowed a dateline or a headline.

use crate::document::Span;

/// Singular nouns that describe one person (`a bartender`, `the senator`, `one questioner`).
/// A description whose head is not here (`exit surveys of voters`, `the article`, `critics`)
/// is not a person a `he` / `she` can refer to.
const PERSON_NOUNS: &[&str] = &[
    "president",
    "senator",
    "governor",
    "mayor",
    "secretary",
    "minister",
    "chancellor",
    "judge",
    "justice",
    "attorney",
    "lawyer",
    "general",
    "colonel",
    "sergeant",
    "captain",
    "admiral",
    "officer",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "speaker",
    "leader",
    "chairman",
    "chairwoman",
    "director",
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
    "deputy",
    "ceo",
    "founder",
    "host",
    "anchor",
    "correspondent",
    "reporter",
    "journalist",
    "editor",
    "columnist",
    "writer",
    "author",
    "adviser",
    "advisor",
    "aide",
    "manager",
    "strategist",
    "pollster",
    "analyst",
    "economist",
    "agent",
    "councilman",
    "councilwoman",
    "congressman",
    "congresswoman",
    "assemblyman",
    "assemblywoman",
    "lawmaker",
    "legislator",
    "delegate",
    "representative",
    "man",
    "woman",
    "boy",
    "girl",
    "person",
    "bartender",
    "waiter",
    "waitress",
    "driver",
    "worker",
    "teacher",
    "student",
    "professor",
    "doctor",
    "nurse",
    "physician",
    "surgeon",
    "scientist",
    "researcher",
    "expert",
    "historian",
    "father",
    "mother",
    "son",
    "daughter",
    "brother",
    "sister",
    "husband",
    "wife",
    "uncle",
    "aunt",
    "grandmother",
    "grandfather",
    "friend",
    "neighbor",
    "neighbour",
    "resident",
    "voter",
    "supporter",
    "opponent",
    "critic",
    "protester",
    "demonstrator",
    "veteran",
    "soldier",
    "owner",
    "businessman",
    "businesswoman",
    "executive",
    "employee",
    "farmer",
    "priest",
    "pastor",
    "minister",
    "rabbi",
    "imam",
    "activist",
    "organizer",
    "volunteer",
    "witness",
    "victim",
    "suspect",
    "defendant",
    "plaintiff",
    "prosecutor",
    "detective",
    "questioner",
    "caller",
    "viewer",
    "reader",
    "fan",
    "member",
    "citizen",
    "immigrant",
    "politician",
    "diplomat",
    "negotiator",
    "consultant",
    "operative",
    "staffer",
    "donor",
    "billionaire",
    "millionaire",
    "mogul",
    "actor",
    "actress",
    "singer",
    "player",
    "coach",
    "athlete",
    "parent",
    "mom",
    "dad",
    "grandma",
    "grandpa",
    "child",
    "teenager",
    "official",
    "investigator",
    "inspector",
    "lieutenant",
    "commander",
    "pilot",
    "officeholder",
    "incumbent",
    "challenger",
    "contender",
    "hopeful",
    "runner-up",
    "chairperson",
    "head",
    "insider",
    "source",
    "lobbyist",
    "attendee",
    "participant",
    "guest",
    "panelist",
    "moderator",
    "interviewer",
    "interviewee",
    "bishop",
    "cardinal",
    "monk",
    "nun",
    "chef",
    "cook",
    "clerk",
    "cashier",
    "guard",
    "firefighter",
    "cop",
    "policeman",
    "policewoman",
    "trooper",
    "marine",
    "sailor",
    "ranger",
    "vice-president",
    "vp",
    "economist",
    "physicist",
    "professor",
    "dean",
    "principal",
    "superintendent",
    "administrator",
    "treasurer",
    "comptroller",
    "auditor",
    "governor-elect",
    "president-elect",
];

/// A person's grammatical gender, as far as a `he` / `she` needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// Gendered titles and person nouns (`Mr.`, `congresswoman`, `mother`).
pub fn title_gender(lower: &str) -> Option<Gender> {
    const M: &[&str] = &[
        "mr",
        "mr.",
        "congressman",
        "spokesman",
        "chairman",
        "businessman",
        "assemblyman",
        "councilman",
        "policeman",
        "king",
        "prince",
        "sir",
        "lord",
        "father",
        "brother",
        "son",
        "husband",
        "man",
        "boy",
        "uncle",
        "grandfather",
        "dad",
        "grandpa",
        "actor",
        "waiter",
    ];
    const F: &[&str] = &[
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "congresswoman",
        "spokeswoman",
        "chairwoman",
        "businesswoman",
        "assemblywoman",
        "councilwoman",
        "policewoman",
        "queen",
        "princess",
        "dame",
        "lady",
        "mother",
        "sister",
        "daughter",
        "wife",
        "woman",
        "girl",
        "aunt",
        "grandmother",
        "mom",
        "grandma",
        "actress",
        "waitress",
        "widow",
    ];
    if M.contains(&lower) {
        Some(Gender::Male)
    } else if F.contains(&lower) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Common first names with an unambiguous gender (news of US politics and beyond); others
/// give no gender, and a name with no gender fits either pronoun.
pub fn first_name_gender(lower: &str) -> Option<Gender> {
    const M: &[&str] = &[
        "donald",
        "bill",
        "barack",
        "mike",
        "tim",
        "bernie",
        "ted",
        "marco",
        "chris",
        "jeb",
        "john",
        "james",
        "robert",
        "michael",
        "william",
        "david",
        "richard",
        "joseph",
        "thomas",
        "charles",
        "daniel",
        "matthew",
        "anthony",
        "mark",
        "paul",
        "steven",
        "stephen",
        "george",
        "kenneth",
        "andrew",
        "joshua",
        "kevin",
        "brian",
        "edward",
        "ronald",
        "timothy",
        "jason",
        "jeffrey",
        "ryan",
        "jacob",
        "gary",
        "eric",
        "jonathan",
        "larry",
        "justin",
        "scott",
        "frank",
        "benjamin",
        "gregory",
        "raymond",
        "samuel",
        "patrick",
        "alexander",
        "jack",
        "dennis",
        "jerry",
        "tyler",
        "aaron",
        "jose",
        "henry",
        "adam",
        "douglas",
        "nathan",
        "peter",
        "zachary",
        "kyle",
        "walter",
        "harold",
        "jeremy",
        "ethan",
        "carl",
        "keith",
        "roger",
        "gerald",
        "christian",
        "terry",
        "sean",
        "arthur",
        "austin",
        "noah",
        "lawrence",
        "jesse",
        "joe",
        "bryan",
        "billy",
        "jordan",
        "albert",
        "dylan",
        "bruce",
        "willie",
        "gabriel",
        "alan",
        "juan",
        "logan",
        "wayne",
        "ralph",
        "roy",
        "eugene",
        "randy",
        "vincent",
        "russell",
        "louis",
        "philip",
        "bobby",
        "johnny",
        "bradley",
        "vladimir",
        "rudy",
        "newt",
        "reince",
        "corey",
        "mitch",
        "harry",
        "chuck",
        "rand",
        "rick",
        "ben",
        "jim",
        "tom",
        "dick",
        "al",
        "joe",
        "martin",
        "stevie",
        "will",
        "jeh",
        "lloyd",
        "josh",
        "ed",
        "don",
        "norman",
        "jon",
        "howard",
        "sergey",
        "dmitry",
        "bashar",
        "recep",
        "xi",
        "shinzo",
        "francois",
        "boris",
        "nigel",
        "david",
        "justin",
        "enrique",
        "hugo",
        "fidel",
        "raul",
    ];
    const F: &[&str] = &[
        "hillary",
        "kellyanne",
        "nancy",
        "elizabeth",
        "michelle",
        "melania",
        "ivanka",
        "jill",
        "mary",
        "patricia",
        "jennifer",
        "linda",
        "barbara",
        "susan",
        "jessica",
        "sarah",
        "karen",
        "lisa",
        "betty",
        "margaret",
        "sandra",
        "ashley",
        "kimberly",
        "emily",
        "donna",
        "carol",
        "amanda",
        "melissa",
        "deborah",
        "stephanie",
        "rebecca",
        "sharon",
        "laura",
        "cynthia",
        "kathleen",
        "amy",
        "angela",
        "shirley",
        "anna",
        "brenda",
        "pamela",
        "emma",
        "nicole",
        "helen",
        "samantha",
        "katherine",
        "christine",
        "debra",
        "rachel",
        "carolyn",
        "janet",
        "catherine",
        "maria",
        "heather",
        "diane",
        "ruth",
        "julie",
        "olivia",
        "joyce",
        "virginia",
        "victoria",
        "kelly",
        "lauren",
        "christina",
        "joan",
        "evelyn",
        "judith",
        "megan",
        "andrea",
        "cheryl",
        "hannah",
        "jacqueline",
        "martha",
        "gloria",
        "teresa",
        "ann",
        "sara",
        "madison",
        "frances",
        "kathryn",
        "janice",
        "jean",
        "abigail",
        "alice",
        "julia",
        "judy",
        "sophia",
        "grace",
        "denise",
        "amber",
        "doris",
        "marilyn",
        "danielle",
        "beverly",
        "isabella",
        "theresa",
        "diana",
        "natalie",
        "brittany",
        "charlotte",
        "marie",
        "kayla",
        "alexis",
        "lori",
        "loretta",
        "condoleezza",
        "madeleine",
        "sheryl",
        "oprah",
        "patti",
        "kamala",
        "abby",
        "aparna",
        "dana",
        "claire",
        "huma",
        "cheryl",
        "donna",
        "debbie",
        "tulsi",
        "nikki",
        "sarah",
        "theresa",
        "marine",
        "alicia",
        "rosie",
        "megyn",
        "katy",
        "katie",
        "meryl",
        "beyonce",
        "jane",
        "gennifer",
        "paula",
        "juanita",
        "kathleen",
        "hope",
        "anne",
        "ivana",
        "chelsea",
        "tiffany",
        "lara",
    ];
    if M.contains(&lower) {
        Some(Gender::Male)
    } else if F.contains(&lower) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Is `lower` (one lower-case word) a noun describing one person?
pub fn is_person_noun(lower: &str) -> bool {
    PERSON_NOUNS.contains(&lower)
}

/// Is the written description (`a bartender`, `The Republican presidential nominee`,
/// `Gary Johnson's doctor`) one person? Its head (last word, before any `of` / `who` / `,`)
/// must be a person noun.
pub fn is_person_description(mention: &str) -> bool {
    let lower = mention.to_lowercase();
    let cut = [" of ", " who ", " with ", " at ", " in ", " for ", ","]
        .iter()
        .filter_map(|c| lower.find(c))
        .min()
        .unwrap_or(lower.len());
    let head = lower[..cut]
        .split_whitespace()
        .last()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .unwrap_or("");
    is_person_noun(head)
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "--" | "–" | "—")
}

/// The part of a speaker mention after a dateline (`WASHINGTON - Senator Claire McCaskill`,
/// `NEW YORK (AP) — Trump`) or after a line break (a headline fused with the first sentence).
/// Returns `sp` unchanged when there is neither.
pub fn strip_dateline(text: &str, sp: Span) -> Span {
    let m = sp.text(text);
    let mut start = sp.start;
    if let Some(nl) = m.rfind('\n') {
        start = sp.start + nl + 1;
    }
    let rest = &text[start..sp.end];
    // the words before the first dash: upper case (a place), maybe `(AP)` / `(Reuters)`
    let words: Vec<(usize, &str)> = rest
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - rest.as_ptr() as usize, w))
        .collect();
    if let Some(d) = words.iter().position(|(_, w)| is_dash(w)) {
        let caps = words[..d].iter().all(|(_, w)| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            (w.starts_with('(') && w.ends_with(')'))
                || (!letters.is_empty() && letters.iter().all(|c| c.is_uppercase()))
                || w.chars().all(|c| !c.is_alphanumeric())
        });
        let has_upper_word = words[..d]
            .iter()
            .any(|(_, w)| w.chars().filter(|c| c.is_uppercase()).count() >= 2);
        if d > 0 && caps && has_upper_word {
            if let Some((off, _)) = words.get(d + 1) {
                start += off;
            } else {
                start = sp.end;
            }
        }
    }
    if start >= sp.end {
        return sp;
    }
    Span::new(start, sp.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_descriptions_have_a_person_head() {
        assert!(is_person_description("a bartender"));
        assert!(is_person_description("The Republican presidential nominee"));
        assert!(is_person_description("the senator"));
        assert!(is_person_description("a spokesman for the campaign"));
        assert!(!is_person_description("exit surveys of voters"));
        assert!(!is_person_description("The article"));
        assert!(!is_person_description("critics"));
        assert!(!is_person_description("one study"));
        assert!(!is_person_description("The network"));
    }

    #[test]
    fn datelines_and_headlines_are_cut_off() {
        let t = "WASHINGTON - Senator Claire McCaskill";
        let s = strip_dateline(t, Span::new(0, t.len()));
        assert_eq!(s.text(t), "Senator Claire McCaskill");
        let t = "NEW YORK (AP) — Trump";
        assert_eq!(strip_dateline(t, Span::new(0, t.len())).text(t), "Trump");
        let t = "Trump Hits Back\nMike Pence";
        assert_eq!(
            strip_dateline(t, Span::new(0, t.len())).text(t),
            "Mike Pence"
        );
        // an ordinary name with a hyphen or dash inside stays whole
        let t = "Jean-Luc Picard - the captain";
        assert_eq!(strip_dateline(t, Span::new(0, t.len())).text(t), t);
        let t = "Mike Pence";
        assert_eq!(strip_dateline(t, Span::new(0, t.len())).text(t), t);
    }
}
