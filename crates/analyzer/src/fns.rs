//! `fn*` and `letfn*`.
//!
//! Display names follow Clojure's class names, demunged: a fn that is the
//! init of `(def foo ...)` or a `letfn*` binding `foo` is `<prefix>/foo`; a
//! named `(fn* bar ...)` is `<prefix>/bar--N`; an anonymous fn is
//! `<prefix>/fn--N`. The prefix is the enclosing fn's display name, or the
//! namespace at top level. N counts fns within one top-level form.

use crate::analyzer::{expr, Analyzer, RecurTarget};
use crate::{AnalyzeError, Result};
use genera_hir::{Expr, ExprKind, FnArity, FnExpr};
use genera_reader::{Form, FormKind, Name, Span};

fn error(span: &Span, message: impl Into<String>) -> AnalyzeError {
    AnalyzeError::new(span, message)
}

impl Analyzer<'_> {
    /// `(fn* name? [params] body*)` or `(fn* name? ([params] body*)+)`,
    /// with the metadata written on the form attached at run time.
    #[inline(never)]
    pub(crate) fn fn_form(
        &mut self,
        form: &Form,
        items: &[Form],
        given_name: Option<&str>,
    ) -> Result<Expr> {
        let f = self.fn_expr(form, items, given_name)?;
        let value = expr(ExprKind::Fn(f), &form.span);
        match &form.meta {
            Some(meta) => {
                let meta = Box::new(self.form(meta, false)?);
                Ok(expr(
                    ExprKind::WithMeta {
                        expr: Box::new(value),
                        meta,
                    },
                    &form.span,
                ))
            }
            None => Ok(value),
        }
    }

    /// The fn of a `fn*` form; `given_name` is the def or letfn name it is bound to.
    #[inline(never)]
    fn fn_expr(&mut self, form: &Form, items: &[Form], given_name: Option<&str>) -> Result<FnExpr> {
        let mut rest = &items[1..];
        let self_name = match rest.first().map(|f| &f.kind) {
            Some(FormKind::Symbol(sym)) => {
                if sym.ns.is_some() {
                    return Err(error(
                        &rest[0].span,
                        format!("Can't use qualified name as fn name: {sym}"),
                    ));
                }
                rest = &rest[1..];
                Some(sym.name.as_str())
            }
            _ => None,
        };
        let arity_forms = arity_forms(form, rest)?;
        let display_name = self.display_name(self_name, given_name);

        let mark = self.scope_mark();
        let name = self_name.map(|n| (self.push_local(n), n.to_string()));
        self.fn_names.push(display_name.clone());
        let mut arities = Vec::with_capacity(arity_forms.len());
        for (params, body, span) in arity_forms {
            arities.push(self.arity(params, body, span)?);
        }
        self.fn_names.pop();
        self.pop_scope(mark);

        check_arities(form, &arities)?;
        Ok(FnExpr {
            name,
            display_name,
            arities,
            span: form.span.clone(),
        })
    }

    fn display_name(&mut self, self_name: Option<&str>, given_name: Option<&str>) -> String {
        let prefix = self.fn_names.last().unwrap_or(&self.ns).clone();
        match (given_name, self_name) {
            (Some(given), _) => format!("{prefix}/{given}"),
            (None, Some(own)) => format!("{prefix}/{own}--{}", self.fresh_fn_number()),
            (None, None) => format!("{prefix}/fn--{}", self.fresh_fn_number()),
        }
    }

    /// One arity: `[a b & rest] body*`.
    #[inline(never)]
    fn arity(&mut self, params_form: &Form, body: &[Form], span: &Span) -> Result<FnArity> {
        let FormKind::Vector(param_forms) = &params_form.kind else {
            return Err(error(&params_form.span, "Parameter declaration missing"));
        };
        let mark = self.scope_mark();
        let mut params = Vec::with_capacity(param_forms.len());
        let mut rest = None;
        let mut i = 0;
        while i < param_forms.len() {
            if param_forms[i].is_symbol("&") {
                let [rest_param] = &param_forms[i + 1..] else {
                    return Err(error(
                        &params_form.span,
                        format!("Invalid parameter list: {}", params_form),
                    ));
                };
                rest = Some(self.push_local(param_name(rest_param)?));
                break;
            }
            params.push(self.push_local(param_name(&param_forms[i])?));
            i += 1;
        }
        let loop_id = self.fresh_loop();
        let target = RecurTarget {
            id: loop_id,
            arity: params.len() + usize::from(rest.is_some()),
        };
        let body = self.with_recur_target(target, |a| a.body(body, span, true))?;
        self.pop_scope(mark);
        Ok(FnArity {
            params,
            rest,
            loop_id,
            body,
        })
    }

    /// `(letfn* [f (fn* f [x] ...) g (fn* g [y] ...)] body*)`: every name is
    /// in scope in every fn and in the body.
    #[inline(never)]
    pub(crate) fn letfn(&mut self, form: &Form, items: &[Form], tail: bool) -> Result<Expr> {
        let Some(FormKind::Vector(pairs)) = items.get(1).map(|f| &f.kind) else {
            return Err(error(&form.span, "Bad binding form, expected vector"));
        };
        if pairs.len() % 2 != 0 {
            return Err(error(
                &items[1].span,
                "Bad binding form, expected matched symbol expression pairs",
            ));
        }
        let mark = self.scope_mark();
        let mut ids = Vec::with_capacity(pairs.len() / 2);
        for pair in pairs.chunks(2) {
            let name = self.binding_name(&pair[0])?;
            ids.push((self.push_local(name), name));
        }
        let mut bindings = Vec::with_capacity(ids.len());
        for ((id, name), pair) in ids.into_iter().zip(pairs.chunks(2)) {
            let init = self.expand_to_fn(&pair[1])?;
            let FormKind::List(fn_items) = &init.kind else {
                unreachable!("expand_to_fn returns a list")
            };
            bindings.push((id, self.fn_expr(&init, fn_items, Some(name))?));
        }
        let body = Box::new(self.body(&items[2..], &form.span, tail)?);
        self.pop_scope(mark);
        Ok(expr(ExprKind::LetFn { bindings, body }, &form.span))
    }

    /// Macroexpand a letfn* init until it is a `(fn* ...)` form.
    fn expand_to_fn(&mut self, init: &Form) -> Result<Form> {
        let expanded = self.macroexpand(init)?.unwrap_or_else(|| init.clone());
        match &expanded.kind {
            FormKind::List(items) if items.first().is_some_and(|h| h.is_symbol("fn*")) => {
                Ok(expanded)
            }
            _ => Err(error(
                &init.span,
                format!("letfn* binding must be a fn, got: {}", init),
            )),
        }
    }
}

/// The `([params] body*)` pieces of a `fn*` after its optional name.
fn arity_forms<'f>(
    form: &'f Form,
    rest: &'f [Form],
) -> Result<Vec<(&'f Form, &'f [Form], &'f Span)>> {
    match rest.first().map(|f| &f.kind) {
        Some(FormKind::Vector(_)) => Ok(vec![(&rest[0], &rest[1..], &form.span)]),
        Some(FormKind::List(_)) => rest
            .iter()
            .map(|arity| match &arity.kind {
                FormKind::List(items) if !items.is_empty() => {
                    Ok((&items[0], &items[1..], &arity.span))
                }
                _ => Err(error(
                    &arity.span,
                    format!(
                        "Invalid fn* arity, expected ([params] body*), got: {}",
                        arity
                    ),
                )),
            })
            .collect(),
        _ => Err(error(&form.span, "Parameter declaration missing")),
    }
}

fn param_name(param: &Form) -> Result<&str> {
    match &param.kind {
        FormKind::Symbol(Name { ns: None, name }) if name != "&" => Ok(name),
        FormKind::Symbol(Name { ns: None, .. }) => {
            Err(error(&param.span, "Invalid parameter list: misplaced &"))
        }
        FormKind::Symbol(sym) => Err(error(
            &param.span,
            format!("Can't use qualified name as parameter: {sym}"),
        )),
        _ => Err(error(
            &param.span,
            format!("fn params must be Symbols, got: {}", param),
        )),
    }
}

/// At most one variadic arity, no two fixed arities of one size, and no
/// fixed arity with more params than the variadic one's fixed params.
fn check_arities(form: &Form, arities: &[FnArity]) -> Result<()> {
    let variadic: Vec<&FnArity> = arities.iter().filter(|a| a.rest.is_some()).collect();
    if variadic.len() > 1 {
        return Err(error(
            &form.span,
            "Can't have more than 1 variadic overload",
        ));
    }
    let mut fixed: Vec<usize> = arities
        .iter()
        .filter(|a| a.rest.is_none())
        .map(|a| a.params.len())
        .collect();
    fixed.sort_unstable();
    if fixed.windows(2).any(|w| w[0] == w[1]) {
        return Err(error(&form.span, "Can't have 2 overloads with same arity"));
    }
    if let (Some(v), Some(&max_fixed)) = (variadic.first(), fixed.last()) {
        if max_fixed > v.params.len() {
            return Err(error(
                &form.span,
                "Can't have fixed arity function with more params than variadic function",
            ));
        }
    }
    Ok(())
}
