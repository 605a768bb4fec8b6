//! The open headings of a document as it is read: the chain of enclosing headings that
//! becomes each section's path.
//!
//! A heading closes every open heading of the same or a deeper level, and with it whatever
//! was opened under that heading. Numbered headings nest by their numbers ("2.1" under "2",
//! "2.1.3" under "2.1"; "3" closes "2" and all under it); unnumbered ones by their level (a
//! format's heading level, or capitals over mixed case). The chain is bounded: at most
//! [`MAX_DEPTH`] headings, each label at most [`MAX_LABEL`] characters, so a path never
//! grows with the length of the document.

/// The most headings a path holds; a deeper heading replaces the innermost ones.
pub(super) const MAX_DEPTH: usize = 6;
/// The most characters of a heading kept in a path.
pub(super) const MAX_LABEL: usize = 160;

/// An open heading.
#[derive(Debug, Clone)]
struct Open {
    /// The level of the heading (1 outermost): a format's, or read from the text.
    level: u8,
    /// The paragraph number of a numbered heading ("2.1").
    number: Option<String>,
    /// The label in the path ("2.1 Budget", "Financial Implications").
    label: String,
}

/// The chain of open headings.
#[derive(Debug, Default, Clone)]
pub(super) struct HeadingStack {
    open: Vec<Open>,
}

/// Whether number `outer` encloses number `inner` ("2" encloses "2.1" and "2.1.3").
fn encloses(outer: &str, inner: &str) -> bool {
    inner.len() > outer.len() && inner.starts_with(outer) && inner.as_bytes()[outer.len()] == b'.'
}

/// `label` cut to at most [`MAX_LABEL`] characters, at a word where it can.
fn bounded(label: String) -> String {
    if label.chars().count() <= MAX_LABEL {
        return label;
    }
    let cut: String = label.chars().take(MAX_LABEL).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX_LABEL / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

impl HeadingStack {
    /// The labels of the open headings, outermost first.
    pub(super) fn path(&self) -> Vec<String> {
        self.open.iter().map(|o| o.label.clone()).collect()
    }

    /// The labels of the open headings, innermost first.
    pub(super) fn labels_inward(&self) -> impl Iterator<Item = &str> {
        self.open.iter().rev().map(|o| o.label.as_str())
    }

    /// The numbers of the open numbered headings.
    pub(super) fn numbers(&self) -> impl Iterator<Item = &str> {
        self.open.iter().filter_map(|o| o.number.as_deref())
    }

    /// How many headings are open.
    pub(super) fn depth(&self) -> usize {
        self.open.len()
    }

    /// Closes the headings opened after the first `depth`.
    pub(super) fn truncate(&mut self, depth: usize) {
        self.open.truncate(depth);
    }

    /// Closes everything.
    pub(super) fn clear(&mut self) {
        self.open.clear();
    }

    /// Closes what numbered paragraph `number` (a heading of `level`, or `u8::MAX` for a
    /// paragraph) ends: the first open numbered heading that does not enclose it, and
    /// everything opened after that heading. Numbers that start again under a heading that
    /// ranks above them and was opened after the heading they would close ("2 Proposal",
    /// "APPENDIX A", then "1 Scope") nest under that heading instead, closing only their own
    /// siblings there.
    fn close_for_number(&mut self, number: &str, level: u8) {
        let ends = |o: &Open| o.number.as_deref().is_some_and(|n| !encloses(n, number));
        let Some(i) = self.open.iter().position(ends) else {
            return;
        };
        // "1" after "2", "1.1" after "3.2": numbering that starts again, not the next number.
        let parts =
            |n: &str| -> Option<Vec<u32>> { n.split('.').map(|p| p.parse().ok()).collect() };
        let restarts = match (
            self.open[i].number.as_deref().and_then(parts),
            parts(number),
        ) {
            (Some(open), Some(new)) => new <= open,
            _ => false,
        };
        let container = self.open[i + 1..]
            .iter()
            .rposition(|o| o.number.is_none() && o.level < level)
            .filter(|_| restarts)
            .map(|u| i + 1 + u);
        match container {
            Some(u) => {
                if let Some(j) = self.open[u + 1..].iter().position(ends) {
                    self.open.truncate(u + 1 + j);
                }
            }
            None => self.open.truncate(i),
        }
    }

    /// Closes what an unnumbered heading of `level` ends: the first open unnumbered heading
    /// of the same or a deeper level, and everything opened after it.
    pub(super) fn close_for_level(&mut self, level: u8) {
        if let Some(i) = self
            .open
            .iter()
            .position(|o| o.number.is_none() && o.level >= level)
        {
            self.open.truncate(i);
        }
    }

    /// Closes what a numbered heading of `level` (`u8::MAX` for a numbered paragraph) ends:
    /// its numbered siblings and what they hold ([`Self::close_for_number`]), and the
    /// unnumbered headings of the same or a deeper level opened since the numbered heading
    /// that encloses it (subheads of the section before it).
    pub(super) fn close_for_numbered(&mut self, number: &str, level: u8) {
        self.close_for_number(number, level);
        let start = self
            .open
            .iter()
            .rposition(|o| o.number.is_some())
            .map_or(0, |i| i + 1);
        if let Some(i) = self.open[start..]
            .iter()
            .position(|o| o.number.is_none() && o.level >= level)
        {
            self.open.truncate(start + i);
        }
    }

    /// Opens a numbered heading ("2.1", "Budget") of `level` after closing what it ends.
    pub(super) fn push_numbered(&mut self, number: &str, heading: &str, level: u8) {
        self.close_for_numbered(number, level);
        self.push(Open {
            level,
            number: Some(number.to_string()),
            label: bounded(format!("{number} {heading}")),
        });
    }

    /// Opens an unnumbered heading of `level` after closing what it ends.
    pub(super) fn push_unnumbered(&mut self, level: u8, heading: &str) {
        self.close_for_level(level);
        self.push(Open {
            level,
            number: None,
            label: bounded(heading.to_string()),
        });
    }

    fn push(&mut self, open: Open) {
        // Deeper than a reader follows: the new heading takes the innermost place.
        self.open.truncate(MAX_DEPTH - 1);
        self.open.push(open);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_nest_by_their_parts() {
        let mut s = HeadingStack::default();
        s.push_numbered("2", "Budget", 2);
        s.push_numbered("2.1", "Capital", 2);
        s.push_numbered("2.1.3", "Roads", 2);
        assert_eq!(s.path(), ["2 Budget", "2.1 Capital", "2.1.3 Roads"]);
        s.push_numbered("2.2", "Revenue", 2);
        assert_eq!(s.path(), ["2 Budget", "2.2 Revenue"]);
        s.push_numbered("3", "Risks", 2);
        assert_eq!(s.path(), ["3 Risks"]);
        // "21" is no part of "2".
        s.push_numbered("21", "Other", 2);
        assert_eq!(s.path(), ["21 Other"]);
        assert!(!encloses("2", "21.1") && encloses("21", "21.1"));
    }

    #[test]
    fn a_heading_closes_what_was_opened_under_what_it_ends() {
        let mut s = HeadingStack::default();
        s.push_numbered("1", "Introduction", 2);
        s.push_unnumbered(2, "Background");
        assert_eq!(s.path(), ["1 Introduction", "Background"]);
        s.push_numbered("2", "Proposal", 2);
        assert_eq!(s.path(), ["2 Proposal"]);
        s.push_unnumbered(2, "Options");
        s.push_unnumbered(2, "Risks");
        assert_eq!(s.path(), ["2 Proposal", "Risks"]);
        s.push_unnumbered(1, "APPENDIX A");
        s.push_numbered("1", "Scope", 2);
        assert_eq!(s.path(), ["2 Proposal", "APPENDIX A", "1 Scope"]);
        // A same-level heading closes the appendix and the numbers under it.
        s.push_unnumbered(1, "APPENDIX B");
        assert_eq!(s.path(), ["2 Proposal", "APPENDIX B"]);
        // The next number after an unnumbered heading is no restart: "3" closes "2".
        s.push_numbered("3", "Risks", 2);
        assert_eq!(s.path(), ["3 Risks"]);
        s.push_numbered("3.1", "Cost", 2);
        s.push_unnumbered(2, "Note");
        s.push_numbered("3.2", "Time", 2);
        assert_eq!(s.path(), ["3 Risks", "3.2 Time"]);
    }

    #[test]
    fn a_numbered_heading_closes_the_subheads_before_it() {
        let mut s = HeadingStack::default();
        s.push_unnumbered(1, "PART A");
        s.push_unnumbered(2, "Financial Implications");
        s.push_numbered("3", "Background", 2);
        assert_eq!(s.path(), ["PART A", "3 Background"]);
        s.push_unnumbered(2, "Legal Implications");
        s.push_numbered("3.1", "Options", 2);
        assert_eq!(s.path(), ["PART A", "3 Background", "3.1 Options"]);
        // A numbered heading in capitals is a part of its own.
        s.push_numbered("4", "RISKS", 1);
        assert_eq!(s.path(), ["4 RISKS"]);
    }

    #[test]
    fn numbers_that_start_again_under_a_subhead_close_what_came_before() {
        // "Financial Implications" ranks with "40 Background": no container for a new "1".
        let mut s = HeadingStack::default();
        s.push_numbered("40", "Background", 2);
        s.push_unnumbered(2, "Financial Implications");
        s.push_numbered("1", "Background", 2);
        assert_eq!(s.path(), ["1 Background"]);
        s.push_unnumbered(2, "Financial Implications");
        s.push_numbered("2", "Background", 2);
        assert_eq!(s.path(), ["2 Background"]);
    }

    #[test]
    fn paths_are_bounded() {
        let mut s = HeadingStack::default();
        for level in 1..=9 {
            s.push_unnumbered(level, &format!("Level {level}"));
        }
        s.push_numbered("1", "x", 10);
        s.push_numbered("1.1", "y", 10);
        let path = s.path();
        assert_eq!(path.len(), MAX_DEPTH);
        assert_eq!(path[..2], ["Level 1", "Level 2"]);
        assert_eq!(path[MAX_DEPTH - 1], "1.1 y");
        s.push_unnumbered(1, &"long words ".repeat(100));
        let label = &s.path()[0];
        assert!(label.chars().count() <= MAX_LABEL + 1, "{label}");
        assert!(label.ends_with('…'));
    }
}
