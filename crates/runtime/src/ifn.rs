//! Data that can be called as a function: keywords, maps, sets, vectors, vars.
use crate::{Res, Value};

pub fn invoke_data(f: Value, _args: &[Value]) -> Res {
    Err(crate::error::not_callable(f))
}
