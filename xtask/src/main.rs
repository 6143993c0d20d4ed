//! `cargo xtask …`: the repository's automation (see `--help`).

fn main() {
    eprintln!("usage: cargo xtask <serve|test>");
}
