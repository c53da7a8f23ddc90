//! Bencode, nREPL's wire format (after BitTorrent's BEP 3): integers
//! `i42e`, byte strings `5:hello`, lists `l...e` and dictionaries `d...e`
//! with byte-string keys in sorted order.
//!
//! The decoder reads one value at a time from a byte stream and never
//! panics: malformed input, nesting deeper than `MAX_DEPTH` or a string
//! longer than `MAX_STRING` is an `Err` (the connection is then out of step
//! and is closed by the caller).

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read as _, Write};

/// Nesting deeper than this is refused (no request needs more than 3).
pub const MAX_DEPTH: usize = 64;

/// The longest byte string accepted (a `load-file` of a large file fits).
pub const MAX_STRING: usize = 256 << 20;

/// A bencode value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bencode {
    Int(i64),
    Bytes(Vec<u8>),
    List(Vec<Bencode>),
    Dict(BTreeMap<Vec<u8>, Bencode>),
}

impl Bencode {
    /// A byte string of `s`'s UTF-8.
    pub fn str(s: &str) -> Bencode {
        Bencode::Bytes(s.as_bytes().to_vec())
    }

    /// A list of byte strings.
    pub fn strs<S: AsRef<str>>(items: &[S]) -> Bencode {
        Bencode::List(items.iter().map(|s| Bencode::str(s.as_ref())).collect())
    }

    /// A dictionary from `(key, value)` pairs.
    pub fn dict<'a>(pairs: impl IntoIterator<Item = (&'a str, Bencode)>) -> Bencode {
        Bencode::Dict(
            pairs
                .into_iter()
                .map(|(k, v)| (k.as_bytes().to_vec(), v))
                .collect(),
        )
    }

    /// The text of a byte string (lossy for invalid UTF-8), else None.
    pub fn as_str(&self) -> Option<String> {
        match self {
            Bencode::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        }
    }

    /// The entry `key` of a dictionary.
    pub fn get(&self, key: &str) -> Option<&Bencode> {
        match self {
            Bencode::Dict(d) => d.get(key.as_bytes()),
            _ => None,
        }
    }

    /// The entry `key` of a dictionary as text.
    pub fn get_str(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Bencode::as_str)
    }

    /// The entry `key` of a dictionary as an integer (also accepted as a
    /// decimal string, which some clients send).
    pub fn get_int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Bencode::Int(n) => Some(*n),
            b @ Bencode::Bytes(_) => b.as_str()?.trim().parse().ok(),
            _ => None,
        }
    }

    /// Appends the encoding of `self` to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Bencode::Int(n) => {
                let _ = write!(out, "i{n}e");
            }
            Bencode::Bytes(b) => {
                let _ = write!(out, "{}:", b.len());
                out.extend_from_slice(b);
            }
            Bencode::List(items) => {
                out.push(b'l');
                for item in items {
                    item.encode_into(out);
                }
                out.push(b'e');
            }
            Bencode::Dict(d) => {
                out.push(b'd');
                for (k, v) in d {
                    let _ = write!(out, "{}:", k.len());
                    out.extend_from_slice(k);
                    v.encode_into(out);
                }
                out.push(b'e');
            }
        }
    }

    /// The encoding of `self`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }
}

/// Why decoding failed.
#[derive(Debug)]
pub enum DecodeError {
    /// The stream ended before the value did (at a value boundary it is
    /// `Ok(None)` instead).
    Eof,
    Io(io::Error),
    /// Not bencode; the text says what was wrong.
    Malformed(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Eof => write!(f, "the connection ended inside a message"),
            DecodeError::Io(e) => write!(f, "{e}"),
            DecodeError::Malformed(m) => write!(f, "malformed bencode: {m}"),
        }
    }
}

/// Reads one value; `Ok(None)` if the stream ends cleanly before it.
pub fn read<R: BufRead>(r: &mut R) -> Result<Option<Bencode>, DecodeError> {
    match peek(r)? {
        None => Ok(None),
        Some(_) => read_value(r, 0).map(Some),
    }
}

fn peek<R: BufRead>(r: &mut R) -> Result<Option<u8>, DecodeError> {
    loop {
        match r.fill_buf() {
            Ok(b) => return Ok(b.first().copied()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(DecodeError::Io(e)),
        }
    }
}

fn next_byte<R: BufRead>(r: &mut R) -> Result<u8, DecodeError> {
    let b = peek(r)?.ok_or(DecodeError::Eof)?;
    r.consume(1);
    Ok(b)
}

fn read_value<R: BufRead>(r: &mut R, depth: usize) -> Result<Bencode, DecodeError> {
    if depth > MAX_DEPTH {
        return Err(DecodeError::Malformed(format!(
            "nested deeper than {MAX_DEPTH}"
        )));
    }
    match peek(r)?.ok_or(DecodeError::Eof)? {
        b'i' => {
            r.consume(1);
            let digits = read_until(r, b'e')?;
            parse_int(&digits).map(Bencode::Int)
        }
        b'l' => {
            r.consume(1);
            let mut items = Vec::new();
            while peek(r)?.ok_or(DecodeError::Eof)? != b'e' {
                items.push(read_value(r, depth + 1)?);
            }
            r.consume(1);
            Ok(Bencode::List(items))
        }
        b'd' => {
            r.consume(1);
            let mut d = BTreeMap::new();
            while peek(r)?.ok_or(DecodeError::Eof)? != b'e' {
                let Bencode::Bytes(k) = read_value(r, depth + 1)? else {
                    return Err(DecodeError::Malformed(
                        "a dictionary key that is not a string".into(),
                    ));
                };
                let v = read_value(r, depth + 1)?;
                d.insert(k, v);
            }
            r.consume(1);
            Ok(Bencode::Dict(d))
        }
        b'0'..=b'9' => read_bytes(r).map(Bencode::Bytes),
        other => Err(DecodeError::Malformed(format!(
            "unexpected byte {:?} at the start of a value",
            other as char
        ))),
    }
}

/// The bytes before `end` (consumed with it); at most 32 of them.
fn read_until<R: BufRead>(r: &mut R, end: u8) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    loop {
        let b = next_byte(r)?;
        if b == end {
            return Ok(out);
        }
        if out.len() >= 32 {
            return Err(DecodeError::Malformed(
                "a number longer than 32 digits".into(),
            ));
        }
        out.push(b);
    }
}

fn parse_int(digits: &[u8]) -> Result<i64, DecodeError> {
    let text = std::str::from_utf8(digits).unwrap_or("");
    let well_formed = !text.is_empty()
        && text
            .bytes()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == b'-'));
    match text.parse::<i64>() {
        Ok(n) if well_formed => Ok(n),
        _ => Err(DecodeError::Malformed(format!(
            "bad integer {:?}",
            String::from_utf8_lossy(digits)
        ))),
    }
}

fn read_bytes<R: BufRead>(r: &mut R) -> Result<Vec<u8>, DecodeError> {
    let len = parse_int(&read_until(r, b':')?)?;
    let len = usize::try_from(len)
        .ok()
        .filter(|&n| n <= MAX_STRING)
        .ok_or_else(|| DecodeError::Malformed(format!("bad string length {len}")))?;
    let mut out = Vec::with_capacity(len.min(1 << 16));
    let got = r
        .take(len as u64)
        .read_to_end(&mut out)
        .map_err(DecodeError::Io)?;
    if got < len {
        return Err(DecodeError::Eof);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Option<Bencode>, DecodeError> {
        read(&mut io::BufReader::new(bytes))
    }

    #[test]
    fn round_trips() {
        let v = Bencode::dict([
            ("op", Bencode::str("eval")),
            ("n", Bencode::Int(-12)),
            ("l", Bencode::List(vec![Bencode::str(""), Bencode::Int(0)])),
        ]);
        let bytes = v.encode();
        assert_eq!(bytes, b"d1:ll0:i0ee1:ni-12e2:op4:evale".to_vec());
        assert_eq!(decode(&bytes).ok().flatten(), Some(v));
    }

    #[test]
    fn reads_messages_in_sequence() {
        let mut r = io::BufReader::new(&b"i1e3:abc"[..]);
        assert_eq!(read(&mut r).ok().flatten(), Some(Bencode::Int(1)));
        assert_eq!(read(&mut r).ok().flatten(), Some(Bencode::str("abc")));
        assert!(matches!(read(&mut r), Ok(None)));
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in [
            &b"x"[..],
            b"i12",
            b"ie",
            b"i1-2e",
            b"5:abc",
            b"d1:ae",
            b"di1ei2ee",
            b"99999999999999999999999999999999999:",
            b"-1:",
            b"l",
        ] {
            assert!(decode(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "l".repeat(1000);
        assert!(decode(deep.as_bytes()).is_err());
    }
}
