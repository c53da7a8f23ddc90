//! A cursor over source text that tracks line and column as it moves.
//!
//! Everything that consumes characters goes through [`Cursor::bump`], so the
//! position is always on a character boundary and spans can never cut a UTF-8
//! sequence in half.

/// A place in the source: a byte offset plus the 1-based line and column
/// (the column counts characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    pub byte: usize,
    pub line: u32,
    pub col: u32,
}

pub(crate) struct Cursor<'a> {
    src: &'a str,
    pos: Pos,
}

impl<'a> Cursor<'a> {
    pub fn new(src: &'a str) -> Cursor<'a> {
        Cursor {
            src,
            pos: Pos {
                byte: 0,
                line: 1,
                col: 1,
            },
        }
    }

    pub fn pos(&self) -> Pos {
        self.pos
    }

    pub fn rest(&self) -> &'a str {
        // `pos.byte` only ever advances by whole characters, so this is a
        // character boundary; `get` keeps us honest anyway.
        self.src.get(self.pos.byte..).unwrap_or("")
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos.byte += c.len_utf8();
        if c == '\n' {
            self.pos.line = self.pos.line.saturating_add(1);
            self.pos.col = 1;
        } else {
            self.pos.col = self.pos.col.saturating_add(1);
        }
        Some(c)
    }

    /// Consumes the next character if it is `c`.
    pub fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// The text from `start` (a position this cursor has been at) to here.
    pub fn text_from(&self, start: Pos) -> &'a str {
        self.src.get(start.byte..self.pos.byte).unwrap_or("")
    }
}

/// Clojure's whitespace: Java's `Character.isWhitespace` plus the comma.
/// Java does not count the no-break spaces as whitespace, so neither do we.
pub(crate) fn is_whitespace(c: char) -> bool {
    c == ',' || (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
}

/// Characters that have a reader macro of their own when they start a form.
pub(crate) fn is_macro(c: char) -> bool {
    matches!(
        c,
        '"' | ';'
            | '\''
            | '@'
            | '^'
            | '`'
            | '~'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '\\'
            | '%'
            | '#'
    )
}

/// Macro characters that also end a symbol or keyword: `'`, `#` and `%` may
/// appear inside one (`a'`, `x#`, `p%`).
pub(crate) fn is_terminating_macro(c: char) -> bool {
    is_macro(c) && !matches!(c, '#' | '\'' | '%')
}
