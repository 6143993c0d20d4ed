//! `plenum`: the one binary.

fn main() {}
