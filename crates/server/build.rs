//! Builds the browser's signing module (`crates/browser`) for WebAssembly, so the server binary
//! embeds the very code it serves: one `cargo build` makes a complete node.
//!
//! The module is built by a nested `cargo build` into its own target directory beside the
//! outer one (sharing the outer directory would wait on its lock forever). Set `PLENUM_WASM`
//! to the path of a module built elsewhere to skip this step.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let workspace = manifest.parent().and_then(Path::parent).expect("crates/server in a workspace");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it"));
    let dest = out.join("plenum.wasm");

    println!("cargo:rerun-if-env-changed=PLENUM_WASM");
    if let Ok(prebuilt) = env::var("PLENUM_WASM") {
        std::fs::copy(&prebuilt, &dest)
            .unwrap_or_else(|e| panic!("PLENUM_WASM={prebuilt} cannot be read: {e}"));
        return;
    }
    for path in
        ["crates/browser", "crates/record", "crates/vault", "crates/ballot-crypto", "Cargo.lock"]
    {
        println!("cargo:rerun-if-changed={}", workspace.join(path).display());
    }

    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc).args(["--print", "sysroot"]).output().ok();
    let installed = sysroot.is_some_and(|o| {
        let root = String::from_utf8_lossy(&o.stdout).trim().to_string();
        Path::new(&root).join("lib/rustlib").join(TARGET).exists()
    });
    assert!(
        installed,
        "the WebAssembly target is not installed; run `rustup target add {TARGET}` \
         (`cargo xtask serve` and `cargo xtask test` do it for you)"
    );

    // OUT_DIR is <target>/<profile>/build/<package>/out.
    let outer_target = out.ancestors().nth(4).expect("OUT_DIR lies four levels under the target");
    let target_dir = outer_target.join("wasm-build");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(workspace)
        .args(["build", "--package", "browser", "--target", TARGET, "--profile", "wasm"])
        .arg("--target-dir")
        .arg(&target_dir);
    // The outer build's flags and wrappers are for the host, not for WebAssembly.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_LLVM_COV",
    ] {
        build.env_remove(var);
    }
    let status = build.status().expect("cargo can be started from a build script");
    assert!(status.success(), "building the browser module for WebAssembly failed (see above)");
    let built = target_dir.join(TARGET).join("wasm").join("browser.wasm");
    std::fs::copy(&built, &dest).unwrap_or_else(|e| panic!("cannot copy {}: {e}", built.display()));
}
