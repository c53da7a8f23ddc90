//! Clojure's hashing primitives (`clojure.lang.Murmur3` and `Util`), so that
//! `hash` gives the numbers JVM Clojure gives and hash-ordered collections
//! can later iterate in the same order.

const SEED: u32 = 0;
const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

#[inline]
fn mix_k1(mut k1: u32) -> u32 {
    k1 = k1.wrapping_mul(C1);
    k1 = k1.rotate_left(15);
    k1.wrapping_mul(C2)
}

#[inline]
fn mix_h1(mut h1: u32, k1: u32) -> u32 {
    h1 ^= k1;
    h1 = h1.rotate_left(13);
    h1.wrapping_mul(5).wrapping_add(0xe654_6b64)
}

#[inline]
fn fmix(mut h1: u32, length: u32) -> u32 {
    h1 ^= length;
    h1 ^= h1 >> 16;
    h1 = h1.wrapping_mul(0x85eb_ca6b);
    h1 ^= h1 >> 13;
    h1 = h1.wrapping_mul(0xc2b2_ae35);
    h1 ^= h1 >> 16;
    h1
}

/// `Murmur3.hashInt`.
pub fn hash_int(input: i32) -> i32 {
    if input == 0 {
        return 0;
    }
    let k1 = mix_k1(input as u32);
    let h1 = mix_h1(SEED, k1);
    fmix(h1, 4) as i32
}

/// `Murmur3.hashLong`.
pub fn hash_long(input: i64) -> i32 {
    if input == 0 {
        return 0;
    }
    let low = input as u32;
    let high = ((input as u64) >> 32) as u32;
    let mut h1 = mix_h1(SEED, mix_k1(low));
    h1 = mix_h1(h1, mix_k1(high));
    fmix(h1, 8) as i32
}

/// `Murmur3.hashUnencodedChars` over the UTF-16 code units of `s`.
pub fn hash_unencoded_chars(s: &str) -> i32 {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut h1 = SEED;
    let mut i = 1;
    while i < units.len() {
        let k1 = (units[i - 1] as u32) | ((units[i] as u32) << 16);
        h1 = mix_h1(h1, mix_k1(k1));
        i += 2;
    }
    if units.len() & 1 == 1 {
        h1 ^= mix_k1(units[units.len() - 1] as u32);
    }
    fmix(h1, 2 * units.len() as u32) as i32
}

/// `Murmur3.mixCollHash`: the final mix of an ordered or unordered
/// collection hash.
pub fn mix_coll_hash(hash: i32, count: i32) -> i32 {
    let k1 = mix_k1(hash as u32);
    let h1 = mix_h1(SEED, k1);
    fmix(h1, count as u32) as i32
}

/// Java's `String.hashCode`, over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    let mut h: i32 = 0;
    for u in s.encode_utf16() {
        h = h.wrapping_mul(31).wrapping_add(u as i32);
    }
    h
}

/// `Util.hashCombine`.
pub fn hash_combine(seed: i32, hash: i32) -> i32 {
    // Java's `>>` on an int is arithmetic: shift the signed value.
    let sh = (seed >> 2) as u32;
    let seed = seed as u32;
    (seed
        ^ (hash as u32)
            .wrapping_add(0x9e37_79b9)
            .wrapping_add(seed << 6)
            .wrapping_add(sh)) as i32
}

/// Java's `Double.hashCode`.
pub fn java_double_hash(d: f64) -> i32 {
    let bits = if d.is_nan() {
        0x7ff8_0000_0000_0000u64
    } else {
        d.to_bits()
    };
    (bits ^ (bits >> 32)) as i32
}

/// Java's `BigInteger.hashCode`.
pub fn java_bigint_hash(b: &num_bigint::BigInt) -> i32 {
    let (sign, digits) = b.to_u32_digits();
    let mut h: i32 = 0;
    for d in digits.iter().rev() {
        h = h.wrapping_mul(31).wrapping_add(*d as i32);
    }
    match sign {
        num_bigint::Sign::Minus => h.wrapping_neg(),
        num_bigint::Sign::NoSign => 0,
        num_bigint::Sign::Plus => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_clojure() {
        // (hash 1) in JVM Clojure; Java's "abc".hashCode().
        assert_eq!(hash_long(1), 1392991556);
        assert_eq!(hash_long(0), 0);
        assert_eq!(java_string_hash("abc"), 96354);
    }
}
