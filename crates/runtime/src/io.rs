//! Readers and writers: the values of `*out*`, `*err*` and `*in*`, string
//! writers and readers (`java.io.StringWriter`, `with-in-str`), and files
//! (`clojure.java.io/reader`/`writer`, `slurp`, `spit`, `line-seq`).
//!
//! ```text
//! Stream  header | *mut RefCell<Stream> (raw, finalized)
//! ```
//! One object kind for every stream, after `java.io.Reader`/`Writer`: what
//! it can do (write, read lines, read forms, close) depends on the variant,
//! and asking a writer to read throws IllegalArgumentException, as Clojure's
//! reflection would. `*out*`'s root is the `Stdout` stream, which writes
//! through `print`'s buffer (and its `with-out-str` captures); binding
//! `*out*` to another stream sends all printing there.

use crate::error;
use crate::heap;
use crate::ns;
use crate::object::{alloc_fields, has_tag, raw, set_raw, Header};
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;
use std::cell::{Cell, RefCell};
use std::io::{BufRead, Write};

/// What a stream object is.
pub enum Stream {
    /// The process's standard output (through `print::write_out`'s buffer).
    Stdout,
    /// The process's standard error (unbuffered).
    Stderr,
    /// `java.io.StringWriter`: the text written so far.
    StringWriter(String),
    /// A file opened for writing (`clojure.java.io/writer`, `spit`).
    FileWriter(std::io::BufWriter<std::fs::File>),
    /// A reader: text not yet consumed, then more from `source` if any.
    Reader(ReaderState),
    /// After `close`.
    Closed(&'static str),
}

/// The state of a reader: a pushback buffer over an optional source.
pub struct ReaderState {
    buf: String,
    pos: usize,
    source: Option<Box<dyn BufRead>>,
    class: &'static str,
}

impl ReaderState {
    /// A reader over a string (`java.io.StringReader`).
    pub fn from_string(s: &str) -> ReaderState {
        ReaderState {
            buf: s.to_string(),
            pos: 0,
            source: None,
            class: "java.io.StringReader",
        }
    }

    /// A reader over a source read line by line (files, stdin).
    pub fn from_source(source: Box<dyn BufRead>, class: &'static str) -> ReaderState {
        ReaderState {
            buf: String::new(),
            pos: 0,
            source: Some(source),
            class,
        }
    }

    /// Appends the next line of the source to the buffer; false at its end.
    fn pull(&mut self) -> Res<bool> {
        let Some(src) = self.source.as_mut() else {
            return Ok(false);
        };
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        match src.read_line(&mut self.buf) {
            Ok(0) => {
                self.source = None;
                Ok(false)
            }
            Ok(_) => Ok(true),
            Err(e) => Err(error::throw("IOException", &e.to_string())),
        }
    }

    /// The next line without its terminator (`\n` or `\r\n`), `None` at the end.
    pub fn read_line(&mut self) -> Res<Option<String>> {
        loop {
            if let Some(i) = self.buf[self.pos..].find('\n') {
                let mut line = self.buf[self.pos..self.pos + i].to_string();
                self.pos += i + 1;
                if line.ends_with('\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
            if !self.pull()? {
                if self.pos >= self.buf.len() {
                    return Ok(None);
                }
                let line = self.buf[self.pos..].to_string();
                self.pos = self.buf.len();
                return Ok(Some(line));
            }
        }
    }

    /// The next character, `None` at the end (`.read`).
    pub fn read_char(&mut self) -> Res<Option<char>> {
        loop {
            if let Some(c) = self.buf[self.pos..].chars().next() {
                self.pos += c.len_utf8();
                return Ok(Some(c));
            }
            if !self.pull()? {
                return Ok(None);
            }
        }
    }

    /// Everything left (`slurp`).
    pub fn read_rest(&mut self) -> Res<String> {
        while self.pull()? {}
        let s = self.buf[self.pos..].to_string();
        self.pos = self.buf.len();
        Ok(s)
    }

    /// The next form as a value (`read`), `None` at the end of input.
    /// Pulls more lines while the form is incomplete.
    pub fn read_form(&mut self) -> Res<Option<Value>> {
        Ok(self.read_form_text()?.map(|(v, _)| v))
    }

    /// Like `read_form`, with the text the form was read from, leading and
    /// trailing whitespace trimmed (`read+string`).
    pub fn read_form_text(&mut self) -> Res<Option<(Value, String)>> {
        loop {
            let text = &self.buf[self.pos..];
            let mut reader = genera_reader::Reader::new(text, "NO_SOURCE_FILE");
            match reader.next_form() {
                Some(Ok(form)) => {
                    let end = (form.span.end as usize).min(text.len());
                    let consumed = text[..end].trim().to_string();
                    self.pos += end;
                    let form = crate::tagged::apply_data_readers_res(form)?;
                    return Ok(Some((crate::constant::form_to_value(&form), consumed)));
                }
                Some(Err(e)) if !e.incomplete => {
                    self.pos = self.buf.len();
                    return Err(error::throw("RuntimeException", &e.message));
                }
                other => {
                    let incomplete = matches!(other, Some(Err(_)));
                    if !self.pull()? {
                        if incomplete {
                            self.pos = self.buf.len();
                            return Err(error::throw("RuntimeException", "EOF while reading"));
                        }
                        self.pos = self.buf.len();
                        return Ok(None);
                    }
                }
            }
        }
    }
}

/// Makes a stream object.
pub fn make_stream(s: Stream) -> Value {
    let b: Box<RefCell<Stream>> = Box::new(RefCell::new(s));
    let v = alloc_fields(Tag::Stream, &[], 1);
    set_raw(v, 0, Box::into_raw(b) as u64);
    v
}

pub fn is_stream(v: Value) -> bool {
    has_tag(v, Tag::Stream)
}

fn cell<'a>(v: Value) -> &'a RefCell<Stream> {
    // SAFETY: a Stream's word 0 is the Box made by `make_stream`, freed only
    // by `finalize` when the object dies; the caller holds `v`.
    unsafe { &*(raw(v, 0) as *const RefCell<Stream>) }
}

/// Runs `f` on the stream inside `v` (which must be a stream). A stream
/// used re-entrantly (printing a writer to itself) is an error, not a panic.
pub fn with_stream<T>(v: Value, f: impl FnOnce(&mut Stream) -> Res<T>) -> Res<T> {
    match cell(v).try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => Err(error::illegal_state("stream used while it is being used")),
    }
}

/// Releases a dead stream's payload (closing its file).
///
/// # Safety
/// `h` is a dead Stream object whose payload has not been finalized.
pub unsafe fn finalize(h: *mut Header) {
    let p = *Header::word(h, 0) as *mut RefCell<Stream>;
    if !p.is_null() {
        let b = Box::from_raw(p);
        if let Stream::FileWriter(mut w) = b.into_inner() {
            let _ = w.flush();
        }
    }
}

/// The JVM class a stream reports (`type`, printing).
pub fn class_name(v: Value) -> &'static str {
    match &*cell(v).borrow() {
        Stream::Stdout | Stream::Stderr => "java.io.PrintWriter",
        Stream::StringWriter(_) => "java.io.StringWriter",
        Stream::FileWriter(_) => "java.io.BufferedWriter",
        Stream::Reader(r) => r.class,
        Stream::Closed(c) => c,
    }
}

fn closed() -> crate::Thrown {
    error::throw("IOException", "Stream closed")
}

fn io_err(e: std::io::Error) -> crate::Thrown {
    error::throw("IOException", &e.to_string())
}

/// Writes `s` to a writer stream.
pub fn write_str(v: Value, s: &str) -> Res<()> {
    with_stream(v, |st| {
        match st {
            Stream::Stdout => crate::print::write_out_stdout(s),
            Stream::Stderr => {
                crate::print::flush_out();
                let _ = std::io::stderr().write_all(s.as_bytes());
            }
            Stream::StringWriter(buf) => buf.push_str(s),
            Stream::FileWriter(w) => w.write_all(s.as_bytes()).map_err(io_err)?,
            Stream::Reader(_) => {
                return Err(error::illegal_arg(
                    "No matching method write found taking 1 args for class java.io.Reader",
                ))
            }
            Stream::Closed(_) => return Err(closed()),
        }
        Ok(())
    })
}

/// `(.flush w)`.
pub fn flush(v: Value) -> Res<()> {
    with_stream(v, |st| {
        match st {
            Stream::Stdout => crate::print::flush_out(),
            Stream::FileWriter(w) => w.flush().map_err(io_err)?,
            _ => {}
        }
        Ok(())
    })
}

/// `(.close s)`: flushes a file writer; later use throws "Stream closed".
/// The standard streams stay open (closing them would end the program's
/// output; the JVM's System.out can be closed, genera's cannot).
pub fn close(v: Value) -> Res<()> {
    with_stream(v, |st| {
        let class = match st {
            Stream::Stdout | Stream::Stderr => return Ok(()),
            Stream::StringWriter(_) => return Ok(()), // closing a StringWriter has no effect
            Stream::FileWriter(w) => {
                w.flush().map_err(io_err)?;
                "java.io.BufferedWriter"
            }
            Stream::Reader(r) => r.class,
            Stream::Closed(_) => return Ok(()),
        };
        *st = Stream::Closed(class);
        Ok(())
    })
}

/// Runs `f` on a reader stream; a writer or closed stream throws.
pub fn with_reader<T>(v: Value, f: impl FnOnce(&mut ReaderState) -> Res<T>) -> Res<T> {
    with_stream(v, |st| match st {
        Stream::Reader(r) => f(r),
        Stream::Closed(_) => Err(closed()),
        _ => Err(error::illegal_arg(
            "No matching method read found for class java.io.Writer",
        )),
    })
}

/// The text of a StringWriter (its `toString`), `None` for other streams.
pub fn string_writer_text(v: Value) -> Option<String> {
    match &*cell(v).try_borrow().ok()? {
        Stream::StringWriter(s) => Some(s.clone()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// *out*, *err*, *in*

thread_local! {
    static OUT_VAR: Cell<Value> = const { Cell::new(Value::NIL) };
}

fn out_var() -> Value {
    let v = OUT_VAR.with(|c| c.get());
    if !v.is_nil() {
        return v;
    }
    let var = ns::intern("clojure.core", "*out*");
    OUT_VAR.with(|c| c.set(var));
    var
}

/// The value of `*out*` when it is a stream other than stdout (owned), so
/// that `print` writes there; `None` means stdout.
pub fn bound_out() -> Option<Value> {
    let v = ns::var_get_opt(out_var())?;
    let to_stdout = !is_stream(v) || matches!(&*cell(v).borrow(), Stream::Stdout);
    if to_stdout {
        heap::drop(v);
        None
    } else {
        Some(v)
    }
}

/// Makes the standard streams (immortal) for the roots of `*out*`, `*err*`
/// and `*in*`.
pub fn standard_streams() -> (Value, Value, Value) {
    let out = make_stream(Stream::Stdout);
    let err = make_stream(Stream::Stderr);
    let stdin = Box::new(std::io::BufReader::new(std::io::stdin()));
    let input = make_stream(Stream::Reader(ReaderState::from_source(
        stdin,
        "clojure.lang.LineNumberingPushbackReader",
    )));
    for s in [out, err, input] {
        heap::make_immortal(s);
    }
    let _ = STANDARD.set([out.0, err.0, input.0]);
    (out, err, input)
}

/// The standard streams made by `standard_streams` (immortal words).
static STANDARD: std::sync::OnceLock<[u64; 3]> = std::sync::OnceLock::new();

/// Which standard stream `v` is (0 out, 1 err, 2 in), if it is one.
pub fn standard_stream_index(v: Value) -> Option<u8> {
    let all = STANDARD.get()?;
    all.iter().position(|w| *w == v.0).map(|i| i as u8)
}

/// Standard stream `i` (0 out, 1 err, 2 in; immortal), once made.
pub fn standard_stream(i: u8) -> Option<Value> {
    STANDARD.get()?.get(i as usize).map(|w| Value(*w))
}

/// What kind of stream `v` is, for messages ("a file writer").
pub fn stream_description(v: Value) -> &'static str {
    match &*cell(v).borrow() {
        Stream::Stdout => "standard output",
        Stream::Stderr => "standard error",
        Stream::StringWriter(_) => "a string writer",
        Stream::FileWriter(_) => "an open file writer",
        Stream::Reader(_) => "a reader",
        Stream::Closed(_) => "a closed stream",
    }
}
