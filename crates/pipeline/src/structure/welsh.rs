//! Welsh: telling a Welsh text from an English one, and the outcomes Welsh minutes record
//! ("ei gario": carried, "ei golli": lost, "cytunwyd": agreed).

use regex::Regex;
use std::sync::LazyLock;

/// A Welsh outcome: "ei gario" / "ei basio" (carried), "ei golli" / "ei drechu" (lost), "ei
/// dynnu'n ôl" (withdrawn), "cytunwyd" (agreed), "nodwyd" (noted).
static OUTCOME_CY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b(?:ei\s+(gario|basio|golli|drechu|dynnu)|(cariwyd|pasiwyd|collwyd|trechwyd|tynnwyd)|((?:ch|c|g)ytunwyd|nodwyd))\b",
    )
    .unwrap()
});

/// Words common in Welsh prose and absent from English prose.
const WELSH_WORDS: &[&str] = &[
    "y",
    "yr",
    "ac",
    "yn",
    "ar",
    "gan",
    "bod",
    "fod",
    "dylid",
    "ei",
    "eu",
    "gyda",
    "wedi",
    "mae",
    "hyn",
    "hwn",
    "ym",
    "sy",
    "oedd",
    "cael",
    "hefyd",
    "neu",
    "rhwng",
    "ond",
    "i'r",
    "i’r",
    "a'r",
    "a’r",
    "o'r",
    "o’r",
    "cyngor",
    "penderfynwyd",
    "cytunwyd",
    "nodi",
    "cytuno",
    "cymeradwyo",
    "dylai",
    "bydd",
    "fydd",
    "gael",
    "fel",
    "drwy",
    "trwy",
];

/// Words common in English prose and absent from Welsh prose.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "that", "be", "is", "was", "for", "with", "by", "are", "this", "it",
    "as", "were", "from", "council",
];

/// Whether a text is in Welsh rather than English (more Welsh than English function words).
pub fn is_welsh(text: &str) -> bool {
    let (mut cy, mut en) = (0usize, 0usize);
    for w in text.split_whitespace().take(400) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        // "Nodi'r", "i’r": the Welsh article leans on the word before it.
        let clitic = w.len() > 3 && (w.ends_with("'r") || w.ends_with("’r"));
        if clitic || WELSH_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            cy += 1;
        } else if ENGLISH_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            en += 1;
        }
    }
    cy >= 2 && cy > en
}

/// The outcome a Welsh phrase records ("ei gario": carried, "ei golli": lost, "cytunwyd":
/// agreed, "nodwyd": noted, "tynnwyd yn ôl": withdrawn).
pub(super) fn welsh_outcome(text: &str) -> Option<&'static str> {
    let c = OUTCOME_CY.captures(text)?;
    let word = c
        .get(1)
        .or(c.get(2))
        .or(c.get(3))
        .map(|m| m.as_str().to_lowercase())?;
    Some(match word.as_str() {
        "gario" | "basio" | "cariwyd" | "pasiwyd" => "carried",
        "golli" | "drechu" | "collwyd" | "trechwyd" => "lost",
        "dynnu" | "tynnwyd" => "withdrawn",
        "nodwyd" => "noted",
        _ => "agreed",
    })
}
