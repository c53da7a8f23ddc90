//! Perceus: makes reference counting explicit (`Dup`, `Drop`, `DropReuse`,
//! `unwind` lists), establishing the ownership rules of `core`'s module doc.
//!
//! Input: lowered IR without rc operations. Output: IR that `verify(m, true)`
//! accepts. The pass works arity by arity, backwards over each body, with
//! one invariant: at every point, the owned variables the frame holds are
//! exactly the owned variables live there (borrowed ones, `Arity::borrowed`,
//! are never held). The rules follow from it:
//!
//! - Liveness. A variable is live where some later operation uses it. A
//!   `Jump j` uses the free owned variables of `j`'s body, `FV(j)` (computed
//!   once per join; for a loop, the self-jump adds nothing, so one pass gives
//!   the fixed point). Inside a `try` body, every operation that may throw
//!   (`Rhs::may_throw`, `Case`, `TailCall`, `Throw`) also uses the handler's
//!   live variables `H`, because it has an edge to the handler.
//! - Consumption. Where an operation consumes an owned `x` that stays live
//!   after it (including on its throw edge, i.e. `x` in `H`), or consumes it
//!   twice, or also borrows it, `dup x` comes right before; borrowed
//!   variables are dup'd at every consuming use.
//! - Drops. An owned variable is dropped right after the operation that
//!   used it last (right after its binding if it is never used); at the start
//!   of a branch of `if`/`case`, the owned variables live into the branch
//!   point but dead in the branch are dropped; a join body drops its dead
//!   parameters.
//! - Joins. A `Jump j` hands `FV(j)` (still held, being live) over to the
//!   join body together with its arguments, so it drops nothing itself.
//! - Unwinding. A throwing `let`, a `Case`, a `TailCall` or a `Throw` lists
//!   in `unwind` what the frame holds there, minus what the operation
//!   consumes (a `Case` consumes nothing), minus `H`, which the handler
//!   takes over (its `exn` is owned too).
//! - Reuse. Finally `reuse` turns a `Drop x` into `DropReuse` when an
//!   allocation can follow, and carries the token to it (see `reuse`).
//!
//! - Uncounted variables (`Rhs::uncounted`: immediates and immortal
//!   constants, known from their definitions) are treated as neither owned
//!   nor borrowed: never live, never dup'd before a consuming use, never
//!   dropped.
//!
//! Borrow inference for parameters is not done: every parameter is owned.
//! (A borrowed parameter would need the backend to release it at frame exit,
//! which the `core` contract does not say.)

use crate::core::*;
use crate::ops::{lets_where, operands};
use std::collections::{BTreeSet, HashMap, HashSet};

type VarSet = BTreeSet<VarId>;

/// Inserts reference counting into every arity of `module`.
pub fn run(module: &mut Module) {
    for lambda in &mut module.lambdas {
        for arity in &mut lambda.arities {
            run_arity(arity, &module.consts);
        }
    }
}

fn run_arity(arity: &mut Arity, consts: &[genera_reader::Form]) {
    let uncounted = arity.uncounted_vars(consts);
    let body = std::mem::replace(&mut arity.body, Expr::Return(VarId(0)));
    let mut borrowed: HashSet<VarId> = arity.borrowed.iter().copied().collect();
    // Variables bound by `Capture` and `SelfClosure` are borrowed even if the
    // arity forgot to say so.
    lets_where(
        &body,
        &|rhs| matches!(rhs, Rhs::Capture(_) | Rhs::SelfClosure),
        &mut borrowed,
    );
    let mut cx = Perceus {
        borrowed,
        uncounted: uncounted.clone(),
        joins: HashMap::new(),
        handler: VarSet::new(),
    };
    let (body, live) = cx.transform(body);
    let dead_params: VarSet = arity
        .params
        .iter()
        .chain(arity.rest.iter())
        .copied()
        .filter(|p| cx.owned(*p) && !live.contains(p))
        .collect();
    let body = drops(&dead_params, body);
    let not_owned: HashSet<VarId> = cx.borrowed.union(&uncounted).copied().collect();
    arity.body = crate::reuse::insert(body, &mut arity.nvars, &not_owned, consts);
}

/// Wraps `body` in a `Drop` of each variable, in increasing order.
fn drops(vars: &VarSet, body: Expr) -> Expr {
    vars.iter().rev().fold(body, |body, &var| Expr::Drop {
        var,
        body: Box::new(body),
    })
}

/// Wraps `body` in a `Dup` of each variable, in the given order.
fn dups(vars: &[VarId], body: Expr) -> Expr {
    vars.iter().rev().fold(body, |body, &var| Expr::Dup {
        var,
        body: Box::new(body),
    })
}

struct Perceus {
    borrowed: HashSet<VarId>,
    /// Variables bound to immediates or immortal objects: no rc operations.
    uncounted: HashSet<VarId>,
    /// `FV(j)` of every join point seen so far (join ids are unique within
    /// an arity, so entries never need removing).
    joins: HashMap<JoinId, VarSet>,
    /// `H`: what the innermost enclosing try handler holds at entry (empty
    /// outside any try body).
    handler: VarSet,
}

impl Perceus {
    fn owned(&self, v: VarId) -> bool {
        !self.borrowed.contains(&v) && !self.uncounted.contains(&v)
    }

    fn owned_set<'a>(&self, vs: impl IntoIterator<Item = &'a VarId>) -> VarSet {
        vs.into_iter().copied().filter(|v| self.owned(*v)).collect()
    }

    /// The owned variables live at the start of `e` (input IR; rc operations
    /// are accounted for too, so the analysis is total).
    fn live(&mut self, e: &Expr) -> VarSet {
        // A run of lets is walked in a loop, so long blocks cost no stack.
        let mut lets = vec![];
        let mut e = e;
        while let Expr::Let { var, rhs, body, .. } = e {
            lets.push((*var, rhs));
            e = body;
        }
        let mut live = self.live_node(e);
        for (var, rhs) in lets.into_iter().rev() {
            live = self.live_let(var, rhs, live);
        }
        live
    }

    /// Live-in of `let var = rhs in body`, given the live-in of `body`.
    fn live_let(&self, var: VarId, rhs: &Rhs, mut live: VarSet) -> VarSet {
        live.remove(&var);
        let ops = operands(rhs);
        live.extend(self.owned_set(ops.consumed.iter().chain(&ops.borrowed)));
        live.extend(ops.reuse);
        if rhs.may_throw() {
            live.extend(self.handler.iter().copied());
        }
        live
    }

    fn live_node(&mut self, e: &Expr) -> VarSet {
        match e {
            Expr::Let { var, rhs, body, .. } => {
                let live = self.live(body);
                self.live_let(*var, rhs, live)
            }
            Expr::If { cond, then, else_ } => {
                let mut live = self.live(then);
                live.extend(self.live(else_));
                live.extend(self.owned_set([cond]));
                live
            }
            Expr::Case {
                scrut,
                arms,
                default,
                ..
            } => {
                let mut live = self.live(default);
                for (_, arm) in arms {
                    live.extend(self.live(arm));
                }
                live.extend(self.owned_set([scrut]));
                // Dispatch may throw: an edge to the handler.
                live.extend(self.handler.iter().copied());
                live
            }
            Expr::LetJoin {
                join,
                params,
                body,
                cont,
            } => {
                self.join_free_vars(*join, params, body);
                self.live(cont)
            }
            Expr::Jump { join, args } => {
                let mut live = self.joins.get(join).cloned().unwrap_or_default();
                live.extend(self.owned_set(args));
                live
            }
            Expr::Return(v) => self.owned_set([v]),
            Expr::TailCall { f, args, .. } => {
                let mut live = self.owned_set(std::iter::once(f).chain(args));
                live.extend(self.handler.iter().copied());
                live
            }
            Expr::Throw { exn, .. } => {
                let mut live = self.owned_set([exn]);
                live.extend(self.handler.iter().copied());
                live
            }
            Expr::Try { body, exn, handler } => {
                let mut h = self.live(handler);
                h.remove(exn);
                let outer = std::mem::replace(&mut self.handler, h);
                let live = self.live(body);
                self.handler = outer;
                live
            }
            Expr::Dup { var, body } | Expr::Drop { var, body } => {
                let mut live = self.live(body);
                live.extend(self.owned_set([var]));
                live
            }
            Expr::DropReuse {
                var, token, body, ..
            } => {
                let mut live = self.live(body);
                live.remove(token);
                live.extend(self.owned_set([var]));
                live
            }
            Expr::FreeReuse { token, body } => {
                let mut live = self.live(body);
                live.insert(*token);
                live
            }
        }
    }

    /// Computes and records `FV(j)`: the owned variables live at the start
    /// of `j`'s body, minus its parameters.
    fn join_free_vars(&mut self, join: JoinId, params: &[VarId], body: &Expr) -> VarSet {
        self.joins.insert(join, VarSet::new());
        let mut fv = self.live(body);
        for p in params {
            fv.remove(p);
        }
        self.joins.insert(join, fv.clone());
        fv
    }

    /// Which consuming operands need a `dup` first, and which owned
    /// variables the operation really consumes. `live_after` holds what is
    /// live after the operation (on any edge); `borrowed_ops` what the same
    /// operation also borrows.
    fn consume(
        &self,
        consumed_ops: &[VarId],
        borrowed_ops: &[VarId],
        live_after: &VarSet,
    ) -> (Vec<VarId>, VarSet) {
        let mut to_dup = vec![];
        let mut consumed = VarSet::new();
        for (i, &v) in consumed_ops.iter().enumerate() {
            if self.uncounted.contains(&v) {
                // Nothing to hand over: the value has no count.
                continue;
            }
            let keep = !self.owned(v)
                || live_after.contains(&v)
                || borrowed_ops.contains(&v)
                || consumed_ops[i + 1..].contains(&v);
            if keep {
                to_dup.push(v);
            } else {
                consumed.insert(v);
            }
        }
        (to_dup, consumed)
    }

    /// Returns the transformed expression and the owned variables live at
    /// its start (which is what the frame holds there).
    fn transform(&mut self, e: Expr) -> (Expr, VarSet) {
        // A run of lets is transformed in a loop, so long blocks cost no
        // stack: unzip it, transform what follows, then rebuild backwards.
        let mut lets = vec![];
        let mut e = e;
        while let Expr::Let {
            var,
            rhs,
            span,
            body,
            ..
        } = e
        {
            lets.push((var, rhs, span));
            e = *body;
        }
        let (mut out, mut live) = self.transform_node(e);
        for (var, rhs, span) in lets.into_iter().rev() {
            (out, live) = self.transform_let(var, rhs, span, out, live);
        }
        (out, live)
    }

    fn transform_node(&mut self, e: Expr) -> (Expr, VarSet) {
        match e {
            Expr::Let {
                var,
                rhs,
                span,
                body,
                ..
            } => {
                let (body, live_body) = self.transform(*body);
                self.transform_let(var, rhs, span, body, live_body)
            }
            Expr::If { cond, then, else_ } => {
                let (then, live_then) = self.transform(*then);
                let (else_, live_else) = self.transform(*else_);
                let mut live: VarSet = live_then.union(&live_else).copied().collect();
                live.extend(self.owned_set([&cond]));
                let then = drops(&(&live - &live_then), then);
                let else_ = drops(&(&live - &live_else), else_);
                (
                    Expr::If {
                        cond,
                        then: Box::new(then),
                        else_: Box::new(else_),
                    },
                    live,
                )
            }
            Expr::Case {
                scrut,
                arms,
                default,
                ..
            } => {
                let (default, live_default) = self.transform(*default);
                let arms: Vec<(Vec<ConstId>, Expr, VarSet)> = arms
                    .into_iter()
                    .map(|(consts, arm)| {
                        let (arm, live_arm) = self.transform(arm);
                        (consts, arm, live_arm)
                    })
                    .collect();
                let mut live = live_default.clone();
                for (_, _, l) in &arms {
                    live.extend(l.iter().copied());
                }
                live.extend(self.owned_set([&scrut]));
                // Dispatch may throw (hashing or `=` on a lazy seq): the
                // handler's variables stay held, the rest is unwound.
                live.extend(self.handler.iter().copied());
                let unwind = live
                    .iter()
                    .copied()
                    .filter(|v| !self.handler.contains(v))
                    .collect();
                let arms = arms
                    .into_iter()
                    .map(|(consts, arm, l)| (consts, drops(&(&live - &l), arm)))
                    .collect();
                let default = drops(&(&live - &live_default), default);
                (
                    Expr::Case {
                        scrut,
                        arms,
                        default: Box::new(default),
                        unwind,
                    },
                    live,
                )
            }
            Expr::LetJoin {
                join,
                params,
                body,
                cont,
            } => {
                self.join_free_vars(join, &params, &body);
                let (body, live_body) = self.transform(*body);
                let dead: VarSet = params
                    .iter()
                    .copied()
                    .filter(|p| self.owned(*p) && !live_body.contains(p))
                    .collect();
                let body = drops(&dead, body);
                let (cont, live) = self.transform(*cont);
                (
                    Expr::LetJoin {
                        join,
                        params,
                        body: Box::new(body),
                        cont: Box::new(cont),
                    },
                    live,
                )
            }
            Expr::Jump { join, args } => {
                let fv = self.joins.get(&join).cloned().unwrap_or_default();
                let (to_dup, _) = self.consume(&args, &[], &fv);
                let mut live = fv;
                live.extend(self.owned_set(&args));
                (dups(&to_dup, Expr::Jump { join, args }), live)
            }
            Expr::Return(v) => {
                let (to_dup, _) = self.consume(&[v], &[], &VarSet::new());
                (dups(&to_dup, Expr::Return(v)), self.owned_set([&v]))
            }
            Expr::TailCall { f, args, span, .. } => {
                let ops: Vec<VarId> = std::iter::once(f).chain(args.iter().copied()).collect();
                let (to_dup, unwind, live) = self.throwing_terminator(&ops);
                (
                    dups(
                        &to_dup,
                        Expr::TailCall {
                            f,
                            args,
                            span,
                            unwind,
                        },
                    ),
                    live,
                )
            }
            Expr::Throw { exn, span, .. } => {
                let (to_dup, unwind, live) = self.throwing_terminator(&[exn]);
                (dups(&to_dup, Expr::Throw { exn, span, unwind }), live)
            }
            Expr::Try { body, exn, handler } => {
                let (handler, live_handler) = self.transform(*handler);
                let handler = if self.owned(exn) && !live_handler.contains(&exn) {
                    Expr::Drop {
                        var: exn,
                        body: Box::new(handler),
                    }
                } else {
                    handler
                };
                let mut h = live_handler;
                h.remove(&exn);
                let outer = std::mem::replace(&mut self.handler, h);
                let (body, live) = self.transform(*body);
                self.handler = outer;
                (
                    Expr::Try {
                        body: Box::new(body),
                        exn,
                        handler: Box::new(handler),
                    },
                    live,
                )
            }
            // Already explicit (Perceus run twice): keep as is.
            Expr::Dup { .. }
            | Expr::Drop { .. }
            | Expr::DropReuse { .. }
            | Expr::FreeReuse { .. } => {
                let live = self.live(&e);
                (e, live)
            }
        }
    }

    /// Dups, unwind list and live-in set of a `TailCall` or `Throw`, which
    /// consume all of `ops`.
    fn throwing_terminator(&self, ops: &[VarId]) -> (Vec<VarId>, Vec<VarId>, VarSet) {
        let (to_dup, consumed) = self.consume(ops, &[], &self.handler);
        let mut live = self.owned_set(ops);
        live.extend(self.handler.iter().copied());
        let unwind = live
            .iter()
            .copied()
            .filter(|v| !consumed.contains(v) && !self.handler.contains(v))
            .collect();
        (to_dup, unwind, live)
    }

    /// `let var = rhs in body`, given the transformed body and its live-in.
    fn transform_let(
        &self,
        var: VarId,
        rhs: Rhs,
        span: genera_reader::Span,
        body: Expr,
        live_body: VarSet,
    ) -> (Expr, VarSet) {
        let ops = operands(&rhs);
        let throws = rhs.may_throw();
        let mut live_after = live_body.clone();
        if throws {
            live_after.extend(self.handler.iter().copied());
        }
        let (to_dup, consumed) = self.consume(&ops.consumed, &ops.borrowed, &live_after);

        let mut live: VarSet = live_body.iter().copied().filter(|v| *v != var).collect();
        live.extend(self.owned_set(ops.consumed.iter().chain(&ops.borrowed)));
        live.extend(ops.reuse);
        if throws {
            live.extend(self.handler.iter().copied());
        }
        let unwind = if throws {
            live.iter()
                .copied()
                .filter(|v| !consumed.contains(v) && !self.handler.contains(v))
                .collect()
        } else {
            vec![]
        };

        // What the frame holds after the operation but no longer needs.
        let mut dead: VarSet = live
            .iter()
            .copied()
            .filter(|v| !consumed.contains(v) && !live_body.contains(v))
            .collect();
        if let Some(token) = ops.reuse {
            dead.remove(&token);
        }
        if self.owned(var) && !live_body.contains(&var) {
            dead.insert(var);
        }
        let body = drops(&dead, body);
        let e = Expr::Let {
            var,
            rhs,
            span,
            unwind,
            body: Box::new(body),
        };
        (dups(&to_dup, e), live)
    }
}
