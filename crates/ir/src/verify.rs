//! The Core IR verifier: checks a module's invariants and reports every
//! violation it finds, each naming the lambda, the arity and the entity.
//! Run it after lowering (`after_perceus = false`) and after Perceus
//! (`true`); the tests do, on every program they compile.
//!
//! Invariants of every module:
//! 1. `entry` names a lambda with no captures and exactly one arity, which
//!    has no parameters.
//! 2. Every lambda has at least one arity; arities are sorted by fixed
//!    parameter count, no two fixed arities have the same count, at most one
//!    is variadic and it has the most fixed parameters.
//! 3. Every variable is bound exactly once in its arity (as a parameter, by
//!    `let`, as a join parameter, as a handler's `exn`, or as a reuse token)
//!    and is below `nvars`; every join point is defined once and is below
//!    `njoins`.
//! 4. Scoping: every use of a variable is in the scope of its binding. A join
//!    body sees what is in scope at its `letjoin` and its parameters; a
//!    handler sees what is in scope at its `try` and its `exn`.
//! 5. Every jump names a join in scope (its own body or its continuation)
//!    and passes as many arguments as the join has parameters.
//! 6. Constant ids, lambda ids and capture indexes are in range; a closure
//!    allocation passes as many values as the lambda captures; `Vector(n)`
//!    and `Set(n)` take n values, `Map(n)` 2n, `Cons` 2; a primitive gets as
//!    many arguments as its arity.
//! 7. The variables bound by `Capture` and `SelfClosure` are in
//!    `Arity::borrowed`; everything there is a parameter or bound by one of
//!    those; a handler's `exn` is owned.
//! 8. No `TailCall` inside a `try` body (the handler frame must be popped
//!    first).
//!
//! Before Perceus:
//! 9. No `Dup`, `Drop`, `DropReuse`, `FreeReuse`, no allocation that reuses
//!    a token, and every `unwind` list is empty.
//!
//! After Perceus (ownership; the rules of `core`'s module doc), checked by
//! following every path while counting the references the frame holds to
//! each variable (an owned variable starts with one, a borrowed one with
//! none; `dup` adds one; consuming and `drop` take one):
//! 10. Every owned variable is consumed exactly once on every path: nothing
//!     uses or consumes a variable the frame no longer holds a reference to
//!     ("use after consume"), and nothing is held when the path ends
//!     ("leak"). In particular a borrowed variable is only consumed after a
//!     `dup`, and an operation that consumes a variable and also uses it
//!     otherwise holds two references.
//! 11. At a `jump j`, after the arguments are consumed, the frame holds
//!     exactly one reference to each of `FV(j)` and nothing else; a join
//!     body starts holding `FV(j)` and its parameters. `FV(j)` is the set of
//!     owned variables live at the start of `j`'s body, other than its
//!     parameters (a variable mentioned only in a nested join that is never
//!     jumped to, or in a handler without throw points, is not live).
//! 12. At every instruction that may throw (`Rhs::may_throw`, `Case`,
//!     `TailCall`, `Throw`): `unwind` names only references the frame holds besides what
//!     the instruction consumes, and what remains after unwinding is exactly
//!     what the innermost enclosing handler starts with (the owned variables
//!     live at its start, besides its `exn`), or nothing outside any try
//!     body. A
//!     non-throwing `let` has an empty `unwind`.
//! 13. A reuse token is consumed exactly once (by an allocation or
//!     `free_reuse`), is never used as a value, and is never held where a
//!     path ends, nor at a jump unless it is one of the join's free
//!     variables (the join body then starts holding it, as invariant 11
//!     says); at an instruction that may throw, a token held is in `unwind`
//!     (invariant 12: no handler starts with a token).
//! 14. Uncounted variables (`Rhs::uncounted`) are never dup'd, dropped or
//!     drop-reused, and are not tracked: consuming one takes nothing.

use crate::core::*;
use crate::ops::operands;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Checks `module`; `after_perceus` selects the ownership invariants (10-13)
/// instead of the absence of rc operations (9).
pub fn verify(module: &Module, after_perceus: bool) -> Result<(), Vec<String>> {
    let mut errors = vec![];
    check_entry(module, &mut errors);
    for (li, lambda) in module.lambdas.iter().enumerate() {
        let here = format!("lambda {li} {:?}", lambda.name);
        check_arity_shapes(lambda, &here, &mut errors);
        for (ai, arity) in lambda.arities.iter().enumerate() {
            let mut v = ArityVerifier::new(module, lambda, arity, after_perceus);
            v.run();
            errors.extend(
                v.errors
                    .into_iter()
                    .map(|e| format!("{here} arity {ai}: {e}")),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_entry(m: &Module, errors: &mut Vec<String>) {
    let Some(entry) = m.lambdas.get(m.entry.0 as usize) else {
        errors.push(format!("entry lambda {} does not exist", m.entry.0));
        return;
    };
    let ok = entry.ncaptures == 0
        && entry.arities.len() == 1
        && entry.arities[0].params.is_empty()
        && entry.arities[0].rest.is_none();
    if !ok {
        errors.push(format!(
            "entry lambda {} must have no captures and one arity without parameters",
            m.entry.0
        ));
    }
}

fn check_arity_shapes(lambda: &Lambda, here: &str, errors: &mut Vec<String>) {
    if lambda.arities.is_empty() {
        errors.push(format!("{here}: no arities"));
    }
    let mut prev: Option<&Arity> = None;
    for a in &lambda.arities {
        if let Some(p) = prev {
            if p.rest.is_some() {
                errors.push(format!("{here}: the variadic arity must come last"));
            }
            if a.params.len() < p.params.len()
                || (a.params.len() == p.params.len() && a.rest.is_none())
            {
                errors.push(format!(
                    "{here}: arities not sorted by parameter count, or two with {}",
                    a.params.len()
                ));
            }
        }
        prev = Some(a);
    }
}

/// References held by the frame: variable -> count.
type Held = BTreeMap<VarId, u32>;
type VarSet = BTreeSet<VarId>;

struct JoinInfo {
    arity: usize,
    fv: VarSet,
}

struct ArityVerifier<'a> {
    module: &'a Module,
    lambda: &'a Lambda,
    arity: &'a Arity,
    after: bool,
    errors: Vec<String>,
    bound: Vec<bool>,
    in_scope: Vec<bool>,
    borrowed: Vec<bool>,
    /// Variables bound to immediates or immortal objects (invariant 14).
    uncounted: Vec<bool>,
    tokens: Vec<bool>,
    joins_defined: Vec<bool>,
    joins: HashMap<JoinId, JoinInfo>,
    /// The entry sets of the enclosing handlers, innermost last (one entry
    /// per try body we are inside).
    handlers: Vec<VarSet>,
    /// Variables bound by `Capture`/`SelfClosure` (invariant 7).
    borrowed_bindings: VarSet,
}

impl<'a> ArityVerifier<'a> {
    fn new(module: &'a Module, lambda: &'a Lambda, arity: &'a Arity, after: bool) -> Self {
        let n = arity.nvars as usize;
        ArityVerifier {
            module,
            lambda,
            arity,
            after,
            errors: vec![],
            bound: vec![false; n],
            in_scope: vec![false; n],
            borrowed: vec![false; n],
            uncounted: vec![false; n],
            tokens: vec![false; n],
            joins_defined: vec![false; arity.njoins as usize],
            joins: HashMap::new(),
            handlers: vec![],
            borrowed_bindings: VarSet::new(),
        }
    }

    fn error(&mut self, msg: String) {
        self.errors.push(msg);
    }

    fn run(&mut self) {
        for v in self.arity.uncounted_vars(&self.module.consts) {
            if let Some(slot) = self.uncounted.get_mut(v.0 as usize) {
                *slot = true;
            }
        }
        for &b in &self.arity.borrowed {
            match self.borrowed.get_mut(b.0 as usize) {
                Some(slot) => *slot = true,
                None => self.errors.push(format!(
                    "borrowed {b} is not below nvars {}",
                    self.arity.nvars
                )),
            }
        }
        let mut held = Held::new();
        let params: Vec<VarId> = self
            .arity
            .params
            .iter()
            .chain(self.arity.rest.iter())
            .copied()
            .collect();
        for &p in &params {
            self.bind(p);
            if self.owned(p) {
                held.insert(p, 1);
            }
        }
        self.walk(&self.arity.body, held);
        for &b in &self.arity.borrowed {
            if !params.contains(&b) && !self.borrowed_bindings.contains(&b) {
                self.error(format!(
                    "borrowed {b} is neither a parameter nor bound by capture/self"
                ));
            }
        }
    }

    fn owned(&self, v: VarId) -> bool {
        !self.borrowed.get(v.0 as usize).copied().unwrap_or(false) && !self.is_uncounted(v)
    }

    fn is_uncounted(&self, v: VarId) -> bool {
        self.uncounted.get(v.0 as usize).copied().unwrap_or(false)
    }

    /// Invariant 14: no rc operation on an uncounted variable.
    fn check_counted(&mut self, v: VarId, what: &str) {
        if self.is_uncounted(v) {
            self.error(format!("{what} of uncounted {v}"));
        }
    }

    fn is_token(&self, v: VarId) -> bool {
        self.tokens.get(v.0 as usize).copied().unwrap_or(false)
    }

    fn bind(&mut self, v: VarId) {
        let i = v.0 as usize;
        if i >= self.bound.len() {
            self.error(format!("{v} is not below nvars {}", self.arity.nvars));
            return;
        }
        if self.bound[i] {
            self.error(format!("{v} is bound twice"));
        }
        self.bound[i] = true;
        self.in_scope[i] = true;
    }

    fn unbind(&mut self, v: VarId) {
        if let Some(s) = self.in_scope.get_mut(v.0 as usize) {
            *s = false;
        }
    }

    fn check_scope(&mut self, v: VarId, what: &str) {
        if !self.in_scope.get(v.0 as usize).copied().unwrap_or(false) {
            self.error(format!("{v} used out of scope in {what}"));
        }
    }

    /// A value use (not a reuse token use) of `v`: in scope and not a token.
    fn check_value_use(&mut self, v: VarId, what: &str) {
        self.check_scope(v, what);
        if self.is_token(v) {
            self.error(format!("reuse token {v} used as a value in {what}"));
        }
    }

    /// A borrowing use: an owned variable must still be held.
    fn check_held(&mut self, v: VarId, held: &Held, what: &str) {
        if self.after && self.owned(v) && !held.contains_key(&v) {
            self.error(format!("{v} used after it was consumed, in {what}"));
        }
    }

    /// Takes one reference to `v` from `held`.
    fn take(&mut self, v: VarId, held: &mut Held, what: &str) {
        if !self.after || self.is_uncounted(v) {
            return;
        }
        match held.get_mut(&v) {
            Some(n) if *n > 1 => *n -= 1,
            Some(_) => {
                held.remove(&v);
            }
            None if !self.owned(v) => {
                self.error(format!("borrowed {v} consumed without a dup, in {what}"))
            }
            None => self.error(format!("{v} consumed after it was consumed, in {what}")),
        }
    }

    fn expect_held(&mut self, held: &Held, expected: &VarSet, what: &str) {
        if !self.after {
            return;
        }
        let want: Held = expected.iter().map(|v| (*v, 1)).collect();
        if *held != want {
            let leaked: Vec<String> = held
                .iter()
                .filter(|(v, n)| want.get(v).copied().unwrap_or(0) < **n)
                .map(|(v, _)| v.to_string())
                .collect();
            let missing: Vec<String> = want
                .keys()
                .filter(|v| !held.contains_key(v))
                .map(|v| v.to_string())
                .collect();
            self.error(format!(
                "{what}: frame holds too much ({}) or too little ({})",
                leaked.join(" "),
                missing.join(" ")
            ));
        }
    }

    /// What must remain held after unwinding at a throw point.
    fn handler_set(&self) -> VarSet {
        self.handlers.last().cloned().unwrap_or_default()
    }

    /// Invariant 12 at a throw point; `held` already excludes what the
    /// instruction consumes.
    fn check_unwind(&mut self, unwind: &[VarId], held: &Held, what: &str) {
        let mut rest = held.clone();
        for &u in unwind {
            self.check_scope(u, what);
            if self.after && !rest.contains_key(&u) {
                self.error(format!("unwind lists {u}, which is not held, in {what}"));
            }
            self.take(u, &mut rest, what);
        }
        let expected = self.handler_set();
        self.expect_held(&rest, &expected, &format!("after unwinding {what}"));
    }

    /// Checks `e` and everything after it, the frame holding `held`.
    fn walk(&mut self, e: &Expr, mut held: Held) {
        // Straight-line code is walked in a loop, so long blocks cost no
        // stack; the variables it binds go out of scope at the end.
        let mut scoped = vec![];
        let mut e = e;
        while let Some(next) = self.step(e, &mut held, &mut scoped) {
            e = next;
        }
        self.walk_node(e, held);
        for v in scoped {
            self.unbind(v);
        }
    }

    /// Checks one straight-line instruction and returns what follows it, or
    /// `None` if `e` is not straight-line code.
    fn step<'e>(
        &mut self,
        e: &'e Expr,
        held: &mut Held,
        scoped: &mut Vec<VarId>,
    ) -> Option<&'e Expr> {
        match e {
            Expr::Let {
                var,
                rhs,
                unwind,
                body,
                ..
            } => {
                let what = format!("let {var}");
                self.check_rhs(*var, rhs, held, &what);
                if !rhs.may_throw() && !unwind.is_empty() {
                    self.error(format!("{what} cannot throw but has an unwind list"));
                } else if !self.after && !unwind.is_empty() {
                    self.error(format!("{what} has an unwind list before Perceus"));
                } else if self.after && rhs.may_throw() {
                    self.check_unwind(unwind, held, &what);
                }
                self.bind(*var);
                scoped.push(*var);
                if self.owned(*var) {
                    held.insert(*var, 1);
                }
                Some(body)
            }
            Expr::Dup { var, body } => {
                self.check_rc_op("dup");
                self.check_counted(*var, "dup");
                self.check_value_use(*var, "dup");
                self.check_held(*var, held, "dup");
                *held.entry(*var).or_insert(0) += 1;
                Some(body)
            }
            Expr::Drop { var, body } => {
                self.check_rc_op("drop");
                self.check_counted(*var, "drop");
                self.check_value_use(*var, "drop");
                self.take(*var, held, "drop");
                Some(body)
            }
            Expr::DropReuse {
                var, token, body, ..
            } => {
                self.check_rc_op("drop_reuse");
                self.check_counted(*var, "drop_reuse");
                self.check_value_use(*var, "drop_reuse");
                self.take(*var, held, "drop_reuse");
                self.bind(*token);
                scoped.push(*token);
                if let Some(t) = self.tokens.get_mut(token.0 as usize) {
                    *t = true;
                }
                held.insert(*token, 1);
                Some(body)
            }
            Expr::FreeReuse { token, body } => {
                self.check_rc_op("free_reuse");
                self.check_token(*token, held, "free_reuse");
                Some(body)
            }
            _ => None,
        }
    }

    /// Checks control flow and terminators.
    fn walk_node(&mut self, e: &Expr, mut held: Held) {
        match e {
            Expr::If { cond, then, else_ } => {
                self.check_value_use(*cond, "if");
                self.check_held(*cond, &held, "if");
                self.walk(then, held.clone());
                self.walk(else_, held);
            }
            Expr::Case {
                scrut,
                arms,
                default,
                unwind,
            } => {
                self.check_value_use(*scrut, "case");
                self.check_held(*scrut, &held, "case");
                let what = format!("case {scrut}");
                self.check_unwind_list(unwind, &what);
                if self.after {
                    self.check_unwind(unwind, &held, &what);
                }
                for (consts, arm) in arms {
                    for c in consts {
                        self.check_const(*c, "case");
                    }
                    self.walk(arm, held.clone());
                }
                self.walk(default, held);
            }
            Expr::LetJoin {
                join,
                params,
                body,
                cont,
            } => self.walk_letjoin(*join, params, body, cont, held),
            Expr::Jump { join, args } => {
                let what = format!("jump {join}");
                for &a in args {
                    self.check_value_use(a, &what);
                    self.take(a, &mut held, &what);
                }
                match self.joins.get(join) {
                    None => self.error(format!("{what}: join not in scope")),
                    Some(info) => {
                        let (arity, fv) = (info.arity, info.fv.clone());
                        if arity != args.len() {
                            self.error(format!(
                                "{what}: {} arguments for {arity} parameters",
                                args.len()
                            ));
                        }
                        self.expect_held(&held, &fv, &what);
                    }
                }
            }
            Expr::Return(v) => {
                self.check_value_use(*v, "return");
                self.take(*v, &mut held, "return");
                self.expect_held(&held, &VarSet::new(), "return");
            }
            Expr::TailCall {
                f, args, unwind, ..
            } => {
                let what = format!("tailcall {f}");
                if !self.handlers.is_empty() {
                    self.error(format!("{what} inside a try body"));
                }
                for &a in std::iter::once(f).chain(args) {
                    self.check_value_use(a, &what);
                    self.take(a, &mut held, &what);
                }
                self.check_unwind_list(unwind, &what);
                self.check_unwind(unwind, &held, &what);
            }
            Expr::Throw { exn, unwind, .. } => {
                self.check_value_use(*exn, "throw");
                self.take(*exn, &mut held, "throw");
                self.check_unwind_list(unwind, "throw");
                self.check_unwind(unwind, &held, "throw");
            }
            Expr::Try { body, exn, handler } => {
                let mut entry = self.live(handler, &self.handler_set());
                entry.remove(exn);
                self.handlers.push(entry.clone());
                self.walk(body, held);
                self.handlers.pop();
                self.bind(*exn);
                if !self.owned(*exn) {
                    self.error(format!("handler exception {exn} is borrowed"));
                }
                let mut at_entry: Held = entry.iter().map(|v| (*v, 1)).collect();
                at_entry.insert(*exn, 1);
                self.walk(handler, at_entry);
                self.unbind(*exn);
            }
            Expr::Let { .. }
            | Expr::Dup { .. }
            | Expr::Drop { .. }
            | Expr::DropReuse { .. }
            | Expr::FreeReuse { .. } => self.walk(e, held),
        }
    }

    fn walk_letjoin(
        &mut self,
        join: JoinId,
        params: &[VarId],
        body: &Expr,
        cont: &Expr,
        held: Held,
    ) {
        match self.joins_defined.get_mut(join.0 as usize) {
            None => self.error(format!("{join} is not below njoins {}", self.arity.njoins)),
            Some(true) => self.error(format!("{join} is defined twice")),
            Some(d) => *d = true,
        }
        // FV(j) is computed with j itself contributing nothing: the least
        // fixed point, since a self-jump only passes on what j already has.
        self.joins.insert(
            join,
            JoinInfo {
                arity: params.len(),
                fv: VarSet::new(),
            },
        );
        let mut fv = self.live(body, &self.handler_set());
        for p in params {
            fv.remove(p);
        }
        self.joins.insert(
            join,
            JoinInfo {
                arity: params.len(),
                fv: fv.clone(),
            },
        );
        let mut at_entry: Held = fv.iter().map(|v| (*v, 1)).collect();
        for &p in params {
            self.bind(p);
            if self.owned(p) {
                at_entry.insert(p, 1);
            } else {
                self.error(format!("join parameter {p} is borrowed"));
            }
        }
        self.walk(body, at_entry);
        for &p in params {
            self.unbind(p);
        }
        self.walk(cont, held);
        self.joins.remove(&join);
    }

    fn check_rc_op(&mut self, what: &str) {
        if !self.after {
            self.error(format!("{what} before Perceus"));
        }
    }

    fn check_unwind_list(&mut self, unwind: &[VarId], what: &str) {
        if !self.after && !unwind.is_empty() {
            self.error(format!("{what} has an unwind list before Perceus"));
        }
    }

    fn check_token(&mut self, token: VarId, held: &mut Held, what: &str) {
        self.check_scope(token, what);
        if !self.is_token(token) {
            self.error(format!("{token} is not a reuse token, in {what}"));
        }
        self.take(token, held, what);
    }

    fn check_const(&mut self, c: ConstId, what: &str) {
        if c.0 as usize >= self.module.consts.len() {
            self.error(format!("constant c{} does not exist, in {what}", c.0));
        }
    }

    /// Structure, scoping and ownership of one right-hand side.
    fn check_rhs(&mut self, var: VarId, rhs: &Rhs, held: &mut Held, what: &str) {
        let ops = operands(rhs);
        for &v in ops.consumed.iter().chain(&ops.borrowed) {
            self.check_value_use(v, what);
        }
        for &v in &ops.consumed {
            self.take(v, held, what);
        }
        for &v in &ops.borrowed {
            self.check_held(v, held, what);
        }
        if let Some(token) = ops.reuse {
            if !self.after {
                self.error(format!("{what} reuses a token before Perceus"));
            }
            self.check_token(token, held, what);
        }
        match rhs {
            Rhs::Const(c) => self.check_const(*c, what),
            Rhs::Capture(i) => {
                if *i >= self.lambda.ncaptures {
                    self.error(format!("{what}: capture {i} of {}", self.lambda.ncaptures));
                }
                self.check_borrowed_binding(var, what);
            }
            Rhs::SelfClosure => self.check_borrowed_binding(var, what),
            Rhs::Prim { op, args } if args.len() != op.arity() => self.error(format!(
                "{what}: prim {} takes {} arguments, not {}",
                op.name(),
                op.arity(),
                args.len()
            )),
            Rhs::Alloc { kind, args, .. } => self.check_alloc(kind, args.len(), what),
            _ => {}
        }
    }

    fn check_borrowed_binding(&mut self, var: VarId, what: &str) {
        self.borrowed_bindings.insert(var);
        if self.owned(var) {
            self.error(format!(
                "{what}: {var} is bound by capture/self but not borrowed"
            ));
        }
    }

    fn check_alloc(&mut self, kind: &AllocKind, nargs: usize, what: &str) {
        let expected = match kind {
            AllocKind::Closure(l) => match self.module.lambdas.get(l.0 as usize) {
                Some(lambda) => lambda.ncaptures as usize,
                None => {
                    self.error(format!("{what}: lambda {} does not exist", l.0));
                    return;
                }
            },
            AllocKind::Vector(n) | AllocKind::Set(n) => *n as usize,
            AllocKind::Map(n) => 2 * *n as usize,
            AllocKind::Cons => 2,
            AllocKind::Instance(n) => 1 + *n as usize,
        };
        if nargs != expected {
            self.error(format!(
                "{what}: alloc of {kind:?} with {nargs} values, expected {expected}"
            ));
        }
    }

    /// The owned variables live at the start of `e` inside a try body whose
    /// handler starts with `h`: what a join body or handler starts holding.
    /// Liveness, not mere mention: a join's body counts only through the
    /// jumps to it, a handler only through the throw points of its body.
    /// Straight-line code is walked in a loop.
    fn live(&mut self, e: &Expr, h: &VarSet) -> VarSet {
        let mut chain = vec![];
        let mut e = e;
        loop {
            e = match e {
                Expr::Let { body, .. }
                | Expr::Dup { body, .. }
                | Expr::Drop { body, .. }
                | Expr::DropReuse { body, .. }
                | Expr::FreeReuse { body, .. } => {
                    chain.push(e);
                    body
                }
                _ => break,
            };
        }
        let mut live = self.live_node(e, h);
        for node in chain.into_iter().rev() {
            match node {
                Expr::Let {
                    var, rhs, unwind, ..
                } => {
                    live.remove(var);
                    let ops = operands(rhs);
                    self.add_live(
                        &mut live,
                        ops.consumed
                            .iter()
                            .chain(&ops.borrowed)
                            .chain(unwind)
                            .chain(&ops.reuse),
                    );
                    if rhs.may_throw() {
                        live.extend(h);
                    }
                }
                Expr::Dup { var, .. } | Expr::Drop { var, .. } => self.add_live(&mut live, [var]),
                Expr::DropReuse { var, token, .. } => {
                    live.remove(token);
                    self.add_live(&mut live, [var]);
                }
                Expr::FreeReuse { token, .. } => self.add_live(&mut live, [token]),
                _ => {}
            }
        }
        live
    }

    /// Adds the owned variables among `vs` (reuse tokens included: a join
    /// body may start holding one).
    fn add_live<'v>(&self, live: &mut VarSet, vs: impl IntoIterator<Item = &'v VarId>) {
        live.extend(vs.into_iter().copied().filter(|v| self.owned(*v)));
    }

    fn live_node(&mut self, e: &Expr, h: &VarSet) -> VarSet {
        let mut live = VarSet::new();
        match e {
            Expr::If { cond, then, else_ } => {
                self.add_live(&mut live, [cond]);
                live.extend(self.live(then, h));
                live.extend(self.live(else_, h));
            }
            Expr::Case {
                scrut,
                arms,
                default,
                unwind,
            } => {
                self.add_live(&mut live, std::iter::once(scrut).chain(unwind));
                for (_, arm) in arms {
                    live.extend(self.live(arm, h));
                }
                live.extend(self.live(default, h));
                live.extend(h);
            }
            Expr::LetJoin {
                join,
                params,
                body,
                cont,
            } => {
                self.joins.insert(
                    *join,
                    JoinInfo {
                        arity: params.len(),
                        fv: VarSet::new(),
                    },
                );
                let mut fv = self.live(body, h);
                for p in params {
                    fv.remove(p);
                }
                self.joins.insert(
                    *join,
                    JoinInfo {
                        arity: params.len(),
                        fv,
                    },
                );
                live = self.live(cont, h);
                self.joins.remove(join);
            }
            Expr::Jump { join, args } => {
                self.add_live(&mut live, args);
                if let Some(info) = self.joins.get(join) {
                    live.extend(&info.fv);
                }
            }
            Expr::Return(v) => self.add_live(&mut live, [v]),
            Expr::TailCall {
                f, args, unwind, ..
            } => {
                self.add_live(&mut live, std::iter::once(f).chain(args).chain(unwind));
                live.extend(h);
            }
            Expr::Throw { exn, unwind, .. } => {
                self.add_live(&mut live, std::iter::once(exn).chain(unwind));
                live.extend(h);
            }
            Expr::Try { body, exn, handler } => {
                let mut entry = self.live(handler, h);
                entry.remove(exn);
                live = self.live(body, &entry);
            }
            Expr::Let { .. }
            | Expr::Dup { .. }
            | Expr::Drop { .. }
            | Expr::DropReuse { .. }
            | Expr::FreeReuse { .. } => live = self.live(e, h),
        }
        live
    }
}
