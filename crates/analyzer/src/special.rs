//! The special forms other than `fn*` and `letfn*` (those are in `fns.rs`).
//!
//! Error messages follow Clojure's where Clojure has a clear one.

use crate::analyzer::{constant, expr, Analyzer, RecurTarget};
use crate::interop::canonical_class;
use crate::{AnalyzeError, Result};
use genera_hir::{Catch, Expr, ExprKind, LocalId};
use genera_reader::{Form, FormKind, Name, Span};

/// Every symbol Clojure treats as a special form. Syntax-quote leaves these
/// unqualified.
pub(crate) const SPECIAL_NAMES: &[&str] = &[
    "def",
    "loop*",
    "recur",
    "if",
    "case*",
    "let*",
    "letfn*",
    "do",
    "fn*",
    "quote",
    "var",
    "import*",
    ".",
    "set!",
    "deftype*",
    "reify*",
    "try",
    "throw",
    "monitor-enter",
    "monitor-exit",
    "catch",
    "finally",
    "new",
    "&",
];

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum SpecialForm {
    Def,
    If,
    Do,
    Let,
    Loop,
    Recur,
    Fn,
    Quote,
    Var,
    Throw,
    Try,
    /// `catch` or `finally` outside a `try`.
    TryClause,
    LetFn,
    Set,
    Case,
    New,
    Dot,
    /// A special form of Clojure's that genera does not have.
    Unsupported,
}

impl SpecialForm {
    /// The special form `head` names, if it is an unqualified special symbol
    /// in head position. Special forms win over locals and vars there.
    pub fn of(head: &Form) -> Option<SpecialForm> {
        let FormKind::Symbol(Name { ns: None, name }) = &head.kind else {
            return None;
        };
        let special = match name.as_str() {
            "def" => SpecialForm::Def,
            "if" => SpecialForm::If,
            "do" => SpecialForm::Do,
            "let*" => SpecialForm::Let,
            "loop*" => SpecialForm::Loop,
            "recur" => SpecialForm::Recur,
            "fn*" => SpecialForm::Fn,
            "quote" => SpecialForm::Quote,
            "var" => SpecialForm::Var,
            "throw" => SpecialForm::Throw,
            "try" => SpecialForm::Try,
            "catch" | "finally" => SpecialForm::TryClause,
            "letfn*" => SpecialForm::LetFn,
            "set!" => SpecialForm::Set,
            "case*" => SpecialForm::Case,
            "new" => SpecialForm::New,
            "." => SpecialForm::Dot,
            "import*" | "deftype*" | "reify*" | "monitor-enter" | "monitor-exit" => {
                SpecialForm::Unsupported
            }
            _ => return None,
        };
        Some(special)
    }
}

fn error(span: &Span, message: impl Into<String>) -> AnalyzeError {
    AnalyzeError::new(span, message)
}

fn keyword(name: &str, span: &Span) -> Form {
    Form::new(
        FormKind::Keyword {
            name: Name::simple(name),
            auto: false,
        },
        span.clone(),
    )
}

impl Analyzer<'_> {
    pub(crate) fn special(
        &mut self,
        special: SpecialForm,
        form: &Form,
        items: &[Form],
        tail: bool,
        name: Option<&str>,
    ) -> Result<Expr> {
        match special {
            SpecialForm::Def => self.def(form, items),
            SpecialForm::If => self.if_(form, items, tail),
            SpecialForm::Do => self.body(&items[1..], &form.span, tail),
            SpecialForm::Let => self.let_(form, items, tail),
            SpecialForm::Loop => self.loop_(form, items),
            SpecialForm::Recur => self.recur(form, items, tail),
            SpecialForm::Fn => self.fn_form(form, items, name),
            SpecialForm::Quote => self.quote(form, items),
            SpecialForm::Var => self.the_var(form, items),
            SpecialForm::Throw => self.throw(form, items),
            SpecialForm::Try => self.try_(form, items),
            SpecialForm::TryClause => Err(error(
                &form.span,
                format!("{} is only allowed at the end of a try form", &items[0]),
            )),
            SpecialForm::LetFn => self.letfn(form, items, tail),
            SpecialForm::Set => self.set_var(form, items),
            SpecialForm::Case => self.case(form, items, tail),
            SpecialForm::New => self.new_form(form, items),
            SpecialForm::Dot => self.dot_form(form),
            SpecialForm::Unsupported => Err(error(
                &form.span,
                format!("The special form {} is not supported", &items[0]),
            )),
        }
    }

    // ---- def ---------------------------------------------------------------

    /// `(def x)`, `(def x init)`, `(def x "doc" init)`.
    #[inline(never)]
    fn def(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let args = &items[1..];
        let (sym_form, doc, init) = match args {
            [] => return Err(error(&form.span, "Too few arguments to def")),
            [sym] => (sym, None, None),
            [sym, init] => (sym, None, Some(init)),
            [sym, doc, init] => match &doc.kind {
                FormKind::Str(_) => (sym, Some(doc), Some(init)),
                _ => return Err(error(&form.span, "Too many arguments to def")),
            },
            _ => return Err(error(&form.span, "Too many arguments to def")),
        };
        let Some(sym) = sym_form.symbol() else {
            return Err(error(
                &sym_form.span,
                "First argument to def must be a Symbol",
            ));
        };
        if sym.ns.as_ref().is_some_and(|ns| *ns != self.ns) {
            return Err(error(
                &sym_form.span,
                format!("Can't create defs outside of current ns: {sym}"),
            ));
        }
        // Interned before the init is analyzed, so that the init can refer to it.
        let var = self
            .env
            .intern(&sym.name)
            .map_err(|msg| error(&sym_form.span, msg))?;
        let meta = self.def_meta(form, sym_form, doc)?;
        let init = match init {
            Some(init) => Some(Box::new(self.named_form(init, false, Some(&sym.name))?)),
            None => None,
        };
        Ok(expr(
            ExprKind::Def {
                var,
                init,
                meta: Some(Box::new(meta)),
            },
            &form.span,
        ))
    }

    /// The var's metadata: the symbol's `^{...}` plus `:line`, `:column`,
    /// `:file` and `:doc`, evaluated (as Clojure does) except that a symbol
    /// under `:tag` is a type hint and stays a symbol.
    #[inline(never)]
    fn def_meta(&mut self, form: &Form, sym_form: &Form, doc: Option<&Form>) -> Result<Expr> {
        let span = &form.span;
        let mut entries: Vec<(Form, Form)> = Vec::new();
        if let Some(meta) = &sym_form.meta {
            if let FormKind::Map(items) = &meta.kind {
                for pair in items.chunks(2) {
                    entries.push((pair[0].clone(), quote_tag_hint(&pair[0], &pair[1])));
                }
            }
        }
        let int = |n: u32| Form::new(FormKind::Int(n.into()), span.clone());
        let mut set = |key: &str, value: Form| {
            let key = keyword(key, span);
            entries.retain(|(k, _)| k.kind != key.kind);
            entries.push((key, value));
        };
        set("line", int(span.line));
        set("column", int(span.col));
        set(
            "file",
            Form::new(FormKind::Str(span.file.to_string()), span.clone()),
        );
        if let Some(doc) = doc {
            set("doc", doc.clone());
        }
        let items = entries.into_iter().flat_map(|(k, v)| [k, v]).collect();
        self.form(&Form::new(FormKind::Map(items), span.clone()), false)
    }

    // ---- if, let*, loop*, recur --------------------------------------------

    #[inline(never)]
    fn if_(&mut self, form: &Form, items: &[Form], tail: bool) -> Result<Expr> {
        let (test, then, else_) = match &items[1..] {
            [test, then] => (test, then, None),
            [test, then, else_] => (test, then, Some(else_)),
            args if args.len() < 2 => return Err(error(&form.span, "Too few arguments to if")),
            _ => return Err(error(&form.span, "Too many arguments to if")),
        };
        let test = Box::new(self.form(test, false)?);
        let then = Box::new(self.form(then, tail)?);
        let else_ = Box::new(match else_ {
            Some(e) => self.form(e, tail)?,
            None => constant(Form::new(FormKind::Nil, form.span.clone())),
        });
        Ok(expr(ExprKind::If { test, then, else_ }, &form.span))
    }

    /// The binding pairs of a `let*` or `loop*`.
    fn binding_pairs<'f>(&self, form: &'f Form, items: &'f [Form]) -> Result<&'f [Form]> {
        let Some(FormKind::Vector(bindings)) = items.get(1).map(|f| &f.kind) else {
            return Err(error(&form.span, "Bad binding form, expected vector"));
        };
        if bindings.len() % 2 != 0 {
            return Err(error(
                &items[1].span,
                "Bad binding form, expected matched symbol expression pairs",
            ));
        }
        Ok(bindings)
    }

    /// The name a `let*`/`loop*`/`letfn*`/`catch` binding binds.
    pub(crate) fn binding_name<'f>(&self, target: &'f Form) -> Result<&'f str> {
        match &target.kind {
            FormKind::Symbol(Name { ns: None, name }) => Ok(name),
            FormKind::Symbol(sym) => Err(error(
                &target.span,
                format!("Can't let qualified name: {sym}"),
            )),
            _ => Err(error(
                &target.span,
                format!("Bad binding form, expected symbol, got: {}", target),
            )),
        }
    }

    /// Analyze binding pairs in order, each init seeing the names before it.
    fn bindings(&mut self, pairs: &[Form]) -> Result<Vec<(LocalId, Expr)>> {
        let mut bindings = Vec::with_capacity(pairs.len() / 2);
        for pair in pairs.chunks(2) {
            let name = self.binding_name(&pair[0])?;
            let init = self.form(&pair[1], false)?;
            bindings.push((self.push_local(name), init));
        }
        Ok(bindings)
    }

    #[inline(never)]
    fn let_(&mut self, form: &Form, items: &[Form], tail: bool) -> Result<Expr> {
        let pairs = self.binding_pairs(form, items)?;
        let mark = self.scope_mark();
        let bindings = self.bindings(pairs)?;
        let body = Box::new(self.body(&items[2..], &form.span, tail)?);
        self.pop_scope(mark);
        Ok(expr(ExprKind::Let { bindings, body }, &form.span))
    }

    #[inline(never)]
    fn loop_(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let pairs = self.binding_pairs(form, items)?;
        let mark = self.scope_mark();
        let bindings = self.bindings(pairs)?;
        let id = self.fresh_loop();
        let target = RecurTarget {
            id,
            arity: bindings.len(),
        };
        let body = self.with_recur_target(target, |a| a.body(&items[2..], &form.span, true))?;
        self.pop_scope(mark);
        Ok(expr(
            ExprKind::Loop {
                id,
                bindings,
                body: Box::new(body),
            },
            &form.span,
        ))
    }

    #[inline(never)]
    fn recur(&mut self, form: &Form, items: &[Form], tail: bool) -> Result<Expr> {
        let target = match self.recur_target {
            Some(target) if tail => target,
            _ => return Err(error(&form.span, "Can only recur from tail position")),
        };
        if let Some(message) = self.recur_barrier {
            return Err(error(&form.span, message));
        }
        let args = self.forms(&items[1..])?;
        if args.len() != target.arity {
            return Err(error(
                &form.span,
                format!(
                    "Mismatched argument count to recur, expected: {} args, got: {}",
                    target.arity,
                    args.len()
                ),
            ));
        }
        Ok(expr(
            ExprKind::Recur {
                target: target.id,
                args,
            },
            &form.span,
        ))
    }

    // ---- quote, var, throw, set! -------------------------------------------

    #[inline(never)]
    fn quote(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        match &items[1..] {
            [quoted] => {
                let mut value = quoted.clone();
                value.span = form.span.clone();
                Ok(constant(value))
            }
            args => Err(error(
                &form.span,
                format!("Wrong number of args ({}) passed to quote", args.len()),
            )),
        }
    }

    #[inline(never)]
    fn the_var(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let [target] = &items[1..] else {
            return Err(error(
                &form.span,
                format!("Wrong number of args ({}) passed to var", items.len() - 1),
            ));
        };
        let Some(sym) = target.symbol() else {
            return Err(error(
                &target.span,
                format!("var expects a symbol, got: {}", target),
            ));
        };
        match self.env.resolve_var(sym) {
            Some(var) => Ok(expr(ExprKind::TheVar(var), &form.span)),
            None => Err(error(
                &target.span,
                format!("Unable to resolve var: {sym} in this context"),
            )),
        }
    }

    #[inline(never)]
    fn throw(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        match &items[1..] {
            [thrown] => Ok(expr(
                ExprKind::Throw(Box::new(self.form(thrown, false)?)),
                &form.span,
            )),
            [] => Err(error(
                &form.span,
                "Too few arguments to throw, throw expects a single Throwable instance",
            )),
            _ => Err(error(
                &form.span,
                "Too many arguments to throw, throw expects a single Throwable instance",
            )),
        }
    }

    #[inline(never)]
    fn set_var(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let [target, value] = &items[1..] else {
            return Err(error(
                &form.span,
                "Malformed assignment, expecting (set! target val)",
            ));
        };
        let Some(sym) = target.symbol() else {
            return Err(error(
                &target.span,
                format!("Invalid assignment target: {}", target),
            ));
        };
        if self.is_local(sym) {
            return Err(error(
                &target.span,
                format!("Cannot assign to non-mutable: {sym}"),
            ));
        }
        let var = self.resolve_var(target, sym)?;
        let value = Box::new(self.form(value, false)?);
        Ok(expr(ExprKind::SetVar { var, value }, &form.span))
    }

    // ---- try ---------------------------------------------------------------

    /// `(try body* (catch Class e body*)* (finally body*)?)`.
    #[inline(never)]
    fn try_(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let args = &items[1..];
        let body_len = args
            .iter()
            .position(|f| try_clause(f).is_some())
            .unwrap_or(args.len());
        let (body_forms, clauses) = args.split_at(body_len);
        let (catch_forms, finally_form) = split_clauses(clauses)?;

        // A try body is analyzed as if in tail position, so that a recur in
        // it reports the try rather than the position (as Clojure does).
        let body = self.with_recur_barrier("Cannot recur across try", |a| {
            a.body(body_forms, &form.span, true)
        })?;
        let mut catches = Vec::with_capacity(catch_forms.len());
        for catch in catch_forms {
            catches.push(self.with_recur_barrier(CATCH_FINALLY, |a| a.catch(catch))?);
        }
        let finally = match finally_form {
            Some(f) => {
                let forms = list_items(f);
                let body =
                    self.with_recur_barrier(CATCH_FINALLY, |a| a.body(&forms[1..], &f.span, true))?;
                Some(Box::new(body))
            }
            None => None,
        };
        if catches.is_empty() && finally.is_none() {
            return Ok(body);
        }
        Ok(expr(
            ExprKind::Try {
                body: Box::new(body),
                catches,
                finally,
            },
            &form.span,
        ))
    }

    /// `(catch Class e body*)`; `:default` catches everything.
    #[inline(never)]
    fn catch(&mut self, clause: &Form) -> Result<Catch> {
        let items = list_items(clause);
        let [_, class_form, binding, body @ ..] = items else {
            return Err(error(
                &clause.span,
                "Malformed catch clause, expected (catch Class name body*)",
            ));
        };
        let class = match &class_form.kind {
            FormKind::Keyword { name, auto: false }
                if name.ns.is_none() && name.name == "default" =>
            {
                "Throwable"
            }
            FormKind::Symbol(sym) => canonical_class(&sym.to_string()).ok_or_else(|| {
                error(
                    &class_form.span,
                    format!("Unable to resolve classname: {sym}"),
                )
            })?,
            _ => {
                return Err(error(
                    &class_form.span,
                    format!("Unable to resolve classname: {}", class_form),
                ));
            }
        };
        let name = match &binding.kind {
            FormKind::Symbol(Name { ns: Some(_), .. }) => {
                return Err(error(
                    &binding.span,
                    format!("Can't bind qualified name: {}", binding),
                ));
            }
            _ => self.binding_name(binding)?,
        };
        let mark = self.scope_mark();
        let local = self.push_local(name);
        let body = self.body(body, &clause.span, true)?;
        self.pop_scope(mark);
        Ok(Catch {
            class: class.to_string(),
            local,
            body,
        })
    }

    // ---- case* -------------------------------------------------------------

    /// `(case* e [[k1 k2] then12 [k3] then3 ...] default)`.
    #[inline(never)]
    fn case(&mut self, form: &Form, items: &[Form], tail: bool) -> Result<Expr> {
        let [e, clauses_form, default] = &items[1..] else {
            return Err(error(
                &form.span,
                "Malformed case*, expected (case* expr [[constants] then ...] default)",
            ));
        };
        let FormKind::Vector(clause_items) = &clauses_form.kind else {
            return Err(error(&clauses_form.span, "case* clauses must be a vector"));
        };
        if clause_items.len() % 2 != 0 {
            return Err(error(
                &clauses_form.span,
                "case* clauses must be pairs of [constants] and an expression",
            ));
        }
        let scrutinee = Box::new(self.form(e, false)?);
        let mut clauses = Vec::with_capacity(clause_items.len() / 2);
        for pair in clause_items.chunks(2) {
            let constants = case_constants(&pair[0])?;
            clauses.push((constants, self.form(&pair[1], tail)?));
        }
        let default = Box::new(self.form(default, tail)?);
        Ok(expr(
            ExprKind::Case {
                expr: scrutinee,
                clauses,
                default,
            },
            &form.span,
        ))
    }
}

const CATCH_FINALLY: &str = "Cannot recur from catch/finally";

/// `catch` or `finally` if `form` is such a clause.
fn try_clause(form: &Form) -> Option<&'static str> {
    let head = list_items(form).first()?;
    if head.is_symbol("catch") {
        Some("catch")
    } else if head.is_symbol("finally") {
        Some("finally")
    } else {
        None
    }
}

fn list_items(form: &Form) -> &[Form] {
    match &form.kind {
        FormKind::List(items) => items,
        _ => &[],
    }
}

/// The catch clauses and the finally clause, checking their order.
fn split_clauses(clauses: &[Form]) -> Result<(&[Form], Option<&Form>)> {
    let mut catch_count = 0;
    let mut finally = None;
    for clause in clauses {
        match try_clause(clause) {
            _ if finally.is_some() => {
                return Err(error(
                    &clause.span,
                    "finally clause must be last in try expression",
                ));
            }
            Some("catch") => catch_count += 1,
            Some(_) => finally = Some(clause),
            None => {
                return Err(error(
                    &clause.span,
                    "Only catch or finally clause can follow catch in try expression",
                ));
            }
        }
    }
    Ok((&clauses[..catch_count], finally))
}

/// The constants of one `case*` clause.
fn case_constants(group: &Form) -> Result<Vec<Form>> {
    let FormKind::Vector(constants) = &group.kind else {
        return Err(error(
            &group.span,
            format!("case* test constants must be a vector, got: {}", group),
        ));
    };
    for c in constants {
        if matches!(c.kind, FormKind::List(_)) {
            return Err(error(
                &c.span,
                format!("Invalid case* test constant (a list): {}", c),
            ));
        }
    }
    Ok(constants.clone())
}

/// A `:tag` symbol in def metadata is a type hint: keep it as a symbol.
fn quote_tag_hint(key: &Form, value: &Form) -> Form {
    let is_tag = matches!(&key.kind, FormKind::Keyword { name, auto: false } if name.ns.is_none() && name.name == "tag");
    if is_tag && matches!(value.kind, FormKind::Symbol(_)) {
        let quote = Form::new(FormKind::Symbol(Name::simple("quote")), value.span.clone());
        Form::new(
            FormKind::List(vec![quote, value.clone()]),
            value.span.clone(),
        )
    } else {
        value.clone()
    }
}
