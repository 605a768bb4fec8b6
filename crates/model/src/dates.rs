//! Month names and the long form of an ISO date ("13 February 2025"), which the parser
//! (ModernGov XML) and the index (citations, labels) both write.

/// The months by name, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2025-02-13` as `13 February 2025`; `None` for anything else.
pub fn long_date(iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) if y.len() == 4 => Some(format!("{d} {} {y}", MONTH_NAMES[m - 1])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso_date_is_written_out() {
        assert_eq!(long_date("2025-02-13").as_deref(), Some("13 February 2025"));
        assert_eq!(long_date("2025-13-01"), None);
        assert_eq!(long_date("2025-2"), None);
    }
}
