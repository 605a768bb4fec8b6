//! Written questions paired with their answers, in the layouts councils print them:
//! "Question from X to Y" … "Response from Y", "Question 1" … "Response", "Q: / A:",
//! "Question:" / "Answer:" keys with "Questioner:" and "To:" lines (a question per page),
//! with numbered sub-questions and answers.

use super::layout::push_text;
use crate::blocks::{Block, NUMBERED};
use council_model::Question;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static QUESTION_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(\d+)[.)]?\s+)?question\s*(?:no\.?\s*)?(\d+)?\s*(?:from|by|asked by|submitted by|tabled by|put by)\s*:?\s+(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))(?:\s+to\s+(?:councillor|cllr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})))?").unwrap()
});

pub(super) static RESPONSE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:response|reply|answer)\s*(?:\d+\s*)?(?:from|by)\s+(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}?))(?:\s*,\s*(.+?))?\s*:?\s*$").unwrap()
});

pub(super) static QUESTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^question\s*(?:no\.?\s*)?(\d+)\s*:?$").unwrap());

/// A question's own label: "Question 3", "Question 3: What …", "Public Question 2 –",
/// "Question:", "Q:", "Q4." (the number, then the text on the same line, if any).
pub(super) static QUESTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?i:(?:public|written|supplementary|members?['’]?|councillors?['’]?)\s+)?(?i:question)\s*(?i:no\.?\s*)?(\d{1,3}[a-z]?)?\s*(?:[:.\-–)]\s*|$)|(?i:question)\s*(?i:no\.?\s*)?(\d{1,3}[a-z]?)\s+|Q\s*(\d{1,3})?\s*[:.)]\s*)(.*)$").unwrap()
});

/// A short answer label: "A:", "A3.", "A3)".
static SHORT_ANSWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^A(?:(\d{1,3})\s*[:.)]|\s*:)\s*(.*)$").unwrap());

/// The head of an answer that names who gives it: "Response from the Mayor", "The Mayor's
/// answer:", "Answer by the Cabinet Member for Housing –", "Written response".
static ANSWER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:([^:.?]{2,60}?)['’]s?\s+)?(?:written\s+)?(?:response|answer|reply)(?:\s+(?:from|by|of)\s+([^:?]{2,100}?))?\s*(?:[:\-–]\s*(.*))?$").unwrap()
});

/// Who asks or who answers, as a form's key gives them: "Questioner: X", "Asked by: X",
/// "To: the Mayor", "To be answered by: X".
static ASKER_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:questioner|question(?:ed)?\s+by|asked\s+by|submitted\s+by|name\s+of\s+questioner|from)\s*:\s*(.+)$").unwrap()
});
static RESPONDENT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:to|question\s+to|directed\s+to|respondent|(?:to\s+be\s+)?answered\s+by|responding|response\s+by)\s*:\s*(.+)$").unwrap()
});

pub(super) static ANSWER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:answer|response|reply)\s*(\d+)?\s*[:.\-–]?\s*(.*)$").unwrap()
});

/// Written questions paired with their answers.
pub fn questions(blocks: &[Block]) -> Vec<FoundQuestion> {
    read_questions(blocks, false)
}

/// The questions a meeting's minutes or agenda record with their answers ("3. Question
/// submitted by Councillor L. Galvin" … "REPLY: …"): an answer ends at the next heading or
/// numbered item, and a question without an answer is left out (an agenda's questions
/// still to be asked are items, not questions answered).
pub fn meeting_questions(blocks: &[Block]) -> Vec<FoundQuestion> {
    read_questions(blocks, true)
        .into_iter()
        .filter(|f| {
            f.question
                .answer
                .as_deref()
                .is_some_and(|a| !a.trim().is_empty())
        })
        .collect()
}

/// Where the reader is: outside any question, reading a question, reading its answer.
#[derive(PartialEq, Clone, Copy)]
enum Mode {
    None,
    Asking,
    Answering,
}

/// The state of [`read_questions`] as it walks the blocks: the questions found (with the
/// page each starts on and the header lines that introduced it), and the current round (the
/// questions one header opened, answered together).
struct Reader {
    in_meeting: bool,
    out: Vec<(Question, u32)>,
    headers: Vec<(String, Option<String>)>,
    asked_header: String,
    asker: Option<String>,
    asked_to: Option<String>,
    asked_role: Option<String>,
    pending_number: Option<String>,
    /// Who asks and whom, read from a form's keys before its question ("Questioner: X").
    pending_asker: Option<String>,
    pending_to: (Option<String>, Option<String>),
    mode: Mode,
    answering: Option<usize>,
    round_start: usize,
    /// The round is one labelled question ("Question 3", "Q:"): its numbered lines are its
    /// own paragraphs, not sub-questions.
    single: bool,
    /// The last short numbered item of a meeting's record outside any question ("4.
    /// Question submitted by Councillor J. Scanlan", even where a scan garbled its words):
    /// the item a question that opens "I will ask at the next Meeting" belongs to.
    last_item: Option<String>,
}

/// How a member's question opens in minutes and agendas that print it in the member's words
/// ("I will ask at the next Meeting for …"; a scan reads the "I" as "!", "1" or "|").
static WILL_ASK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[I!1|l][ \t]+will[ \t]+ask(?-u:\b)").unwrap());
/// A councillor named in an item's line, even where a scan lost the title's first letters
/// ("4. i mi ncillor J. Scanlan").
static ITEM_ASKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:cillor|cllr\.?)[ \t]+((?:[A-Z]\.[ \t]*)*[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]*$").unwrap()
});

/// Questions paired with their answers; `in_meeting`: the record of a meeting, where an
/// answer ends at the next heading or numbered item.
fn read_questions(blocks: &[Block], in_meeting: bool) -> Vec<FoundQuestion> {
    let mut r = Reader {
        in_meeting,
        out: Vec::new(),
        headers: Vec::new(),
        asked_header: String::new(),
        asker: None,
        asked_to: None,
        asked_role: None,
        pending_number: None,
        pending_asker: None,
        pending_to: (None, None),
        mode: Mode::None,
        answering: None,
        round_start: 0,
        single: false,
        last_item: None,
    };
    for b in blocks {
        r.sync_headers();
        r.block(b);
    }
    r.sync_headers();
    r.out
        .into_iter()
        .zip(r.headers)
        .filter(|((q, _), _)| !q.question.trim().is_empty())
        .map(|((question, page), (asked, response))| FoundQuestion {
            question,
            page,
            asked,
            response,
        })
        .collect()
}

impl Reader {
    /// One header line per question found so far.
    fn sync_headers(&mut self) {
        self.headers.truncate(self.out.len());
        while self.headers.len() < self.out.len() {
            self.headers.push((self.asked_header.clone(), None));
        }
    }

    /// Starts a new round of questions, introduced by `header`.
    fn open_round(&mut self, header: &str) {
        self.asked_header = header.to_string();
        self.mode = Mode::Asking;
        self.round_start = self.out.len();
        self.answering = None;
    }

    /// A question of the current round, asked by its asker of its respondent.
    fn push(&mut self, number: Option<String>, question: &str, page: u32) {
        self.out.push((
            Question {
                number,
                asker: self.asker.clone(),
                respondent: self.asked_to.clone(),
                respondent_role: self.asked_role.clone(),
                question: question.to_string(),
                ..Question::default()
            },
            page,
        ));
    }

    /// The round's only question, where it has one.
    fn only(&self) -> Option<usize> {
        (self.out.len() == self.round_start + 1).then_some(self.round_start)
    }

    fn block(&mut self, b: &Block) {
        let t = b.text.trim();
        // "Q: Can the library open? A: Not this year." set as one paragraph: the question,
        // then its answer.
        if let Some(at) = inline_answer(t) {
            self.text(b, t[..at].trim());
            self.text(b, t[at..].trim());
        } else {
            self.text(b, t);
        }
    }

    fn text(&mut self, b: &Block, t: &str) {
        if let Some(c) = QUESTION_FROM.captures(t) {
            self.question_from(&c, t, b.page);
            return;
        }
        if let Some(c) = QUESTION_LABEL.captures(t).filter(|_| t.len() < 4000) {
            self.question_label(&c, t, b.page);
            return;
        }
        if let Some(c) = RESPONSE_FROM.captures(t).filter(|_| t.len() < 250) {
            self.sync_headers();
            for (_, r) in &mut self.headers[self.round_start..] {
                *r = Some(t.to_string());
            }
            for (q, _) in &mut self.out[self.round_start..] {
                q.respondent = Some(c[1].trim().to_string());
                q.respondent_role = c.get(2).map(|m| m.as_str().trim().to_string());
            }
            self.mode = Mode::Answering;
            self.answering = self.only();
            return;
        }
        if self.keys(t) {
            return;
        }
        let answer_label = ANSWER_LABEL
            .captures(t)
            .filter(|c| c[2].is_empty() || t.len() > 12 && t.chars().take(12).any(|c| c == ':'));
        if self.mode == Mode::Asking && self.out.len() > self.round_start {
            if let Some(c) = answer_label {
                // "Answer" after a single question: its answer follows.
                self.mode = Mode::Answering;
                self.answering = Some(self.out.len() - 1);
                if !c[2].is_empty() {
                    let last = self.out.len() - 1;
                    self.out[last].0.answer = Some(c[2].to_string());
                }
                return;
            }
            if self.answer_head(t) {
                return;
            }
        }
        if self.mode == Mode::Answering {
            if let Some(c) = SHORT_ANSWER.captures(t) {
                // "A2: …" in a round of numbered questions.
                let n = c.get(1).map(|m| m.as_str());
                if let Some(i) = self.out[self.round_start..]
                    .iter()
                    .position(|(q, _)| n.is_some() && q.number.as_deref() == n)
                {
                    self.answering = Some(self.round_start + i);
                }
            }
        }
        self.ends_item(b, t);
        match self.mode {
            Mode::None if self.in_meeting => self.item_question(t, b.page),
            Mode::None => {}
            Mode::Asking => self.asking(t, b.page),
            Mode::Answering => self.answer_text(t, answer_label),
        }
    }

    /// "Question from X to Y, Cabinet Member for Z: …".
    fn question_from(&mut self, c: &regex::Captures, t: &str, page: u32) {
        // "Question 1" over "Question from X": the number is this question's.
        if self.mode == Mode::Asking
            && self.only().is_some_and(|i| {
                let q = &self.out[i].0;
                q.question.trim().is_empty() && q.asker.is_none()
            })
        {
            let (q, _) = self.out.pop().unwrap();
            self.pending_number = self.pending_number.take().or(q.number);
        }
        self.open_round(t.lines().next().unwrap_or(t));
        self.single = false;
        self.asker = Some(c[3].trim().to_string());
        self.asked_to = c.get(4).map(|m| m.as_str().trim().to_string());
        let number = c
            .get(1)
            .or(c.get(2))
            .map(|m| m.as_str().to_string())
            .or(self.pending_number.take());
        let mut rest = t[c.get(0).unwrap().end()..].trim();
        self.asked_role = None;
        if let Some(role) = rest.strip_prefix(',') {
            // "Question by X to Y, Cabinet Member for Z": the rest of the line is Y's role.
            let (role, after) = role.split_once('\n').unwrap_or((role, ""));
            self.asked_role = Some(role.trim().trim_end_matches(':').to_string());
            rest = after.trim();
        }
        let rest = rest.trim_start_matches([':', '.', ' ']).trim();
        if !rest.is_empty() || number.is_some() {
            self.push(number, rest, page);
        }
    }

    /// "Question 3", "Question 3: What …", "Question:", "Q:": a question of its own, or
    /// the text of the question its round's header opened.
    fn question_label(&mut self, c: &regex::Captures, t: &str, page: u32) {
        let number = c
            .get(1)
            .or(c.get(2))
            .or(c.get(3))
            .map(|m| m.as_str().to_string());
        let rest = c[4].trim();
        if self.mode == Mode::Asking {
            if self.out.len() == self.round_start {
                // "Question from X to Y" then "Question: …".
                self.push(number, rest, page);
                return;
            }
            if let Some(i) = self.only() {
                let q = &mut self.out[i].0;
                if q.question.trim().is_empty() && (number.is_none() || q.number == number) {
                    q.number = q.number.take().or(number);
                    q.question = rest.to_string();
                    return;
                }
            }
        }
        let supplementary = t.to_lowercase().starts_with("supplementary");
        let header = &t[..c.get(4).map_or(t.len(), |m| m.start())];
        self.open_round(header.trim());
        self.single = true;
        if !supplementary {
            self.asker = self.pending_asker.take();
            (self.asked_to, self.asked_role) = std::mem::take(&mut self.pending_to);
        }
        let number = number.or(self.pending_number.take());
        self.push(number, rest, page);
    }

    /// A form's keys: "Questioner: X" (who asks; it also ends the answer before it), "To:
    /// the Mayor" (who is asked). Whether the block was one.
    fn keys(&mut self, t: &str) -> bool {
        if t.len() > 200 {
            return false;
        }
        if let Some(c) = ASKER_KEY.captures(t) {
            let (name, _) = person_or_role(&c[1]);
            let Some(name) = name else {
                return false;
            };
            match self.only().filter(|_| self.mode == Mode::Asking) {
                Some(i) if self.out[i].0.asker.is_none() => {
                    self.out[i].0.asker = Some(name.clone());
                    self.asker = Some(name);
                }
                _ => {
                    if self.mode == Mode::Answering {
                        self.mode = Mode::None;
                        self.answering = None;
                    }
                    self.pending_asker = Some(name);
                }
            }
            return true;
        }
        if let Some(c) = RESPONDENT_KEY.captures(t) {
            let who = person_or_role(&c[1]);
            if who == (None, None) {
                return false;
            }
            match self.only().filter(|_| self.mode == Mode::Asking) {
                Some(i) => {
                    let q = &mut self.out[i].0;
                    (q.respondent, q.respondent_role) = who.clone();
                    (self.asked_to, self.asked_role) = who;
                }
                None => self.pending_to = who,
            }
            return true;
        }
        false
    }

    /// "Response from the Mayor", "The Leader's answer:", "A:" after the round's question:
    /// its answer follows (or starts on the same line). Whether the block was one.
    fn answer_head(&mut self, t: &str) -> bool {
        if let Some(c) = SHORT_ANSWER.captures(t) {
            let n = c.get(1).map(|m| m.as_str());
            let idx = self.out[self.round_start..]
                .iter()
                .position(|(q, _)| n.is_some() && q.number.as_deref() == n)
                .map_or(self.out.len() - 1, |i| self.round_start + i);
            self.mode = Mode::Answering;
            self.answering = Some(idx);
            if !c[2].trim().is_empty() {
                self.out[idx].0.answer = Some(c[2].trim().to_string());
            }
            return true;
        }
        let Some(c) = ANSWER_HEAD.captures(t).filter(|c| {
            t.len() < 160
                && !c
                    .get(2)
                    .is_some_and(|w| w.as_str().trim_end().ends_with('.'))
        }) else {
            return false;
        };
        if let Some(who) = c.get(1).or(c.get(2)) {
            let (name, role) = person_or_role(who.as_str());
            if name.is_some() || role.is_some() {
                for (q, _) in &mut self.out[self.round_start..] {
                    if q.respondent.is_none() && q.respondent_role.is_none() {
                        q.respondent = name.clone();
                        q.respondent_role = role.clone();
                    }
                }
            }
        }
        self.sync_headers();
        let head = t[..c.get(3).map_or(t.len(), |m| m.start())].trim();
        for (_, r) in &mut self.headers[self.round_start..] {
            *r = Some(head.to_string());
        }
        self.mode = Mode::Answering;
        self.answering = Some(self.out.len() - 1);
        if let Some(rest) = c
            .get(3)
            .map(|m| m.as_str().trim())
            .filter(|r| !r.is_empty())
        {
            let last = self.out.len() - 1;
            self.out[last].0.answer = Some(rest.to_string());
        }
        true
    }

    /// In a meeting's record, the next item ends the question or answer before it.
    fn ends_item(&mut self, b: &Block, t: &str) {
        if !self.in_meeting {
            return;
        }
        if self.mode == Mode::Answering {
            // The next item of the meeting ends the answer: a heading, or a numbered
            // paragraph that answers no question of this round by its number.
            let answers_numbered = NUMBERED.captures(t).is_some_and(|c| {
                self.out[self.round_start..]
                    .iter()
                    .any(|(q, _)| q.number.as_deref() == Some(&c[1]))
            });
            if b.heading.is_some() || NUMBERED.is_match(t) && !answers_numbered {
                self.mode = Mode::None;
                self.answering = None;
            }
        }
        if self.mode == Mode::Asking {
            // A later item of the agenda ("4. Notice of Motion …" after "3. Question …")
            // ends a question that had no reply; lower numbers are its own parts.
            let item = |n: Option<&str>| n.and_then(|n| n.parse::<u32>().ok());
            let own = self
                .out
                .get(self.round_start)
                .and_then(|(q, _)| item(q.number.as_deref()));
            let next = NUMBERED.captures(t).and_then(|c| item(Some(&c[1])));
            if own.zip(next).is_some_and(|(own, next)| next > own) {
                self.mode = Mode::None;
                self.answering = None;
            }
        }
    }

    /// Outside any question in a meeting's record: a short numbered item is remembered, and
    /// a member's question in their own words after it ("I will ask at the next Meeting
    /// …") is that item's question, asked by the councillor the item names.
    fn item_question(&mut self, t: &str, page: u32) {
        if let Some(c) = NUMBERED
            .captures(t)
            .filter(|_| t.len() < 100 && !t.contains('\n'))
        {
            self.last_item = Some(c[1].to_string()).filter(|_| !c[1].contains('.'));
            self.asker = ITEM_ASKER.captures(t).map(|a| a[1].to_string());
            self.asked_header = t.to_string();
            return;
        }
        if WILL_ASK.is_match(t) {
            if let Some(number) = self.last_item.take() {
                let header = self.asked_header.clone();
                self.open_round(&header);
                self.single = false;
                self.asked_to = None;
                self.asked_role = None;
                self.push(Some(number), t, page);
                return;
            }
        }
        self.last_item = None;
    }

    /// A block of the question being asked: its text, or a numbered sub-question.
    fn asking(&mut self, t: &str, page: u32) {
        let start = self.round_start;
        if let Some(c) = NUMBERED
            .captures(t)
            .filter(|c| !c[1].contains('.') && !self.single)
        {
            // A numbered sub-question replaces an unnumbered preamble entry.
            if self.out.len() == start + 1 && (self.out[start].0.number.is_none() || c[1] == *"1") {
                self.out.pop();
            }
            if self.out.len() > start
                && self.out[start].0.number.as_deref() == Some(&c[1])
                && self.out[start].0.question.is_empty()
            {
                self.out[start].0.question = c[3].to_string();
                return;
            }
            self.push(Some(c[1].to_string()), &c[3], page);
        } else if self.out.len() > start {
            let only = self.out.len() == start + 1;
            let q = &mut self.out.last_mut().unwrap().0;
            if q.number.is_none() || only {
                push_text(&mut q.question, t);
            }
        } else {
            self.push(None, t, page);
        }
    }

    /// A block of the answer being read.
    fn answer_text(&mut self, t: &str, answer_label: Option<regex::Captures>) {
        if let Some(c) = NUMBERED.captures(t).filter(|c| !c[1].contains('.')) {
            if let Some(idx) = self.out[self.round_start..]
                .iter()
                .position(|(q, _)| q.number.as_deref() == Some(&c[1]))
            {
                let i = self.round_start + idx;
                self.answering = Some(i);
                if !prefix_overlap(&self.out[i].0.question, &c[3]) {
                    self.out[i].0.answer = Some(c[3].to_string());
                }
                return;
            }
        }
        let t = answer_label
            .map(|c| c[2].to_string())
            .or_else(|| SHORT_ANSWER.captures(t).map(|c| c[2].to_string()))
            .unwrap_or_else(|| t.to_string());
        if let Some(i) = self.answering {
            let a = self.out[i].0.answer.get_or_insert_with(String::new);
            push_text(a, &t);
        }
    }
}

/// Where the answer starts in a paragraph that holds a short-labelled question and its answer
/// ("Q: … ? A: …").
fn inline_answer(t: &str) -> Option<usize> {
    if !t.starts_with('Q') || !QUESTION_LABEL.is_match(t) {
        return None;
    }
    INLINE_ANSWER
        .captures(t)
        .and_then(|c| c.get(1))
        .map(|m| m.start())
}

/// An answer label after a question's end in the same paragraph: "? A: ", ". A2: ".
static INLINE_ANSWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[?.!]\s+(A\d{0,3}\s*:\s)").unwrap());

/// Words that make who answers a post, not a person ("the Mayor", "Cabinet Member for
/// Housing").
const POST_WORDS: &[&str] = &[
    "mayor",
    "leader",
    "member",
    "chair",
    "chairman",
    "chairperson",
    "director",
    "executive",
    "officer",
    "holder",
    "cabinet",
    "commissioner",
    "manager",
    "head",
    "deputy",
    "clerk",
    "council",
    "committee",
    "lead",
    "spokesperson",
    "secretary",
];

/// Who a key or an answer's head names: a person ("Councillor Jane Smith", "Mr J Smith,
/// Cabinet Member for X"), a post ("the Mayor"), or both; titles dropped.
fn person_or_role(raw: &str) -> (Option<String>, Option<String>) {
    let raw = raw
        .trim()
        .trim_end_matches([':', '.', ',', ';', '-', '–'])
        .trim();
    let (first, post) = match raw.split_once(',') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (raw, None),
    };
    let lower = first.to_lowercase();
    let first = first
        .strip_prefix("the ")
        .or_else(|| first.strip_prefix("The "))
        .unwrap_or(first);
    let titled = [
        "councillor ",
        "cllr ",
        "cllr. ",
        "mr ",
        "mr. ",
        "mrs ",
        "mrs. ",
        "ms ",
        "miss ",
        "dr ",
        "dr. ",
    ]
    .iter()
    .find(|p| lower.starts_with(*p));
    let post = post
        .filter(|p| !p.is_empty() && p.len() < 120)
        .map(str::to_string);
    if let Some(p) = titled {
        let name = first[p.len()..].trim();
        return ((!name.is_empty()).then(|| name.to_string()), post);
    }
    let words: Vec<&str> = first.split_whitespace().collect();
    let is_post = words
        .iter()
        .any(|w| POST_WORDS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic())));
    if words.is_empty() || first.len() > 100 {
        return (None, None);
    }
    if is_post {
        return (None, Some(first.to_string()));
    }
    let name_like = (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()));
    (name_like.then(|| first.to_string()), post)
}

/// A written question as found, with the header lines that introduce it.
#[derive(Debug, Clone)]
pub struct FoundQuestion {
    /// The question and its answer.
    pub question: Question,
    /// The page it starts on.
    pub page: u32,
    /// The line that asks it ("Question by X to Y, Cabinet Member for Z").
    pub asked: String,
    /// The line that introduces the response ("Response from Councillor Y, Chair of Z").
    pub response: Option<String>,
}

fn prefix_overlap(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .take(40)
            .collect::<String>()
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

/// Whether a paper is a set of questions with their answers in one of the layouts above:
/// two labelled questions and two answers, or a head naming public or members' questions
/// ("Public Questions", "Questions to the Mayor") over a question and its answer.
pub(super) fn question_paper(blocks: &[Block]) -> bool {
    let mut asked = 0;
    let mut answered = 0;
    for b in blocks {
        let t = b.text.trim();
        if t.len() > 4000 {
            continue;
        }
        let inline = inline_answer(t);
        let (t, answer) = match inline {
            Some(at) => (&t[..at], Some(&t[at..])),
            None => (t, None),
        };
        let labelled = QUESTION_LABEL
            .captures(t)
            .is_some_and(|c| c.get(1).or(c.get(2)).or(c.get(3)).is_some() || t.starts_with('Q'));
        if QUESTION_FROM.is_match(t) || labelled {
            asked += 1;
        } else if t.len() < 250
            && (RESPONSE_FROM.is_match(t)
                || SHORT_ANSWER.is_match(t)
                || ANSWER_LABEL.captures(t).is_some_and(|c| c[2].is_empty())
                || ANSWER_HEAD.is_match(t))
        {
            answered += 1;
        }
        answered += usize::from(answer.is_some());
    }
    let head = blocks
        .iter()
        .take(25)
        .map(|b| b.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n")
        .replace('’', "'");
    let named = [
        "public question",
        "questions from the public",
        "questions from members",
        "members' questions",
        "questions to the mayor",
        "questions and answers",
        "questions and responses",
        "question time",
    ]
    .iter()
    .any(|w| head.contains(w));
    asked >= 2 && answered >= 2 || named && asked >= 1 && answered >= 1
}
