// nqueens in C++: the list-based search of bench/perceus/nqueens.clj, partial
// solutions as immutable cons lists sharing their tails (shared_ptr).
#include <cstdio>
#include <cstdlib>
#include <memory>

struct Cell;
using List = std::shared_ptr<const Cell>;
struct Cell {
  long head;
  List tail;
};
struct Sols;
using SolList = std::shared_ptr<const Sols>;
struct Sols {
  List head;
  SolList tail;
};

static bool safe(long queen, const List& xs) {
  long diag = 1;
  for (const Cell* c = xs.get(); c; c = c->tail.get(), diag++)
    if (queen == c->head || queen == c->head + diag || queen == c->head - diag) return false;
  return true;
}

static SolList append_safe(long k, const List& xs, SolList acc) {
  for (; k > 0; k--)
    if (safe(k, xs))
      acc = std::make_shared<const Sols>(Sols{std::make_shared<const Cell>(Cell{k, xs}), acc});
  return acc;
}

static SolList find_solutions(long n, long k) {
  if (k == 0) return std::make_shared<const Sols>(Sols{nullptr, nullptr});
  SolList prev = find_solutions(n, k - 1);
  SolList acc;
  for (const Sols* s = prev.get(); s; s = s->tail.get()) acc = append_safe(n, s->head, acc);
  return acc;
}

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 13;
  SolList sols = find_solutions(n, n);
  long count = 0;
  for (const Sols* s = sols.get(); s; s = s->tail.get()) count++;
  std::printf("%ld\n", count);
}
