//! The mark a serving node leaves in its PostgreSQL database, the counterpart of the file
//! `serving` in a SQLite data directory: commands run beside the node (from any machine that
//! reaches the database) must not write to the store behind its back, since the node keeps its
//! assemblies in memory and would not see what they wrote.
//!
//! The mark is a session advisory lock, held by a connection of its own for as long as the
//! node serves, and the node's address in the setting `serving`. The server releases the lock
//! when that connection ends — the node stopped, was killed, or lost the server — so a mark
//! left by a dead node is never believed, as a process id that names no process is not.

use crate::conn::Conn;
use crate::migrate::OpenError;

/// The first key of the advisory lock (the second is the schema).
const SERVING_LOCK: i32 = 0x706c_7376; // "plsv"

/// The setting that holds the serving node's address.
const SETTING: &str = "serving";

const TRY_LOCK: &str = "SELECT pg_try_advisory_lock($1, hashtext(coalesce(current_schema(), '')))";

fn failed(e: tokio_postgres::Error) -> OpenError {
    OpenError::Failed(crate::conn::detail(&e))
}

/// The mark of a serving node; removed when dropped (its connection closes).
pub struct ServingMark {
    conn: Conn,
}

impl ServingMark {
    /// Leaves the mark of a node serving at `url` in the database, which must already be
    /// opened (migrated) by [`crate::PostgresStore::connect`].
    ///
    /// # Errors
    /// When the database cannot be reached, or another node holds the mark.
    pub fn take(connection: &str, url: &str) -> Result<Self, OpenError> {
        let conn =
            Conn::new(crate::parse(connection)?).map_err(|e| OpenError::Failed(e.to_string()))?;
        let url = url.as_bytes().to_vec();
        conn.run(move |s| {
            Box::pin(async move {
                let got: bool =
                    s.client.query_one(TRY_LOCK, &[&SERVING_LOCK]).await.map_err(failed)?.get(0);
                if !got {
                    return Err(OpenError::Failed("another node is serving this database".into()));
                }
                s.client
                    .execute(
                        "INSERT INTO settings (key, value) VALUES ($1, $2) \
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        &[&SETTING, &url],
                    )
                    .await
                    .map_err(failed)
            })
        })?;
        Ok(Self { conn })
    }
}

impl Drop for ServingMark {
    /// Releases the lock before the connection closes: the server ends a closed connection's
    /// session (and its locks) a moment later, and a command run just after the node stopped
    /// would still see it serving.
    fn drop(&mut self) {
        let _ = self.conn.run(|s| {
            Box::pin(async move {
                s.client
                    .execute(
                        "SELECT pg_advisory_unlock($1, hashtext(coalesce(current_schema(), '')))",
                        &[&SERVING_LOCK],
                    )
                    .await
                    .map_err(failed)
            })
        });
    }
}

/// The address of the node serving this database, if one is running.
///
/// # Errors
/// When the database cannot be reached.
pub fn serving(connection: &str) -> Result<Option<String>, OpenError> {
    let conn =
        Conn::new(crate::parse(connection)?).map_err(|e| OpenError::Failed(e.to_string()))?;
    conn.run(|s| {
        Box::pin(async move {
            let free: bool =
                s.client.query_one(TRY_LOCK, &[&SERVING_LOCK]).await.map_err(failed)?.get(0);
            if free {
                s.client
                    .execute(
                        "SELECT pg_advisory_unlock($1, hashtext(coalesce(current_schema(), '')))",
                        &[&SERVING_LOCK],
                    )
                    .await
                    .map_err(failed)?;
                return Ok(None);
            }
            let rows = s
                .client
                .query("SELECT value FROM settings WHERE key = $1", &[&SETTING])
                .await
                .map_err(failed)?;
            let url =
                rows.first().and_then(|r| r.try_get::<_, Vec<u8>>(0).ok()).unwrap_or_default();
            Ok(Some(String::from_utf8_lossy(&url).into_owned()))
        })
    })
}
