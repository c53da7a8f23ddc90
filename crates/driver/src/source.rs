//! Reading source files: bytes to text, with errors that name the place.
//!
//! Source is UTF-8. A leading byte-order mark is skipped (editors on some
//! systems write one); invalid UTF-8 and NUL bytes are refused with the
//! file, line and column of the first bad byte, rather than a bare "stream
//! did not contain valid UTF-8".

use crate::error::EvalError;

/// Reads the source file at `path` (as shown in errors).
///
/// Errors: the file cannot be read, is not UTF-8, or contains a NUL byte.
pub fn read_source(path: &str) -> Result<String, EvalError> {
    let bytes =
        std::fs::read(path).map_err(|e| EvalError::Other(format!("Could not read {path}: {e}")))?;
    decode_source(bytes, path).map_err(EvalError::Other)
}

/// The text of source `bytes` read from `path`, or the error to show.
pub fn decode_source(bytes: Vec<u8>, path: &str) -> Result<String, String> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let body = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    let offset = bytes.len() - body.len();
    let at = |i: usize| {
        let before = &bytes[offset..offset + i];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let col = 1 + String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count();
        format!("{path}:{line}:{col}")
    };
    match std::str::from_utf8(body) {
        Ok(text) => match text.find('\0') {
            Some(i) => Err(format!(
                "{}: error: a NUL byte (\\0) in source; genera source files are UTF-8 text",
                at(i)
            )),
            None => Ok(text.to_string()),
        },
        Err(e) => {
            let i = e.valid_up_to();
            Err(format!(
                "{}: error: invalid UTF-8: byte 0x{:02X} (byte offset {}) cannot start or continue a character; genera source files are UTF-8",
                at(i),
                body[i],
                offset + i
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode_source;

    #[test]
    fn utf8_with_or_without_a_bom() {
        assert_eq!(
            decode_source(b"(prn 1)".to_vec(), "a.clj").unwrap(),
            "(prn 1)"
        );
        let with_bom = b"\xEF\xBB\xBF(prn \"\xC3\xA9\")".to_vec();
        assert_eq!(
            decode_source(with_bom, "a.clj").unwrap(),
            "(prn \"\u{e9}\")"
        );
    }

    #[test]
    fn bad_bytes_are_located() {
        let e = decode_source(b"(prn 1)\n(prn \"\xFF\")\n".to_vec(), "a.clj").unwrap_err();
        assert!(
            e.starts_with("a.clj:2:7: error: invalid UTF-8: byte 0xFF (byte offset 14)"),
            "{e}"
        );
        let e = decode_source(b"(prn 1)\x00".to_vec(), "a.clj").unwrap_err();
        assert!(e.starts_with("a.clj:1:8: error: a NUL byte"), "{e}");
    }
}
