// deriv in C++: the symbolic differentiation of bench/perceus/deriv.clj, with
// immutable expressions shared through shared_ptr.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <cstring>

enum Kind { Val, Var, Add, Mul, Pow, Ln };
struct Expr;
using E = std::shared_ptr<const Expr>;
struct Expr {
  Kind kind;
  long n;
  const char* name;  // interned: the program has one variable name
  E l, r;
};

static E mk(Kind k, E l, E r) { return std::make_shared<const Expr>(Expr{k, 0, nullptr, std::move(l), std::move(r)}); }
static E val(long n) { return std::make_shared<const Expr>(Expr{Val, n, nullptr, nullptr, nullptr}); }
static E var(const char* s) { return std::make_shared<const Expr>(Expr{Var, 0, s, nullptr, nullptr}); }
static bool is_val(const E& e) { return e->kind == Val; }
static bool val_is(const E& e, long n) { return e->kind == Val && e->n == n; }

static long pown(long a, long n) {
  if (n == 0) return 1;
  if (n == 1) return a;
  long b = pown(a, n / 2);
  return n % 2 == 0 ? b * b : b * b * a;
}

static E add(const E& x, const E& y) {
  if (is_val(x) && is_val(y)) return val(x->n + y->n);
  if (val_is(x, 0)) return y;
  if (val_is(y, 0)) return x;
  if (is_val(y)) return add(y, x);
  if (is_val(x) && y->kind == Add && is_val(y->l)) return add(val(x->n + y->l->n), y->r);
  if (y->kind == Add && is_val(y->l)) return add(y->l, add(x, y->r));
  if (x->kind == Add) return add(x->l, add(x->r, y));
  return mk(Add, x, y);
}

static E mul(const E& x, const E& y) {
  if (is_val(x) && is_val(y)) return val(x->n * y->n);
  if (val_is(x, 0) || val_is(y, 0)) return val(0);
  if (val_is(x, 1)) return y;
  if (val_is(y, 1)) return x;
  if (is_val(y)) return mul(y, x);
  if (is_val(x) && y->kind == Mul && is_val(y->l)) return mul(val(x->n * y->l->n), y->r);
  if (y->kind == Mul && is_val(y->l)) return mul(y->l, mul(x, y->r));
  if (x->kind == Mul) return mul(x->l, mul(x->r, y));
  return mk(Mul, x, y);
}

static E pow_(const E& x, const E& y) {
  if (is_val(x) && is_val(y)) return val(pown(x->n, y->n));
  if (val_is(y, 0)) return val(1);
  if (val_is(y, 1)) return x;
  if (val_is(x, 0)) return val(0);
  return mk(Pow, x, y);
}

static E ln(const E& x) { return val_is(x, 1) ? val(0) : mk(Ln, x, nullptr); }

static E d(const char* x, const E& e) {
  switch (e->kind) {
    case Val: return val(0);
    case Var: return val(std::strcmp(x, e->name) == 0 ? 1 : 0);
    case Add: return add(d(x, e->l), d(x, e->r));
    case Mul: return add(mul(e->l, d(x, e->r)), mul(e->r, d(x, e->l)));
    case Pow: {
      const E& f = e->l;
      const E& g = e->r;
      return mul(pow_(f, g), add(mul(mul(g, d(x, f)), pow_(f, val(-1))), mul(ln(f), d(x, g))));
    }
    case Ln: return mul(d(x, e->l), pow_(e->l, val(-1)));
  }
  return nullptr;
}

static long size(const E& e) {
  switch (e->kind) {
    case Val: case Var: return 1;
    case Ln: return size(e->l);
    default: return size(e->l) + size(e->r);
  }
}

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 10;
  E x = var("x");
  E e = pow_(x, x);
  for (long i = 0; i < n; i++) {
    e = d("x", e);
    std::printf("%ld count: %ld\n", i + 1, size(e));
  }
}
