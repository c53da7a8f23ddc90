//! Drop-reuse, the last step of Perceus (after Reinking, Xie, de Moura and
//! Leijen, "Perceus: Garbage Free Reference Counting with Reuse", PLDI 2021,
//! section 2.4, and Lorenzen and Leijen, "Reference Counting with Frame
//! Limited Reuse", ICFP 2022).
//!
//! A `Drop x` that an allocation can follow becomes
//! `let t = drop_reuse x for <kind>`: when `x` is unique at run time its
//! fields are released right there (so what `x` held becomes unique again
//! for the code that follows, as in the paper's `map`, where the recursive
//! call gets the unique tail) and its memory is kept as the token `t`,
//! otherwise `t` is "no token". The token is then carried forward along
//! every path from the drop, until the first allocation of the same kind,
//! which takes it (`alloc ... reuse t`):
//! - past straight-line code: every instruction on the way that may throw
//!   lists `t` in its `unwind` (dropping a token frees its memory);
//! - into both branches of an `if` and every arm of a `case` (whose
//!   dispatch lists it in `unwind` too);
//! - into the body of a join point that is not a loop (where
//!   `(if (and a b) x y)` continues), through every jump to it (the token
//!   is then one of the join's free variables); other paths of the join's
//!   continuation free it;
//! - a branch with no such allocation frees it (`free_reuse`) at its start;
//!   so does a path that reaches a loop, a `try`, a jump or its end first.
//!
//! Last uses that consume. Clojure code takes a node apart with `nth`
//! (vector destructuring) or by calling it (`(v 1)`), and the last of those
//! operations consumes the node, so no `Drop` is left to reuse. When the last
//! use of `x` is such an operation (the callee of a call; the collection of
//! `nth`, or of a call to `clojure.core/nth` or `get`) and an allocation can
//! follow, the pass keeps `x` across it (`dup x` before it, `x` in its
//! `unwind`) and drop-reuses `x` right after it. Those operations look up
//! one element, so keeping `x` a moment longer retains nothing else. (Not
//! inside a `try` body, where `x` may still be held for the handler.)
//!
//! Any allocation kind may reuse any dropped value (whether the memory fits
//! is only known at run time: the runtime checks it), but one token serves
//! one kind, the kind of the first allocation that can follow. Variables
//! known never to hold unique reusable memory (constants, values of vars,
//! uncounted values, predicates and arithmetic) are simply dropped. How far
//! ahead an allocation is looked for is bounded (`LOOKAHEAD`), so the pass
//! stays linear on long functions and a token is never held for long.

use crate::core::*;
use crate::ops::{lets_where, operands};
use std::collections::HashSet;

/// How many instructions ahead (over all paths) an allocation is looked for.
const LOOKAHEAD: usize = 200;

/// Pairs drops with later allocations throughout `body`. New token
/// variables are numbered from `*nvars`, which is advanced. `not_owned` are
/// the arity's borrowed and uncounted variables; `consts` the module's
/// constants (a keyword called as a function is a lookup).
pub(crate) fn insert(
    mut body: Expr,
    nvars: &mut u32,
    not_owned: &HashSet<VarId>,
    consts: &[genera_reader::Form],
) -> Expr {
    let mut scalars = not_owned.clone();
    lets_where(&body, &is_scalar, &mut scalars);
    let mut lookups = HashSet::new();
    lets_where(&body, &|rhs| is_lookup_fn(rhs, consts), &mut lookups);
    let taken_apart = taken_apart(&body, &lookups);
    Reuse {
        scalars,
        lookups,
        taken_apart,
        nvars,
        in_try: 0,
    }
    .insert(&mut body);
    body
}

/// Whether `rhs` certainly yields a value without unique reusable memory.
fn is_scalar(rhs: &Rhs) -> bool {
    match rhs {
        // Constants are held by the code; var values by the var.
        Rhs::Const(_) | Rhs::Global(_) | Rhs::VarObj(_) | Rhs::Def { .. } => true,
        Rhs::Capture(_) | Rhs::SelfClosure => true,
        Rhs::Prim { op, .. } => !matches!(
            op,
            PrimOp::First
                | PrimOp::Rest
                | PrimOp::Next
                | PrimOp::Seq
                | PrimOp::Nth
                | PrimOp::Get
                | PrimOp::Conj
                | PrimOp::Assoc
                | PrimOp::Deref
                | PrimOp::WithMeta
        ),
        _ => false,
    }
}

/// `clojure.core/nth` or `get` loaded from its var, or a keyword constant
/// (`(:k x)` is `(get x :k)`: how a record's fields are read).
fn is_lookup_fn(rhs: &Rhs, consts: &[genera_reader::Form]) -> bool {
    match rhs {
        Rhs::Global(n) => {
            n.ns.as_deref() == Some("clojure.core") && (n.name == "nth" || n.name == "get")
        }
        Rhs::Const(c) => consts
            .get(c.0 as usize)
            .is_some_and(|f| matches!(f.kind, genera_reader::FormKind::Keyword { .. })),
        _ => false,
    }
}

/// The variables the code takes apart: the collection of `first`, `rest`,
/// `next`, `seq`, `nth` or `get` (a primitive or a call of the core
/// function), or the callee of a call (`(v 1)`). Only those are reuse
/// candidates: a value that is taken apart and then dropped is what a
/// functional update rebuilds (Perceus pairs a match's scrutinee with the
/// constructors of its branches the same way); dropping anything else
/// (a predicate's result, an argument passed through) is rarely followed by
/// an allocation that could reuse it.
fn taken_apart(body: &Expr, lookups: &HashSet<VarId>) -> HashSet<VarId> {
    let mut out = HashSet::new();
    let mut stack = vec![body];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Let { rhs, body, .. } => {
                match rhs {
                    Rhs::Prim {
                        op:
                            PrimOp::First
                            | PrimOp::Rest
                            | PrimOp::Next
                            | PrimOp::Seq
                            | PrimOp::Nth
                            | PrimOp::Get,
                        args,
                    } => out.extend(args.first()),
                    Rhs::Call { f, args } if lookups.contains(f) => out.extend(args.first()),
                    Rhs::Call { f, .. } => {
                        out.insert(*f);
                    }
                    _ => {}
                }
                stack.push(body);
            }
            Expr::If { then, else_, .. } => stack.extend([&**then, &**else_]),
            Expr::Case { arms, default, .. } => {
                stack.push(default);
                stack.extend(arms.iter().map(|(_, a)| a));
            }
            Expr::LetJoin { body, cont, .. }
            | Expr::Try {
                body,
                handler: cont,
                ..
            } => stack.extend([&**body, &**cont]),
            Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => stack.push(body),
            Expr::Jump { .. } | Expr::Return(_) | Expr::TailCall { .. } | Expr::Throw { .. } => {}
        }
    }
    out
}

struct Reuse<'a> {
    scalars: HashSet<VarId>,
    /// Reuse candidates (see `taken_apart`).
    taken_apart: HashSet<VarId>,
    /// Variables holding `clojure.core/nth` or `get`.
    lookups: HashSet<VarId>,
    nvars: &'a mut u32,
    /// How many try bodies enclose the code being rewritten.
    in_try: u32,
}

impl Reuse<'_> {
    /// Rewrites `e` in place; straight-line code is walked in a loop.
    fn insert(&mut self, mut e: &mut Expr) {
        loop {
            self.try_reuse(e);
            e = match e {
                Expr::Let { body, .. }
                | Expr::Dup { body, .. }
                | Expr::Drop { body, .. }
                | Expr::DropReuse { body, .. }
                | Expr::FreeReuse { body, .. } => body,
                Expr::If { then, else_, .. } => {
                    self.insert(then);
                    else_
                }
                Expr::Case { arms, default, .. } => {
                    for (_, arm) in arms {
                        self.insert(arm);
                    }
                    default
                }
                Expr::LetJoin { body, cont, .. } => {
                    self.insert(cont);
                    body
                }
                Expr::Try { body, handler, .. } => {
                    self.insert(handler);
                    self.in_try += 1;
                    self.insert(body);
                    self.in_try -= 1;
                    return;
                }
                Expr::Jump { .. }
                | Expr::Return(_)
                | Expr::TailCall { .. }
                | Expr::Throw { .. } => return,
            }
        }
    }

    /// Whether dropping `x` may free memory worth reusing.
    fn candidate(&self, x: VarId) -> bool {
        self.taken_apart.contains(&x) && !self.scalars.contains(&x)
    }

    fn fresh(&mut self) -> VarId {
        let token = VarId(*self.nvars);
        *self.nvars += 1;
        token
    }

    /// Turns a `Drop` that an allocation can follow into a `DropReuse`, or
    /// a last consuming lookup into a lookup followed by a `DropReuse`.
    fn try_reuse(&mut self, e: &mut Expr) {
        match e {
            Expr::Drop { var, body } if self.candidate(*var) => {
                let Some(kind) = first_alloc(body) else {
                    return;
                };
                if self.later_claimant(body) {
                    return;
                }
                let (var, token) = (*var, self.fresh());
                let mut body = std::mem::replace(body, Box::new(Expr::Return(var)));
                carry(&mut body, token, &kind);
                *e = Expr::DropReuse {
                    var,
                    token,
                    kind,
                    body,
                };
            }
            Expr::Let { rhs, body, .. } if self.in_try == 0 => {
                let Some(x) = self.last_lookup(rhs) else {
                    return;
                };
                if !self.candidate(x) || mentions(body, x) {
                    return;
                }
                let Some(kind) = first_alloc(body) else {
                    return;
                };
                let token = self.fresh();
                keep_across(e, x, token, kind);
            }
            _ => {}
        }
    }

    /// Whether another drop or last lookup comes before the first
    /// allocation of the straight-line code `e`: the closest one to the
    /// allocation takes the token. (`(if (seq xs) ...)` drops the seq,
    /// which is `xs` itself, before `xs`; and the closest holds the token
    /// for the shortest time.)
    fn later_claimant(&self, mut e: &Expr) -> bool {
        for _ in 0..LOOKAHEAD {
            e = match e {
                Expr::Let {
                    rhs: Rhs::Alloc { .. },
                    ..
                } => return false,
                Expr::Drop { var, .. } if self.candidate(*var) => return true,
                Expr::Let { rhs, body, .. } => {
                    if self.in_try == 0 {
                        if let Some(x) = self.last_lookup(rhs) {
                            if self.candidate(x) && !mentions(body, x) {
                                return true;
                            }
                        }
                    }
                    body
                }
                Expr::Dup { body, .. }
                | Expr::Drop { body, .. }
                | Expr::DropReuse { body, .. }
                | Expr::FreeReuse { body, .. } => body,
                _ => return false,
            };
        }
        false
    }

    /// The node a lookup consumes, if `rhs` is one and consumes it once.
    fn last_lookup(&self, rhs: &Rhs) -> Option<VarId> {
        let x = match rhs {
            Rhs::Prim {
                op: PrimOp::Nth,
                args,
            } => *args.first()?,
            Rhs::Call { f, args } if self.lookups.contains(f) => *args.first()?,
            Rhs::Call { f, .. } => *f,
            _ => return None,
        };
        let ops = operands(rhs);
        let uses = ops.consumed.iter().chain(&ops.borrowed);
        (uses.filter(|v| **v == x).count() == 1).then_some(x)
    }
}

/// Rewrites `let v = rhs in body` (where `rhs` consumes `x` for the last
/// time) into `dup x; let v = rhs; t = drop_reuse x; body`, carrying `t`.
fn keep_across(e: &mut Expr, x: VarId, token: VarId, kind: AllocKind) {
    let Expr::Let {
        var,
        rhs,
        span,
        mut unwind,
        mut body,
    } = std::mem::replace(e, Expr::Return(x))
    else {
        unreachable!("keep_across is called on a let")
    };
    if rhs.may_throw() {
        unwind.push(x);
        unwind.sort_unstable();
    }
    carry(&mut body, token, &kind);
    let body = Expr::DropReuse {
        var: x,
        token,
        kind,
        body,
    };
    *e = Expr::Dup {
        var: x,
        body: Box::new(Expr::Let {
            var,
            rhs,
            span,
            unwind,
            body: Box::new(body),
        }),
    };
}

/// The kind of the first allocation without a token within `LOOKAHEAD`
/// instructions of the start of `e`, on any path before a barrier (a join,
/// a try, a terminator). Straight-line code comes first, then branches in
/// order.
fn first_alloc(e: &Expr) -> Option<AllocKind> {
    find_alloc(e, None)
}

/// Whether an allocation of `kind` without a token can follow on some path
/// from `e` (within `LOOKAHEAD`).
fn reaches(e: &Expr, kind: &AllocKind) -> bool {
    find_alloc(e, Some(kind)).is_some()
}

fn find_alloc(e: &Expr, kind: Option<&AllocKind>) -> Option<AllocKind> {
    let mut budget = LOOKAHEAD;
    let mut stack = vec![e];
    while let Some(mut e) = stack.pop() {
        loop {
            if budget == 0 {
                return None;
            }
            budget -= 1;
            e = match e {
                Expr::Let {
                    rhs:
                        Rhs::Alloc {
                            kind: k,
                            reuse: None,
                            ..
                        },
                    ..
                } if kind.is_none_or(|want| want == k) => return Some(k.clone()),
                Expr::Let { body, .. }
                | Expr::Dup { body, .. }
                | Expr::Drop { body, .. }
                | Expr::DropReuse { body, .. }
                | Expr::FreeReuse { body, .. } => body,
                Expr::If { then, else_, .. } => {
                    stack.push(else_);
                    then
                }
                Expr::Case { arms, default, .. } => {
                    stack.push(default);
                    stack.extend(arms.iter().rev().map(|(_, a)| a));
                    break;
                }
                // A join (not a loop) can take the token: its body is where
                // `(if (and a b) x y)` continues.
                Expr::LetJoin {
                    join, body, cont, ..
                } if join_takes_token(*join, body, cont) => body,
                _ => break,
            };
        }
    }
    None
}

/// Threads `token` (for allocations of `kind`) through `e`: see the module
/// doc. Every path from the start of `e` consumes it exactly once.
fn carry(e: &mut Expr, token: VarId, kind: &AllocKind) {
    if !reaches(e, kind) {
        free_first(e, token);
        return;
    }
    let mut e = e;
    loop {
        e = match e {
            Expr::Let {
                rhs: Rhs::Alloc { kind: k, reuse, .. },
                ..
            } if reuse.is_none() && k == kind => {
                *reuse = Some(token);
                return;
            }
            Expr::Let {
                rhs, unwind, body, ..
            } => {
                if rhs.may_throw() {
                    unwind.push(token);
                }
                body
            }
            Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => body,
            Expr::If { then, else_, .. } => {
                carry(then, token, kind);
                carry(else_, token, kind);
                return;
            }
            Expr::Case {
                arms,
                default,
                unwind,
                ..
            } => {
                unwind.push(token);
                for (_, arm) in arms {
                    carry(arm, token, kind);
                }
                carry(default, token, kind);
                return;
            }
            Expr::LetJoin {
                join, body, cont, ..
            } if join_takes_token(*join, body, cont) => {
                carry(body, token, kind);
                carry_to_jumps(cont, &mut vec![*join], token);
                return;
            }
            _ => {
                free_first(e, token);
                return;
            }
        }
    }
}

/// Threads `token` through `e` (the continuation of a join's `letjoin`) to
/// every jump to one of `targets` (that join, and joins nested in the
/// continuation whose bodies take the token on to it), which hand it to the
/// join body as one of the join's free variables; every other path frees it
/// before its end.
fn carry_to_jumps(e: &mut Expr, targets: &mut Vec<JoinId>, token: VarId) {
    let mut e = e;
    loop {
        e = match e {
            Expr::Let {
                rhs, unwind, body, ..
            } => {
                if rhs.may_throw() {
                    unwind.push(token);
                }
                body
            }
            Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => body,
            Expr::If { then, else_, .. } => {
                carry_to_jumps(then, targets, token);
                carry_to_jumps(else_, targets, token);
                return;
            }
            Expr::Case {
                arms,
                default,
                unwind,
                ..
            } => {
                unwind.push(token);
                for (_, arm) in arms {
                    carry_to_jumps(arm, targets, token);
                }
                carry_to_jumps(default, targets, token);
                return;
            }
            Expr::Jump { join, .. } if targets.contains(join) => return,
            Expr::LetJoin {
                join, body, cont, ..
            } if !jumps_to(body, *join) => {
                // The nested join's body takes the token too; then so do
                // the jumps to it.
                carry_to_jumps(body, targets, token);
                targets.push(*join);
                carry_to_jumps(cont, targets, token);
                targets.pop();
                return;
            }
            _ => {
                free_first(e, token);
                return;
            }
        }
    }
}

/// Whether `e` jumps to `join` (a loop's body does).
fn jumps_to(e: &Expr, join: JoinId) -> bool {
    jumps_to_any(e, &[join])
}

/// Whether `e` jumps to any of `joins`.
fn jumps_to_any(e: &Expr, joins: &[JoinId]) -> bool {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Jump { join: j, .. } if joins.contains(j) => return true,
            Expr::Let { body, .. }
            | Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => stack.push(body),
            Expr::If { then, else_, .. } => stack.extend([&**then, &**else_]),
            Expr::Case { arms, default, .. } => {
                stack.push(default);
                stack.extend(arms.iter().map(|(_, a)| a));
            }
            Expr::LetJoin { body, cont, .. }
            | Expr::Try {
                body,
                handler: cont,
                ..
            } => stack.extend([&**body, &**cont]),
            Expr::Jump { .. } | Expr::Return(_) | Expr::TailCall { .. } | Expr::Throw { .. } => {}
        }
    }
    false
}

/// Whether a join can take a token: it is not a loop, and `carry_to_jumps`
/// can bring the token to every jump to it in its continuation `cont` (none
/// is inside a `try` or a loop, where the token cannot go).
fn join_takes_token(join: JoinId, body: &Expr, cont: &Expr) -> bool {
    !jumps_to(body, join) && jumps_clear(cont, &mut vec![join])
}

/// Whether every jump to one of `targets` in `e` is on a path
/// `carry_to_jumps` follows (mirrors it).
fn jumps_clear(e: &Expr, targets: &mut Vec<JoinId>) -> bool {
    let mut e = e;
    loop {
        e = match e {
            Expr::Let { body, .. }
            | Expr::Dup { body, .. }
            | Expr::Drop { body, .. }
            | Expr::DropReuse { body, .. }
            | Expr::FreeReuse { body, .. } => body,
            Expr::If { then, else_, .. } => {
                return jumps_clear(then, targets) && jumps_clear(else_, targets)
            }
            Expr::Case { arms, default, .. } => {
                return arms.iter().all(|(_, a)| jumps_clear(a, targets))
                    && jumps_clear(default, targets)
            }
            Expr::Jump { join, .. } if targets.contains(join) => return true,
            Expr::LetJoin {
                join, body, cont, ..
            } if !jumps_to(body, *join) => {
                if !jumps_clear(body, targets) {
                    return false;
                }
                targets.push(*join);
                let ok = jumps_clear(cont, targets);
                targets.pop();
                return ok;
            }
            _ => return !jumps_to_any(e, targets),
        }
    }
}

/// Prefixes `e` with `free_reuse token`.
fn free_first(e: &mut Expr, token: VarId) {
    let body = std::mem::replace(e, Expr::Return(token));
    *e = Expr::FreeReuse {
        token,
        body: Box::new(body),
    };
}

/// Whether `x` occurs anywhere in `e` (operand, rc operation, unwind list).
fn mentions(e: &Expr, x: VarId) -> bool {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        let hit = match e {
            Expr::Let {
                rhs, unwind, body, ..
            } => {
                stack.push(body);
                let ops = operands(rhs);
                ops.consumed.contains(&x) || ops.borrowed.contains(&x) || unwind.contains(&x)
            }
            Expr::If { cond, then, else_ } => {
                stack.extend([&**then, &**else_]);
                *cond == x
            }
            Expr::Case {
                scrut,
                arms,
                default,
                unwind,
            } => {
                stack.push(default);
                stack.extend(arms.iter().map(|(_, a)| a));
                *scrut == x || unwind.contains(&x)
            }
            Expr::LetJoin { body, cont, .. } => {
                stack.extend([&**body, &**cont]);
                false
            }
            Expr::Jump { args, .. } => args.contains(&x),
            Expr::Return(v) => *v == x,
            Expr::TailCall {
                f, args, unwind, ..
            } => *f == x || args.contains(&x) || unwind.contains(&x),
            Expr::Throw { exn, unwind, .. } => *exn == x || unwind.contains(&x),
            Expr::Try { body, handler, .. } => {
                stack.extend([&**body, &**handler]);
                false
            }
            Expr::Dup { var, body } | Expr::Drop { var, body } => {
                stack.push(body);
                *var == x
            }
            Expr::DropReuse { var, body, .. } => {
                stack.push(body);
                *var == x
            }
            Expr::FreeReuse { body, .. } => {
                stack.push(body);
                false
            }
        };
        if hit {
            return true;
        }
    }
    false
}
