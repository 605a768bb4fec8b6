//! Helpers every reader of the structure shares: joining lines and values.

/// Appends `more` to `text` with `sep` between them.
pub(super) fn push_joined(text: &mut String, more: &str, sep: &str) {
    if !text.is_empty() {
        text.push_str(sep);
    }
    text.push_str(more);
}

pub(super) fn push_text(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(more.trim());
}
