//! Streams: string writers and readers, files, `slurp`, `spit`, and the
//! helpers behind `read-line`, `line-seq`, `read`, `with-open`,
//! `clojure.java.io` (see `crate::io`).

use super::*;
use crate::io::{self as sio, ReaderState, Stream};

fn stream_arg(v: Value, what: &str) -> Res<Value> {
    if sio::is_stream(v) {
        Ok(v)
    } else {
        Err(cast_error(v, what))
    }
}

fn io_error(path: &str, e: std::io::Error) -> crate::Thrown {
    match e.kind() {
        std::io::ErrorKind::NotFound => error::throw(
            "FileNotFoundException",
            &format!("{path} (No such file or directory)"),
        ),
        std::io::ErrorKind::PermissionDenied => error::throw(
            "FileNotFoundException",
            &format!("{path} (Permission denied)"),
        ),
        _ => error::throw("IOException", &format!("{path}: {e}")),
    }
}

/// `(%string-writer)`: a `java.io.StringWriter`.
fn n_string_writer(a: &[Value]) -> Res {
    ar(a, 0, "%string-writer")?;
    Ok(sio::make_stream(Stream::StringWriter(String::new())))
}

/// `(%string-reader s)`: a `java.io.StringReader` over `s`.
fn n_string_reader(a: &[Value]) -> Res {
    ar(a, 1, "%string-reader")?;
    let s = str_arg(a[0])?;
    Ok(sio::make_stream(Stream::Reader(ReaderState::from_string(
        s,
    ))))
}

/// `(%file-reader path)`.
fn n_file_reader(a: &[Value]) -> Res {
    ar(a, 1, "%file-reader")?;
    let path = str_arg(a[0])?;
    let f = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(error::throw(
            "FileNotFoundException",
            &format!("{path} (Is a directory)"),
        ));
    }
    let src = Box::new(std::io::BufReader::new(f));
    Ok(sio::make_stream(Stream::Reader(ReaderState::from_source(
        src,
        "java.io.BufferedReader",
    ))))
}

/// `(%file-writer path append?)`.
fn n_file_writer(a: &[Value]) -> Res {
    ar(a, 2, "%file-writer")?;
    let path = str_arg(a[0])?;
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .append(a[1].truthy())
        .truncate(!a[1].truthy())
        .open(path)
        .map_err(|e| io_error(path, e))?;
    Ok(sio::make_stream(Stream::FileWriter(
        std::io::BufWriter::new(f),
    )))
}

/// `(%write w x)`: Writer.write of a string, a char, or an int code point.
/// A nil writer is the current output (what a `print-method` of a record
/// or type is handed while the printer captures its text).
fn n_write(a: &[Value]) -> Res {
    ar(a, 2, "%write")?;
    let w = if a[0].is_nil() {
        None
    } else {
        Some(stream_arg(a[0], "java.io.Writer")?)
    };
    let text = if let Some(s) = string::as_str(a[1]) {
        s.to_string()
    } else if let Some(c) = a[1].as_char() {
        c.to_string()
    } else if let Some(n) = num::as_long(a[1]) {
        char::from_u32(n as u32 & 0xFFFF)
            .unwrap_or('\u{FFFD}')
            .to_string()
    } else {
        print::str_of_value(a[1])?
    };
    match w {
        Some(w) => sio::write_str(w, &text)?,
        None => print::write_out(&text),
    }
    Ok(Value::NIL)
}

/// `(%flush w)`.
fn n_flush_stream(a: &[Value]) -> Res {
    ar(a, 1, "%flush")?;
    sio::flush(stream_arg(a[0], "java.io.Writer")?)?;
    Ok(Value::NIL)
}

/// `(%close x)`: closes a stream; any other value is an error (with-open
/// on a value with no close).
fn n_close(a: &[Value]) -> Res {
    ar(a, 1, "%close")?;
    if !sio::is_stream(a[0]) {
        return Err(error::illegal_arg(&format!(
            "No matching field found: close for class {}",
            error::class_name_of(a[0])
        )));
    }
    sio::close(a[0])?;
    Ok(Value::NIL)
}

/// `(%stream? x)`.
fn n_stream_p(a: &[Value]) -> Res {
    ar(a, 1, "%stream?")?;
    b(sio::is_stream(a[0]))
}

/// `(%read-line rdr)`: the next line, or nil at the end.
fn n_read_line(a: &[Value]) -> Res {
    ar(a, 1, "%read-line")?;
    let r = stream_arg(a[0], "java.io.BufferedReader")?;
    Ok(match sio::with_reader(r, |st| st.read_line())? {
        Some(line) => make_str(&line),
        None => Value::NIL,
    })
}

/// `(%read-char rdr)`: the next char's code, or -1 at the end (`.read`).
fn n_read_char(a: &[Value]) -> Res {
    ar(a, 1, "%read-char")?;
    let r = stream_arg(a[0], "java.io.Reader")?;
    Ok(Value::fixnum(
        match sio::with_reader(r, |st| st.read_char())? {
            Some(c) => c as i64,
            None => -1,
        },
    ))
}

/// `(%read-form rdr eof-error? eof-value)`: the next form (`read`).
fn n_read_form(a: &[Value]) -> Res {
    ar(a, 3, "%read-form")?;
    let r = stream_arg(a[0], "java.io.PushbackReader")?;
    match sio::with_reader(r, |st| st.read_form())? {
        Some(v) => Ok(v),
        None if a[1].truthy() => Err(error::throw("RuntimeException", "EOF while reading")),
        None => Ok(dupd(a[2])),
    }
}

/// `(%read+string rdr eof-error? eof-value)`: `[form text]`, the text
/// trimmed, as `read+string`.
fn n_read_plus_string(a: &[Value]) -> Res {
    ar(a, 3, "%read+string")?;
    let r = stream_arg(a[0], "java.io.PushbackReader")?;
    match sio::with_reader(r, |st| st.read_form_text())? {
        Some((v, text)) => Ok(coll::vector_from_vec(vec![v, make_str(&text)])),
        None if a[1].truthy() => Err(error::throw("RuntimeException", "EOF while reading")),
        None => Ok(coll::vector_from_vec(vec![dupd(a[2]), make_str("")])),
    }
}

/// `(slurp f)`: the whole content of a file (a path) or a reader.
fn n_slurp(a: &[Value]) -> Res {
    ar_min(a, 1, "slurp")?;
    if sio::is_stream(a[0]) {
        let s = sio::with_reader(a[0], |st| st.read_rest())?;
        return Ok(make_str(&s));
    }
    let path = str_arg(a[0])?;
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    Ok(make_str(&String::from_utf8_lossy(&bytes)))
}

/// `(spit f content & {:append bool})`: writes `(str content)` to a path.
fn n_spit(a: &[Value]) -> Res {
    ar_min(a, 2, "spit")?;
    let mut append = false;
    for kv in a[2..].chunks(2) {
        if kv.len() == 2 && string::is_keyword(kv[0]) && string::full_name(kv[0]) == "append" {
            append = kv[1].truthy();
        }
    }
    let text = print::str_of_value(a[1])?;
    if sio::is_stream(a[0]) {
        sio::write_str(a[0], &text)?;
        return sio::close(a[0]).map(|_| Value::NIL);
    }
    let path = str_arg(a[0])?;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .append(append)
        .truncate(!append)
        .open(path)
        .map_err(|e| io_error(path, e))?;
    use std::io::Write as _;
    f.write_all(text.as_bytes())
        .map_err(|e| io_error(path, e))?;
    Ok(Value::NIL)
}

/// `(%file-exists? path)`, for `clojure.java.io/file`'s `.exists`.
fn n_file_exists(a: &[Value]) -> Res {
    ar(a, 1, "%file-exists?")?;
    b(std::path::Path::new(str_arg(a[0])?).exists())
}

/// `(%delete-file path silently?)`.
fn n_delete_file(a: &[Value]) -> Res {
    ar(a, 2, "%delete-file")?;
    let path = str_arg(a[0])?;
    match std::fs::remove_file(path) {
        Ok(()) => b(true),
        Err(_) if a[1].truthy() => b(false),
        Err(_) => Err(error::throw(
            "IOException",
            &format!("Couldn't delete {path}"),
        )),
    }
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("%string-writer", n_string_writer),
        ("%string-reader", n_string_reader),
        ("%file-reader", n_file_reader),
        ("%file-writer", n_file_writer),
        ("%write", n_write),
        ("%flush", n_flush_stream),
        ("%close", n_close),
        ("%stream?", n_stream_p),
        ("%read-line", n_read_line),
        ("%read-char", n_read_char),
        ("%read-form", n_read_form),
        ("%read+string", n_read_plus_string),
        ("%file-exists?", n_file_exists),
        ("%delete-file", n_delete_file),
        ("slurp", n_slurp),
        ("spit", n_spit),
    ]
}
