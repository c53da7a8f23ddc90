//! Exceptions.
use crate::{Thrown, Value};

pub fn illegal_state(_msg: &str) -> Thrown {
    Thrown(Value::NIL)
}
pub fn not_callable(_f: Value) -> Thrown {
    Thrown(Value::NIL)
}
