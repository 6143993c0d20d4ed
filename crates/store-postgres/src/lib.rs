//! The PostgreSQL store, for large deployments: the same [`Store`] trait and the same test suite
//! as the embedded SQLite store. `plenum serve --database postgres://…` runs a node on it.
//!
//! Durability: every write is one statement committed on its own, and PostgreSQL's default
//! `synchronous_commit = on` returns from a commit only after its write-ahead log is flushed
//! to disk; a session that finds it `off` turns it on (see `conn`). The node's writer hands
//! a whole batch of events to [`Store::append`], which inserts them with one statement —
//! `INSERT … SELECT … FROM unnest(…) ORDER BY n ON CONFLICT (id) DO NOTHING` — so a group
//! commit costs one round trip and one flush, events already held are skipped, and each new
//! event gets its position from an identity column in the order it was appended.
//!
//! Design decision: the client is `tokio-postgres`, driven on a runtime of one worker thread
//! that this store owns, and not the synchronous `postgres` crate. Both are the same code
//! (`postgres` is a thin blocking wrapper over `tokio-postgres`), so the dependency weight is
//! the same; they differ in where the waiting happens. `postgres` enters its own runtime on
//! the caller's thread (`Runtime::block_on`), which panics when the caller is a thread of
//! another runtime — and this trait is called from the node's writer thread, from
//! `spawn_blocking`, and, in places, straight from an axum handler — and dropping it inside a
//! runtime panics too. Here the query runs on the store's own runtime and the caller waits on
//! a plain channel, which is safe from any thread. The cost: each call copies its parameters
//! into the task (the events of a batch, once), and one more thread.
//!
//! One connection behind a mutex, not a pool: a node has one writer, whose batches are
//! serialised anyway, and reads are rare (sign-ins, peers, settings, the load at start).
//! Statements are prepared once per connection. A lost connection is made again by the next
//! call; a call that failed with it returns an error, and an append whose commit was in flight
//! may or may not have been stored — appending it again is safe, as appends are idempotent.
//!
//! The connection string is a URL (`postgres://user:password@host:5432/db`) or libpq's
//! `key=value` form (`host=/run/postgresql dbname=plenum`); TLS is not built in (connect over
//! a Unix socket or a trusted network). Tables live in the connection's current schema, so
//! several nodes can share a database with `options=-csearch_path=NAME`.
//!
//! Migrations live in `migrations/`, are applied in order at open, and are tracked in the
//! table `plenum_migrations`; a database written by a newer plenum, or a schema holding
//! someone else's tables, is refused ([`OpenError`]). They are never modified once landed,
//! only added to.

#![forbid(unsafe_code)]

mod conn;
mod mark;
mod migrate;

use record::{AssemblyId, Event, EventId, PublicKey};
use store::{Peer, PeerAssembly, Store, StoreError, VaultEntry, normalise_handle};
use tokio_postgres::Config;

use crate::conn::{Conn, Job, Session};
pub use crate::mark::{ServingMark, serving};
pub use crate::migrate::{OpenError, known_version};

/// A PostgreSQL database holding a node's events, vault, settings and peers.
pub struct PostgresStore {
    conn: Conn,
}

/// Parses a connection string: a `postgres://` URL or libpq's `key=value` form.
///
/// # Errors
/// [`OpenError::BadConnectionString`] when it is neither.
pub fn parse(connection: &str) -> Result<Config, OpenError> {
    connection
        .parse()
        .map_err(|e: tokio_postgres::Error| OpenError::BadConnectionString(e.to_string()))
}

/// The database a connection string names, for messages: its user, host, port and name,
/// never its password. An unparsable string is shown as `?`.
#[must_use]
pub fn describe(connection: &str) -> String {
    let Ok(config) = parse(connection) else { return "?".into() };
    let host = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(",");
    let port = config.get_ports().first().map(|p| format!(":{p}")).unwrap_or_default();
    let user = config.get_user().map(|u| format!("{u}@")).unwrap_or_default();
    let name = config.get_dbname().unwrap_or_default();
    format!("postgres://{user}{host}{port}/{name}")
}

impl PostgresStore {
    /// Connects, checks that the database is plenum's (or empty), and applies pending
    /// migrations.
    ///
    /// # Errors
    /// See [`OpenError`].
    pub fn connect(connection: &str) -> Result<Self, OpenError> {
        let conn = Conn::new(parse(connection)?).map_err(|e| OpenError::Failed(e.to_string()))?;
        conn.run(|s| Box::pin(migrate::migrate(s)))?;
        Ok(Self { conn })
    }

    fn run<T: Send + 'static>(
        &self,
        job: impl for<'a> FnOnce(&'a mut Session) -> Job<'a, T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.conn.run(job)
    }

    /// Events from rows of one column of bytes.
    fn events_of(rows: Vec<Vec<u8>>) -> Result<Vec<Event>, StoreError> {
        rows.into_iter()
            .map(|bytes| {
                // These bytes were verified when first stored; the node's own database is
                // trusted.
                Event::decode_trusted(bytes)
                    .map_err(|e| StoreError::Corrupt(format!("a stored event: {e}")))
            })
            .collect()
    }
}

fn int(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Io(format!("{n} does not fit in PostgreSQL")))
}

fn column<'a, T: tokio_postgres::types::FromSql<'a>>(
    row: &'a tokio_postgres::Row,
    index: usize,
) -> Result<T, StoreError> {
    row.try_get(index).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The first column of every row, as bytes.
fn byte_rows(rows: &[tokio_postgres::Row]) -> Result<Vec<Vec<u8>>, StoreError> {
    rows.iter().map(|r| column(r, 0)).collect()
}

/// A batch of events as one array per column, the parameters of [`APPEND`].
#[derive(Default)]
struct Columns {
    ids: Vec<Vec<u8>>,
    assemblies: Vec<Vec<u8>>,
    authors: Vec<Vec<u8>>,
    seqs: Vec<i64>,
    kinds: Vec<i32>,
    times: Vec<i64>,
    bytes: Vec<Vec<u8>>,
}

const APPEND: &str = "INSERT INTO events (id, assembly, author, author_seq, kind, \"time\", bytes) \
     SELECT id, assembly, author, author_seq, kind, \"time\", bytes \
     FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::int8[], $5::int4[], $6::int8[], \
                 $7::bytea[]) \
          WITH ORDINALITY AS e (id, assembly, author, author_seq, kind, \"time\", bytes, n) \
     ORDER BY n \
     ON CONFLICT (id) DO NOTHING";

impl Store for PostgresStore {
    fn append(&self, events: &[Event]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut c = Columns::default();
        for e in events {
            c.ids.push(e.id().as_bytes().to_vec());
            c.assemblies.push(e.assembly_id().as_bytes().to_vec());
            c.authors.push(e.author().as_bytes().to_vec());
            c.seqs.push(int(e.seq())?);
            c.kinds.push(i32::from(e.kind()));
            c.times.push(int(e.time())?);
            c.bytes.push(e.bytes().to_vec());
        }
        self.run(move |s| {
            Box::pin(async move {
                s.execute(
                    APPEND,
                    &[&c.ids, &c.assemblies, &c.authors, &c.seqs, &c.kinds, &c.times, &c.bytes],
                )
                .await
                .map(|_| ())
            })
        })
    }

    fn all_events(&self) -> Result<Vec<Event>, StoreError> {
        let rows = self.run(|s| {
            Box::pin(async move {
                byte_rows(&s.query("SELECT bytes FROM events ORDER BY position", &[]).await?)
            })
        })?;
        Self::events_of(rows)
    }

    fn events(&self, assembly: &AssemblyId) -> Result<Vec<Event>, StoreError> {
        let assembly = assembly.as_bytes().to_vec();
        let rows = self.run(move |s| {
            Box::pin(async move {
                let sql = "SELECT bytes FROM events WHERE assembly = $1 ORDER BY position";
                byte_rows(&s.query(sql, &[&assembly]).await?)
            })
        })?;
        Self::events_of(rows)
    }

    fn events_by_id(
        &self,
        assembly: &AssemblyId,
        ids: &[EventId],
    ) -> Result<Vec<Event>, StoreError> {
        let assembly = assembly.as_bytes().to_vec();
        let ids: Vec<Vec<u8>> = ids.iter().map(|id| id.as_bytes().to_vec()).collect();
        let rows = self.run(move |s| {
            Box::pin(async move {
                let sql = "SELECT bytes FROM events WHERE assembly = $1 AND id = ANY($2::bytea[]) \
                           ORDER BY position";
                byte_rows(&s.query(sql, &[&assembly, &ids]).await?)
            })
        })?;
        Self::events_of(rows)
    }

    fn count(&self) -> Result<u64, StoreError> {
        self.run(|s| {
            Box::pin(async move {
                let rows = s.query("SELECT count(*) FROM events", &[]).await?;
                let n: i64 = rows.first().map_or(Ok(0), |r| column(r, 0))?;
                Ok(n.unsigned_abs())
            })
        })
    }

    fn put_vault(&self, entry: &VaultEntry) -> Result<(), StoreError> {
        let handle = normalise_handle(&entry.handle);
        let key = entry.key.as_bytes().to_vec();
        let sealed = entry.sealed.clone();
        let updated = int(entry.updated)?;
        // One statement, so two sign-ups racing for a handle cannot both win: the update
        // applies only for the key already holding it.
        let changed = self.run(move |s| {
            Box::pin(async move {
                s.execute(
                    "INSERT INTO vault (handle, key, sealed, updated) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (handle) DO UPDATE \
                     SET sealed = excluded.sealed, updated = excluded.updated \
                     WHERE vault.key = excluded.key",
                    &[&handle, &key, &sealed, &updated],
                )
                .await
            })
        })?;
        if changed == 0 { Err(StoreError::Conflict) } else { Ok(()) }
    }

    fn vault(&self, handle: &str) -> Result<Option<VaultEntry>, StoreError> {
        let handle = normalise_handle(handle);
        let wanted = handle.clone();
        let row = self.run(move |s| {
            Box::pin(async move {
                let rows = s
                    .query("SELECT key, sealed, updated FROM vault WHERE handle = $1", &[&wanted])
                    .await?;
                rows.first()
                    .map(|r| {
                        Ok((
                            column::<Vec<u8>>(r, 0)?,
                            column::<Vec<u8>>(r, 1)?,
                            column::<i64>(r, 2)?,
                        ))
                    })
                    .transpose()
            })
        })?;
        row.map(|(key, sealed, updated)| {
            let key: [u8; 32] = key
                .try_into()
                .map_err(|_| StoreError::Corrupt("a vault key is not 32 bytes".into()))?;
            Ok(VaultEntry { handle, key: PublicKey(key), sealed, updated: updated.unsigned_abs() })
        })
        .transpose()
    }

    fn setting(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let key = key.to_string();
        self.run(move |s| {
            Box::pin(async move {
                let rows = s.query("SELECT value FROM settings WHERE key = $1", &[&key]).await?;
                rows.first().map(|r| column(r, 0)).transpose()
            })
        })
    }

    fn set_setting(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        let (key, value) = (key.to_string(), value.to_vec());
        self.run(move |s| {
            Box::pin(async move {
                s.execute(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[&key, &value],
                )
                .await
                .map(|_| ())
            })
        })
    }

    fn peers(&self) -> Result<Vec<Peer>, StoreError> {
        let rows = self.run(|s| {
            Box::pin(async move {
                s.query(
                    "SELECT url, source, added, node, last_attempt, last_contact, last_error, \
                     events_sent, events_received, assemblies FROM peers ORDER BY url",
                    &[],
                )
                .await
            })
        })?;
        rows.iter().map(peer_of).collect()
    }

    fn put_peer(&self, peer: &Peer) -> Result<(), StoreError> {
        let assemblies: Vec<(AssemblyId, u64, &[EventId])> =
            peer.assemblies.iter().map(|a| (a.assembly, a.count, a.heads.as_slice())).collect();
        let blob = record::wire::to_bytes(&assemblies)
            .map_err(|e| StoreError::Io(format!("cannot encode a peer's heads: {e}")))?;
        let (url, source, error) = (peer.url.clone(), peer.source.clone(), peer.last_error.clone());
        let node = peer.node.map(|n| n.to_vec());
        let numbers = [
            int(peer.added)?,
            int(peer.last_attempt)?,
            int(peer.last_contact)?,
            int(peer.events_sent)?,
            int(peer.events_received)?,
        ];
        self.run(move |s| {
            Box::pin(async move {
                let [added, attempt, contact, sent, received] = &numbers;
                s.execute(
                    "INSERT INTO peers (url, source, added, node, last_attempt, last_contact, \
                     last_error, events_sent, events_received, assemblies) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (url) DO UPDATE SET source = excluded.source, \
                     added = excluded.added, node = excluded.node, \
                     last_attempt = excluded.last_attempt, last_contact = excluded.last_contact, \
                     last_error = excluded.last_error, events_sent = excluded.events_sent, \
                     events_received = excluded.events_received, assemblies = excluded.assemblies",
                    &[&url, &source, added, &node, attempt, contact, &error, sent, received, &blob],
                )
                .await
                .map(|_| ())
            })
        })
    }

    fn remove_peer(&self, url: &str) -> Result<bool, StoreError> {
        let url = url.to_string();
        self.run(move |s| {
            Box::pin(async move {
                s.execute("DELETE FROM peers WHERE url = $1", &[&url]).await.map(|n| n > 0)
            })
        })
    }
}

/// A peer from its row.
fn peer_of(r: &tokio_postgres::Row) -> Result<Peer, StoreError> {
    let node: Option<Vec<u8>> = column(r, 3)?;
    let node = node
        .map(|n| {
            <[u8; 16]>::try_from(n)
                .map_err(|_| StoreError::Corrupt("a peer's node id is not 16 bytes".into()))
        })
        .transpose()?;
    let blob: Vec<u8> = column(r, 9)?;
    let assemblies: Vec<(AssemblyId, u64, Vec<EventId>)> = if blob.is_empty() {
        Vec::new()
    } else {
        record::wire::from_bytes(&blob)
            .map_err(|e| StoreError::Corrupt(format!("a peer's heads: {e}")))?
    };
    let number = |i| column::<i64>(r, i).map(i64::unsigned_abs);
    Ok(Peer {
        url: column(r, 0)?,
        source: column(r, 1)?,
        added: number(2)?,
        node,
        last_attempt: number(4)?,
        last_contact: number(5)?,
        last_error: column(r, 6)?,
        events_sent: number(7)?,
        events_received: number(8)?,
        assemblies: assemblies
            .into_iter()
            .map(|(assembly, count, heads)| PeerAssembly { assembly, count, heads })
            .collect(),
    })
}
