//! The embedded SQLite store, the default: one file, `plenum.sqlite`, in the data directory.
//!
//! Durability: the database runs in WAL mode with `synchronous = FULL`, so a commit returns
//! only after the write-ahead log is synced to disk; an acknowledged event survives `kill -9`
//! and power loss. Many events are committed in one transaction by the node's writer (group
//! commit), so the cost of a sync is shared.
//!
//! Migrations live in `migrations/`, are applied in order at open, and are tracked in
//! `PRAGMA user_version`. They are never modified once landed, only added to.

#![forbid(unsafe_code)]

use std::path::Path;
use std::sync::Mutex;

use record::{AssemblyId, Event, EventId, PublicKey};
use rusqlite::{Connection, OptionalExtension, params};
use store::{Peer, PeerAssembly, Store, StoreError, VaultEntry, normalise_handle};

/// The migrations, in order; the database's `user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_events_vault_settings.sql"),
    include_str!("../migrations/0002_peers.sql"),
];

/// The file name of the database in the data directory.
pub const FILE_NAME: &str = "plenum.sqlite";

/// A SQLite database holding a node's events, vault and settings.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

fn io(e: rusqlite::Error) -> StoreError {
    StoreError::Io(e.to_string())
}

fn int(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Io(format!("{n} does not fit in SQLite")))
}

impl SqliteStore {
    /// Opens (creating if needed) the database in `dir`, applying pending migrations.
    ///
    /// # Errors
    /// When the directory or file cannot be created or opened, or the database was written by
    /// a newer version of plenum.
    pub fn open_dir(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
        Self::open(&dir.join(FILE_NAME))
    }

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// # Errors
    /// As [`SqliteStore::open_dir`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(io)?;
        Self::init(conn)
    }

    /// A database in memory, for tests (durability does not apply).
    ///
    /// # Errors
    /// When SQLite cannot start.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory().map_err(io)?)
    }

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL").map_err(io)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(io)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(io)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(io)?;
        let version: i64 =
            conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(io)?;
        let version = usize::try_from(version).unwrap_or(usize::MAX);
        if version > MIGRATIONS.len() {
            return Err(StoreError::Corrupt(format!(
                "the database is at schema version {version}, newer than this plenum ({})",
                MIGRATIONS.len()
            )));
        }
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.transaction().map_err(io)?;
            tx.execute_batch(migration).map_err(io)?;
            let applied = i64::try_from(i + 1).expect("few migrations");
            tx.pragma_update(None, "user_version", applied).map_err(io)?;
            tx.commit().map_err(io)?;
        }
        Ok(Self { conn: Mutex::new(conn) })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the connection cannot leave a transaction half-applied (SQLite
        // rolls it back), so a poisoned lock is safe to use.
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read_events(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Event>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(sql).map_err(io)?;
        let rows = stmt.query_map(params, |row| row.get::<_, Vec<u8>>(0)).map_err(io)?;
        let mut out = Vec::new();
        for bytes in rows {
            // These bytes were verified when first stored; the node's own file is trusted.
            let event = Event::decode_trusted(bytes.map_err(io)?)
                .map_err(|e| StoreError::Corrupt(format!("a stored event: {e}")))?;
            out.push(event);
        }
        Ok(out)
    }
}

impl Store for SqliteStore {
    fn append(&self, events: &[Event]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(io)?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO events \
                     (id, assembly, author, author_seq, kind, time, bytes) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(io)?;
            for e in events {
                insert
                    .execute(params![
                        e.id().as_bytes().as_slice(),
                        e.assembly_id().as_bytes().as_slice(),
                        e.author().as_bytes().as_slice(),
                        int(e.seq())?,
                        e.kind(),
                        int(e.time())?,
                        e.bytes(),
                    ])
                    .map_err(io)?;
            }
        }
        tx.commit().map_err(io)
    }

    fn all_events(&self) -> Result<Vec<Event>, StoreError> {
        self.read_events("SELECT bytes FROM events ORDER BY position", [])
    }

    fn events(&self, assembly: &AssemblyId) -> Result<Vec<Event>, StoreError> {
        self.read_events(
            "SELECT bytes FROM events WHERE assembly = ?1 ORDER BY position",
            [assembly.as_bytes().as_slice()],
        )
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 =
            self.conn().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).map_err(io)?;
        Ok(n.unsigned_abs())
    }

    fn put_vault(&self, entry: &VaultEntry) -> Result<(), StoreError> {
        let handle = normalise_handle(&entry.handle);
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(io)?;
        let holder: Option<Vec<u8>> = tx
            .query_row("SELECT key FROM vault WHERE handle = ?1", [&handle], |r| r.get(0))
            .optional()
            .map_err(io)?;
        if holder.is_some_and(|k| k != entry.key.as_bytes()) {
            return Err(StoreError::Conflict);
        }
        tx.execute(
            "INSERT INTO vault (handle, key, sealed, updated) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (handle) DO UPDATE SET sealed = excluded.sealed, updated = excluded.updated",
            params![handle, entry.key.as_bytes().as_slice(), entry.sealed, int(entry.updated)?],
        )
        .map_err(io)?;
        tx.commit().map_err(io)
    }

    fn vault(&self, handle: &str) -> Result<Option<VaultEntry>, StoreError> {
        let handle = normalise_handle(handle);
        let row: Option<(Vec<u8>, Vec<u8>, i64)> = self
            .conn()
            .query_row("SELECT key, sealed, updated FROM vault WHERE handle = ?1", [&handle], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(io)?;
        row.map(|(key, sealed, updated)| {
            let key: [u8; 32] = key
                .try_into()
                .map_err(|_| StoreError::Corrupt("a vault key is not 32 bytes".into()))?;
            Ok(VaultEntry { handle, key: PublicKey(key), sealed, updated: updated.unsigned_abs() })
        })
        .transpose()
    }

    fn setting(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(io)
    }

    fn peers(&self) -> Result<Vec<Peer>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT url, source, added, node, last_attempt, last_contact, last_error, \
                 events_sent, events_received, assemblies FROM peers ORDER BY url",
            )
            .map_err(io)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?),
                    r.get::<_, Option<Vec<u8>>>(3)?,
                    (r.get::<_, i64>(4)?, r.get::<_, i64>(5)?, r.get::<_, Option<String>>(6)?),
                    (r.get::<_, i64>(7)?, r.get::<_, i64>(8)?, r.get::<_, Vec<u8>>(9)?),
                ))
            })
            .map_err(io)?;
        let mut out = Vec::new();
        for row in rows {
            let ((url, source, added), node, (attempt, contact, error), (sent, received, blob)) =
                row.map_err(io)?;
            let node = node
                .map(|n| {
                    <[u8; 16]>::try_from(n)
                        .map_err(|_| StoreError::Corrupt("a peer's node id is not 16 bytes".into()))
                })
                .transpose()?;
            let assemblies: Vec<(AssemblyId, u64, Vec<EventId>)> = if blob.is_empty() {
                Vec::new()
            } else {
                record::wire::from_bytes(&blob)
                    .map_err(|e| StoreError::Corrupt(format!("a peer's heads: {e}")))?
            };
            out.push(Peer {
                url,
                source,
                added: added.unsigned_abs(),
                node,
                last_attempt: attempt.unsigned_abs(),
                last_contact: contact.unsigned_abs(),
                last_error: error,
                events_sent: sent.unsigned_abs(),
                events_received: received.unsigned_abs(),
                assemblies: assemblies
                    .into_iter()
                    .map(|(assembly, count, heads)| PeerAssembly { assembly, count, heads })
                    .collect(),
            });
        }
        Ok(out)
    }

    fn put_peer(&self, peer: &Peer) -> Result<(), StoreError> {
        let assemblies: Vec<(AssemblyId, u64, &[EventId])> =
            peer.assemblies.iter().map(|a| (a.assembly, a.count, a.heads.as_slice())).collect();
        let blob = record::wire::to_bytes(&assemblies)
            .map_err(|e| StoreError::Io(format!("cannot encode a peer's heads: {e}")))?;
        self.conn()
            .execute(
                "INSERT INTO peers (url, source, added, node, last_attempt, last_contact, \
                 last_error, events_sent, events_received, assemblies) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                 ON CONFLICT (url) DO UPDATE SET source = excluded.source, \
                 added = excluded.added, node = excluded.node, \
                 last_attempt = excluded.last_attempt, last_contact = excluded.last_contact, \
                 last_error = excluded.last_error, events_sent = excluded.events_sent, \
                 events_received = excluded.events_received, assemblies = excluded.assemblies",
                params![
                    peer.url,
                    peer.source,
                    int(peer.added)?,
                    peer.node.map(|n| n.to_vec()),
                    int(peer.last_attempt)?,
                    int(peer.last_contact)?,
                    peer.last_error,
                    int(peer.events_sent)?,
                    int(peer.events_received)?,
                    blob,
                ],
            )
            .map(|_| ())
            .map_err(io)
    }

    fn remove_peer(&self, url: &str) -> Result<bool, StoreError> {
        self.conn().execute("DELETE FROM peers WHERE url = ?1", [url]).map(|n| n > 0).map_err(io)
    }

    fn set_setting(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(io)
    }
}
