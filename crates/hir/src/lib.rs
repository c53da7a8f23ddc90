//! HIR: what the analyzer produces from forms and lowering consumes.
//!
//! In HIR every macro has been expanded, every symbol resolved (to a local or
//! to a namespace-qualified var), syntax-quote expanded and `::kw` resolved.
//! What is left is Clojure's special forms as a tree with source spans.
//!
//! HIR knows nothing about the runtime heap: constants are `Form`s (plain
//! data), vars are named by their qualified `Name`. A backend turns them into
//! runtime values when it loads the code.

pub use genera_reader::{Form, FormKind, Name, Span};

/// A local binding, unique within one top-level form.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

/// A `recur` target: a `loop*` or a fn arity, unique within one top-level form.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct LoopId(pub u32);

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal or quoted constant (self-evaluating forms and `quote`).
    Const(Form),
    Local(LocalId),
    /// The value of a var (its thread binding if dynamic and bound, else its root).
    Var(Name),
    /// `(var x)`: the var object itself.
    TheVar(Name),
    /// `(def name init?)`. `meta` evaluates to the var's metadata map
    /// (with `:line`, `:file`, and user metadata such as `:dynamic`, `:macro`).
    /// Evaluates to the var.
    Def {
        var: Name,
        init: Option<Box<Expr>>,
        meta: Option<Box<Expr>>,
    },
    /// `(set! var-name value)`: sets the var's current thread binding.
    SetVar {
        var: Name,
        value: Box<Expr>,
    },
    If {
        test: Box<Expr>,
        then: Box<Expr>,
        else_: Box<Expr>,
    },
    /// `(do e1 ... en)`: `stmts` evaluated for effect, then `ret`.
    Do {
        stmts: Vec<Expr>,
        ret: Box<Expr>,
    },
    /// `let*`: bindings in order, each visible to the next.
    Let {
        bindings: Vec<(LocalId, Expr)>,
        body: Box<Expr>,
    },
    /// `loop*`: like `let*`, and `recur` with `id` jumps back with new values.
    Loop {
        id: LoopId,
        bindings: Vec<(LocalId, Expr)>,
        body: Box<Expr>,
    },
    /// `recur` to the innermost loop or fn arity. Always in tail position
    /// (the analyzer checks), with as many args as the target has bindings
    /// (a variadic arity's rest param counts as one).
    Recur {
        target: LoopId,
        args: Vec<Expr>,
    },
    Fn(FnExpr),
    /// `letfn*`: mutually recursive local functions.
    LetFn {
        bindings: Vec<(LocalId, FnExpr)>,
        body: Box<Expr>,
    },
    Invoke {
        f: Box<Expr>,
        args: Vec<Expr>,
    },
    Throw(Box<Expr>),
    Try {
        body: Box<Expr>,
        catches: Vec<Catch>,
        finally: Option<Box<Expr>>,
    },
    /// `case*`: constant-time dispatch on `=` to constants.
    /// Each clause lists the constants that select it.
    Case {
        expr: Box<Expr>,
        clauses: Vec<(Vec<Form>, Expr)>,
        default: Box<Expr>,
    },
    /// Collection literals whose elements are not all constant.
    Vector(Vec<Expr>),
    /// Keys and values alternating.
    Map(Vec<Expr>),
    Set(Vec<Expr>),
    /// An expression with metadata attached at run time (a fn or collection
    /// literal written with `^{...}`).
    WithMeta {
        expr: Box<Expr>,
        meta: Box<Expr>,
    },
}

#[derive(Clone, Debug)]
pub struct FnExpr {
    /// The name written after `fn*`, bound to the fn itself in its body.
    pub name: Option<(LocalId, String)>,
    /// A readable name for stack traces (`user/fib`, `user/make-adder/fn--42`).
    pub display_name: String,
    pub arities: Vec<FnArity>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FnArity {
    pub params: Vec<LocalId>,
    /// The `& rest` parameter, bound to a seq of the extra args or nil.
    pub rest: Option<LocalId>,
    /// `recur` in the body jumps here.
    pub loop_id: LoopId,
    pub body: Expr,
}

#[derive(Clone, Debug)]
pub struct Catch {
    /// The class named in `(catch Class e ...)` as written, resolved to a
    /// canonical name (`Exception`, `ExceptionInfo`, `ArithmeticException`,
    /// `Throwable`, ...); `:default` is written `Throwable`.
    pub class: String,
    pub local: LocalId,
    pub body: Expr,
}
