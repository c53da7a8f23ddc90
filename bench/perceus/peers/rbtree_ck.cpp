// rbtree-ck in C++: the persistent red-black tree of bench/perceus/rbtree_ck.clj
// with shared_ptr nodes (path copying), every fifth tree kept in a list.
#include <cstdio>
#include <cstdlib>
#include <forward_list>
#include <memory>

enum Color { Red, Black };
struct Node;
using Tree = std::shared_ptr<const Node>;
struct Node {
  Color color;
  Tree left;
  long key;
  bool val;
  Tree right;
  Node(Color c, Tree l, long k, bool v, Tree r)
      : color(c), left(std::move(l)), key(k), val(v), right(std::move(r)) {}
};

static Tree node(Color c, Tree l, long k, bool v, Tree r) {
  return std::make_shared<const Node>(c, std::move(l), k, v, std::move(r));
}
static bool is_red(const Tree& t) { return t && t->color == Red; }

static Tree balance_left(const Tree& l, long k, bool v, const Tree& r) {
  if (is_red(l->left)) {
    const Tree& ll = l->left;
    return node(Red, node(Black, ll->left, ll->key, ll->val, ll->right), l->key, l->val,
                node(Black, l->right, k, v, r));
  }
  if (is_red(l->right)) {
    const Tree& lr = l->right;
    return node(Red, node(Black, l->left, l->key, l->val, lr->left), lr->key, lr->val,
                node(Black, lr->right, k, v, r));
  }
  return node(Black, node(Red, l->left, l->key, l->val, l->right), k, v, r);
}

static Tree balance_right(const Tree& l, long k, bool v, const Tree& r) {
  if (is_red(r->left)) {
    const Tree& rl = r->left;
    return node(Red, node(Black, l, k, v, rl->left), rl->key, rl->val,
                node(Black, rl->right, r->key, r->val, r->right));
  }
  if (is_red(r->right)) {
    const Tree& rr = r->right;
    return node(Red, node(Black, l, k, v, r->left), r->key, r->val,
                node(Black, rr->left, rr->key, rr->val, rr->right));
  }
  return node(Black, l, k, v, node(Red, r->left, r->key, r->val, r->right));
}

static Tree ins(const Tree& t, long k, bool v) {
  if (!t) return node(Red, nullptr, k, v, nullptr);
  if (t->color == Red) {
    if (k < t->key) return node(Red, ins(t->left, k, v), t->key, t->val, t->right);
    if (k == t->key) return node(Red, t->left, k, v, t->right);
    return node(Red, t->left, t->key, t->val, ins(t->right, k, v));
  }
  if (k < t->key)
    return is_red(t->left) ? balance_left(ins(t->left, k, v), t->key, t->val, t->right)
                           : node(Black, ins(t->left, k, v), t->key, t->val, t->right);
  if (k == t->key) return node(Black, t->left, k, v, t->right);
  return is_red(t->right) ? balance_right(t->left, t->key, t->val, ins(t->right, k, v))
                          : node(Black, t->left, t->key, t->val, ins(t->right, k, v));
}

static Tree insert(const Tree& t, long k, bool v) {
  Tree s = ins(t, k, v);
  if (is_red(s)) return node(Black, s->left, s->key, s->val, s->right);
  return s;
}

static long fold_count(const Tree& t, long acc) {
  for (const Node* p = t.get(); p; p = p->right.get())
    acc = fold_count(p->left, acc) + (p->val ? 1 : 0);
  return acc;
}

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 4200000;
  std::forward_list<Tree> kept;
  long nkept = 0;
  Tree t;
  for (long i = n; i > 0; i--) {
    long k = i - 1;
    t = insert(t, k, k % 10 == 0);
    if (k % 5 == 0) {
      kept.push_front(t);
      nkept++;
    }
  }
  std::printf("%ld %ld\n", nkept, kept.empty() ? 0 : fold_count(kept.front(), 0));
  // The kept trees share nodes; free them iteratively from the newest so no
  // destructor chain runs deep.
  while (!kept.empty()) kept.pop_front();
}
