
/* A value is one 64-bit word: fixnum ...1, pointer ...000, immediate ...010. */
typedef uint64_t gv;

#define GENERA_LIKELY(x) __builtin_expect(!!(x), 1)
#define GENERA_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* One arity of a lambda compiled to C: the closure (borrowed) and the
   arguments (owned; a variadic arity's rest seq after the fixed ones). */
typedef gv (*genera_arity_fn)(gv self, gv *args);
typedef struct { uint32_t nparams; uint32_t variadic; genera_arity_fn func; } genera_arity_desc;
typedef struct {
  const char *name;
  const char *file;
  uint32_t narities;
  const genera_arity_desc *arities;
} genera_lambda_desc;

/* Names ending in _o consume their value arguments, _b borrow them
   (Lean's convention); results are owned. THROWN: an exception is pending. */
extern uintptr_t genera_stack_limit;
extern uint32_t genera_budget;
gv genera_tick(void);
void genera_tick_yield(void);
extern const char genera_native_code_ops;
gv genera_catch(void);
gv genera_throw_o(gv v);
void genera_trace_b(const genera_lambda_desc *d, uint32_t line);
gv genera_stack_overflow(void);
void genera_dup_cold_b(gv v);
void genera_drop_cold_o(gv v);
gv genera_drop_reuse_o(gv v, size_t size);
void genera_free_reuse_o(gv token);
gv genera_code_new(const genera_lambda_desc *d);
gv genera_closure_o(gv token, gv code, const gv *caps, uint32_t n);
gv genera_cons_o(gv token, gv x, gv seq);
gv genera_vector_o(gv token, const gv *items, uint32_t n);
gv genera_map_o(gv token, const gv *kvs, uint32_t n);
gv genera_set_o(gv token, const gv *items, uint32_t n);
gv genera_instance_o(gv token, const gv *items, uint32_t n);
gv genera_call_o(gv f, gv *args, uint32_t n);
gv genera_trampoline(void);
gv genera_tail_o(gv f, const gv *args, uint32_t n);
gv genera_arity_error(const genera_lambda_desc *d, uint32_t n);
gv genera_rest_list_o(const gv *items, uint32_t n);
gv genera_var_intern(const char *ns, const char *name);
gv genera_var_get_b(gv var, uint32_t called);
gv genera_immortal_o(gv v);
gv genera_get_kw_b(gv m, gv k, uint64_t *cache);
gv genera_alloc(size_t size, uint16_t tag, uint8_t scan);
gv genera_instance_cached_o(gv token, const gv *items, uint32_t n, uint64_t *cache);
/* This thread's drop-reuse counts on the inline paths (attempts, tokens,
   hits), defined beside main and added to --stats. */
extern __thread uint64_t genera_reuse_counts[3];
gv genera_def_o(gv var, gv init, gv meta);
gv genera_set_var_o(gv var, gv v);
gv genera_const_read(const char *text, size_t len);
typedef struct genera_case_table genera_case_table;
genera_case_table *genera_case_table_new(const gv *consts, const int32_t *arms, uint32_t n);
int32_t genera_case_dispatch_b(const genera_case_table *t, gv scrut);
gv genera_add_b(gv a, gv b);
gv genera_sub_b(gv a, gv b);
gv genera_mul_b(gv a, gv b);
gv genera_div_b(gv a, gv b);
gv genera_neg_b(gv a);
gv genera_inc_b(gv a);
gv genera_dec_b(gv a);
gv genera_quot_b(gv a, gv b);
gv genera_rem_b(gv a, gv b);
gv genera_mod_b(gv a, gv b);
gv genera_lt_b(gv a, gv b);
gv genera_gt_b(gv a, gv b);
gv genera_le_b(gv a, gv b);
gv genera_ge_b(gv a, gv b);
gv genera_num_eq_b(gv a, gv b);
gv genera_equiv_b(gv a, gv b);
gv genera_identical_b(gv a, gv b);
gv genera_not_b(gv a);
gv genera_is_nil_b(gv a);
gv genera_is_zero_b(gv a);
gv genera_first_b(gv a);
gv genera_rest_b(gv a);
gv genera_next_b(gv a);
gv genera_seq_b(gv a);
gv genera_count_o(gv a);
gv genera_nth_o(gv a, gv i);
gv genera_get_b(gv a, gv k);
gv genera_conj_o(gv a, gv x);
gv genera_assoc_o(gv a, gv k, gv v);
gv genera_deref_b(gv a);
gv genera_exception_is_b(gv a, gv b);
gv genera_with_meta_o(gv a, gv m);

/* ---- inline fast paths ---- */
static inline int genera_is_ptr(gv v) { return (v & 7) == 0; }
static inline int genera_is_fixnum(gv v) { return (v & GENERA_TAG_FIXNUM) != 0; }
static inline int genera_both_fixnums(gv a, gv b) { return (a & b & 1) != 0; }
static inline int genera_truthy(gv v) { return v != GV_NIL && v != GV_FALSE; }
static inline gv genera_bool(int b) { return b ? GV_TRUE : GV_FALSE; }
static inline int32_t *genera_rc(gv v) { return (int32_t *)(uintptr_t)(v + GENERA_OFFSET_RC); }
static inline uint16_t genera_tag(gv v) { return *(uint16_t *)(uintptr_t)(v + GENERA_OFFSET_TAG); }
static inline gv genera_word(gv v, size_t off) { return *(gv *)(uintptr_t)(v + off); }

/* dup/drop: one branch on the thread-local count, the rest out of line. */
static inline void genera_dup(gv v) {
  if (genera_is_ptr(v)) {
    int32_t n = *genera_rc(v);
    if (GENERA_LIKELY(n > 0 && n < GENERA_RC_STICKY_LOCAL - 1)) *genera_rc(v) = n + 1;
    else if (n != 0) genera_dup_cold_b(v);
  }
}
static inline void genera_drop(gv v) {
  if (genera_is_ptr(v)) {
    int32_t n = *genera_rc(v);
    if (GENERA_LIKELY(n > 1 && n < GENERA_RC_STICKY_LOCAL)) *genera_rc(v) = n - 1;
    else if (n != 0) genera_drop_cold_o(v);
  }
}

static inline gv genera_capture(gv self, uint32_t i) {
  return genera_word(self, GENERA_CLOSURE_CAPTURES_OFFSET + 8 * (size_t)i);
}

/* Fixnum arithmetic on tagged words: (2x+1) + (2y+1) - 1 = 2(x+y) + 1, so
   64-bit overflow is exactly fixnum overflow. */
static inline gv genera_add(gv a, gv b) {
  int64_t r;
  if (GENERA_LIKELY(genera_both_fixnums(a, b)) &&
      !__builtin_add_overflow((int64_t)a, (int64_t)b - 1, &r))
    return (gv)r;
  return genera_add_b(a, b);
}
static inline gv genera_sub(gv a, gv b) {
  int64_t r;
  if (GENERA_LIKELY(genera_both_fixnums(a, b)) &&
      !__builtin_sub_overflow((int64_t)a, (int64_t)b - 1, &r))
    return (gv)r;
  return genera_sub_b(a, b);
}
static inline gv genera_mul(gv a, gv b) {
  int64_t p, t;
  if (GENERA_LIKELY(genera_both_fixnums(a, b)) &&
      !__builtin_mul_overflow((int64_t)a >> 1, (int64_t)(b - 1), &p) &&
      !__builtin_add_overflow(p, 1, &t))
    return (gv)t;
  return genera_mul_b(a, b);
}
static inline gv genera_inc(gv a) {
  int64_t r;
  if (GENERA_LIKELY(genera_is_fixnum(a)) && !__builtin_add_overflow((int64_t)a, 2, &r))
    return (gv)r;
  return genera_inc_b(a);
}
static inline gv genera_dec(gv a) {
  int64_t r;
  if (GENERA_LIKELY(genera_is_fixnum(a)) && !__builtin_sub_overflow((int64_t)a, 2, &r))
    return (gv)r;
  return genera_dec_b(a);
}
/* Tagged fixnum words compare as the numbers do. */
#define GENERA_CMP(name, op)                                                      \
  static inline gv genera_##name(gv a, gv b) {                                    \
    if (GENERA_LIKELY(genera_both_fixnums(a, b))) return genera_bool((int64_t)a op (int64_t)b); \
    return genera_##name##_b(a, b);                                               \
  }
GENERA_CMP(lt, <)
GENERA_CMP(gt, >)
GENERA_CMP(le, <=)
GENERA_CMP(ge, >=)
GENERA_CMP(num_eq, ==)
static inline gv genera_equiv(gv a, gv b) {
  if (a == b && !genera_is_ptr(a)) return GV_TRUE;
  if (genera_both_fixnums(a, b)) return GV_FALSE;
  return genera_equiv_b(a, b);
}
static inline gv genera_is_zero(gv a) {
  if (genera_is_fixnum(a)) return genera_bool(a == 1);
  return genera_is_zero_b(a);
}
static inline gv genera_identical(gv a, gv b) { return genera_bool(a == b); }
static inline gv genera_not(gv a) { return genera_bool(!genera_truthy(a)); }
static inline gv genera_is_nil(gv a) { return genera_bool(a == GV_NIL); }

/* The descriptor of closure f's code if it was compiled to C, else 0. */
static inline const genera_lambda_desc *genera_native_desc(gv f) {
  if (!genera_is_ptr(f) || genera_tag(f) != GENERA_TAG_CLOSURE) return 0;
  gv code = genera_word(f, GENERA_CLOSURE_CODE_OFFSET);
  if ((const void *)(uintptr_t)genera_word(code, GENERA_CODE_OPS_OFFSET) != (const void *)&genera_native_code_ops)
    return 0;
  return (const genera_lambda_desc *)(uintptr_t)genera_word(code, GENERA_CODE_PAYLOAD_OFFSET);
}

/* Calls f with n arguments (all consumed): a closure compiled to C with a
   fixed arity of n is called directly (and the trampoline run if it
   tail-called); everything else goes through genera_call_o. */
static inline gv genera_call(gv f, gv *args, uint32_t n) {
  const genera_lambda_desc *d = genera_native_desc(f);
  if (GENERA_LIKELY(d != 0)) {
    for (uint32_t i = 0; i < d->narities; i++) {
      const genera_arity_desc *a = &d->arities[i];
      if (a->nparams == n && !a->variadic) {
        gv r = a->func(f, args);
        genera_drop(f);
        if (GENERA_UNLIKELY(r == GV_TAIL)) r = genera_trampoline();
        return r;
      }
    }
  }
  return genera_call_o(f, args, n);
}

/* A reduction at a loop back-edge, so that an actor in a loop is
   preempted (`genera_tick` lets the others run). A pending exit signal
   stays pending here: a back-edge has no unwind list. */
#define GENERA_TICK() \
  do { if (GENERA_UNLIKELY(--genera_budget == 0)) genera_tick_yield(); } while (0)
/* A reduction at function entry, where every parameter is owned: true if
   the actor must unwind (an exit signal, THROWN pending). */
#define GENERA_TICK_THROWS() \
  (GENERA_UNLIKELY(--genera_budget == 0) && genera_tick() == GV_THROWN)
/* A var's value (owned): the root of a var that is not dynamic without a
   call, everything else (bindings, unbound) out of line. */
static inline gv genera_var_get(gv var, uint32_t called) {
  gv root = genera_word(var, GENERA_VAR_ROOT_OFFSET);
  if (GENERA_LIKELY(root != GV_UNBOUND && !(genera_word(var, GENERA_VAR_FLAGS_OFFSET) & GENERA_VAR_DYNAMIC))) {
    genera_dup(root);
    return root;
  }
  return genera_var_get_b(var, called);
}

/* (k m) for a constant keyword k (m borrowed, result owned), with the
   site's cache: a record of the type the site saw last is one compare and
   a load of the field; anything else goes to genera_get_kw_b, which
   (re)fills the cache. */
static inline gv genera_get_kw(gv m, gv k, uint64_t *cache) {
  uint64_t c = __atomic_load_n(cache, __ATOMIC_RELAXED);
  if (GENERA_LIKELY(genera_is_ptr(m) && genera_tag(m) == GENERA_TAG_RECORD &&
                    genera_word(m, GENERA_HEADER_SIZE) == (c & ((1ull << GENERA_GET_CACHE_DESC_BITS) - 1)))) {
    gv v = genera_word(m, GENERA_HEADER_SIZE + 8 + 8 * (c >> GENERA_GET_CACHE_DESC_BITS));
    genera_dup(v);
    return v;
  }
  return genera_get_kw_b(m, k, cache);
}

/* drop-reuse: a unique record whose block holds size bytes releases its
   fields and becomes a reuse token inline; everything else out of line. */
static inline gv genera_drop_reuse(gv v, size_t size) {
  if (GENERA_LIKELY(genera_is_ptr(v) && *genera_rc(v) == 1 && genera_tag(v) == GENERA_TAG_RECORD)) {
    uint8_t scan = *(uint8_t *)(uintptr_t)(v + GENERA_OFFSET_SCAN);
    if (GENERA_LIKELY(GENERA_HEADER_SIZE + 8 * (size_t)scan >= size)) {
      gv *w = (gv *)(uintptr_t)(v + GENERA_HEADER_SIZE);
      for (uint32_t i = 0; i < scan; i++) genera_drop(w[i]);
      *(uint16_t *)(uintptr_t)(v + GENERA_OFFSET_TAG) = GENERA_TAG_TOKEN;
      *(uint8_t *)(uintptr_t)(v + GENERA_OFFSET_SCAN) = 0;
      *(uint8_t *)(uintptr_t)(v + GENERA_OFFSET_FLAGS) = 0;
      genera_reuse_counts[0]++;
      genera_reuse_counts[1]++;
      return v;
    }
  }
  return genera_drop_reuse_o(v, size);
}

/* (->R ...), into a reuse token or new memory (items: the descriptor, then
   the n - 1 fields, all consumed): when the descriptor is the one this
   site's cache says is a record type of n - 1 fields, the header and fields
   are written inline (ext and meta nil); everything else out of line. */
static inline gv genera_record_o(gv token, const gv *items, uint32_t n, uint64_t *cache) {
  if (GENERA_LIKELY(items[0] == __atomic_load_n(cache, __ATOMIC_RELAXED))) {
    if (token == GV_NONE) {
      token = genera_alloc(GENERA_HEADER_SIZE + 8 * ((size_t)n + 2), GENERA_TAG_RECORD, (uint8_t)(n + 2));
    } else {
      *genera_rc(token) = 1;
      *(uint16_t *)(uintptr_t)(token + GENERA_OFFSET_TAG) = GENERA_TAG_RECORD;
      *(uint8_t *)(uintptr_t)(token + GENERA_OFFSET_SCAN) = (uint8_t)(n + 2);
      *(uint8_t *)(uintptr_t)(token + GENERA_OFFSET_FLAGS) = 0;
      genera_reuse_counts[2]++;
    }
    gv *w = (gv *)(uintptr_t)(token + GENERA_HEADER_SIZE);
    for (uint32_t i = 0; i < n; i++) w[i] = items[i];
    w[n] = GV_NIL;
    w[n + 1] = GV_NIL;
    return token;
  }
  return genera_instance_cached_o(token, items, n, cache);
}

/* A call of a top-level defn's C arity function (self is its immortal
   closure, args owned), running the trampoline if it tail-called. */
static inline gv genera_call_direct(genera_arity_fn fn, gv self, gv *args) {
  gv r = fn(self, args);
  if (GENERA_UNLIKELY(r == GV_TAIL)) r = genera_trampoline();
  return r;
}

/* Calls of clojure.core functions inlined (f and the arguments owned):
   when f is the function the var held at start-up (genera_core_fns), the
   fast path here; else an ordinary call. Those functions are immortal, so
   f needs no drop. */
extern uint64_t genera_core_fns[];
#define GENERA_IS_CORE(f, which) GENERA_LIKELY((f) == genera_core_fns[GENERA_CORE_##which])
static inline int genera_is_instance_tag(uint16_t t) {
  return t == GENERA_TAG_RECORD || t == GENERA_TAG_DEFTYPE || t == GENERA_TAG_REIFY;
}
static inline gv genera_core_instance_p(gv f, gv c, gv x) {
  if (GENERA_IS_CORE(f, INSTANCE_P) && genera_is_ptr(c) && genera_tag(c) == GENERA_TAG_TYPEDESC) {
    int r = genera_is_ptr(x) && genera_is_instance_tag(genera_tag(x)) &&
            genera_word(x, GENERA_HEADER_SIZE) == c;
    genera_drop(x);
    genera_drop(c);
    return genera_bool(r);
  }
  return genera_call(f, (gv[]){c, x}, 2);
}
static inline gv genera_core_some_p(gv f, gv x) {
  if (GENERA_IS_CORE(f, SOME_P)) {
    genera_drop(x);
    return genera_bool(x != GV_NIL);
  }
  return genera_call(f, (gv[]){x}, 1);
}
static inline gv genera_core_not_eq(gv f, gv a, gv b) {
  if (GENERA_IS_CORE(f, NOT_EQ)) {
    gv r = genera_equiv(a, b);
    genera_drop(a);
    genera_drop(b);
    if (r == GV_THROWN) return r;
    return genera_bool(r == GV_FALSE);
  }
  return genera_call(f, (gv[]){a, b}, 2);
}
static inline gv genera_core_even_p(gv f, gv x) {
  if (GENERA_IS_CORE(f, EVEN_P) && genera_is_fixnum(x)) return genera_bool(((x >> 1) & 1) == 0);
  return genera_call(f, (gv[]){x}, 1);
}
static inline gv genera_core_odd_p(gv f, gv x) {
  if (GENERA_IS_CORE(f, ODD_P) && genera_is_fixnum(x)) return genera_bool(((x >> 1) & 1) != 0);
  return genera_call(f, (gv[]){x}, 1);
}

/* (+ a b c) and (* a b c): left to right, as clojure.core's reduce does. */
#define GENERA_CORE_ARITH3(name, op, which)                                        \
  static inline gv genera_core_##name##3(gv f, gv a, gv b, gv c) {                \
    if (GENERA_IS_CORE(f, which)) {                                                \
      gv t = genera_##op(a, b);                                                    \
      genera_drop(a);                                                              \
      genera_drop(b);                                                              \
      if (GENERA_UNLIKELY(t == GV_THROWN)) {                                       \
        genera_drop(c);                                                            \
        return t;                                                                  \
      }                                                                            \
      gv r = genera_##op(t, c);                                                    \
      genera_drop(t);                                                              \
      genera_drop(c);                                                              \
      return r;                                                                    \
    }                                                                              \
    return genera_call(f, (gv[]){a, b, c}, 3);                                     \
  }
GENERA_CORE_ARITH3(add, add, ADD)
GENERA_CORE_ARITH3(mul, mul, MUL)

/* Tested on entry to every generated function: StackOverflowError instead of a crash. */
#define GENERA_STACK_EXCEEDED() \
  GENERA_UNLIKELY((uintptr_t)__builtin_frame_address(0) < genera_stack_limit)

#endif
