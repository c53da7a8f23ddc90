//! A fake `Env`, a compact HIR printer and the `check` helpers.

use crate::analyzer::Analyzer;
use crate::syntax_quote::expand_reader_syntax;
use crate::{AnalyzeError, Env};
use genera_hir::{Catch, Expr, ExprKind, FnExpr};
use genera_reader::{read_all, Form, FormKind, Name, Span};
use std::collections::{HashMap, HashSet};

/// Namespaces as plain sets: `clojure.core` (referred into every ns),
/// `clojure.string` (aliased as `str`) and the current ns `user`.
pub struct FakeEnv {
    pub ns: String,
    pub vars: HashSet<Name>,
    pub macros: HashSet<Name>,
    pub aliases: HashMap<String, String>,
    /// The locals each macro expansion was given, in order.
    pub seen_locals: Vec<Vec<String>>,
}

const CORE_FNS: &[&str] = &[
    "+",
    "-",
    "*",
    "<",
    "=",
    "inc",
    "dec",
    "first",
    "rest",
    "cons",
    "list",
    "seq",
    "concat",
    "apply",
    "vector",
    "hash-map",
    "hash-set",
    "with-meta",
    "str",
    "println",
    "ex-info",
    "ex-message",
    "map",
    "*warn-on-reflection*",
    "instance?",
    "unquote",
];

/// Fake macros, all in clojure.core; see `FakeEnv::expand_macro`.
const CORE_MACROS: &[&str] = &[
    "when",
    "fn",
    "defn",
    "forever",
    "boom",
    "locals",
    "quoted-sq",
    "nest",
];

impl FakeEnv {
    pub fn new() -> FakeEnv {
        let mut vars: HashSet<Name> = CORE_FNS
            .iter()
            .map(|n| Name::qualified("clojure.core", n))
            .collect();
        let macros: HashSet<Name> = CORE_MACROS
            .iter()
            .map(|n| Name::qualified("clojure.core", n))
            .collect();
        vars.extend(macros.iter().cloned());
        vars.insert(Name::qualified("clojure.string", "join"));
        vars.insert(Name::qualified("user", "x"));
        let aliases = HashMap::from([("str".to_string(), "clojure.string".to_string())]);
        FakeEnv {
            ns: "user".into(),
            vars,
            macros,
            aliases,
            seen_locals: Vec::new(),
        }
    }
}

fn sym(name: &str, span: &Span) -> Form {
    Form::new(FormKind::Symbol(Name::simple(name)), span.clone())
}

fn list(items: Vec<Form>, span: &Span) -> Form {
    Form::new(FormKind::List(items), span.clone())
}

impl Env for FakeEnv {
    fn current_ns(&self) -> String {
        self.ns.clone()
    }

    fn resolve_var(&self, sym: &Name) -> Option<Name> {
        let candidates = match &sym.ns {
            Some(ns) => {
                let ns = self.aliases.get(ns).unwrap_or(ns);
                vec![Name::qualified(ns, &sym.name)]
            }
            None => vec![
                Name::qualified(&self.ns, &sym.name),
                Name::qualified("clojure.core", &sym.name),
            ],
        };
        candidates.into_iter().find(|n| self.vars.contains(n))
    }

    fn resolve_alias(&self, alias: &str) -> Option<String> {
        self.aliases.get(alias).cloned()
    }

    fn is_macro(&self, var: &Name) -> bool {
        self.macros.contains(var)
    }

    fn intern(&mut self, name: &str) -> Result<Name, String> {
        if name == "unwritable" {
            return Err("Can't intern unwritable".into());
        }
        let var = Name::qualified(&self.ns, name);
        self.vars.insert(var.clone());
        Ok(var)
    }

    /// `(when t body*)` -> `(if t (do body*))`; `(fn ...)` -> `(fn* ...)`;
    /// `(defn f [params] body*)` -> `(def f (fn [params] body*))`;
    /// `(forever)` -> `(forever)`; `(boom)` fails; `(locals)` -> nil and
    /// records the locals; `(quoted-sq)` -> `` `a ``; `(nest)` -> `(do (nest))`.
    fn expand_macro(&mut self, var: &Name, form: &Form, locals: &[String]) -> Result<Form, String> {
        let FormKind::List(items) = &form.kind else {
            return Err("not a list".into());
        };
        let span = &form.span;
        let args = items[1..].to_vec();
        let expansion = match var.name.as_str() {
            "when" => {
                let mut body = vec![sym("do", span)];
                body.extend(args.iter().skip(1).cloned());
                let test = args.first().cloned().ok_or("when needs a test")?;
                list(vec![sym("if", span), test, list(body, span)], span)
            }
            "fn" => {
                let mut fn_form = vec![sym("fn*", span)];
                fn_form.extend(args);
                list(fn_form, span)
            }
            "defn" => {
                let mut fn_form = vec![sym("fn", span)];
                fn_form.extend(args.iter().skip(1).cloned());
                let name = args.first().cloned().ok_or("defn needs a name")?;
                list(vec![sym("def", span), name, list(fn_form, span)], span)
            }
            "forever" => form.clone(),
            "boom" => return Err("boom!".into()),
            "locals" => {
                self.seen_locals.push(locals.to_vec());
                Form::new(FormKind::Nil, span.clone())
            }
            "quoted-sq" => Form::new(
                FormKind::SyntaxQuote(Box::new(sym("a", span))),
                span.clone(),
            ),
            "nest" => list(vec![sym("do", span), form.clone()], span),
            other => return Err(format!("no fake macro {other}")),
        };
        Ok(expansion)
    }
}

pub fn read_one(src: &str) -> Form {
    let mut forms =
        read_all(src, "test.clj").unwrap_or_else(|e| panic!("read error in {src}: {e}"));
    assert_eq!(forms.len(), 1, "expected one form in {src}");
    forms.remove(0)
}

/// Analyze `src` in a fresh `FakeEnv`, returning the HIR printed compactly.
pub fn analyze_str(src: &str, env: &mut FakeEnv) -> Result<String, AnalyzeError> {
    let form = read_one(src);
    let mut analyzer = Analyzer::new(env);
    let expr = analyzer.analyze_top(&form)?;
    let names = analyzer.local_names.clone();
    Ok(normalize_gensyms(&Printer { names: &names }.expr(&expr)))
}

#[track_caller]
pub fn check(src: &str, expected: &str) {
    match analyze_str(src, &mut FakeEnv::new()) {
        Ok(got) => assert_eq!(got, expected, "\n  source: {src}"),
        Err(e) => panic!("analyzing {src} failed: {e}"),
    }
}

#[track_caller]
pub fn check_err(src: &str, expected_message: &str) {
    match analyze_str(src, &mut FakeEnv::new()) {
        Ok(got) => panic!("analyzing {src} should fail with {expected_message:?}, got {got}"),
        Err(e) => assert_eq!(e.message, expected_message, "\n  source: {src}"),
    }
}

/// The error for `src`, for tests that look at its span.
pub fn error_of(src: &str) -> AnalyzeError {
    match analyze_str(src, &mut FakeEnv::new()) {
        Ok(got) => panic!("analyzing {src} should fail, got {got}"),
        Err(e) => e,
    }
}

/// The code a syntax-quote (or any form with `::kw`) reads as, printed.
pub fn expand_str(src: &str) -> String {
    let form = read_one(src);
    let expanded =
        expand_reader_syntax(&form, &FakeEnv::new()).unwrap_or_else(|e| panic!("{src}: {e}"));
    let expanded = expanded.unwrap_or(form);
    normalize_gensyms(&format!("{expanded:#}"))
}

/// Auto-gensym numbers come from a global counter: `x__123__auto__` -> `x__N__auto__`.
pub fn normalize_gensyms(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(end) = rest.find("__auto__") {
        let (before, after) = rest.split_at(end);
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let stem = &before[..before.len() - digits];
        if digits > 0 && stem.ends_with("__") {
            out.push_str(stem);
            out.push('N');
        } else {
            out.push_str(before);
        }
        out.push_str("__auto__");
        rest = &after["__auto__".len()..];
    }
    out.push_str(rest);
    out
}

/// HIR as s-expressions: locals are `name#id`, vars are qualified, loops
/// and fn arities show their `LoopId` as `Ln`, constants that are symbols or
/// collections are quoted.
struct Printer<'a> {
    names: &'a [String],
}

impl Printer<'_> {
    fn expr(&self, e: &Expr) -> String {
        match &e.kind {
            ExprKind::Const(form) => constant(form),
            ExprKind::Local(id) => self.local(id.0),
            ExprKind::Var(name) => name.to_string(),
            ExprKind::TheVar(name) => format!("#'{name}"),
            ExprKind::Def { var, init, meta } => {
                let meta = meta.as_ref().map(|m| self.def_meta(m)).unwrap_or_default();
                match init {
                    Some(init) => format!("(def {meta}{var} {})", self.expr(init)),
                    None => format!("(def {meta}{var})"),
                }
            }
            ExprKind::SetVar { var, value } => format!("(set! {var} {})", self.expr(value)),
            ExprKind::If { test, then, else_ } => {
                format!(
                    "(if {} {} {})",
                    self.expr(test),
                    self.expr(then),
                    self.expr(else_)
                )
            }
            ExprKind::Do { stmts, ret } => {
                let mut parts: Vec<String> = stmts.iter().map(|s| self.expr(s)).collect();
                parts.push(self.expr(ret));
                format!("(do {})", parts.join(" "))
            }
            ExprKind::Let { bindings, body } => {
                format!("(let* [{}] {})", self.bindings(bindings), self.expr(body))
            }
            ExprKind::Loop { id, bindings, body } => {
                format!(
                    "(loop* L{} [{}] {})",
                    id.0,
                    self.bindings(bindings),
                    self.expr(body)
                )
            }
            ExprKind::Recur { target, args } => {
                let args: Vec<String> = args.iter().map(|a| format!(" {}", self.expr(a))).collect();
                format!("(recur L{}{})", target.0, args.concat())
            }
            ExprKind::Fn(f) => self.fn_expr(f),
            ExprKind::LetFn { bindings, body } => {
                let bindings: Vec<String> = bindings
                    .iter()
                    .map(|(id, f)| format!("{} {}", self.local(id.0), self.fn_expr(f)))
                    .collect();
                format!("(letfn* [{}] {})", bindings.join(" "), self.expr(body))
            }
            ExprKind::Invoke { f, args } => {
                let mut parts = vec![self.expr(f)];
                parts.extend(args.iter().map(|a| self.expr(a)));
                format!("({})", parts.join(" "))
            }
            ExprKind::Throw(e) => format!("(throw {})", self.expr(e)),
            ExprKind::Try {
                body,
                catches,
                finally,
            } => {
                let mut parts = vec![self.expr(body)];
                parts.extend(catches.iter().map(|c| self.catch(c)));
                if let Some(f) = finally {
                    parts.push(format!("(finally {})", self.expr(f)));
                }
                format!("(try {})", parts.join(" "))
            }
            ExprKind::Case {
                expr,
                clauses,
                default,
            } => {
                let clauses: Vec<String> = clauses
                    .iter()
                    .map(|(consts, then)| {
                        let consts: Vec<String> = consts.iter().map(|c| format!("{c:#}")).collect();
                        format!("[{}] {}", consts.join(" "), self.expr(then))
                    })
                    .collect();
                format!(
                    "(case* {} [{}] {})",
                    self.expr(expr),
                    clauses.join(" "),
                    self.expr(default)
                )
            }
            ExprKind::Vector(items) => format!("[{}]", self.exprs(items)),
            ExprKind::Map(items) => format!("{{{}}}", self.exprs(items)),
            ExprKind::Set(items) => format!("#{{{}}}", self.exprs(items)),
            ExprKind::WithMeta { expr, meta } => {
                format!("(with-meta {} {})", self.expr(expr), self.expr(meta))
            }
        }
    }

    fn local(&self, id: u32) -> String {
        format!("{}#{id}", self.names[id as usize])
    }

    fn exprs(&self, items: &[Expr]) -> String {
        items
            .iter()
            .map(|e| self.expr(e))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn bindings(&self, bindings: &[(genera_hir::LocalId, Expr)]) -> String {
        let parts: Vec<String> = bindings
            .iter()
            .map(|(id, e)| format!("{} {}", self.local(id.0), self.expr(e)))
            .collect();
        parts.join(" ")
    }

    fn fn_expr(&self, f: &FnExpr) -> String {
        let mut parts = vec![format!("fn* {:?}", f.display_name)];
        if let Some((id, _)) = &f.name {
            parts.push(self.local(id.0));
        }
        for arity in &f.arities {
            let mut params: Vec<String> = arity.params.iter().map(|p| self.local(p.0)).collect();
            if let Some(rest) = arity.rest {
                params.push(format!("& {}", self.local(rest.0)));
            }
            parts.push(format!(
                "(L{} [{}] {})",
                arity.loop_id.0,
                params.join(" "),
                self.expr(&arity.body)
            ));
        }
        format!("({})", parts.join(" "))
    }

    fn catch(&self, c: &Catch) -> String {
        format!(
            "(catch {} {} {})",
            c.class,
            self.local(c.local.0),
            self.expr(&c.body)
        )
    }

    /// Def metadata without the `:line`, `:column` and `:file` every def has
    /// (tests of those look at the HIR directly), as a `^meta ` prefix.
    fn def_meta(&self, meta: &Expr) -> String {
        let ExprKind::Const(Form {
            kind: FormKind::Map(items),
            ..
        }) = &meta.kind
        else {
            return format!("^{} ", self.expr(meta));
        };
        let kept: Vec<String> = items
            .chunks(2)
            .filter(|kv| {
                !["line", "column", "file"]
                    .iter()
                    .any(|k| is_keyword(&kv[0], k))
            })
            .map(|kv| format!("{:#} {:#}", kv[0], kv[1]))
            .collect();
        if kept.is_empty() {
            String::new()
        } else {
            format!("^{{{}}} ", kept.join(", "))
        }
    }
}

fn is_keyword(form: &Form, name: &str) -> bool {
    matches!(&form.kind, FormKind::Keyword { name: n, .. } if n.ns.is_none() && n.name == name)
}

fn constant(form: &Form) -> String {
    match form.kind {
        FormKind::Symbol(_)
        | FormKind::List(_)
        | FormKind::Vector(_)
        | FormKind::Map(_)
        | FormKind::Set(_) => {
            format!("'{form:#}")
        }
        _ => format!("{form:#}"),
    }
}
