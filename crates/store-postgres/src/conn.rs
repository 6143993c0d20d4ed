//! The connection: a small runtime the store owns, one client behind an async mutex that is
//! connected again when the server dropped it, and [`Conn::run`], through which synchronous
//! code waits for a query without ever entering an async runtime itself.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use store::StoreError;
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

/// A future that borrows the session it runs on.
pub(crate) type Job<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'a>>;

/// How long a connection attempt may take before it counts as unreachable, unless the
/// connection string sets `connect_timeout` itself.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The errors a job may end with when the connection itself failed: each error type says
/// what that means for it.
pub(crate) trait Lost: Send + 'static {
    fn lost(detail: String) -> Self;
}

impl Lost for StoreError {
    fn lost(detail: String) -> Self {
        StoreError::Io(detail)
    }
}

/// One connection to the server and the statements prepared on it.
pub(crate) struct Session {
    pub(crate) client: Client,
    statements: HashMap<&'static str, Statement>,
    /// A call failed in a way that leaves the connection unusable; the next job connects
    /// again. (The client learns that the server closed it only a moment later.)
    broken: bool,
}

impl Session {
    /// The error as the store reports it; an error the server did not answer with a
    /// statement's failure (the connection closed or failed, or the server ends the
    /// session) marks the session broken.
    fn failed(&mut self, e: &tokio_postgres::Error) -> StoreError {
        let statement_failed =
            e.as_db_error().is_some_and(|db| !matches!(db.severity(), "FATAL" | "PANIC"));
        if !statement_failed {
            self.broken = true;
        }
        StoreError::Io(detail(e))
    }

    /// A statement prepared once per connection: later calls skip the round trip of parsing.
    async fn prepared(&mut self, sql: &'static str) -> Result<Statement, tokio_postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).await?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    pub(crate) async fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        match self.prepared(sql).await {
            Ok(statement) => match self.client.query(&statement, params).await {
                Ok(rows) => Ok(rows),
                Err(e) => Err(self.failed(&e)),
            },
            Err(e) => Err(self.failed(&e)),
        }
    }

    pub(crate) async fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        match self.prepared(sql).await {
            Ok(statement) => match self.client.execute(&statement, params).await {
                Ok(n) => Ok(n),
                Err(e) => Err(self.failed(&e)),
            },
            Err(e) => Err(self.failed(&e)),
        }
    }
}

/// A runtime of one worker thread that drives the connection, and the session on it.
pub(crate) struct Conn {
    /// Taken only when dropped (see [`Drop`]).
    runtime: Option<Runtime>,
    config: Config,
    session: Arc<tokio::sync::Mutex<Option<Session>>>,
}

impl Conn {
    /// Starts the runtime; the first job connects.
    pub(crate) fn new(mut config: Config) -> std::io::Result<Self> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("plenum-postgres")
            .enable_all()
            .build()?;
        Ok(Self { runtime: Some(runtime), config, session: Arc::default() })
    }

    /// Runs `job` on the session, connecting first if there is no live connection, and waits
    /// for its result. Jobs run one at a time, in the order they were asked for.
    ///
    /// Safe from any thread, also one of another async runtime: the job runs on this
    /// connection's own runtime and the caller waits on a plain channel (the `postgres` crate
    /// instead enters its runtime on the caller's thread, which panics inside another one).
    pub(crate) fn run<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: Lost,
        F: for<'a> FnOnce(&'a mut Session) -> Job<'a, T, E> + Send + 'static,
    {
        let Some(runtime) = &self.runtime else {
            return Err(E::lost("the database connection is closed".into()));
        };
        let session = Arc::clone(&self.session);
        let config = self.config.clone();
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        runtime.spawn(async move {
            let mut slot = session.lock().await;
            let result = match live(&mut slot, &config).await {
                Ok(session) => job(session).await,
                Err(detail) => Err(E::lost(detail)),
            };
            let _ = tx.send(result);
        });
        // The sender is dropped without a result only if the job panicked.
        rx.recv().unwrap_or_else(|_| Err(E::lost("a database task failed".into())))
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        // Dropping a runtime blocks until its tasks end, which panics inside another runtime;
        // in the background it cannot. The server rolls back whatever was not committed.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The session in `slot`, connecting (again) when there is none or the server closed it.
async fn live<'a>(
    slot: &'a mut Option<Session>,
    config: &Config,
) -> Result<&'a mut Session, String> {
    if slot.as_ref().is_none_or(|s| s.broken || s.client.is_closed()) {
        *slot = None;
        let (client, connection) = config.connect(NoTls).await.map_err(|e| detail(&e))?;
        tokio::spawn(async move {
            // Ends when the server closes the connection or the client is dropped; the next
            // job then connects again.
            let _ = connection.await;
        });
        durable(&client).await.map_err(|e| detail(&e))?;
        *slot = Some(Session { client, statements: HashMap::new(), broken: false });
    }
    Ok(slot.as_mut().expect("a session was just put in the slot"))
}

/// Makes every commit on this session wait for the server's write-ahead log to reach disk.
/// That is PostgreSQL's default (`synchronous_commit = on`); a server or database configured
/// with `off` would acknowledge commits it can still lose, so this session turns it back on.
/// `local`, `remote_write` and `remote_apply` all flush locally and are kept.
async fn durable(client: &Client) -> Result<(), tokio_postgres::Error> {
    let row = client.query_one("SELECT current_setting('synchronous_commit')", &[]).await?;
    let setting: String = row.get(0);
    if setting == "off" {
        client.batch_execute("SET synchronous_commit TO on").await?;
    }
    Ok(())
}

/// What went wrong, in full: the server's own message for an error it reported, else the
/// client's error and its causes (`tokio_postgres::Error` alone says only "db error" or
/// "error connecting to server").
pub(crate) fn detail(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.hint() {
            Some(hint) => format!("{}: {} ({hint})", db.severity(), db.message()),
            None => format!("{}: {}", db.severity(), db.message()),
        };
    }
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}
