//! The arithmetic a rule counts in: fixed decimal, guarded decimal, or exact rational.
//!
//! STV rules prescribe their arithmetic, and a count is only reproducible if every rounding is
//! the one the rule states. The three kinds here follow Droop's definitions exactly, because
//! Droop's reference counts are our conformance vectors:
//! - [`Fixed`]: decimal fixed point with `precision` places; products and quotients truncate
//!   (or round up where the rule says so). Native `i128`, so fast enough for a million ballots.
//! - [`Guarded`]: fixed point with `precision + guard` places, where two values closer than
//!   half a unit of the guard digits compare *equal*. With enough digits it behaves like exact
//!   arithmetic at a fraction of the cost. Big integers, since 27 digits squared overflow `i128`.
//! - [`Rational`]: exact fractions of big integers.
//!
//! A rule is written once, generic over [`Arith`]; values are plain data (`Arith::V`) and every
//! operation goes through the arithmetic object, which holds the scale.

use std::cmp::Ordering;
use std::fmt::Debug;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// Which way an inexact product or quotient rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Down,
    Up,
}

/// One kind of arithmetic. Values are `Self::V`; the object carries precision and scale.
pub trait Arith {
    type V: Clone + Debug;

    /// `fixed`, `guarded` or `rational`.
    fn name(&self) -> &'static str;
    /// Whether the arithmetic counts as exact for the rules (guarded with guard digits does).
    fn exact(&self) -> bool;
    /// The digits shown in a transcript.
    fn display_digits(&self) -> u32;
    fn int(&self, n: u64) -> Self::V;
    fn zero(&self) -> Self::V {
        self.int(0)
    }
    fn one(&self) -> Self::V {
        self.int(1)
    }
    /// The smallest positive value (zero for exact arithmetic, which has none).
    fn epsilon(&self) -> Self::V;
    fn add(&self, a: &Self::V, b: &Self::V) -> Self::V;
    fn sub(&self, a: &Self::V, b: &Self::V) -> Self::V;
    /// `a * b`, rounded as asked (guarded and rational ignore the rounding).
    fn mul(&self, a: &Self::V, b: &Self::V, r: Rounding) -> Self::V;
    /// `a / b`, rounded as asked; `b` must not be zero.
    fn div(&self, a: &Self::V, b: &Self::V, r: Rounding) -> Self::V;
    /// `a * b / c` keeping the full precision of `a * b`.
    fn muldiv(&self, a: &Self::V, b: &Self::V, c: &Self::V, r: Rounding) -> Self::V;
    /// `a * n`, exact.
    fn mul_int(&self, a: &Self::V, n: u64) -> Self::V;
    /// The rule's comparison (approximate for guarded arithmetic).
    fn cmp(&self, a: &Self::V, b: &Self::V) -> Ordering;
    /// The exact comparison of the underlying numbers.
    fn cmp_exact(&self, a: &Self::V, b: &Self::V) -> Ordering;
    /// Exactly zero (not merely within the guard).
    fn is_zero(&self, a: &Self::V) -> bool;
    /// The value as a decimal string at the display precision, rounded half up.
    fn display(&self, a: &Self::V) -> String;

    fn lt(&self, a: &Self::V, b: &Self::V) -> bool {
        self.cmp(a, b) == Ordering::Less
    }
    fn le(&self, a: &Self::V, b: &Self::V) -> bool {
        self.cmp(a, b) != Ordering::Greater
    }
    fn gt(&self, a: &Self::V, b: &Self::V) -> bool {
        self.cmp(a, b) == Ordering::Greater
    }
    fn ge(&self, a: &Self::V, b: &Self::V) -> bool {
        self.cmp(a, b) != Ordering::Less
    }
    fn eq(&self, a: &Self::V, b: &Self::V) -> bool {
        self.cmp(a, b) == Ordering::Equal
    }
    fn sum<'a>(&self, values: impl IntoIterator<Item = &'a Self::V>) -> Self::V
    where
        Self::V: 'a,
    {
        values.into_iter().fold(self.zero(), |acc, v| self.add(&acc, v))
    }
}

/// Decimal fixed point on `i128`: `precision` places, truncating.
#[derive(Debug, Clone, Copy)]
pub struct Fixed {
    precision: u32,
    display: u32,
    scale: i128,
}

/// The largest precision [`Fixed`] accepts.
pub const FIXED_MAX_PRECISION: u32 = 12;

impl Fixed {
    /// Fixed point with `precision` places, shown with `display` places (at most `precision`).
    #[must_use]
    pub fn new(precision: u32, display: u32) -> Self {
        let precision = precision.min(FIXED_MAX_PRECISION);
        Self { precision, display: display.min(precision), scale: 10i128.pow(precision) }
    }

    #[must_use]
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// The largest total weight this arithmetic counts without any overflow: every product of
    /// two values stays inside `i128`.
    #[must_use]
    pub fn max_total_weight(&self) -> u64 {
        // Values are at most total * scale; their product must stay below 1.7e38.
        let limit: i128 = 10i128.pow(19) / self.scale;
        u64::try_from(limit).unwrap_or(u64::MAX)
    }
}

fn floor_div(a: i128, b: i128) -> i128 {
    a.div_euclid(b) - if b < 0 && a.rem_euclid(b) != 0 { 1 } else { 0 }
}

fn div_round_i128(a: i128, b: i128, r: Rounding) -> i128 {
    let q = floor_div(a, b);
    if r == Rounding::Up && q * b != a { q + 1 } else { q }
}

/// Formats `raw / 10^digits` as a decimal with exactly `digits` places.
fn format_scaled(raw: &BigInt, digits: u32) -> String {
    let neg = raw.is_negative();
    let s = raw.abs().to_string();
    let digits = digits as usize;
    let body = if digits == 0 {
        s
    } else if s.len() > digits {
        format!("{}.{}", &s[..s.len() - digits], &s[s.len() - digits..])
    } else {
        format!("0.{}{}", "0".repeat(digits - s.len()), s)
    };
    if neg { format!("-{body}") } else { body }
}

fn format_scaled_i128(raw: i128, digits: u32) -> String {
    format_scaled(&BigInt::from(raw), digits)
}

impl Arith for Fixed {
    type V = i128;

    fn name(&self) -> &'static str {
        "fixed"
    }
    fn exact(&self) -> bool {
        false
    }
    fn display_digits(&self) -> u32 {
        self.display
    }
    fn int(&self, n: u64) -> i128 {
        i128::from(n) * self.scale
    }
    fn epsilon(&self) -> i128 {
        1
    }
    #[inline]
    fn add(&self, a: &i128, b: &i128) -> i128 {
        a + b
    }
    #[inline]
    fn sub(&self, a: &i128, b: &i128) -> i128 {
        a - b
    }
    #[inline]
    fn mul(&self, a: &i128, b: &i128, r: Rounding) -> i128 {
        let p = a * b;
        // Fast path: non-negative products that fit a u64 divide natively.
        if let Ok(p64) = u64::try_from(p) {
            let s = self.scale as u64;
            let q = p64 / s;
            let q = if r == Rounding::Up && q * s != p64 { q + 1 } else { q };
            return i128::from(q);
        }
        div_round_i128(p, self.scale, r)
    }
    #[inline]
    fn div(&self, a: &i128, b: &i128, r: Rounding) -> i128 {
        div_round_i128(a * self.scale, *b, r)
    }
    #[inline]
    fn muldiv(&self, a: &i128, b: &i128, c: &i128, r: Rounding) -> i128 {
        div_round_i128(a * b, *c, r)
    }
    #[inline]
    fn mul_int(&self, a: &i128, n: u64) -> i128 {
        a * i128::from(n)
    }
    #[inline]
    fn cmp(&self, a: &i128, b: &i128) -> Ordering {
        a.cmp(b)
    }
    fn cmp_exact(&self, a: &i128, b: &i128) -> Ordering {
        a.cmp(b)
    }
    fn is_zero(&self, a: &i128) -> bool {
        *a == 0
    }
    fn display(&self, a: &i128) -> String {
        let cut = 10i128.pow(self.precision - self.display);
        let v = if cut > 1 { floor_div(a + cut / 2, cut) } else { *a };
        format_scaled_i128(v, self.display)
    }
}

/// Guarded fixed point: `precision + guard` places; values within half a guard unit are equal.
#[derive(Debug, Clone)]
pub struct Guarded {
    precision: u32,
    guard: u32,
    display: u32,
    scale: BigInt,
    geps: BigInt,
}

impl Guarded {
    #[must_use]
    pub fn new(precision: u32, guard: u32, display: u32) -> Self {
        let half = BigInt::from(10u32).pow(guard) / 2u32;
        let geps = if half.is_zero() { BigInt::one() } else { half };
        Self {
            precision,
            guard,
            display: display.min(precision + guard),
            scale: BigInt::from(10u32).pow(precision + guard),
            geps,
        }
    }
}

fn floor_div_big(a: &BigInt, b: &BigInt) -> BigInt {
    a.div_floor(b)
}

fn div_round_big(a: &BigInt, b: &BigInt, r: Rounding) -> BigInt {
    let (q, rem) = a.div_mod_floor(b);
    if r == Rounding::Up && !rem.is_zero() { q + 1u32 } else { q }
}

impl Arith for Guarded {
    type V = BigInt;

    fn name(&self) -> &'static str {
        "guarded"
    }
    fn exact(&self) -> bool {
        self.guard > 0
    }
    fn display_digits(&self) -> u32 {
        self.display
    }
    fn int(&self, n: u64) -> BigInt {
        BigInt::from(n) * &self.scale
    }
    fn epsilon(&self) -> BigInt {
        if self.guard == 0 { BigInt::one() } else { BigInt::zero() }
    }
    fn add(&self, a: &BigInt, b: &BigInt) -> BigInt {
        a + b
    }
    fn sub(&self, a: &BigInt, b: &BigInt) -> BigInt {
        a - b
    }
    fn mul(&self, a: &BigInt, b: &BigInt, r: Rounding) -> BigInt {
        let r = if self.guard > 0 { Rounding::Down } else { r };
        div_round_big(&(a * b), &self.scale, r)
    }
    fn div(&self, a: &BigInt, b: &BigInt, r: Rounding) -> BigInt {
        let r = if self.guard > 0 { Rounding::Down } else { r };
        div_round_big(&(a * &self.scale), b, r)
    }
    fn muldiv(&self, a: &BigInt, b: &BigInt, c: &BigInt, r: Rounding) -> BigInt {
        let r = if self.guard > 0 { Rounding::Down } else { r };
        div_round_big(&(a * b), c, r)
    }
    fn mul_int(&self, a: &BigInt, n: u64) -> BigInt {
        a * n
    }
    fn cmp(&self, a: &BigInt, b: &BigInt) -> Ordering {
        let diff = (a - b).abs();
        if diff < self.geps { Ordering::Equal } else { a.cmp(b) }
    }
    fn cmp_exact(&self, a: &BigInt, b: &BigInt) -> Ordering {
        a.cmp(b)
    }
    fn is_zero(&self, a: &BigInt) -> bool {
        a.is_zero()
    }
    fn display(&self, a: &BigInt) -> String {
        let cut = BigInt::from(10u32).pow(self.guard + self.precision - self.display);
        let half = &cut / 2u32;
        let v = floor_div_big(&(a + half), &cut);
        format_scaled(&v, self.display)
    }
}

/// Exact rational arithmetic, shown with `display` places.
#[derive(Debug, Clone)]
pub struct Rational {
    display: u32,
}

impl Rational {
    #[must_use]
    pub fn new(display: u32) -> Self {
        Self { display }
    }
}

impl Arith for Rational {
    type V = BigRational;

    fn name(&self) -> &'static str {
        "rational"
    }
    fn exact(&self) -> bool {
        true
    }
    fn display_digits(&self) -> u32 {
        self.display
    }
    fn int(&self, n: u64) -> BigRational {
        BigRational::from_integer(BigInt::from(n))
    }
    fn epsilon(&self) -> BigRational {
        BigRational::zero()
    }
    fn add(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a + b
    }
    fn sub(&self, a: &BigRational, b: &BigRational) -> BigRational {
        a - b
    }
    fn mul(&self, a: &BigRational, b: &BigRational, _r: Rounding) -> BigRational {
        a * b
    }
    fn div(&self, a: &BigRational, b: &BigRational, _r: Rounding) -> BigRational {
        a / b
    }
    fn muldiv(
        &self,
        a: &BigRational,
        b: &BigRational,
        c: &BigRational,
        _r: Rounding,
    ) -> BigRational {
        a * b / c
    }
    fn mul_int(&self, a: &BigRational, n: u64) -> BigRational {
        a * BigInt::from(n)
    }
    fn cmp(&self, a: &BigRational, b: &BigRational) -> Ordering {
        a.cmp(b)
    }
    fn cmp_exact(&self, a: &BigRational, b: &BigRational) -> Ordering {
        a.cmp(b)
    }
    fn is_zero(&self, a: &BigRational) -> bool {
        a.is_zero()
    }
    fn display(&self, a: &BigRational) -> String {
        let dps = BigInt::from(10u32).pow(self.display);
        let v = if a.is_zero() || a.denom().is_one() {
            a.numer() * &dps
        } else {
            let half = BigRational::new(BigInt::one(), &dps * 2u32);
            let x = a + half;
            floor_div_big(&(x.numer() * &dps), x.denom())
        };
        format_scaled(&v, self.display)
    }
}

/// Parses a non-negative decimal string (`"12"`, `"0.5"`) into a value scaled by `10^places`,
/// truncating extra places. `None` if it is not such a number.
#[must_use]
pub fn parse_decimal(s: &str, places: u32) -> Option<i128> {
    let s = s.trim();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in int.bytes() {
        v = v.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let mut digits = frac.bytes();
    for _ in 0..places {
        let d = digits.next().map_or(0, |b| i128::from(b - b'0'));
        v = v.checked_mul(10)?.checked_add(d)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_truncates_and_rounds_display_half_up() {
        let a = Fixed::new(5, 5);
        let third = a.div(&a.one(), &a.int(3), Rounding::Down);
        assert_eq!(a.display(&third), "0.33333");
        let up = a.div(&a.one(), &a.int(3), Rounding::Up);
        assert_eq!(a.display(&up), "0.33334");
        let d = Fixed::new(9, 4);
        assert_eq!(d.display(&666_650_000), "0.6667");
        assert_eq!(d.display(&666_640_000), "0.6666");
        assert_eq!(a.muldiv(&a.int(2), &a.int(1), &a.int(3), Rounding::Down), 66_666);
    }

    #[test]
    fn guarded_equality_is_within_half_a_guard_unit() {
        let g = Guarded::new(18, 9, 18);
        let one = g.one();
        let third = g.div(&one, &g.int(3), Rounding::Down);
        let back = g.mul(&third, &g.int(3), Rounding::Down);
        assert_eq!(g.cmp(&back, &one), Ordering::Equal);
        assert_ne!(g.cmp_exact(&back, &one), Ordering::Equal);
        assert_eq!(g.display(&third), "0.333333333333333333");
    }

    #[test]
    fn rational_display_rounds_half_up() {
        let r = Rational::new(3);
        let two_thirds = r.div(&r.int(2), &r.int(3), Rounding::Down);
        assert_eq!(r.display(&two_thirds), "0.667");
        assert_eq!(r.display(&r.int(7)), "7.000");
    }

    #[test]
    fn decimals_parse_strictly() {
        assert_eq!(parse_decimal("7.2501", 4), Some(72_501));
        assert_eq!(parse_decimal("6", 4), Some(60_000));
        assert_eq!(parse_decimal("0.00009", 4), Some(0));
        assert_eq!(parse_decimal("-1", 4), None);
        assert_eq!(parse_decimal("1e3", 4), None);
        assert_eq!(parse_decimal(".", 4), None);
    }
}
