//! The textual form of Core IR, for snapshot tests, `--dump-ir` and reading.
//!
//! One instruction per line; the body of a `let`, `dup`, `drop` or `letjoin`
//! continues on the following lines at the same indentation, and nested
//! blocks (branches, join bodies, try bodies and handlers) are indented two
//! more spaces:
//!
//! ```text
//! lambda 1 "user/fib" captures 0
//!   arity (v0):
//!     let v1 = const 2 [c0]
//!     let v2 = prim < (v0 v1) unwind (v0)
//!     drop v1
//!     if v2
//!     then:
//!       return v0
//!     else:
//!       ...
//! ```
//!
//! Constants are shown inline, followed by their id; spans are not shown.

use crate::core::*;
use genera_reader::{Form, FormKind};
use std::fmt::Write;

pub fn print_module(m: &Module) -> String {
    let mut out = String::new();
    for (i, lambda) in m.lambdas.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let entry = if LambdaId(i as u32) == m.entry {
            " entry"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "lambda {i} {:?} captures {}{entry}",
            lambda.name, lambda.ncaptures
        );
        for arity in &lambda.arities {
            print_arity(&mut out, m, arity);
        }
    }
    out
}

fn print_arity(out: &mut String, m: &Module, a: &Arity) {
    let mut params = vars(&a.params);
    if let Some(rest) = a.rest {
        params = if params.is_empty() {
            format!("& {rest}")
        } else {
            format!("{params} & {rest}")
        };
    }
    let borrowed = if a.borrowed.is_empty() {
        String::new()
    } else {
        format!(" borrowed ({})", vars(&a.borrowed))
    };
    let _ = writeln!(out, "  arity ({params}){borrowed}:");
    Printer { out, m }.expr(&a.body, 4);
}

fn vars(vs: &[VarId]) -> String {
    vs.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn unwind_suffix(unwind: &[VarId]) -> String {
    if unwind.is_empty() {
        String::new()
    } else {
        format!(" unwind ({})", vars(unwind))
    }
}

struct Printer<'a> {
    out: &'a mut String,
    m: &'a Module,
}

impl Printer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }

    fn expr(&mut self, mut e: &Expr, indent: usize) {
        // Straight-line code is printed in a loop, not by recursion, so long
        // blocks cost no stack.
        loop {
            e = match e {
                Expr::Let {
                    var,
                    rhs,
                    unwind,
                    body,
                    ..
                } => {
                    let text = format!("let {var} = {}{}", self.rhs(rhs), unwind_suffix(unwind));
                    self.line(indent, &text);
                    body
                }
                Expr::Dup { var, body } => {
                    self.line(indent, &format!("dup {var}"));
                    body
                }
                Expr::Drop { var, body } => {
                    self.line(indent, &format!("drop {var}"));
                    body
                }
                Expr::DropReuse {
                    var,
                    token,
                    kind,
                    body,
                } => {
                    self.line(
                        indent,
                        &format!("let {token} = drop_reuse {var} for {}", alloc_kind(kind)),
                    );
                    body
                }
                Expr::FreeReuse { token, body } => {
                    self.line(indent, &format!("free_reuse {token}"));
                    body
                }
                Expr::LetJoin {
                    join,
                    params,
                    body,
                    cont,
                } => {
                    self.line(indent, &format!("letjoin {join}({}):", vars(params)));
                    self.expr(body, indent + 2);
                    cont
                }
                _ => return self.terminator(e, indent),
            }
        }
    }

    fn terminator(&mut self, e: &Expr, indent: usize) {
        match e {
            Expr::If { cond, then, else_ } => {
                self.line(indent, &format!("if {cond}"));
                self.line(indent, "then:");
                self.expr(then, indent + 2);
                self.line(indent, "else:");
                self.expr(else_, indent + 2);
            }
            Expr::Case {
                scrut,
                arms,
                default,
                unwind,
            } => {
                self.line(indent, &format!("case {scrut}{}", unwind_suffix(unwind)));
                for (consts, body) in arms {
                    let shown: Vec<String> = consts.iter().map(|c| self.constant(*c)).collect();
                    self.line(indent, &format!("of {}:", shown.join(" ")));
                    self.expr(body, indent + 2);
                }
                self.line(indent, "default:");
                self.expr(default, indent + 2);
            }
            Expr::Jump { join, args } => self.line(indent, &format!("jump {join}({})", vars(args))),
            Expr::Return(v) => self.line(indent, &format!("return {v}")),
            Expr::TailCall {
                f, args, unwind, ..
            } => self.line(
                indent,
                &format!("tailcall {f} ({}){}", vars(args), unwind_suffix(unwind)),
            ),
            Expr::Throw { exn, unwind, .. } => {
                self.line(indent, &format!("throw {exn}{}", unwind_suffix(unwind)))
            }
            Expr::Try { body, exn, handler } => {
                self.line(indent, "try:");
                self.expr(body, indent + 2);
                self.line(indent, &format!("catch {exn}:"));
                self.expr(handler, indent + 2);
            }
            Expr::Let { .. }
            | Expr::Dup { .. }
            | Expr::Drop { .. }
            | Expr::DropReuse { .. }
            | Expr::FreeReuse { .. }
            | Expr::LetJoin { .. } => self.expr(e, indent),
        }
    }

    fn constant(&self, c: ConstId) -> String {
        match self.m.consts.get(c.0 as usize) {
            Some(form) => format!("{} [c{}]", form_text(form), c.0),
            None => format!("<missing> [c{}]", c.0),
        }
    }

    fn rhs(&self, rhs: &Rhs) -> String {
        match rhs {
            Rhs::Const(c) => format!("const {}", self.constant(*c)),
            Rhs::Global(name) => format!("global {name}"),
            Rhs::VarObj(name) => format!("var {name}"),
            Rhs::Capture(i) => format!("capture {i}"),
            Rhs::SelfClosure => "self".to_string(),
            Rhs::Call { f, args } => format!("call {f} ({})", vars(args)),
            Rhs::Prim { op, args } => format!("prim {} ({})", op.name(), vars(args)),
            Rhs::Alloc { kind, args, reuse } => {
                let reuse = reuse.map(|t| format!(" reuse {t}")).unwrap_or_default();
                format!("alloc {} ({}){reuse}", alloc_kind(kind), vars(args))
            }
            Rhs::Def { var, init, meta } => {
                let init = init.map(|v| format!(" init {v}")).unwrap_or_default();
                let meta = meta.map(|v| format!(" meta {v}")).unwrap_or_default();
                format!("def {var}{init}{meta}")
            }
            Rhs::SetVar { var, value } => format!("set! {var} {value}"),
        }
    }
}

fn alloc_kind(kind: &AllocKind) -> String {
    match kind {
        AllocKind::Closure(l) => format!("closure {}", l.0),
        AllocKind::Vector(n) => format!("vector/{n}"),
        AllocKind::Map(n) => format!("map/{n}"),
        AllocKind::Set(n) => format!("set/{n}"),
        AllocKind::Cons => "cons".to_string(),
        AllocKind::Instance(n) => format!("instance/{n}"),
    }
}

/// A constant as Clojure would print it (`pr` style; metadata not shown).
pub fn form_text(form: &Form) -> String {
    let seq = |open: &str, items: &[Form], close: &str| {
        let inner: Vec<String> = items.iter().map(form_text).collect();
        format!("{open}{}{close}", inner.join(" "))
    };
    match &form.kind {
        FormKind::Nil => "nil".to_string(),
        FormKind::Bool(b) => b.to_string(),
        FormKind::Int(n) => n.to_string(),
        FormKind::BigInt(n) => format!("{n}N"),
        FormKind::Ratio(n, d) => format!("{n}/{d}"),
        FormKind::Float(x) => format!("{x:?}"),
        FormKind::BigDecimal(digits) => format!("{digits}M"),
        FormKind::Char(c) => format!("\\{c}"),
        FormKind::Str(s) => format!("{s:?}"),
        FormKind::Regex(s) => format!("#\"{s}\""),
        FormKind::Symbol(name) => name.to_string(),
        FormKind::Keyword { name, auto: false } => format!(":{name}"),
        FormKind::Keyword { name, auto: true } => format!("::{name}"),
        FormKind::List(items) => seq("(", items, ")"),
        FormKind::Vector(items) => seq("[", items, "]"),
        FormKind::Map(items) => seq("{", items, "}"),
        FormKind::Set(items) => seq("#{", items, "}"),
        FormKind::SyntaxQuote(inner) => format!("`{}", form_text(inner)),
        FormKind::Tagged { tag, form } => format!("#{tag} {}", form_text(form)),
    }
}
