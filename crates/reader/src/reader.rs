//! The reader proper: an explicit stack machine, so that no input, however
//! deeply nested, can overflow the native stack.
//!
//! [`Reader::lex`] reads one *step* from the source: an atom, an opening
//! delimiter, a closing delimiter, or a prefix such as `'` or `^`. Openers and
//! prefixes push a [`Frame`]; atoms and closed collections are *delivered* to
//! the frame on top of the stack, which may complete it and deliver its own
//! result one level down ([`Reader::deliver`]). A top-level form is finished
//! when a result is delivered to an empty stack.

use crate::atoms::{digits_value, octal_char, parse_char_name, parse_number, parse_symbolic};
use crate::cursor::{is_macro, is_terminating_macro, is_whitespace, Cursor, Pos};
use crate::equality::find_duplicate;
use crate::form::{Form, FormKind, Name, Span};
use crate::{ReadError, ReadOptions};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How deeply forms may nest (collections and prefixes such as `'` together).
/// The reader itself copes with any depth (it keeps its own stack), but
/// everything downstream recurses over forms: the analyzer, printers, even
/// `Drop` and `Clone` for `Form`. Printing and dropping a form nested 10,000
/// deep already takes 1-2 MB of stack, and the analyzer needs far more per
/// level, so the limit is set where no hand-written code comes near it and
/// every recursive consumer stays well inside a thread's stack. Checked by
/// the test `deep_nesting_is_an_error_not_a_crash`.
pub const MAX_DEPTH: usize = 1_000;

/// The highest `%N` an anonymous function literal may use (fn* takes at most
/// 20 fixed parameters, as in Clojure).
const MAX_FN_ARG: u32 = 20;

/// Source of the unique numbers in the parameter names of `#(...)`. It is
/// process-wide so that two readers never produce the same name.
static NEXT_GENSYM_ID: AtomicU64 = AtomicU64::new(1);

fn gensym(prefix: &str) -> String {
    let id = NEXT_GENSYM_ID.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}__{id}#")
}

pub struct Reader<'a> {
    cur: Cursor<'a>,
    file: Arc<str>,
    features: Vec<String>,
    stack: Vec<Frame>,
    /// Forms spliced in by `#?@` where no collection could take them at once
    /// (e.g. after a `'`); they are read before any more source text, as
    /// Clojure's `pendingForms`. Kept in reverse order so `pop` is next.
    pending: Vec<Form>,
    /// The parameters used so far by the `#(...)` being read, if any.
    fn_args: Option<FnArgs>,
    /// Set after an error or at end of input: the reader reads nothing more.
    finished: bool,
}

#[derive(Default)]
struct FnArgs {
    fixed: BTreeMap<u32, String>,
    rest: Option<String>,
}

struct Frame {
    /// Where the construct that pushed this frame starts.
    start: Pos,
    kind: FrameKind,
}

enum FrameKind {
    Coll(CollKind, Vec<Form>),
    /// A prefix that wraps the next form; `head_end` is where the prefix
    /// characters end (the span of the synthesized head symbol).
    Wrap {
        prefix: Prefix,
        head_end: usize,
    },
    /// `^`: waiting for the metadata, then (once it is `Some`) for the target.
    Meta(Option<Form>),
    /// `#tag`: the next form is the tagged literal's value form.
    Tag(Name),
    /// `#_`: the next form is read and dropped.
    Discard,
}

#[derive(Clone, Debug)]
enum CollKind {
    List,
    Vector,
    Map,
    Set,
    /// `#(...)`
    FnLiteral,
    /// `#?(...)` or, splicing, `#?@(...)`.
    Conditional {
        splicing: bool,
    },
    /// `#:ns{...}`, `#::{...}` (ns None) or `#::alias{...}`.
    NamespacedMap {
        ns: Option<String>,
        auto: bool,
    },
}

impl CollKind {
    fn closer(&self) -> char {
        match self {
            CollKind::List | CollKind::FnLiteral | CollKind::Conditional { .. } => ')',
            CollKind::Vector => ']',
            CollKind::Map | CollKind::Set | CollKind::NamespacedMap { .. } => '}',
        }
    }

    fn opener(&self) -> String {
        match self {
            CollKind::List => "(".into(),
            CollKind::Vector => "[".into(),
            CollKind::Map => "{".into(),
            CollKind::Set => "#{".into(),
            CollKind::FnLiteral => "#(".into(),
            CollKind::Conditional { splicing: false } => "#?(".into(),
            CollKind::Conditional { splicing: true } => "#?@(".into(),
            CollKind::NamespacedMap { ns, auto } => {
                format!(
                    "#:{}{}{{",
                    if *auto { ":" } else { "" },
                    ns.as_deref().unwrap_or("")
                )
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Prefix {
    Quote,
    SyntaxQuote,
    Unquote,
    UnquoteSplicing,
    Deref,
    Var,
    /// A tagged literal in a reader-conditional branch that is not taken:
    /// Clojure does not evaluate those, so neither do we; it reads as nil
    /// and is thrown away with the branch.
    SuppressedTag,
}

impl Prefix {
    fn text(self) -> &'static str {
        match self {
            Prefix::Quote => "'",
            Prefix::SyntaxQuote => "`",
            Prefix::Unquote => "~",
            Prefix::UnquoteSplicing => "~@",
            Prefix::Deref => "@",
            Prefix::Var => "#'",
            Prefix::SuppressedTag => "a tag",
        }
    }

    /// The symbol at the head of the list this prefix reads as.
    fn head(self) -> Option<Name> {
        match self {
            Prefix::Quote => Some(Name::simple("quote")),
            Prefix::Var => Some(Name::simple("var")),
            Prefix::Unquote => Some(Name::qualified("clojure.core", "unquote")),
            Prefix::UnquoteSplicing => Some(Name::qualified("clojure.core", "unquote-splicing")),
            Prefix::Deref => Some(Name::qualified("clojure.core", "deref")),
            Prefix::SyntaxQuote | Prefix::SuppressedTag => None,
        }
    }
}

/// What one step of reading produced.
enum Step {
    Eof,
    Push(Frame),
    Close(char, Pos),
    Done(Outcome),
}

/// The result of reading a form: reader conditionals may produce nothing, or
/// (with `#?@`) several forms to splice into the enclosing collection.
enum Outcome {
    Form(Form),
    Nothing,
    Splice(Vec<Form>, Span),
}

type Result<T, E = ReadError> = std::result::Result<T, E>;

impl<'a> Reader<'a> {
    pub fn new(src: &'a str, file: &str) -> Reader<'a> {
        Reader::with_options(src, file, ReadOptions::default())
    }

    pub fn with_options(src: &'a str, file: &str, opts: ReadOptions) -> Reader<'a> {
        Reader {
            cur: Cursor::new(src),
            file: Arc::from(file),
            features: opts.features,
            stack: Vec::new(),
            pending: Vec::new(),
            fn_args: None,
            finished: false,
        }
    }

    /// The next top-level form, `None` at the end of input. After an error
    /// the reader stops (returns `None`): where to resume inside a broken
    /// form is guesswork, and callers such as the REPL start a new reader.
    pub fn next_form(&mut self) -> Option<Result<Form>> {
        if self.finished {
            return None;
        }
        match self.read_form() {
            Ok(Some(form)) => Some(Ok(form)),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(e) => {
                self.finished = true;
                self.stack.clear();
                self.pending.clear();
                Some(Err(e))
            }
        }
    }

    fn read_form(&mut self) -> Result<Option<Form>> {
        loop {
            let step = match self.pending.pop() {
                Some(form) => Step::Done(Outcome::Form(form)),
                None => self.lex()?,
            };
            let outcome = match step {
                Step::Eof if self.stack.is_empty() => return Ok(None),
                Step::Eof => return Err(self.eof_error()),
                Step::Push(frame) => {
                    self.push(frame)?;
                    continue;
                }
                Step::Close(c, pos) => self.close(c, pos)?,
                Step::Done(outcome) => outcome,
            };
            if let Some(form) = self.deliver(outcome)? {
                return Ok(Some(form));
            }
        }
    }

    // ---- Spans and errors -------------------------------------------------

    fn span_between(&self, from: Pos, to_byte: usize) -> Span {
        let to_byte = to_byte.max(from.byte);
        Span {
            file: self.file.clone(),
            line: from.line,
            col: from.col,
            start: u32::try_from(from.byte).unwrap_or(u32::MAX),
            end: u32::try_from(to_byte).unwrap_or(u32::MAX),
        }
    }

    /// From `from` to the current position.
    fn span_from(&self, from: Pos) -> Span {
        self.span_between(from, self.cur.pos().byte)
    }

    fn error(&self, from: Pos, message: impl Into<String>) -> ReadError {
        ReadError {
            span: self.span_from(from),
            message: message.into(),
            incomplete: false,
        }
    }

    fn error_at(span: Span, message: impl Into<String>) -> ReadError {
        ReadError {
            span,
            message: message.into(),
            incomplete: false,
        }
    }

    /// The input ended inside something: more input could complete it.
    fn incomplete(&self, from: Pos, message: impl Into<String>) -> ReadError {
        ReadError {
            span: self.span_from(from),
            message: message.into(),
            incomplete: true,
        }
    }

    /// End of input with frames still open: report the innermost one, as
    /// Clojure does (for a missing `)` it is the form that lacks it).
    fn eof_error(&self) -> ReadError {
        let start = self.stack.last().map_or(self.cur.pos(), |f| f.start);
        let mut err = self.incomplete(
            start,
            format!("EOF while reading, starting at line {}", start.line),
        );
        // Point at the opening delimiter only, not the whole rest of the file.
        err.span.end = err.span.start.saturating_add(1).min(err.span.end);
        err
    }

    // ---- The stack --------------------------------------------------------

    fn push(&mut self, frame: Frame) -> Result<()> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                frame.start,
                format!("Form nested too deeply (the limit is {MAX_DEPTH} levels)"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Hands a finished result to the frame on top of the stack, completing
    /// frames for as long as they complete. Returns a form when a top-level
    /// form is done.
    fn deliver(&mut self, mut outcome: Outcome) -> Result<Option<Form>> {
        loop {
            let form = match outcome {
                Outcome::Nothing => return Ok(None),
                Outcome::Splice(forms, span) => return self.deliver_splice(forms, span),
                Outcome::Form(form) => form,
            };
            let Some(top) = self.stack.last_mut() else {
                return Ok(Some(form));
            };
            match &mut top.kind {
                FrameKind::Coll(_, items) => {
                    items.push(form);
                    return Ok(None);
                }
                FrameKind::Meta(meta @ None) => {
                    *meta = Some(meta_map(form)?);
                    return Ok(None);
                }
                FrameKind::Discard => {
                    self.stack.pop();
                    return Ok(None);
                }
                FrameKind::Meta(Some(_)) | FrameKind::Wrap { .. } | FrameKind::Tag(_) => {}
            }
            // The top frame is complete: pop it and deliver its result.
            let Some(frame) = self.stack.pop() else {
                return Ok(None);
            };
            outcome = match frame.kind {
                FrameKind::Meta(Some(meta)) => Outcome::Form(apply_meta(meta, form)?),
                FrameKind::Wrap { prefix, head_end } => {
                    Outcome::Form(self.wrap(frame.start, head_end, prefix, form))
                }
                FrameKind::Tag(tag) => {
                    let span = self.span_between(frame.start, form.span.end as usize);
                    Outcome::Form(Form::new(
                        FormKind::Tagged {
                            tag,
                            form: Box::new(form),
                        },
                        span,
                    ))
                }
                FrameKind::Coll(..) | FrameKind::Meta(None) | FrameKind::Discard => {
                    return Ok(None)
                }
            };
        }
    }

    /// `#?@` results go straight into an enclosing collection; anything else
    /// (a prefix, a reader conditional's clauses) reads them one by one as if
    /// they came next in the source, which is what Clojure does.
    fn deliver_splice(&mut self, forms: Vec<Form>, span: Span) -> Result<Option<Form>> {
        match self.stack.last_mut() {
            None => Err(Self::error_at(
                span,
                "Reader conditional splicing not allowed at the top level.",
            )),
            Some(Frame {
                kind: FrameKind::Coll(kind, items),
                ..
            }) if !matches!(kind, CollKind::Conditional { .. }) => {
                items.extend(forms);
                Ok(None)
            }
            Some(_) => {
                self.pending.extend(forms.into_iter().rev());
                Ok(None)
            }
        }
    }

    fn wrap(&self, start: Pos, head_end: usize, prefix: Prefix, form: Form) -> Form {
        let span = self.span_between(start, form.span.end as usize);
        match prefix.head() {
            Some(head) => {
                let head = Form::new(FormKind::Symbol(head), self.span_between(start, head_end));
                Form::new(FormKind::List(vec![head, form]), span)
            }
            None if matches!(prefix, Prefix::SyntaxQuote) => {
                Form::new(FormKind::SyntaxQuote(Box::new(form)), span)
            }
            None => Form::new(FormKind::Nil, span),
        }
    }

    fn close(&mut self, closer: char, pos: Pos) -> Result<Outcome> {
        let expected = match self.stack.last() {
            None => return Err(self.error(pos, format!("Unmatched delimiter: {closer}"))),
            Some(Frame {
                kind: FrameKind::Coll(kind, _),
                ..
            }) => kind.closer(),
            Some(Frame {
                kind: FrameKind::Wrap { prefix, .. },
                ..
            }) => {
                let msg = format!(
                    "Unmatched delimiter: {closer} (expected a form after {})",
                    prefix.text()
                );
                return Err(self.error(pos, msg));
            }
            Some(Frame {
                kind: FrameKind::Meta(_),
                ..
            }) => {
                let msg = format!("Unmatched delimiter: {closer} (expected a form after ^)");
                return Err(self.error(pos, msg));
            }
            Some(Frame {
                kind: FrameKind::Discard,
                ..
            }) => {
                let msg = format!("Unmatched delimiter: {closer} (expected a form after #_)");
                return Err(self.error(pos, msg));
            }
            Some(Frame {
                kind: FrameKind::Tag(tag),
                ..
            }) => {
                let msg = format!("Unmatched delimiter: {closer} (expected a form after #{tag})");
                return Err(self.error(pos, msg));
            }
        };
        let Some(Frame {
            start,
            kind: FrameKind::Coll(kind, items),
        }) = self.stack.pop()
        else {
            return Ok(Outcome::Nothing); // Not reached: the top frame was a collection.
        };
        if closer != expected {
            let msg = format!(
                "Unmatched delimiter: {closer} (expected {expected} to close the {} at line {}, column {})",
                kind.opener(),
                start.line,
                start.col
            );
            return Err(self.error(pos, msg));
        }
        let span = self.span_from(start);
        self.finish_collection(kind, items, span)
    }

    fn finish_collection(
        &mut self,
        kind: CollKind,
        mut items: Vec<Form>,
        span: Span,
    ) -> Result<Outcome> {
        let form_kind = match kind {
            CollKind::List => FormKind::List(items),
            CollKind::Vector => FormKind::Vector(items),
            CollKind::Set => {
                if let Some(dup) = find_duplicate(items.iter()) {
                    return Err(Self::error_at(
                        dup.span.clone(),
                        format!("Duplicate key: {dup}"),
                    ));
                }
                FormKind::Set(items)
            }
            CollKind::Map => map_literal(items, &span)?,
            CollKind::NamespacedMap { ns, auto } => {
                qualify_keys(&mut items, ns.as_deref(), auto, &span)?;
                map_literal(items, &span)?
            }
            CollKind::FnLiteral => return Ok(Outcome::Form(self.fn_literal(items, span))),
            CollKind::Conditional { splicing } => return self.select_branch(items, splicing, span),
        };
        Ok(Outcome::Form(Form::new(form_kind, span)))
    }

    /// `#(f % %2 %&)` -> `(fn* [p1__N# p2__M# & rest__K#] (f p1__N# p2__M# rest__K#))`.
    fn fn_literal(&mut self, body: Vec<Form>, span: Span) -> Form {
        let args = self.fn_args.take().unwrap_or_default();
        let sym = |name: &str| Form::new(FormKind::Symbol(Name::simple(name)), span.clone());
        let max = args.fixed.keys().next_back().copied().unwrap_or(0);
        let mut params: Vec<Form> = (1..=max)
            .map(|n| match args.fixed.get(&n) {
                Some(name) => sym(name),
                // An unused parameter below a used one (`#(do %2)`) still
                // needs a name.
                None => sym(&gensym(&format!("p{n}"))),
            })
            .collect();
        if let Some(rest) = &args.rest {
            params.push(sym("&"));
            params.push(sym(rest));
        }
        let params = Form::new(FormKind::Vector(params), span.clone());
        let body = Form::new(FormKind::List(body), span.clone());
        Form::new(FormKind::List(vec![sym("fn*"), params, body]), span)
    }

    /// Picks the first clause whose feature is one of ours or `:default`
    /// (in the order written, as Clojure does).
    fn select_branch(&self, items: Vec<Form>, splicing: bool, span: Span) -> Result<Outcome> {
        if items.len() % 2 == 1 {
            return Err(Self::error_at(
                span,
                "read-cond requires an even number of forms",
            ));
        }
        for feature in items.iter().step_by(2) {
            if feature_name(feature).is_none() {
                return Err(Self::error_at(
                    feature.span.clone(),
                    format!("Feature should be a keyword: {feature}"),
                ));
            }
        }
        let mut items = items.into_iter();
        while let (Some(feature), Some(form)) = (items.next(), items.next()) {
            if !self.feature_matches(&feature) {
                continue;
            }
            if !splicing {
                return Ok(Outcome::Form(form));
            }
            return match form.kind {
                FormKind::List(forms) | FormKind::Vector(forms) => Ok(Outcome::Splice(forms, span)),
                _ => Err(Self::error_at(
                    form.span,
                    "Spliced form list in read-cond-splicing must be a list or vector",
                )),
            };
        }
        Ok(Outcome::Nothing)
    }

    fn feature_matches(&self, feature: &Form) -> bool {
        feature_name(feature)
            .is_some_and(|name| name == "default" || self.features.iter().any(|f| f == name))
    }

    /// True while reading a branch of a reader conditional that will not be
    /// taken (Clojure's `*suppress-read*`): tagged literals are not errors there.
    fn in_untaken_branch(&self) -> bool {
        self.stack.iter().any(|frame| match &frame.kind {
            FrameKind::Coll(CollKind::Conditional { .. }, items) if items.len() % 2 == 1 => {
                let earlier_match = items[..items.len() - 1]
                    .iter()
                    .step_by(2)
                    .any(|f| self.feature_matches(f));
                earlier_match || items.last().is_some_and(|f| !self.feature_matches(f))
            }
            _ => false,
        })
    }

    // ---- Lexing -----------------------------------------------------------

    fn skip_whitespace(&mut self) {
        while self.cur.peek().is_some_and(is_whitespace) {
            self.cur.bump();
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.cur.bump() {
            if c == '\n' {
                break;
            }
        }
    }

    fn lex(&mut self) -> Result<Step> {
        self.skip_whitespace();
        let start = self.cur.pos();
        let Some(c) = self.cur.bump() else {
            return Ok(Step::Eof);
        };
        let done = |form| Ok(Step::Done(Outcome::Form(form)));
        match c {
            '(' => Ok(self.open(CollKind::List, start)),
            '[' => Ok(self.open(CollKind::Vector, start)),
            '{' => Ok(self.open(CollKind::Map, start)),
            ')' | ']' | '}' => Ok(Step::Close(c, start)),
            '"' => done(self.read_string(start)?),
            '\\' => done(self.read_char(start)?),
            ';' => {
                self.skip_line();
                Ok(Step::Done(Outcome::Nothing))
            }
            '\'' => Ok(self.prefix(Prefix::Quote, start)),
            '`' => Ok(self.prefix(Prefix::SyntaxQuote, start)),
            '@' => Ok(self.prefix(Prefix::Deref, start)),
            '~' if self.cur.eat('@') => Ok(self.prefix(Prefix::UnquoteSplicing, start)),
            '~' => Ok(self.prefix(Prefix::Unquote, start)),
            '^' => Ok(Step::Push(Frame {
                start,
                kind: FrameKind::Meta(None),
            })),
            '#' => self.dispatch(start),
            _ if starts_number(c, self.cur.peek()) => {
                self.take_while(|c| !is_whitespace(c) && !is_macro(c));
                let kind =
                    parse_number(self.cur.text_from(start)).map_err(|m| self.error(start, m))?;
                done(Form::new(kind, self.span_from(start)))
            }
            _ => done(self.read_symbolic(start)?),
        }
    }

    fn take_while(&mut self, mut keep: impl FnMut(char) -> bool) {
        while self.cur.peek().is_some_and(&mut keep) {
            self.cur.bump();
        }
    }

    /// Reads the rest of a symbol-like token (its first character is already
    /// consumed).
    fn take_token(&mut self) {
        self.take_while(|c| !is_whitespace(c) && !is_terminating_macro(c));
    }

    fn open(&self, kind: CollKind, start: Pos) -> Step {
        Step::Push(Frame {
            start,
            kind: FrameKind::Coll(kind, Vec::new()),
        })
    }

    fn prefix(&self, prefix: Prefix, start: Pos) -> Step {
        let head_end = self.cur.pos().byte;
        Step::Push(Frame {
            start,
            kind: FrameKind::Wrap { prefix, head_end },
        })
    }

    fn read_symbolic(&mut self, start: Pos) -> Result<Form> {
        self.take_token();
        let token = self.cur.text_from(start);
        if token.starts_with('%') && self.fn_args.is_some() {
            let name = self.fn_arg(token).map_err(|m| self.error(start, m))?;
            return Ok(Form::new(
                FormKind::Symbol(Name::simple(&name)),
                self.span_from(start),
            ));
        }
        let kind = parse_symbolic(token).map_err(|m| self.error(start, m))?;
        Ok(Form::new(kind, self.span_from(start)))
    }

    /// The parameter a `%`, `%N` or `%&` inside `#(...)` stands for.
    fn fn_arg(&mut self, token: &str) -> Result<String, String> {
        let args = self.fn_args.get_or_insert_with(FnArgs::default);
        let n = match &token[1..] {
            "&" => return Ok(args.rest.get_or_insert_with(|| gensym("rest")).clone()),
            "" => 1,
            digits => match digits.parse::<u32>() {
                Ok(n) if (1..=MAX_FN_ARG).contains(&n) && !digits.starts_with(['+', '-']) => n,
                _ => {
                    return Err(format!(
                        "arg literal must be %, %& or %integer from 1 to {MAX_FN_ARG}, not {token}"
                    ))
                }
            },
        };
        Ok(args
            .fixed
            .entry(n)
            .or_insert_with(|| gensym(&format!("p{n}")))
            .clone())
    }

    /// A string literal; the opening quote is consumed.
    fn read_string(&mut self, start: Pos) -> Result<Form> {
        let mut text = String::new();
        loop {
            let here = self.cur.pos();
            match self.cur.bump() {
                None => return Err(self.incomplete(start, "EOF while reading string")),
                Some('"') => break,
                Some('\\') => text.push(self.read_escape(start, here)?),
                Some(c) => text.push(c),
            }
        }
        Ok(Form::new(FormKind::Str(text), self.span_from(start)))
    }

    /// The character an escape in a string stands for; `escape` is where its
    /// backslash is.
    fn read_escape(&mut self, start: Pos, escape: Pos) -> Result<char> {
        let Some(c) = self.cur.bump() else {
            return Err(self.incomplete(start, "EOF while reading string"));
        };
        let simple = match c {
            't' => Some('\t'),
            'r' => Some('\r'),
            'n' => Some('\n'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(c) = simple {
            return Ok(c);
        }
        if c == 'u' {
            let code = self.read_hex4(escape)?;
            return self.utf16_char(code, escape);
        }
        if c.is_ascii_digit() {
            // Up to three octal digits; the first must be octal.
            if !c.is_digit(8) {
                return Err(self.error(escape, format!("Invalid digit: {c}")));
            }
            let digits_start = self.cur.pos().byte - 1;
            for _ in 0..2 {
                if self.cur.peek().is_some_and(|d| d.is_digit(8)) {
                    self.cur.bump();
                }
            }
            let digits = self.cur.text_from(Pos {
                byte: digits_start,
                ..escape
            });
            return octal_char(digits_value(digits, 8).map_err(|m| self.error(escape, m))?)
                .map_err(|m| self.error(escape, m));
        }
        Err(self.error(escape, format!("Unsupported escape character: \\{c}")))
    }

    /// The four hex digits after `\u`.
    fn read_hex4(&mut self, escape: Pos) -> Result<u32> {
        let mut code = 0u32;
        for i in 0..4 {
            match self.cur.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    self.cur.bump();
                    code = code * 16 + d;
                }
                None if i == 0 => {
                    let shown = self.cur.peek().map_or("EOF".to_string(), String::from);
                    return Err(self.error(escape, format!("Invalid digit: {shown}")));
                }
                None => {
                    return Err(self.error(
                        escape,
                        format!("Invalid character length: {i}, should be: 4"),
                    ))
                }
            }
        }
        Ok(code)
    }

    /// Java strings are UTF-16, so Clojure source writes characters outside
    /// the BMP as a surrogate pair `\uD83D\uDE00`; combine the halves.
    fn utf16_char(&mut self, code: u32, escape: Pos) -> Result<char> {
        if (0xD800..0xDC00).contains(&code) && self.cur.rest().starts_with("\\u") {
            let low_start = self.cur.pos();
            self.cur.bump();
            self.cur.bump();
            let low = self.read_hex4(low_start)?;
            if (0xDC00..0xE000).contains(&low) {
                let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                if let Some(c) = char::from_u32(combined) {
                    return Ok(c);
                }
            }
        }
        char::from_u32(code).ok_or_else(|| {
            self.error(
                escape,
                format!("Invalid unicode escape: \\u{code:04X} is half of a surrogate pair"),
            )
        })
    }

    /// A character literal; the backslash is consumed. The first character
    /// is taken whatever it is (`\(`, `\ `), then the token runs on.
    fn read_char(&mut self, start: Pos) -> Result<Form> {
        if self.cur.bump().is_none() {
            return Err(self.incomplete(start, "EOF while reading character"));
        }
        self.take_token();
        let token = &self.cur.text_from(start)[1..];
        let c = parse_char_name(token).map_err(|m| self.error(start, m))?;
        Ok(Form::new(FormKind::Char(c), self.span_from(start)))
    }

    /// After `#`.
    fn dispatch(&mut self, start: Pos) -> Result<Step> {
        let Some(c) = self.cur.peek() else {
            return Err(self.incomplete(start, "EOF while reading dispatch macro (#)"));
        };
        if c.is_alphabetic() {
            return self.tagged_literal(start);
        }
        if c.is_whitespace() || c == ',' {
            // `# inst "..."`: Clojure reads the next form as the tag.
            self.skip_whitespace();
            return match self.cur.peek() {
                None => Err(self.incomplete(start, "EOF while reading")),
                Some(c) if c.is_alphabetic() => self.tagged_literal(start),
                Some(_) => Err(self.error(start, "Reader tag must be a symbol")),
            };
        }
        self.cur.bump();
        match c {
            '{' => Ok(self.open(CollKind::Set, start)),
            '(' => {
                if self.fn_args.is_some() {
                    return Err(self.error(start, "Nested #()s are not allowed"));
                }
                self.fn_args = Some(FnArgs::default());
                Ok(self.open(CollKind::FnLiteral, start))
            }
            '"' => Ok(Step::Done(Outcome::Form(self.read_regex(start)?))),
            '\'' => Ok(self.prefix(Prefix::Var, start)),
            '_' => Ok(Step::Push(Frame {
                start,
                kind: FrameKind::Discard,
            })),
            '^' => Ok(Step::Push(Frame {
                start,
                kind: FrameKind::Meta(None),
            })),
            '!' => {
                self.skip_line();
                Ok(Step::Done(Outcome::Nothing))
            }
            '?' => self.reader_conditional(start),
            ':' => self.namespaced_map(start),
            '#' => Ok(Step::Done(Outcome::Form(self.symbolic_value(start)?))),
            '=' => Err(self.error(start, "#= (read-eval) is not supported")),
            '<' => Err(self.error(start, "Unreadable form")),
            _ if c.is_control() => Err(self.error(
                start,
                format!("No dispatch macro for: {}", c.escape_default()),
            )),
            _ => Err(self.error(start, format!("No dispatch macro for: {c}"))),
        }
    }

    /// `#inst "..."` and friends: the tag, then the form it tags. In a
    /// reader-conditional branch that is not taken the tag is not looked
    /// at (Clojure does not call data readers there either).
    fn tagged_literal(&mut self, start: Pos) -> Result<Step> {
        let tag_start = self.cur.pos();
        self.take_token();
        if self.in_untaken_branch() {
            return Ok(self.prefix(Prefix::SuppressedTag, start));
        }
        let text = self.cur.text_from(tag_start).to_string();
        let tag = match text.split_once('/') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() => Name::qualified(ns, name),
            None => Name::simple(&text),
            Some(_) => return Err(self.error(start, format!("Invalid tag: #{text}"))),
        };
        Ok(Step::Push(Frame {
            start,
            kind: FrameKind::Tag(tag),
        }))
    }

    /// `#"..."`: the text is kept raw; `\"` does not end it.
    fn read_regex(&mut self, start: Pos) -> Result<Form> {
        let text_start = self.cur.pos();
        loop {
            match self.cur.bump() {
                None => return Err(self.incomplete(start, "EOF while reading regex")),
                Some('"') => break,
                Some('\\') if self.cur.bump().is_none() => {
                    return Err(self.incomplete(start, "EOF while reading regex"));
                }
                Some(_) => {}
            }
        }
        let text = self.cur.text_from(text_start);
        let pattern = text.strip_suffix('"').unwrap_or(text).to_string();
        Ok(Form::new(FormKind::Regex(pattern), self.span_from(start)))
    }

    /// `##Inf`, `##-Inf`, `##NaN`.
    fn symbolic_value(&mut self, start: Pos) -> Result<Form> {
        self.skip_whitespace();
        let token_start = self.cur.pos();
        if self.cur.peek().is_none() {
            return Err(self.incomplete(start, "EOF while reading symbolic value"));
        }
        self.take_token();
        let value = match self.cur.text_from(token_start) {
            "Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            other => return Err(self.error(start, format!("Unknown symbolic value: ##{other}"))),
        };
        Ok(Form::new(FormKind::Float(value), self.span_from(start)))
    }

    /// After `#?`: an optional `@`, then a list.
    fn reader_conditional(&mut self, start: Pos) -> Result<Step> {
        let splicing = self.cur.eat('@');
        self.skip_whitespace();
        match self.cur.bump() {
            None => Err(self.incomplete(start, "EOF while reading reader conditional")),
            Some('(') => Ok(self.open(CollKind::Conditional { splicing }, start)),
            Some(_) => Err(self.error(start, "read-cond body must be a list")),
        }
    }

    /// After `#:`: `#:ns{`, `#::{` or `#::alias{`.
    fn namespaced_map(&mut self, start: Pos) -> Result<Step> {
        let auto = self.cur.eat(':');
        let ns_start = self.cur.pos();
        self.take_token();
        let ns = self.cur.text_from(ns_start);
        let ns = match parse_symbolic(ns) {
            _ if ns.is_empty() && auto => None,
            _ if ns.is_empty() => {
                return Err(self.error(start, "Namespaced map must specify a namespace"))
            }
            Ok(FormKind::Symbol(Name { ns: None, name })) => Some(name),
            _ => {
                return Err(self.error(
                    start,
                    format!("Namespaced map must specify a valid namespace: {ns}"),
                ))
            }
        };
        self.skip_whitespace();
        match self.cur.bump() {
            None => Err(self.incomplete(start, "EOF while reading namespaced map")),
            Some('{') => Ok(self.open(CollKind::NamespacedMap { ns, auto }, start)),
            Some(_) => Err(self.error(start, "Namespaced map must specify a map")),
        }
    }
}

/// A digit, or a sign followed by a digit, starts a number.
fn starts_number(c: char, next: Option<char>) -> bool {
    c.is_ascii_digit() || (matches!(c, '+' | '-') && next.is_some_and(|n| n.is_ascii_digit()))
}

/// The name of a reader-conditional feature (`:genera` -> "genera").
fn feature_name(form: &Form) -> Option<&str> {
    match &form.kind {
        FormKind::Keyword {
            name: Name { ns: None, name },
            auto: false,
        } => Some(name),
        _ => None,
    }
}

fn map_literal(items: Vec<Form>, span: &Span) -> Result<FormKind> {
    if items.len() % 2 == 1 {
        return Err(Reader::error_at(
            span.clone(),
            "Map literal must contain an even number of forms",
        ));
    }
    if let Some(dup) = find_duplicate(items.iter().step_by(2)) {
        return Err(Reader::error_at(
            dup.span.clone(),
            format!("Duplicate key: {dup}"),
        ));
    }
    Ok(FormKind::Map(items))
}

/// Gives the keys of `#:ns{...}` their namespace: unqualified keywords and
/// symbols get `ns`, ones qualified with `_` lose theirs, others stay.
fn qualify_keys(items: &mut [Form], ns: Option<&str>, auto: bool, span: &Span) -> Result<()> {
    for key in items.iter_mut().step_by(2) {
        match &mut key.kind {
            FormKind::Keyword {
                name,
                auto: key_auto,
            } if !*key_auto => {
                if name.ns.is_none() {
                    name.ns = ns.map(str::to_string);
                    *key_auto = auto;
                } else if name.ns.as_deref() == Some("_") {
                    name.ns = None;
                }
            }
            FormKind::Symbol(name) => {
                if name.ns.as_deref() == Some("_") {
                    name.ns = None;
                } else if name.ns.is_none() {
                    if auto {
                        // The namespace is only known to the analyzer, and a
                        // symbol has no `auto` flag to defer it with.
                        let msg = "Symbol keys in auto-resolved namespaced maps (#::{}) are not supported";
                        return Err(Reader::error_at(span.clone(), msg));
                    }
                    name.ns = ns.map(str::to_string);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn keyword(name: &str, span: Span) -> Form {
    Form::new(
        FormKind::Keyword {
            name: Name::simple(name),
            auto: false,
        },
        span,
    )
}

/// The map a `^` prefix stands for: `^:k` is `{:k true}`, `^T` and `^"T"`
/// are `{:tag T}`, a map is itself.
fn meta_map(form: Form) -> Result<Form> {
    let span = form.span.clone();
    let entries = match &form.kind {
        FormKind::Map(_) => return Ok(form),
        FormKind::Symbol(_) | FormKind::Str(_) => vec![keyword("tag", span.clone()), form],
        FormKind::Keyword { .. } => vec![form, Form::new(FormKind::Bool(true), span.clone())],
        _ => {
            return Err(Reader::error_at(
                span,
                "Metadata must be Symbol,Keyword,String or Map",
            ))
        }
    };
    Ok(Form::new(FormKind::Map(entries), span))
}

/// Attaches `meta` to `target`, merging with metadata the target already has
/// from an inner `^`. As in Clojure, `^:a ^:b x` reads `^:b x` first and then
/// adds `:a`, so the outer (leftmost) value wins when keys clash.
fn apply_meta(meta: Form, mut target: Form) -> Result<Form> {
    let can_hold_meta = matches!(
        target.kind,
        FormKind::Symbol(_)
            | FormKind::List(_)
            | FormKind::Vector(_)
            | FormKind::Map(_)
            | FormKind::Set(_)
    );
    if !can_hold_meta {
        let msg = format!(
            "Metadata can only be applied to symbols and collections, not {}",
            target.kind_name()
        );
        return Err(Reader::error_at(target.span, msg));
    }
    let Form {
        kind: FormKind::Map(outer),
        span,
        ..
    } = meta
    else {
        return Ok(target); // Not reached: `meta_map` always makes a map.
    };
    let mut merged = match target.meta.take().map(|m| *m) {
        Some(Form {
            kind: FormKind::Map(inner),
            ..
        }) => inner,
        _ => Vec::new(),
    };
    let mut outer = outer.into_iter();
    while let (Some(key), Some(value)) = (outer.next(), outer.next()) {
        match merged
            .iter()
            .step_by(2)
            .position(|k| crate::equality::same_value(k, &key))
        {
            Some(i) if 2 * i + 1 < merged.len() => merged[2 * i + 1] = value,
            _ => merged.extend([key, value]),
        }
    }
    target.meta = Some(Box::new(Form::new(FormKind::Map(merged), span)));
    Ok(target)
}
