//! Core IR: the contract between the front end and every backend.
//!
//! A-normal form: every intermediate value is named by a `VarId`, control
//! flow is explicit (`If`, `Case`, join points, jumps, tail calls), and every
//! allocation is visible (`Rhs::Alloc`). After the Perceus pass, reference
//! counting is explicit too (`Dup`, `Drop`, `DropReuse`), and every
//! instruction that may throw lists the owned variables the frame must drop
//! if it does (`unwind`). A backend needs nothing but this module and the
//! runtime's layouts: it never looks at HIR or forms (constants aside, which
//! it materializes from `Module::consts`).
//!
//! Ownership rules (what Perceus establishes and the verifier checks):
//! - Every variable is owned except the arity's `borrowed` ones (captured
//!   values, the self closure, and parameters borrow inference chose), which
//!   the frame may use but never consumes or drops.
//! - `Call`, `TailCall` and `MakeClosure`/`Alloc` consume their operands
//!   (callee and arguments, captured values, elements). `Prim` borrows its
//!   operands except those `PrimOp::consumes` marks. `Return`, `Throw` and
//!   `Jump` consume their operands. `If`/`Case` borrow the scrutinee.
//! - On every path, every owned variable is consumed exactly once (by an
//!   operation that consumes it or by a `Drop`).
//! - A frame owns its closure; returning, throwing or tail-calling releases it
//!   (the backend does this; it is not written in the IR).
//! - Uncounted variables (`Rhs::uncounted`: bound to an immediate or an
//!   immortal object, known from the definition alone) are neither owned nor
//!   borrowed: they are never dup'd or dropped, and consuming one costs
//!   nothing, so it may be consumed any number of times.

use genera_reader::{Form, FormKind, Name, Span};
use std::fmt;

/// A variable, unique within one arity. Backends map it to a register/slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// A join point (a local continuation: the rest of an `if` in non-tail
/// position, or a loop head), unique within one arity.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JoinId(pub u32);

/// Index into `Module::lambdas`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LambdaId(pub u32);

/// Index into `Module::consts`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConstId(pub u32);

impl fmt::Display for VarId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}
impl fmt::Display for JoinId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "j{}", self.0)
    }
}

/// One compiled top-level form: running `entry` (a zero-argument lambda with
/// no captures) evaluates the form.
#[derive(Clone, Debug)]
pub struct Module {
    pub lambdas: Vec<Lambda>,
    pub consts: Vec<Form>,
    pub entry: LambdaId,
}

/// A function value's code: one or more arities sharing one closure layout.
#[derive(Clone, Debug)]
pub struct Lambda {
    /// For stack traces: `user/fib`, `user/make-adder/fn--12`.
    pub name: String,
    pub span: Span,
    /// How many values a closure of this lambda captures.
    pub ncaptures: u32,
    /// Sorted by fixed parameter count; at most one is variadic, and it has
    /// the most fixed parameters.
    pub arities: Vec<Arity>,
}

#[derive(Clone, Debug)]
pub struct Arity {
    /// Fixed parameters, bound to the arguments in order.
    pub params: Vec<VarId>,
    /// Bound to a seq of the remaining arguments (or nil) in a variadic arity.
    pub rest: Option<VarId>,
    /// Variables that are borrowed for the whole body (never consumed or
    /// dropped; dup'd before being consumed). Always includes the variables
    /// bound by `Rhs::Capture` and `Rhs::SelfClosure`.
    pub borrowed: Vec<VarId>,
    /// One more than the largest VarId used.
    pub nvars: u32,
    /// One more than the largest JoinId used.
    pub njoins: u32,
    pub body: Expr,
}

#[derive(Clone, Debug)]
pub enum Expr {
    /// `let var = rhs in body`. `unwind` (filled by Perceus) lists the owned
    /// variables to drop if `rhs` throws (not including what `rhs` consumes).
    Let {
        var: VarId,
        rhs: Rhs,
        span: Span,
        unwind: Vec<VarId>,
        body: Box<Expr>,
    },
    /// Branch on truthiness of `cond` (borrowed).
    If {
        cond: VarId,
        then: Box<Expr>,
        else_: Box<Expr>,
    },
    /// Constant-time dispatch: evaluate the arm whose constants contain a
    /// value `=` to `scrut` (borrowed), else `default`. Dispatch may throw
    /// (hashing or `=` can realize a lazy seq scrutinee), so `unwind`
    /// (filled by Perceus) lists the owned variables to drop if it does.
    Case {
        scrut: VarId,
        arms: Vec<(Vec<ConstId>, Expr)>,
        default: Box<Expr>,
        unwind: Vec<VarId>,
    },
    /// Defines join point `join` with `params`, whose code is `body`, visible
    /// in `cont` and (for loops) in `body` itself; then runs `cont`.
    LetJoin {
        join: JoinId,
        params: Vec<VarId>,
        body: Box<Expr>,
        cont: Box<Expr>,
    },
    /// Jump to a join point in scope, passing (consuming) `args`.
    Jump {
        join: JoinId,
        args: Vec<VarId>,
    },
    Return(VarId),
    /// Call `f` with `args` in tail position: the frame is replaced.
    TailCall {
        f: VarId,
        args: Vec<VarId>,
        span: Span,
        unwind: Vec<VarId>,
    },
    Throw {
        exn: VarId,
        span: Span,
        unwind: Vec<VarId>,
    },
    /// Run `body`; if it throws, drop what `unwind` lists at the throw point,
    /// bind the exception (owned) to `exn` and run `handler`. Both `body` and
    /// `handler` end in `Jump`, `Return`, `TailCall` or `Throw`; a jump from
    /// `body` to a join outside the try leaves the try.
    Try {
        body: Box<Expr>,
        exn: VarId,
        handler: Box<Expr>,
    },

    // Inserted by Perceus.
    Dup {
        var: VarId,
        body: Box<Expr>,
    },
    Drop {
        var: VarId,
        body: Box<Expr>,
    },
    /// Drop `var`; if it was unique and its memory fits an allocation of
    /// `kind`, bind `token` to that memory for a later `Alloc` to reuse, else
    /// to "none". The token is consumed by an `Alloc { reuse: Some(token) }`
    /// or by `FreeReuse` on every path.
    DropReuse {
        var: VarId,
        token: VarId,
        kind: AllocKind,
        body: Box<Expr>,
    },
    FreeReuse {
        token: VarId,
        body: Box<Expr>,
    },
}

impl Expr {
    /// The expressions directly inside this one (the body of a `let`, both
    /// branches of an `if`, a join's body and continuation, ...), for
    /// passes that walk every `let` of a lambda.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Let { body, .. }
            | Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => vec![body],
            Expr::If { then, else_, .. } => vec![then, else_],
            Expr::Case { arms, default, .. } => {
                arms.iter().map(|(_, e)| e).chain([&**default]).collect()
            }
            Expr::LetJoin { body, cont, .. } => vec![body, cont],
            Expr::Try { body, handler, .. } => vec![body, handler],
            Expr::Jump { .. } | Expr::Return(_) | Expr::TailCall { .. } | Expr::Throw { .. } => {
                vec![]
            }
        }
    }
}

#[derive(Clone, Debug)]
pub enum Rhs {
    Const(ConstId),
    /// The value of a var (dynamic binding or root); owned.
    Global(Name),
    /// The var object itself.
    VarObj(Name),
    /// The `i`th captured value of this frame's closure; borrowed.
    Capture(u32),
    /// This frame's closure; borrowed.
    SelfClosure,
    /// Call `f` with `args`, consuming both.
    Call {
        f: VarId,
        args: Vec<VarId>,
    },
    Prim {
        op: PrimOp,
        args: Vec<VarId>,
    },
    /// Allocate (consuming `args`), reusing a token's memory when given.
    Alloc {
        kind: AllocKind,
        args: Vec<VarId>,
        reuse: Option<VarId>,
    },
    /// Intern the var and, with `init`, set its root (consuming `init`);
    /// with `meta`, set its metadata (consumed). Evaluates to the var.
    Def {
        var: Name,
        init: Option<VarId>,
        meta: Option<VarId>,
    },
    /// Set the var's current thread binding (consuming `value`); evaluates
    /// to the value (the result is a new reference).
    SetVar {
        var: Name,
        value: VarId,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AllocKind {
    /// A closure of the lambda; `args` are its captured values in order.
    Closure(LambdaId),
    Vector(u32),
    /// `args` are keys and values alternating; count is the number of pairs.
    Map(u32),
    Set(u32),
    /// `(cons x seq)`.
    Cons,
    /// `(%new T fields...)` (`(T. ...)`, `(->T ...)`): a record or deftype
    /// instance with this many fields. `args` are the type's descriptor
    /// (the value of the var `T`), then the field values in basis order.
    /// Throws when the descriptor is not a type's or the count is wrong.
    Instance(u32),
}

impl Rhs {
    /// Whether evaluating this right-hand side may throw. Perceus fills
    /// `unwind` exactly for the `Let`s whose rhs may throw (and for every
    /// `Case`, `TailCall` and `Throw`); a backend may assume the others
    /// never throw.
    /// Conservative: `Global` may find the var unbound, `Alloc` of a map or
    /// set may find duplicate keys, and every call and primitive may throw
    /// except the few total ones listed in `PrimOp::may_throw`.
    pub fn may_throw(&self) -> bool {
        match self {
            Rhs::Const(_) | Rhs::VarObj(_) | Rhs::Capture(_) | Rhs::SelfClosure => false,
            Rhs::Alloc { kind, .. } => matches!(
                kind,
                AllocKind::Map(_) | AllocKind::Set(_) | AllocKind::Instance(_)
            ),
            Rhs::Prim { op, .. } => op.may_throw(),
            Rhs::Global(_) | Rhs::Call { .. } | Rhs::Def { .. } | Rhs::SetVar { .. } => true,
        }
    }
}

impl Rhs {
    /// Whether the variable bound by this right-hand side is certainly an
    /// immediate (nil, a boolean, a fixnum, a char) or an immortal object (an
    /// interned keyword, a var), given the module's constants: such a value
    /// has no count to change, so Perceus emits no `Dup` or `Drop` for it
    /// (after Perceus's "drop specialization" of statically known values).
    /// Conservative: results of arithmetic may be boxed numbers, so only the
    /// primitives that always return a boolean or a count qualify.
    pub fn uncounted(&self, consts: &[Form]) -> bool {
        match self {
            Rhs::Const(c) => consts.get(c.0 as usize).is_some_and(uncounted_form),
            // Comparisons and predicates return booleans; `count` a fixnum.
            Rhs::Prim { op, .. } => matches!(
                op,
                PrimOp::Lt
                    | PrimOp::Gt
                    | PrimOp::Le
                    | PrimOp::Ge
                    | PrimOp::NumEq
                    | PrimOp::Equiv
                    | PrimOp::Identical
                    | PrimOp::Not
                    | PrimOp::IsNil
                    | PrimOp::IsZero
                    | PrimOp::Count
                    | PrimOp::ExceptionIs
            ),
            // Vars are immortal; `def` evaluates to the var.
            Rhs::VarObj(_) | Rhs::Def { .. } => true,
            _ => false,
        }
    }
}

/// The range of integers the runtime keeps unboxed (62-bit fixnums: see
/// `genera_runtime::value::FIXNUM_MIN`/`FIXNUM_MAX`).
const FIXNUM_MIN: i64 = -(1 << 62);
const FIXNUM_MAX: i64 = (1 << 62) - 1;

/// Whether a constant materializes as an immediate or an immortal object
/// (keywords are interned and immortal, with or without a namespace).
pub fn uncounted_form(form: &Form) -> bool {
    match &form.kind {
        FormKind::Nil | FormKind::Bool(_) | FormKind::Char(_) | FormKind::Keyword { .. } => true,
        FormKind::Int(n) => (FIXNUM_MIN..=FIXNUM_MAX).contains(n),
        _ => false,
    }
}

impl Arity {
    /// The variables of this arity that are uncounted (`Rhs::uncounted`).
    pub fn uncounted_vars(&self, consts: &[Form]) -> std::collections::HashSet<VarId> {
        let mut out = std::collections::HashSet::new();
        crate::ops::lets_where(&self.body, &|rhs| rhs.uncounted(consts), &mut out);
        out
    }
}

pub use crate::prim::PrimOp;
