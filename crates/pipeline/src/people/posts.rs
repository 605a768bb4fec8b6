//! Posts the paper names, with or without a holder: "the Leader of the Council", "the
//! Cabinet Member for Adult Social Care and Public Health", "the Corporate Director of
//! Finance", "Chair of the Scrutiny Committee", "the Chairman", "THE CLERK", and the holder a
//! post is given in apposition ("The Leader of the Labour Group, Mr Brady, commented").
//! A post is a role entity wherever the paper names it; only a full post counts ("the
//! Leader" alone, "a Mayor" in passing are not posts the paper gives).

use super::{is_not_a_name, HONORIFIC, NAME};
use crate::entities::Found;
use crate::names::title_case;
use council_model::EntityKind;
use regex::Regex;
use std::sync::LazyLock;

/// Capitalised words, joined by spaces or by "and", "&", "of", "the" (a line break may
/// follow these: wrapped text; a line break alone ends the name, as before a letterhead's
/// next line): the name of a portfolio, directorate, group or body ("Adult Social Care and
/// Public Health", "Green & Independents Group").
const TITLE_WORDS: &str =
    r"[A-Z][A-Za-z'’-]*(?:(?:\s+(?:and|&|of|the)\s+|[ \t]+)[A-Z][A-Za-z'’-]*){0,7}";

/// A post of the forms councils print, each ending in a name of a portfolio, directorate,
/// group or body (checked after the match by [`post_end`]), or one of a few posts that need
/// no such name.
fn post_pattern() -> String {
    format!(
        r"(?:(?:(?:Shadow|Deputy|Assistant|Acting|Interim)[ \t]+)?(?:Cabinet[ \t]+Member|Executive[ \t]+Member|Lead[ \t]+Member|Portfolio[ \t]+Holder|Secretary[ \t]+of[ \t]+State)[ \t]+for[ \t]+{TITLE_WORDS}|(?:(?:Corporate|Executive|Strategic|Service|Assistant|Deputy|Interim|Acting|Managing)[ \t]+)*Director(?:[ \t]+of|[ \t]+for|[ \t]*[-–])[ \t]+{TITLE_WORDS}|(?:Deputy[ \t]+)?Leader[ \t]+of[ \t]+the[ \t]+{TITLE_WORDS}|(?:Vice[- ])?Chair(?:man|person)?[ \t]+of[ \t]+the[ \t]+{TITLE_WORDS}|Head[ \t]+of[ \t]+{TITLE_WORDS}|Shadow(?:[ \t]+[A-Z][a-z]+){{1,3}}[ \t]+(?:Secretary|Minister|Chancellor)|Auditor[ \t]+General(?:[ \t]+for[ \t]+(?:Wales|Scotland))?)"
    )
}

/// A full post named in the text (see [`post_pattern`]), or a post that is whole on its own
/// after an article ("the Chairman", "an Executive Member", "THE CLERK").
static POST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:{}|(?:[Tt]he|THE|[Aa]n?)[ \t]+(Chairman|Chairperson|Vice-Chairman|Vice-Chair|Clerk|CLERK|Town[ \t]+Clerk|Chief[ \t]+Executive|Monitoring[ \t]+Officer|Returning[ \t]+Officer|RETURNING[ \t]+OFFICER|Proper[ \t]+Officer|Chief[ \t]+Finance[ \t]+Officer|Executive[ \t]+Member|Deputy[ \t]+Cabinet[ \t]+Member|Deputy[ \t]+Leader|Deputy[ \t]+Mayor|Lord[ \t]+Mayor|Cathaoirleach|Leas-Chathaoirleach)(?-u:\b))",
        post_pattern()
    ))
    .unwrap()
});

/// "The Leader of the Labour Group, Mr Brady, commented": a post, then its holder.
static POST_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[.;:)]\s+|\n)[ \t]*(?:The|the)[ \t]+({}),[ \t]+({HONORIFIC}[ \t]+)?((?:[A-Z]\.?[ \t]+)*{NAME}(?:[ \t]+{NAME})?)[ \t]*,",
        post_pattern()
    ))
    .unwrap()
});

/// Words that never continue a post's name: a title or name of someone after it, or the
/// start of a new sentence ("Director of Finance Mr Smith", "Head of Service The report").
const NOT_IN_POST: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Councillor",
    "Cllr",
    "Sir",
    "The",
    "This",
    "That",
    "It",
    "He",
    "She",
    "They",
    "We",
    "In",
    "On",
    "At",
    "To",
    "I",
];

/// Kinds of body a "Leader of the …" or "Chair of the …" post names.
const POST_BODIES: &[&str] = &[
    "Council",
    "Group",
    "Opposition",
    "Committee",
    "Sub-Committee",
    "Board",
    "Panel",
    "Cabinet",
    "Commission",
    "Forum",
    "Authority",
    "Party",
];

/// Whether what follows a post shows it ran on into a table row's next cell or a contact
/// line: a number ("Head of Finance Operations Cath Head 03000 416 934"), or an email or
/// web address ("Director of Public Health Anjan.ghosh@kent.gov.uk").
fn runs_into_a_cell(after: &str) -> bool {
    let next = after.trim_start_matches([' ', '\t']);
    next.starts_with(|c: char| c.is_ascii_digit())
        || after.starts_with('.') && after[1..].starts_with(|c: char| c.is_lowercase())
        || after.starts_with('@')
}

/// A month's name or short form, capitalised: a post in a table row runs on into its date
/// ("Head of Economy December 2025").
fn month(w: &str) -> bool {
    use crate::dates::{MONTH_ABBREVIATIONS, MONTH_NAMES};
    MONTH_NAMES.contains(&w) || MONTH_ABBREVIATIONS.contains(&w)
}

/// The post as the paper names it, ended before a word that cannot continue it (a title,
/// a new sentence, a month, "and" before another post); `None` when a "Leader of the …" or
/// "Chair of the …" names no body ("the Leader of the way"), or when the name after "of"
/// or "for" runs to more than six words (a row of a table).
fn post_end(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for w in raw.split_whitespace() {
        if !words.is_empty() && (NOT_IN_POST.contains(&w) || month(w)) {
            break;
        }
        words.push(w);
    }
    // "... Public Health and Leader": a second post is no part of the first.
    if let Some(i) = words
        .iter()
        .rposition(|w| matches!(*w, "and" | "&"))
        .filter(|&i| {
            words
                .get(i + 1)
                .is_some_and(|w| super::ROLE_WORDS.contains(w))
        })
    {
        words.truncate(i);
    }
    let named_part = words
        .iter()
        .skip_while(|w| !matches!(**w, "of" | "for" | "-" | "–"))
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    if named_part > 6 {
        return None;
    }
    // A name of a body or portfolio never ends in a joining word.
    while words
        .last()
        .is_some_and(|w| matches!(*w, "and" | "&" | "of" | "the" | "for" | "-" | "–"))
    {
        words.pop();
    }
    let post = words.join(" ");
    let names_body = |p: &str| {
        p.split(" of the ").nth(1).is_some_and(|b| {
            // "the Council", or a body by its name ("the Scrutiny Committee"), not
            // "the Committee" alone.
            (b == "Council" || b.contains(' ')) && POST_BODIES.iter().any(|k| b.ends_with(k))
        })
    };
    let needs_body = post.starts_with("Leader of")
        || post.starts_with("Deputy Leader of")
        || post.contains("Chair of")
        || post.contains("Chairman of")
        || post.contains("Chairperson of");
    if needs_body && !names_body(&post) {
        return None;
    }
    // "Director of" with nothing after it is no post.
    if post.is_empty() {
        return None;
    }
    let upper = post
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    Some(if upper {
        title_case(&post.to_lowercase())
    } else {
        post
    })
}

/// Adds the posts the text names as roles, and the people it gives a post in apposition.
pub(super) fn posts(text: &str, found: &mut Found) {
    let mut named: Vec<String> = Vec::new();
    for m in POST.captures_iter(text) {
        let raw = m
            .get(1)
            .map_or_else(|| m.get(0).unwrap().as_str(), |g| g.as_str());
        let whole = post_end(raw)
            .is_some_and(|p| p.split_whitespace().count() == raw.split_whitespace().count());
        if whole && runs_into_a_cell(&text[m.get(0).unwrap().end()..]) {
            continue;
        }
        if let Some(post) = post_end(raw).filter(|p| !named.contains(p)) {
            named.push(post);
        }
    }
    // "the Auditor General" after "the Auditor General for Wales" is the same post, short.
    for post in &named {
        let shortened = named
            .iter()
            .any(|p| p.len() > post.len() && p.starts_with(&format!("{post} ")));
        if !shortened {
            found.add(EntityKind::Role, post, post, None);
        }
    }
    for c in POST_HOLDER.captures_iter(text) {
        let Some(post) = post_end(&c[1]) else {
            continue;
        };
        // A holder has a title or is named in full: "The Director for Rural, Culture,
        // Community and Tourism" lists a portfolio, not a person.
        let name = c[3].trim();
        if is_not_a_name(name) || c.get(2).is_none() && !name.contains(' ') {
            continue;
        }
        found.add(EntityKind::Person, name, name, Some(post));
    }
}
