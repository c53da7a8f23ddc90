//! What Clojure's reader does with namespaces, done here because genera's
//! reader knows none: syntax-quote (`` `form ``) and `::kw`.
//!
//! `syntax_quote` is Clojure's `LispReader.syntaxQuote`: it returns a form
//! that builds the quoted form when evaluated, with symbols resolved to
//! namespace-qualified names, `x#` replaced by an auto-gensym, `~x` spliced
//! in as an expression and `~@xs` concatenated in. The code it builds calls
//! `clojure.core/seq`, `concat`, `list`, `apply`, `vector`, `hash-map`,
//! `hash-set` and `with-meta` exactly as Clojure does, with one difference:
//! a part that contains no unquote is folded to a quoted constant
//! (`` `(a b) `` is `(quote (user/a user/b))`, not
//! `(seq (concat (list (quote user/a)) (list (quote user/b))))`).

use crate::analyzer::{too_deep, MAX_DEPTH};
use crate::interop::class_value_name;
use crate::special::SPECIAL_NAMES;
use crate::{AnalyzeError, Env, Result};
use genera_reader::{Form, FormKind, Name, Span};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers auto-gensyms (`x#` -> `x__42__auto__`). Global, like Clojure's
/// `RT.nextID`, so that two templates never share a gensym.
static NEXT_GENSYM: AtomicU64 = AtomicU64::new(1);

/// Expand the syntax-quoted `form` (the form after the backquote) into code
/// that builds it. `gensyms` maps each `x#` seen so far in this syntax-quote
/// to its gensym; pass a fresh map for each backquote.
pub fn syntax_quote(
    form: &Form,
    env: &dyn Env,
    gensyms: &mut HashMap<String, String>,
) -> std::result::Result<Form, AnalyzeError> {
    let mut quoter = SyntaxQuoter {
        env,
        gensyms,
        depth: 0,
    };
    let quoted = quoter.quote(form)?;
    Ok(quoted.into_code(&form.span))
}

/// Replace every syntax-quote in `form` by its expansion and every `::kw`
/// by the qualified keyword, as Clojure's reader would have; None if `form`
/// has neither (the common case, which copies nothing).
pub(crate) fn expand_reader_syntax(form: &Form, env: &dyn Env) -> Result<Option<Form>> {
    if !has_reader_syntax(form, 0) {
        return Ok(None);
    }
    expand(form, env, 0).map(Some)
}

fn expand(form: &Form, env: &dyn Env, depth: usize) -> Result<Form> {
    if depth >= MAX_DEPTH {
        return Err(AnalyzeError::new(&form.span, too_deep()));
    }
    let items = |items: &[Form]| {
        items
            .iter()
            .map(|item| expand(item, env, depth + 1))
            .collect::<Result<Vec<_>>>()
    };
    let mut out = match &form.kind {
        FormKind::SyntaxQuote(inner) => return syntax_quote(inner, env, &mut HashMap::new()),
        FormKind::Keyword { name, auto: true } => {
            let name = resolve_keyword(name, &form.span, env)?;
            Form::new(FormKind::Keyword { name, auto: false }, form.span.clone())
        }
        FormKind::List(xs) => Form::new(FormKind::List(items(xs)?), form.span.clone()),
        FormKind::Vector(xs) => Form::new(FormKind::Vector(items(xs)?), form.span.clone()),
        FormKind::Map(xs) => Form::new(FormKind::Map(items(xs)?), form.span.clone()),
        FormKind::Set(xs) => Form::new(FormKind::Set(items(xs)?), form.span.clone()),
        _ => Form {
            meta: None,
            ..form.clone()
        },
    };
    out.meta = match &form.meta {
        Some(meta) => Some(Box::new(expand(meta, env, depth + 1)?)),
        None => None,
    };
    Ok(out)
}

/// True if `form` has a syntax-quote or `::kw` in it, or is nested too
/// deeply to tell (so that `expand` reports it).
fn has_reader_syntax(form: &Form, depth: usize) -> bool {
    if depth >= MAX_DEPTH {
        return true;
    }
    let inside = match &form.kind {
        FormKind::SyntaxQuote(_) | FormKind::Keyword { auto: true, .. } => true,
        FormKind::List(items)
        | FormKind::Vector(items)
        | FormKind::Map(items)
        | FormKind::Set(items) => items.iter().any(|item| has_reader_syntax(item, depth + 1)),
        _ => false,
    };
    inside
        || form
            .meta
            .as_deref()
            .is_some_and(|meta| has_reader_syntax(meta, depth + 1))
}

/// `::kw` -> `:current-ns/kw`, `::alias/kw` -> `:aliased.ns/kw`.
pub(crate) fn resolve_keyword(name: &Name, span: &Span, env: &dyn Env) -> Result<Name> {
    match &name.ns {
        None => Ok(Name::qualified(&env.current_ns(), &name.name)),
        Some(alias) => match env.resolve_alias(alias) {
            Some(ns) => Ok(Name::qualified(&ns, &name.name)),
            None => Err(AnalyzeError::new(
                span,
                format!("Invalid token: ::{alias}/{}", name.name),
            )),
        },
    }
}

/// A syntax-quoted part: a constant (no unquote inside), or code that builds it.
enum Quoted {
    Const(Form),
    Code(Form),
}

impl Quoted {
    fn into_code(self, span: &Span) -> Form {
        match self {
            Quoted::Code(code) => code,
            Quoted::Const(value) if self_evaluating(&value) => value,
            Quoted::Const(value) => list(span, vec![symbol(span, None, "quote"), value]),
        }
    }
}

/// One element of a syntax-quoted collection.
enum Item {
    Quoted(Quoted),
    /// `~@xs`: the expression whose items are spliced in.
    Splice(Form),
}

struct SyntaxQuoter<'a> {
    env: &'a dyn Env,
    gensyms: &'a mut HashMap<String, String>,
    /// How deeply `quote` has recursed, bounded by `MAX_DEPTH`.
    depth: usize,
}

impl SyntaxQuoter<'_> {
    fn quote(&mut self, form: &Form) -> Result<Quoted> {
        if self.depth >= MAX_DEPTH {
            return Err(AnalyzeError::new(&form.span, too_deep()));
        }
        self.depth += 1;
        let quoted = self.quote_nested(form);
        self.depth -= 1;
        quoted
    }

    fn quote_nested(&mut self, form: &Form) -> Result<Quoted> {
        if let Some(expr) = unquoted(form, "unquote") {
            return Ok(Quoted::Code(self.code(expr)?));
        }
        if unquoted(form, "unquote-splicing").is_some() {
            return Err(AnalyzeError::new(&form.span, "splice not in list"));
        }
        let quoted = match &form.kind {
            FormKind::Symbol(sym) => {
                let mut resolved = form.clone();
                resolved.kind = FormKind::Symbol(self.resolve_symbol(sym));
                resolved.meta = None;
                Quoted::Const(resolved)
            }
            FormKind::List(items) => self.collection(form, items, FormKind::List, None)?,
            FormKind::Vector(items) => {
                self.collection(form, items, FormKind::Vector, Some("vector"))?
            }
            FormKind::Map(items) => {
                self.collection(form, items, FormKind::Map, Some("hash-map"))?
            }
            FormKind::Set(items) => {
                self.collection(form, items, FormKind::Set, Some("hash-set"))?
            }
            FormKind::Keyword { name, auto: true } => {
                let name = resolve_keyword(name, &form.span, self.env)?;
                Quoted::Const(Form::new(
                    FormKind::Keyword { name, auto: false },
                    form.span.clone(),
                ))
            }
            FormKind::SyntaxQuote(inner) => {
                // The inner backquote is expanded first, with its own gensyms,
                // and its expansion is what the outer one quotes.
                let expanded = syntax_quote(inner, self.env, &mut HashMap::new())?;
                return self.quote(&expanded);
            }
            _ => Quoted::Const(Form {
                meta: None,
                ..form.clone()
            }),
        };
        self.with_meta(form, quoted)
    }

    /// Carry the metadata written on `form` over to what builds it.
    fn with_meta(&mut self, form: &Form, quoted: Quoted) -> Result<Quoted> {
        let Some(meta) = &form.meta else {
            return Ok(quoted);
        };
        match (quoted, self.quote(meta)?) {
            (Quoted::Const(mut value), Quoted::Const(meta)) => {
                value.meta = Some(Box::new(meta));
                Ok(Quoted::Const(value))
            }
            (value, meta) => {
                let span = &form.span;
                let call = vec![
                    core(span, "with-meta"),
                    value.into_code(span),
                    meta.into_code(span),
                ];
                Ok(Quoted::Code(list(span, call)))
            }
        }
    }

    /// A list, vector, map or set: `builder` is None for a list, else the
    /// core fn applied to the concatenated items.
    fn collection(
        &mut self,
        form: &Form,
        items: &[Form],
        rebuild: fn(Vec<Form>) -> FormKind,
        builder: Option<&str>,
    ) -> Result<Quoted> {
        let items = items
            .iter()
            .map(|item| self.item(item))
            .collect::<Result<Vec<Item>>>()?;
        if items
            .iter()
            .all(|item| matches!(item, Item::Quoted(Quoted::Const(_))))
        {
            let values = items
                .into_iter()
                .filter_map(|item| match item {
                    Item::Quoted(Quoted::Const(value)) => Some(value),
                    _ => None,
                })
                .collect();
            return Ok(Quoted::Const(Form::new(rebuild(values), form.span.clone())));
        }
        let span = &form.span;
        let mut concat = vec![core(span, "concat")];
        for item in items {
            concat.push(match item {
                Item::Quoted(quoted) => {
                    list(span, vec![core(span, "list"), quoted.into_code(span)])
                }
                Item::Splice(expr) => expr,
            });
        }
        let seq = list(span, vec![core(span, "seq"), list(span, concat)]);
        Ok(Quoted::Code(match builder {
            None => seq,
            Some(builder) => list(span, vec![core(span, "apply"), core(span, builder), seq]),
        }))
    }

    fn item(&mut self, form: &Form) -> Result<Item> {
        match unquoted(form, "unquote-splicing") {
            Some(expr) => Ok(Item::Splice(self.code(expr)?)),
            None => Ok(Item::Quoted(self.quote(form)?)),
        }
    }

    /// An unquoted expression is ordinary code, where the reader would
    /// already have expanded any syntax-quote or `::kw`.
    fn code(&self, expr: Form) -> Result<Form> {
        Ok(expand_reader_syntax(&expr, self.env)?.unwrap_or(expr))
    }

    /// Clojure's `resolveSymbol`, plus auto-gensyms and the symbols that stay
    /// as written (special forms, `.method`, `Class.`, class names).
    fn resolve_symbol(&mut self, sym: &Name) -> Name {
        if sym.ns.is_none() {
            let name = sym.name.as_str();
            if SPECIAL_NAMES.contains(&name) || name.starts_with('.') {
                return sym.clone();
            }
            if let Some(class) = name.strip_suffix('.') {
                // `Foo.` stays, `Exception.` -> `java.lang.Exception.`.
                let full = class_value_name(&Name::simple(class));
                return Name::simple(&format!("{}.", full.as_deref().unwrap_or(class)));
            }
            if let Some(stem) = name.strip_suffix('#') {
                return Name::simple(&self.gensym(stem));
            }
        }
        if sym.name.find('.').is_some_and(|i| i > 0) {
            return sym.clone();
        }
        match &sym.ns {
            Some(ns) => match self.env.resolve_alias(ns) {
                Some(target) => Name::qualified(&target, &sym.name),
                None => sym.clone(),
            },
            None => match self.env.resolve_var(sym) {
                Some(var) => var,
                None => match class_value_name(sym) {
                    Some(class) => Name::simple(&class),
                    None => Name::qualified(&self.env.current_ns(), &sym.name),
                },
            },
        }
    }

    fn gensym(&mut self, stem: &str) -> String {
        self.gensyms
            .entry(stem.to_string())
            .or_insert_with(|| {
                format!(
                    "{stem}__{}__auto__",
                    NEXT_GENSYM.fetch_add(1, Ordering::Relaxed)
                )
            })
            .clone()
    }
}

/// The argument of `form` if it is `(clojure.core/<which> arg)` (`~arg` or
/// `~@arg`); a missing argument is nil, as in Clojure.
fn unquoted(form: &Form, which: &str) -> Option<Form> {
    let FormKind::List(items) = &form.kind else {
        return None;
    };
    let head = items.first()?.symbol()?;
    if head.ns.as_deref() != Some("clojure.core") || head.name != which {
        return None;
    }
    Some(
        items
            .get(1)
            .cloned()
            .unwrap_or_else(|| Form::new(FormKind::Nil, form.span.clone())),
    )
}

/// Forms that evaluate to themselves and so need no quote (as in Clojure:
/// keywords, numbers, characters and strings; not nil, booleans or regexes).
fn self_evaluating(form: &Form) -> bool {
    form.meta.is_none()
        && matches!(
            form.kind,
            FormKind::Keyword { .. }
                | FormKind::Int(_)
                | FormKind::BigInt(_)
                | FormKind::Ratio(..)
                | FormKind::Float(_)
                | FormKind::BigDecimal(_)
                | FormKind::Char(_)
                | FormKind::Str(_)
        )
}

fn symbol(span: &Span, ns: Option<&str>, name: &str) -> Form {
    let name = Name {
        ns: ns.map(str::to_string),
        name: name.to_string(),
    };
    Form::new(FormKind::Symbol(name), span.clone())
}

fn core(span: &Span, name: &str) -> Form {
    symbol(span, Some("clojure.core"), name)
}

fn list(span: &Span, items: Vec<Form>) -> Form {
    Form::new(FormKind::List(items), span.clone())
}
