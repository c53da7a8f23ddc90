// binarytrees in C++: the Benchmarks Game program of bench/perceus/binarytrees.clj,
// single-threaded. As the Game's C++ entries do, each tree's nodes come from
// a memory pool released with the tree (std::pmr::monotonic_buffer_resource),
// rather than one malloc and free per node.
#include <cstdio>
#include <cstdlib>
#include <memory_resource>

struct Node {
  Node* left;
  Node* right;
};

static Node* make(int d, std::pmr::memory_resource* pool) {
  void* p = pool->allocate(sizeof(Node), alignof(Node));
  if (d == 0) return new (p) Node{nullptr, nullptr};
  Node* l = make(d - 1, pool);
  Node* r = make(d - 1, pool);
  return new (p) Node{l, r};
}
static long check(const Node* t) { return t->left ? 1 + check(t->left) + check(t->right) : 1; }

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 21;
  int min_depth = 4, max_depth = n > min_depth + 2 ? n : min_depth + 2, stretch = max_depth + 1;
  {
    std::pmr::monotonic_buffer_resource pool;
    std::printf("stretch tree of depth %d\t check: %ld\n", stretch, check(make(stretch, &pool)));
  }
  std::pmr::monotonic_buffer_resource long_pool;
  Node* long_lived = make(max_depth, &long_pool);
  for (int d = min_depth; d <= max_depth; d += 2) {
    long iterations = 1L << (max_depth - d + min_depth), sum = 0;
    std::pmr::monotonic_buffer_resource pool;
    for (long i = 0; i < iterations; i++) {
      sum += check(make(d, &pool));
      pool.release();
    }
    std::printf("%ld\t trees of depth %d\t check: %ld\n", iterations, d, sum);
  }
  std::printf("long lived tree of depth %d\t check: %ld\n", max_depth, check(long_lived));
}
