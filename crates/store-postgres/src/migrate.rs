//! Opening a database: why it can fail ([`OpenError`]), and the migrations, applied in order at
//! open inside one transaction and tracked in the table `plenum_migrations`.
//!
//! A database is plenum's when its schema (the connection's current schema) holds
//! `plenum_migrations`, or holds nothing yet; then plenum creates its tables there. A schema
//! holding other tables is refused rather than written into: it belongs to something else.

use core::fmt;

use crate::conn::{Lost, Session};

/// The migrations, in order; `plenum_migrations` lists those applied by their number.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_events_vault_settings_peers.sql")];

/// The table that tracks the migrations. Fixed for ever: every version of plenum reads it.
const TRACKING_TABLE: &str = "CREATE TABLE plenum_migrations (
    version INTEGER     PRIMARY KEY,
    applied TIMESTAMPTZ NOT NULL DEFAULT now()
)";

/// The first key of the advisory lock that serialises migrations (the second is the schema),
/// so two plenum processes opening a fresh database at once do not both create tables.
const MIGRATION_LOCK: i32 = 0x706c_6d67; // "plmg"

/// Why a PostgreSQL database could not be opened as a node's store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The connection string is not one PostgreSQL's clients understand.
    BadConnectionString(String),
    /// No connection: the server is down or unreachable, or refused it (authentication, no
    /// such database).
    Unreachable(String),
    /// The schema holds tables that plenum did not create.
    NotPlenum { tables: u64 },
    /// A newer version of plenum wrote this database: its schema is at `found`, this one
    /// knows up to `known`.
    Newer { found: u32, known: u32 },
    /// The server answered but the database could not be prepared (permission to create
    /// tables denied, no schema to create them in, …).
    Failed(String),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadConnectionString(detail) => write!(f, "bad connection string: {detail}"),
            Self::Unreachable(detail) => write!(f, "cannot reach the database: {detail}"),
            Self::NotPlenum { tables } => {
                write!(f, "the schema holds {tables} tables that plenum did not create")
            }
            Self::Newer { found, known } => write!(
                f,
                "the database is at schema version {found}, newer than this plenum ({known})"
            ),
            Self::Failed(detail) => write!(f, "cannot prepare the database: {detail}"),
        }
    }
}

impl std::error::Error for OpenError {}

impl Lost for OpenError {
    fn lost(detail: String) -> Self {
        Self::Unreachable(detail)
    }
}

/// How many migrations this version of plenum knows.
#[must_use]
pub fn known_version() -> u32 {
    u32::try_from(MIGRATIONS.len()).expect("few migrations")
}

fn failed(e: tokio_postgres::Error) -> OpenError {
    OpenError::Failed(crate::conn::detail(&e))
}

/// Checks that the schema is plenum's (or empty) and applies the pending migrations, all in
/// one transaction: a failure leaves the database as it was.
pub(crate) async fn migrate(session: &mut Session) -> Result<(), OpenError> {
    let tx = session.client.transaction().await.map_err(failed)?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))",
        &[&MIGRATION_LOCK],
    )
    .await
    .map_err(failed)?;
    let row = tx
        .query_one(
            "SELECT current_schema(),
                EXISTS (SELECT 1 FROM pg_catalog.pg_tables
                        WHERE schemaname = current_schema() AND tablename = 'plenum_migrations'),
                (SELECT count(*) FROM pg_catalog.pg_class c
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))",
            &[],
        )
        .await
        .map_err(failed)?;
    let schema: Option<String> = row.get(0);
    if schema.is_none() {
        return Err(OpenError::Failed(
            "no schema of the search_path exists to create plenum's tables in".into(),
        ));
    }
    let tracked: bool = row.get(1);
    let tables: i64 = row.get(2);
    if !tracked {
        if tables > 0 {
            return Err(OpenError::NotPlenum { tables: tables.unsigned_abs() });
        }
        tx.batch_execute(TRACKING_TABLE).await.map_err(failed)?;
    }
    let found: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM plenum_migrations", &[])
        .await
        .map_err(failed)?
        .get(0);
    let found = u32::try_from(found).unwrap_or(0);
    let known = known_version();
    if found > known {
        return Err(OpenError::Newer { found, known });
    }
    for (version, migration) in (1_i32..).zip(MIGRATIONS).skip(found as usize) {
        tx.batch_execute(migration).await.map_err(failed)?;
        tx.execute("INSERT INTO plenum_migrations (version) VALUES ($1)", &[&version])
            .await
            .map_err(failed)?;
    }
    tx.commit().await.map_err(failed)
}
