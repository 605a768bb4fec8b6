//! Decodes text files: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

/// Decodes bytes to a string: a BOM wins; valid UTF-8 is UTF-8; anything else is read as
/// Windows-1252 (the encoding of most legacy council text, where `0xA3` is "£").
/// NUL bytes are dropped.
pub fn decode_text(bytes: &[u8]) -> String {
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        cow.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
                // Valid UTF-8 cut mid-character (a sniffed head): keep the valid part.
                String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
            }
            Err(_) => {
                let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                cow.into_owned()
            }
        }
    };
    if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn decodes_common_encodings() {
        assert_eq!(decode_text("£5 – ok".as_bytes()), "£5 – ok");
        assert_eq!(decode_text(b"\xEF\xBB\xBFhello"), "hello");
        assert_eq!(decode_text(b"\xA35 million"), "£5 million");
        assert_eq!(decode_text(b"\x93quoted\x94"), "\u{201C}quoted\u{201D}");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("£ hi".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&utf16), "£ hi");
        assert_eq!(decode_text(b"a\0b"), "ab");
    }
}
