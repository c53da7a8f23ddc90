//! The memory core: the value word, the object header, the type tags and
//! the heap (allocation, reference counting, freeing, reuse tokens).
//!
//! This is the ABI every tier shares: the VM, and the C and Cranelift code
//! generators, read their layout constants from here. **It imports nothing
//! above it** (checked by `tidy::memory_core_imports_nothing_above_it`); the
//! one call upward, releasing an object's non-value payload, goes through
//! the `genera_finalize_payload` symbol the data layer defines.

pub mod heap;
pub mod object;
pub mod tag;
pub mod value;
