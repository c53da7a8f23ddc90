//! `verify` accepts what lowering and Perceus make of every program: the
//! hand-written corpus, and thousands of random well-scoped programs mixing
//! every HIR construct (recur only in tail position and never across a try,
//! as the analyzer guarantees).

mod common;

use common::*;
use genera_hir::{Expr, ExprKind, FnArity, LocalId, LoopId, Name};
use genera_ir::{lower, perceus, print, verify};

#[test]
fn corpus_programs_verify() {
    for (name, expr) in corpus() {
        let result = std::panic::catch_unwind(|| compile(&expr));
        assert!(result.is_ok(), "{name} fails");
    }
}

/// `GENERA_IR_SEEDS=N` runs N random programs instead of 3000.
#[test]
fn random_programs_verify() {
    let seeds: u64 = std::env::var("GENERA_IR_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    for seed in 1..=seeds {
        let mut g = Gen {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            ids: Ids::default(),
        };
        let e = g.expr(&[], 5, None);
        match check(&e) {
            Err(msg) => panic!("seed {seed}: {msg}\nHIR: {e:#?}"),
            // The slower minimality check on a sample.
            Ok(m) if seed % 10 == 0 => assert_every_rc_op_needed(&format!("seed {seed}"), &m),
            Ok(_) => {}
        }
    }
}

fn check(e: &Expr) -> Result<genera_ir::Module, String> {
    let mut m = lower::lower(e);
    let text = |m: &genera_ir::Module| print::print_module(m);
    verify::verify(&m, false)
        .map_err(|es| format!("after lowering: {}\n{}", es.join("\n"), text(&m)))?;
    perceus::run(&mut m);
    verify::verify(&m, true)
        .map_err(|es| format!("after Perceus: {}\n{}", es.join("\n"), text(&m)))?;
    Ok(m)
}

/// A recur target in scope at a tail position: its id and argument count.
type Target = Option<(LoopId, usize)>;

struct Gen {
    state: u64,
    ids: Ids,
}

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn leaf(&mut self, env: &[LocalId]) -> Expr {
        match self.below(4) {
            0 | 1 if !env.is_empty() => loc(*self.pick(env)),
            0 => int(self.below(10) as i64),
            1 => nil(),
            2 => kw("k"),
            _ => user("g"),
        }
    }

    fn exprs(&mut self, env: &[LocalId], depth: u32, n: usize) -> Vec<Expr> {
        (0..n).map(|_| self.expr(env, depth, None)).collect()
    }

    /// A random expression using the locals in `env`; `tail` is the recur
    /// target if this is a tail position.
    fn expr(&mut self, env: &[LocalId], depth: u32, tail: Target) -> Expr {
        if depth == 0 {
            return self.leaf(env);
        }
        let d = depth - 1;
        match self.below(19) {
            0 | 1 => self.leaf(env),
            2 => {
                let (name, n) = *self.pick(&[
                    ("+", 2),
                    ("first", 1),
                    ("conj", 2),
                    ("nil?", 1),
                    ("assoc", 3),
                    ("cons", 2),
                ]);
                call(core(name), self.exprs(env, d, n))
            }
            3 => {
                let f = if env.is_empty() || self.below(2) == 0 {
                    user("f")
                } else {
                    loc(*self.pick(env))
                };
                let n = self.below(3);
                call(f, self.exprs(env, d, n))
            }
            4 | 5 => if_(
                self.expr(env, d, None),
                self.expr(env, d, tail),
                self.expr(env, d, tail),
            ),
            6 => {
                let mut env = env.to_vec();
                let mut bindings = vec![];
                for _ in 0..1 + self.below(2) {
                    let init = self.expr(&env, d, None);
                    let l = self.ids.local();
                    bindings.push((l, init));
                    env.push(l);
                }
                let body = self.expr(&env, d, tail);
                let_(bindings, body)
            }
            7 => {
                let n = 1 + self.below(2);
                let stmts = self.exprs(env, d, n);
                do_(stmts, self.expr(env, d, tail))
            }
            8 => self.gen_loop(env, d),
            9 => ex(ExprKind::Fn(self.gen_fn(env, d, None))),
            10 => self.gen_letfn(env, d, tail),
            11 => self.gen_try(env, d),
            12 => {
                let x = self.expr(env, d, None);
                let clauses = vec![
                    (vec![1, 2], self.expr(env, d, tail)),
                    (vec![3], self.expr(env, d, tail)),
                ];
                case(x, clauses, self.expr(env, d, tail))
            }
            13 => throw(self.expr(env, d, None)),
            14 => {
                let n = self.below(3);
                let xs = self.exprs(env, d, n + 1);
                match self.below(3) {
                    0 => vector(xs),
                    1 => set(xs),
                    _ => map(self.exprs(env, d, 2 * n + 2)),
                }
            }
            15 | 16 => match tail {
                Some((target, n)) => recur(target, self.exprs(env, d, n)),
                None => self.leaf(env),
            },
            17 => {
                let x = vector(self.exprs(env, d, 1));
                ex(ExprKind::WithMeta {
                    expr: Box::new(x),
                    meta: Box::new(map(vec![kw("m"), self.expr(env, d, None)])),
                })
            }
            _ => match self.below(2) {
                0 => def("x", Some(self.expr(env, d, None)), None),
                _ => ex(ExprKind::SetVar {
                    var: Name::qualified("user", "*x*"),
                    value: Box::new(self.expr(env, d, None)),
                }),
            },
        }
    }

    fn gen_loop(&mut self, env: &[LocalId], d: u32) -> Expr {
        let mut env = env.to_vec();
        let mut bindings = vec![];
        for _ in 0..1 + self.below(2) {
            let init = self.expr(&env, d, None);
            let l = self.ids.local();
            bindings.push((l, init));
            env.push(l);
        }
        let id = self.ids.loop_id();
        let body = self.expr(&env, d, Some((id, bindings.len())));
        loop_(id, bindings, body)
    }

    /// A fn with one or two arities (the second possibly variadic),
    /// possibly named; `siblings` are letfn names visible in its bodies.
    fn gen_fn(
        &mut self,
        env: &[LocalId],
        d: u32,
        siblings: Option<&[LocalId]>,
    ) -> genera_hir::FnExpr {
        let mut env = env.to_vec();
        if let Some(s) = siblings {
            env.extend(s);
        }
        let name = if self.below(2) == 0 {
            Some(self.ids.local())
        } else {
            None
        };
        env.extend(name);
        let mut arities: Vec<FnArity> = vec![];
        let first = self.below(2);
        for (i, nparams) in [first, first + 1 + self.below(2)]
            .into_iter()
            .enumerate()
            .take(1 + self.below(2))
        {
            let params: Vec<LocalId> = (0..nparams).map(|_| self.ids.local()).collect();
            let rest = if i == 1 && self.below(2) == 0 {
                Some(self.ids.local())
            } else {
                None
            };
            let mut inner = env.clone();
            inner.extend(&params);
            inner.extend(rest);
            let id = self.ids.loop_id();
            let n = params.len() + rest.iter().count();
            let body = self.expr(&inner, d, Some((id, n)));
            arities.push(arity(params, rest, id, body));
        }
        fn_expr(name.map(|l| (l, "self")), "user/gen", arities)
    }

    fn gen_letfn(&mut self, env: &[LocalId], d: u32, tail: Target) -> Expr {
        let names: Vec<LocalId> = (0..1 + self.below(3)).map(|_| self.ids.local()).collect();
        let fns: Vec<(LocalId, genera_hir::FnExpr)> = names
            .iter()
            .map(|n| (*n, self.gen_fn(env, d, Some(&names))))
            .collect();
        let mut inner = env.to_vec();
        inner.extend(&names);
        let body = self.expr(&inner, d, tail);
        letfn(fns, body)
    }

    fn gen_try(&mut self, env: &[LocalId], d: u32) -> Expr {
        let body = self.expr(env, d, None);
        let mut catches = vec![];
        for _ in 0..self.below(3) {
            let class = *self.pick(&["Exception", "Throwable", "ExceptionInfo"]);
            let e = self.ids.local();
            let mut inner = env.to_vec();
            inner.push(e);
            catches.push((class, e, self.expr(&inner, d, None)));
        }
        let finally = if self.below(2) == 0 {
            Some(self.expr(env, d, None))
        } else {
            None
        };
        try_(body, catches, finally)
    }
}

/// Deeply nested lets and long `do`s lower without trouble.
#[test]
fn long_blocks_verify() {
    let mut ids = Ids::default();
    let locals: Vec<LocalId> = (0..300).map(|_| ids.local()).collect();
    let mut body = loc(locals[299]);
    for i in (1..300).rev() {
        body = let_(
            vec![(locals[i], call(core("+"), vec![loc(locals[i - 1]), int(1)]))],
            body,
        );
    }
    let e = let_(vec![(locals[0], int(0))], body);
    check(&e).map(drop).unwrap();
    let stmts = (0..500).map(|i| call(user("f"), vec![int(i)])).collect();
    check(&do_(stmts, nil())).map(drop).unwrap();
}

/// `(do (when a (f 0)) (when a (f 1)) ...)`: each statement-position `if`
/// nests the rest of the block in a join body.
#[test]
fn many_statement_ifs_verify() {
    let mut ids = Ids::default();
    let [a] = ids.locals();
    let stmts = (0..300)
        .map(|i| if_(loc(a), call(user("f"), vec![int(i)]), nil()))
        .collect();
    let body = do_(stmts, loc(a));
    check(&fn_(
        None,
        "user/whens",
        vec![arity(vec![a], None, ids.loop_id(), body)],
    ))
    .unwrap();
}

/// A 400-clause `cond` (ifs nested in else branches) in tail and in value
/// position. Recursion follows control-flow nesting, at roughly 2.5 KB of
/// stack per level over all passes; this runs in a 2 MB test thread.
#[test]
fn deep_cond_verifies() {
    let mut ids = Ids::default();
    let [a] = ids.locals();
    let mut e = loc(a);
    for i in 0..400 {
        e = if_(
            call(core("="), vec![loc(a), int(i)]),
            call(user("f"), vec![int(i)]),
            e,
        );
    }
    let in_value = call(user("g"), vec![e.clone(), loc(a)]);
    for body in [e, in_value] {
        check(&fn_(
            None,
            "user/cond",
            vec![arity(vec![a], None, ids.loop_id(), body)],
        ))
        .map(drop)
        .unwrap();
    }
}
