//! The mark a serving node leaves in its data directory (`serving`: its process id and
//! address), so that commands run beside it do not write to the store behind its back: the
//! node keeps its assemblies in memory and would not see what they wrote until it restarts.
//! `plenum bundle import` hands the bundle to the serving node instead; `plenum sync` says to
//! use the node's Sync page or its `--peer` list.

use std::path::{Path, PathBuf};

/// The file's name in the data directory.
const FILE: &str = "serving";

/// The mark, removed when dropped (a node killed outright leaves it; its process id then
/// names no running process, and the mark is ignored).
pub struct Mark(PathBuf);

impl Drop for Mark {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Leaves the mark of a node serving at `url`.
///
/// # Errors
/// When the file cannot be written.
pub fn mark(dir: &Path, url: &str) -> std::io::Result<Mark> {
    let path = dir.join(FILE);
    std::fs::write(&path, format!("{}\n{url}\n", std::process::id()))?;
    Ok(Mark(path))
}

/// The address of the node serving this data directory, if one is running.
#[must_use]
pub fn serving(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(FILE)).ok()?;
    let mut lines = text.lines();
    let pid: u32 = lines.next()?.trim().parse().ok()?;
    let url = lines.next()?.trim().to_string();
    // The process must still run and be plenum (a process id can be reused after a kill).
    let command = std::fs::read(Path::new("/proc").join(pid.to_string()).join("cmdline")).ok()?;
    let is_plenum = String::from_utf8_lossy(&command).contains("plenum");
    (is_plenum && pid != std::process::id()).then_some(url)
}
