//! The browser's signing module: the same Rust that builds and checks events everywhere else,
//! compiled to WebAssembly, so a member's key is made and used only on their device.
//!
//! WebCrypto is not used: `crypto.subtle` does not exist on a plain-HTTP LAN address, which is
//! how most members reach a node when the internet is cut. Randomness comes from
//! `crypto.getRandomValues`, which does exist there, passed in by the page's script.
//!
//! The whole interface is one function taking a JSON request and returning a JSON answer
//! ([`ops::call`]); [`abi`] exposes it to JavaScript with plain exports, so no generated glue
//! is needed and the module stays small.

pub mod ops;
mod secret;

#[cfg(target_arch = "wasm32")]
mod abi;
