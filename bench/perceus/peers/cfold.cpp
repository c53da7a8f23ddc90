// cfold in C++: the constant folding of bench/perceus/cfold.clj over
// immutable expressions shared through shared_ptr.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

enum Kind { Var, Val, Add, Mul };
struct Expr;
using E = std::shared_ptr<const Expr>;
struct Expr {
  Kind kind;
  long n;
  E l, r;
};

static E leaf(Kind k, long n) { return std::make_shared<const Expr>(Expr{k, n, nullptr, nullptr}); }
static E node(Kind k, E l, E r) { return std::make_shared<const Expr>(Expr{k, 0, std::move(l), std::move(r)}); }

static E mk_expr(long n, long v) {
  if (n == 0) return v == 0 ? leaf(Var, 1) : leaf(Val, v);
  return node(Add, mk_expr(n - 1, v + 1), mk_expr(n - 1, std::max(v - 1, 0L)));
}

static E append(Kind k, const E& e1, const E& e2) {
  if (e1->kind == k) return node(k, e1->l, append(k, e1->r, e2));
  return node(k, e1, e2);
}

static E reassoc(const E& e) {
  if (e->kind == Add || e->kind == Mul) return append(e->kind, reassoc(e->l), reassoc(e->r));
  return e;
}

static long op(Kind k, long a, long b) { return k == Add ? a + b : a * b; }

static E fold(Kind k, const E& a, const E& b) {
  if (a->kind == Val && b->kind == Val) return leaf(Val, op(k, a->n, b->n));
  if (a->kind == Val && b->kind == k && b->r->kind == Val) return node(k, leaf(Val, op(k, a->n, b->r->n)), b->l);
  if (a->kind == Val && b->kind == k && b->l->kind == Val) return node(k, leaf(Val, op(k, a->n, b->l->n)), b->r);
  return node(k, a, b);
}

static E cfold(const E& e) {
  if (e->kind == Add || e->kind == Mul) return fold(e->kind, cfold(e->l), cfold(e->r));
  return e;
}

static long eval(const E& e) {
  switch (e->kind) {
    case Var: return 0;
    case Val: return e->n;
    case Add: return eval(e->l) + eval(e->r);
    case Mul: return eval(e->l) * eval(e->r);
  }
  return 0;
}

int main(int argc, char** argv) {
  long depth = argc > 1 ? std::atol(argv[1]) : 18;
  E e = mk_expr(depth, 1);
  long before = eval(e);
  std::printf("%ld %ld\n", before, eval(cfold(reassoc(e))));
}
