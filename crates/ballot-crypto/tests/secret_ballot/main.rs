//! The secret-ballot test suite: honest elections, every attack of issue 4, properties, and the
//! committed test vectors. One binary, so the crate is linked once.

// Helpers outside `#[test]` functions unwrap too: a failure there is the test's failure.
#![allow(clippy::unwrap_used)]

mod attacks;
mod dkg;
mod honest;
mod props;
mod support;
mod vectors;
