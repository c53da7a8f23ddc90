//! The analyzer's state and its dispatch: symbols, literals, collections,
//! invocations and macro expansion. Special forms are in `special.rs` and
//! `fns.rs`, interop in `interop.rs`.
//!
//! Analysis recurses once per level of nesting. The handler of each kind of
//! form is `#[inline(never)]` so that its locals take stack only while it
//! runs, not in every frame of that recursion; `MAX_DEPTH` bounds the rest.

use crate::interop::{
    class_value_name, looks_like_class, static_field, static_method_var, unsupported_static,
};
use crate::special::SpecialForm;
use crate::syntax_quote::{expand_reader_syntax, resolve_keyword, syntax_quote};
use crate::{AnalyzeError, Env, Result};
use genera_hir::{Expr, ExprKind, LocalId, LoopId};
use genera_reader::{Form, FormKind, Name, Span};
use std::collections::HashMap;

/// How deeply forms may nest (counting macro expansions) before analysis
/// stops with an error instead of overflowing the stack. Analysis takes up
/// to about 3 KiB of stack a level in a debug build (nested `fn*`s are the
/// worst), so this fits an 8 MiB main-thread stack; the CLI analyzes on a
/// far bigger one. `deep_nesting_is_an_error_not_a_crash` checks it.
pub(crate) const MAX_DEPTH: usize = 1_000;

/// How many times in a row a form may expand to another macro call.
const MAX_EXPANSIONS: usize = 1_000;

/// Where `recur` inside the current body jumps to, and how many values it takes.
#[derive(Copy, Clone)]
pub(crate) struct RecurTarget {
    pub id: LoopId,
    pub arity: usize,
}

pub(crate) struct Analyzer<'e> {
    pub env: &'e mut dyn Env,
    /// The namespace the form is analyzed in (fixed for one top-level form).
    pub ns: String,
    /// Locals in scope, innermost last; lookups search from the end, so a
    /// later binding of the same name shadows an earlier one.
    scope: Vec<(String, LocalId)>,
    /// The name each `LocalId` was bound with, indexed by id (tests print it).
    pub local_names: Vec<String>,
    next_loop: u32,
    /// The innermost `loop*` or fn arity, if any.
    pub recur_target: Option<RecurTarget>,
    /// Set inside `try` (and its catch and finally) until the next loop or fn:
    /// the message for a `recur` that would jump out of it.
    pub recur_barrier: Option<&'static str>,
    /// Display names of the enclosing fns, innermost last.
    pub fn_names: Vec<String>,
    next_fn: u32,
    depth: usize,
    /// The vars whose inline expansions are being analyzed.
    inlining: Vec<Name>,
}

pub(crate) fn too_deep() -> String {
    format!("Form is nested too deeply (more than {MAX_DEPTH} levels, counting macro expansions)")
}

pub(crate) fn expr(kind: ExprKind, span: &Span) -> Expr {
    Expr {
        kind,
        span: span.clone(),
    }
}

pub(crate) fn constant(form: Form) -> Expr {
    let span = form.span.clone();
    Expr {
        kind: ExprKind::Const(form),
        span,
    }
}

impl<'e> Analyzer<'e> {
    pub fn new(env: &'e mut dyn Env) -> Analyzer<'e> {
        let ns = env.current_ns();
        Analyzer {
            env,
            ns,
            scope: Vec::new(),
            local_names: Vec::new(),
            next_loop: 0,
            recur_target: None,
            recur_barrier: None,
            fn_names: Vec::new(),
            next_fn: 0,
            depth: 0,
            inlining: Vec::new(),
        }
    }

    pub fn analyze_top(&mut self, form: &Form) -> Result<Expr> {
        let expanded = expand_reader_syntax(form, &*self.env)?;
        self.form(expanded.as_ref().unwrap_or(form), false)
    }

    pub fn macroexpand_top(&mut self, form: &Form) -> Result<Form> {
        let mut form = expand_reader_syntax(form, &*self.env)?.unwrap_or_else(|| form.clone());
        while let Some(expanded) = self.macroexpand(&form)? {
            form = expanded;
        }
        Ok(form)
    }

    // ---- scope -------------------------------------------------------------

    pub fn push_local(&mut self, name: &str) -> LocalId {
        let id = LocalId(self.local_names.len() as u32);
        self.local_names.push(name.to_string());
        self.scope.push((name.to_string(), id));
        id
    }

    fn lookup_local(&self, name: &str) -> Option<LocalId> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    pub fn is_local(&self, name: &Name) -> bool {
        name.ns.is_none() && self.lookup_local(&name.name).is_some()
    }

    /// A mark to pass to `pop_scope` when the bindings made after it go out of scope.
    pub fn scope_mark(&self) -> usize {
        self.scope.len()
    }

    pub fn pop_scope(&mut self, mark: usize) {
        self.scope.truncate(mark);
    }

    pub fn fresh_loop(&mut self) -> LoopId {
        self.next_loop += 1;
        LoopId(self.next_loop - 1)
    }

    pub fn fresh_fn_number(&mut self) -> u32 {
        self.next_fn += 1;
        self.next_fn
    }

    /// Run `f` with `target` as the recur target and no try in between.
    pub fn with_recur_target<T>(
        &mut self,
        target: RecurTarget,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let saved = (self.recur_target.replace(target), self.recur_barrier.take());
        let result = f(self);
        (self.recur_target, self.recur_barrier) = saved;
        result
    }

    /// Run `f` where a `recur` to the current target is an error with `message`.
    pub fn with_recur_barrier<T>(
        &mut self,
        message: &'static str,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let saved = self.recur_barrier.replace(message);
        let result = f(self);
        self.recur_barrier = saved;
        result
    }

    // ---- dispatch ----------------------------------------------------------

    /// Analyze `form`; `tail` says whether it is in tail position with
    /// respect to the current recur target.
    pub fn form(&mut self, form: &Form, tail: bool) -> Result<Expr> {
        self.named_form(form, tail, None)
    }

    /// Like `form`, and if `form` is (or expands to) a `fn*`, that fn is
    /// named `name` in stack traces (the init of a `def`, a `letfn*` binding).
    pub fn named_form(&mut self, form: &Form, tail: bool, name: Option<&str>) -> Result<Expr> {
        if self.depth >= MAX_DEPTH {
            return Err(AnalyzeError::new(&form.span, too_deep()));
        }
        self.depth += 1;
        let result = self.dispatch(form, tail, name);
        self.depth -= 1;
        result
    }

    fn dispatch(&mut self, form: &Form, tail: bool, name: Option<&str>) -> Result<Expr> {
        match &form.kind {
            FormKind::Symbol(sym) => self.symbol(form, sym),
            FormKind::List(items) if items.is_empty() => Ok(constant(form.clone())),
            FormKind::List(items) => self.list(form, items, tail, name),
            FormKind::Vector(items) => self.vector(form, items),
            FormKind::Map(items) => self.map(form, items),
            FormKind::Set(items) => self.set(form, items),
            FormKind::Keyword {
                name: kw,
                auto: true,
            } => {
                let resolved = resolve_keyword(kw, &form.span, &*self.env)?;
                let kind = FormKind::Keyword {
                    name: resolved,
                    auto: false,
                };
                Ok(constant(Form::new(kind, form.span.clone())))
            }
            // Only reachable if a macro returned a syntax-quote form.
            FormKind::SyntaxQuote(inner) => {
                let expanded = syntax_quote(inner, &*self.env, &mut HashMap::new())?;
                self.form(&expanded, tail)
            }
            _ => Ok(constant(form.clone())),
        }
    }

    #[inline(never)]
    fn symbol(&mut self, form: &Form, sym: &Name) -> Result<Expr> {
        if sym.ns.is_none() {
            if let Some(id) = self.lookup_local(&sym.name) {
                return Ok(expr(ExprKind::Local(id), &form.span));
            }
        }
        if self.env.resolve_var(sym).is_none() {
            if let Some(class) = class_value_name(sym) {
                let kind = FormKind::Symbol(Name::simple(&class));
                return Ok(constant(Form::new(kind, form.span.clone())));
            }
            if let Some(class) = sym.ns.as_deref().filter(|ns| looks_like_class(ns)) {
                if let Some(kind) = static_field(class, &sym.name) {
                    return Ok(constant(Form::new(kind, form.span.clone())));
                }
            }
            if let Some(var) = crate::interop::user_type_var(&*self.env, sym) {
                return Ok(expr(ExprKind::Var(var), &form.span));
            }
        }
        let var = self.resolve_var(form, sym)?;
        if self.env.is_macro(&var) {
            return Err(AnalyzeError::new(
                &form.span,
                format!("Can't take value of a macro: #'{var}"),
            ));
        }
        Ok(expr(ExprKind::Var(var), &form.span))
    }

    /// The var `sym` names, or the error that explains why there is none.
    pub fn resolve_var(&self, form: &Form, sym: &Name) -> Result<Name> {
        if let Some(var) = self.env.resolve_var(sym) {
            return Ok(var);
        }
        let message = match &sym.ns {
            Some(ns) if looks_like_class(ns) => {
                let method = static_method_var(ns, &sym.name);
                if let Some(var) = self.env.resolve_var(&method) {
                    return Ok(var);
                }
                return Err(unsupported_static(form, sym));
            }
            Some(ns) if self.env.resolve_alias(ns).is_some() => format!("No such var: {sym}"),
            _ => format!("Unable to resolve symbol: {sym} in this context"),
        };
        Err(AnalyzeError::new(&form.span, message))
    }

    fn list(
        &mut self,
        form: &Form,
        items: &[Form],
        tail: bool,
        name: Option<&str>,
    ) -> Result<Expr> {
        if let Some(special) = SpecialForm::of(&items[0]) {
            return self.special(special, form, items, tail, name);
        }
        if let Some(expanded) = self.macroexpand(form)? {
            return self.named_form(&expanded, tail, name);
        }
        if let Some(call) = self.interop_call(form, items)? {
            return Ok(call);
        }
        if let Some(var) = self.inline_head(items) {
            let expanded = self.env.expand_inline(&var, form).map_err(|msg| {
                AnalyzeError::new(&form.span, format!("Error inlining {var}: {msg}"))
            })?;
            if let Some(expanded) = expanded {
                // A var is not inlined again inside its own expansion, so an
                // expander that returns a call of its own var terminates.
                self.inlining.push(var);
                let result = self.named_form(&expanded, tail, name);
                self.inlining.pop();
                return result;
            }
        }
        self.invoke(form, items)
    }

    /// The var a call's head names when it may have an inline expander: a
    /// symbol that is not a local and not being inlined already.
    fn inline_head(&self, items: &[Form]) -> Option<Name> {
        let head = items.first()?.symbol()?;
        if self.is_local(head) {
            return None;
        }
        let var = self.env.resolve_var(head)?;
        (!self.inlining.contains(&var)).then_some(var)
    }

    #[inline(never)]
    fn invoke(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        if matches!(items[0].kind, FormKind::Nil) {
            return Err(AnalyzeError::new(&form.span, "Can't call nil"));
        }
        let f = self.form(&items[0], false)?;
        let args = self.forms(&items[1..])?;
        Ok(expr(
            ExprKind::Invoke {
                f: Box::new(f),
                args,
            },
            &form.span,
        ))
    }

    /// Analyze each form, none in tail position.
    pub fn forms(&mut self, forms: &[Form]) -> Result<Vec<Expr>> {
        forms.iter().map(|f| self.form(f, false)).collect()
    }

    /// An implicit `do`: the last form inherits `tail`, `()` is nil.
    pub fn body(&mut self, forms: &[Form], span: &Span, tail: bool) -> Result<Expr> {
        match forms {
            [] => Ok(constant(Form::new(FormKind::Nil, span.clone()))),
            [only] => self.form(only, tail),
            [stmts @ .., last] => {
                let stmts = self.forms(stmts)?;
                let ret = Box::new(self.form(last, tail)?);
                Ok(expr(ExprKind::Do { stmts, ret }, span))
            }
        }
    }

    // ---- macros ------------------------------------------------------------

    /// The macro var at the head of `form`, if it is a macro call. A local
    /// or a special form of the same name wins over a macro.
    fn macro_head(&self, form: &Form) -> Option<Name> {
        let FormKind::List(items) = &form.kind else {
            return None;
        };
        let head = items.first()?.symbol()?;
        if self.is_local(head) || SpecialForm::of(&items[0]).is_some() {
            return None;
        }
        let var = self.env.resolve_var(head)?;
        self.env.is_macro(&var).then_some(var)
    }

    /// Expand `form` while it is a macro call; None if it is not one.
    #[inline(never)]
    pub fn macroexpand(&mut self, form: &Form) -> Result<Option<Form>> {
        let mut current: Option<Form> = None;
        for _ in 0..MAX_EXPANSIONS {
            let this = current.as_ref().unwrap_or(form);
            let Some(var) = self.macro_head(this) else {
                return Ok(current);
            };
            let expanded = self.expand_once(&var, this)?;
            current = Some(expanded);
        }
        Err(AnalyzeError::new(
            &form.span,
            format!(
                "Macro expansion did not terminate: more than {MAX_EXPANSIONS} expansions in a row"
            ),
        ))
    }

    fn expand_once(&mut self, var: &Name, form: &Form) -> Result<Form> {
        let locals: Vec<String> = self.scope.iter().map(|(name, _)| name.clone()).collect();
        let expanded = self.env.expand_macro(var, form, &locals).map_err(|msg| {
            AnalyzeError::new(&form.span, format!("Error expanding macro {var}: {msg}"))
        })?;
        Ok(expand_reader_syntax(&expanded, &*self.env)?.unwrap_or(expanded))
    }

    // ---- collections -------------------------------------------------------

    #[inline(never)]
    fn vector(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let elems = self.forms(items)?;
        let coll = self.collection(form, elems, FormKind::Vector, ExprKind::Vector);
        self.with_literal_meta(form, coll)
    }

    #[inline(never)]
    fn map(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let elems = self.forms(items)?;
        let coll = self.collection(form, elems, FormKind::Map, ExprKind::Map);
        self.with_literal_meta(form, coll)
    }

    #[inline(never)]
    fn set(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let elems = self.forms(items)?;
        let coll = self.collection(form, elems, FormKind::Set, ExprKind::Set);
        self.with_literal_meta(form, coll)
    }

    /// A constant collection if every element is constant, else a collection expr.
    fn collection(
        &self,
        form: &Form,
        elems: Vec<Expr>,
        as_form: fn(Vec<Form>) -> FormKind,
        as_expr: fn(Vec<Expr>) -> ExprKind,
    ) -> Expr {
        if elems.iter().all(|e| matches!(e.kind, ExprKind::Const(_))) {
            let consts = elems
                .into_iter()
                .map(|e| match e.kind {
                    ExprKind::Const(f) => f,
                    _ => unreachable!("checked above that every element is constant"),
                })
                .collect();
            constant(Form::new(as_form(consts), form.span.clone()))
        } else {
            expr(as_expr(elems), &form.span)
        }
    }

    /// Attach the `^{...}` written on a literal: into the constant if both
    /// are constant, else at run time with `WithMeta`.
    #[inline(never)]
    pub fn with_literal_meta(&mut self, form: &Form, value: Expr) -> Result<Expr> {
        let Some(meta_form) = &form.meta else {
            return Ok(value);
        };
        let meta = self.form(meta_form, false)?;
        match (value.kind, meta.kind) {
            (ExprKind::Const(mut c), ExprKind::Const(m)) => {
                c.meta = Some(Box::new(m));
                Ok(constant(c))
            }
            (value_kind, meta_kind) => {
                let value = Box::new(Expr {
                    kind: value_kind,
                    span: value.span,
                });
                let meta = Box::new(Expr {
                    kind: meta_kind,
                    span: meta.span,
                });
                Ok(expr(ExprKind::WithMeta { expr: value, meta }, &form.span))
            }
        }
    }
}
