// rbtree in C++: the same 4,200,000 descending inserts into a red-black tree
// as bench/perceus/rbtree.clj, with std::map (an in-place red-black tree, the
// C++ baseline of the Perceus papers), then the count of true values.
#include <cstdio>
#include <cstdlib>
#include <map>

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 4200000;
  std::map<long, bool> m;
  for (long i = n; i > 0; i--) {
    long k = i - 1;
    m[k] = k % 10 == 0;
  }
  long count = 0;
  for (auto& kv : m)
    if (kv.second) count++;
  std::printf("%ld\n", count);
}
