//! A PostgreSQL server for the tests: Debian's packages (installed if missing), a cluster made
//! by `initdb` in a temporary directory, reached only through a Unix socket in that directory
//! (no TCP port, so nothing else on the machine can collide with it or reach it), with a role
//! and a database `plenum`. Stopped and removed when dropped.
//!
//! PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
//! that Debian's package creates, and its commands run through `runuser`.
//!
//! When `PLENUM_TEST_POSTGRES` is already set, that server is used and nothing is started.

use std::path::{Path, PathBuf};

/// The variable the PostgreSQL tests read their connection string from.
pub const VARIABLE: &str = "PLENUM_TEST_POSTGRES";

/// The running server, or the one named by the environment.
pub struct Server {
    connection: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
}

impl Server {
    /// The variable to pass to the tests.
    pub fn env(&self) -> (&'static str, String) {
        (VARIABLE, self.connection.clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(cluster) = &self.cluster {
            let data = cluster.dir.join("data");
            let _ = cluster.command("pg_ctl", &["-D", &path(&data), "-m", "fast", "-w", "stop"]);
            let _ = std::fs::remove_dir_all(&cluster.dir);
        }
    }
}

impl Cluster {
    /// Runs one of the server's programs as the cluster's owner.
    fn command(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let program = path(&self.bin.join(program));
        if self.as_postgres {
            crate::run("runuser", &[&["-u", "postgres", "--", &program], args].concat())
        } else {
            crate::run(&program, args)
        }
    }
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// The directory of the newest installed PostgreSQL's programs.
fn binaries() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// Starts a server for the tests, or names the one the environment gives.
///
/// # Errors
/// When PostgreSQL cannot be installed or started.
pub fn start() -> Result<Server, String> {
    if let Ok(connection) = std::env::var(VARIABLE) {
        eprintln!("xtask: the PostgreSQL tests use {VARIABLE} as set");
        return Ok(Server { connection, cluster: None });
    }
    let bin = match binaries() {
        Some(bin) => bin,
        None => {
            crate::apt_install(&["postgresql"])?;
            binaries().ok_or("PostgreSQL was installed but its programs are not found")?
        }
    };
    let as_postgres = crate::is_root();
    let dir = std::env::temp_dir().join(format!("plenum-postgres-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if as_postgres {
        crate::run("chown", &["postgres:postgres", &path(&dir)])?;
    }
    // From here on the cluster is stopped and removed on any failure.
    let server = Server {
        connection: format!("host={} user=plenum dbname=plenum", dir.display()),
        cluster: Some(Cluster { dir: dir.clone(), bin: bin.clone(), as_postgres }),
    };
    let cluster = server.cluster.as_ref().expect("just set");
    let data = path(&dir.join("data"));
    cluster.command(
        "initdb",
        &["-D", &data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
    )?;
    let options = format!("-c listen_addresses='' -k {}", dir.display());
    let log = path(&dir.join("server.log"));
    cluster.command("pg_ctl", &["-D", &data, "-l", &log, "-o", &options, "-w", "start"])?;
    let socket = path(&dir);
    crate::run(
        &path(&bin.join("psql")),
        &[
            "-h",
            &socket,
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "CREATE ROLE plenum LOGIN",
            "-c",
            "CREATE DATABASE plenum OWNER plenum",
        ],
    )?;
    eprintln!("xtask: PostgreSQL is running for the tests: {VARIABLE}='{}'", server.connection);
    Ok(server)
}
