//! Where a node's store lives, for every command that opens one: SQLite in the data directory
//! (`--data`, the default), or the PostgreSQL database named by `--database` or
//! `PLENUM_DATABASE`. Opening it, and the mark of a node serving it, with the reasons it
//! cannot be opened in the reader's language.

use anyhow::Context as _;
use store::Store;
use store_postgres::{OpenError, PostgresStore, ServingMark};
use store_sqlite::SqliteStore;

use crate::DataDir;
use crate::say::Say;

/// The mark of a node serving a store, removed when dropped (held, never read).
pub struct Mark {
    _file: Option<crate::serving::Mark>,
    _database: Option<ServingMark>,
}

/// What messages call the store: the data directory, or the database without its password.
pub fn name(data: &DataDir) -> String {
    match &data.database {
        Some(connection) => store_postgres::describe(connection),
        None => data.dir.display().to_string(),
    }
}

/// Opens the store (creating it if needed).
pub fn open(say: &Say, data: &DataDir) -> anyhow::Result<Box<dyn Store>> {
    match &data.database {
        Some(connection) => match PostgresStore::connect(connection) {
            Ok(store) => Ok(Box::new(store)),
            Err(e) => Err(anyhow::anyhow!(open_error(say, connection, &e))),
        },
        None => {
            let store = SqliteStore::open_dir(&data.dir)
                .with_context(|| say.t1("cli-cannot-open-data", "dir", name(data)))?;
            Ok(Box::new(store))
        }
    }
}

/// Opens the store for `plenum serve`; a database another node serves is refused, as two
/// nodes writing one database would each miss what the other wrote.
pub fn open_to_serve(say: &Say, data: &DataDir) -> anyhow::Result<Box<dyn Store>> {
    if data.database.is_some()
        && let Some(url) = serving(say, data)?
    {
        anyhow::bail!(in_use(say, data, url));
    }
    open(say, data)
}

/// The address of the node serving the store, if one is running.
pub fn serving(say: &Say, data: &DataDir) -> anyhow::Result<Option<String>> {
    match &data.database {
        Some(connection) => store_postgres::serving(connection)
            .map_err(|e| anyhow::anyhow!(open_error(say, connection, &e))),
        None => Ok(crate::serving::serving(&data.dir)),
    }
}

/// Leaves the mark of a node serving the store at `url`.
pub fn mark(say: &Say, data: &DataDir, url: &str) -> anyhow::Result<Mark> {
    match &data.database {
        Some(connection) => ServingMark::take(connection, url)
            .map(|mark| Mark { _file: None, _database: Some(mark) })
            .map_err(|e| anyhow::anyhow!(open_error(say, connection, &e))),
        None => crate::serving::mark(&data.dir, url)
            .map(|mark| Mark { _file: Some(mark), _database: None })
            .with_context(|| say.t1("cli-cannot-write", "file", name(data))),
    }
}

/// "A node is serving this store at URL", in the reader's language.
pub fn in_use(say: &Say, data: &DataDir, url: String) -> String {
    say.args("cli-data-in-use", &[("dir", name(data).into()), ("url", url.into())])
}

/// Why a PostgreSQL database cannot be opened, in the reader's language.
fn open_error(say: &Say, connection: &str, e: &OpenError) -> String {
    let database = store_postgres::describe(connection);
    match e {
        OpenError::BadConnectionString(detail) => {
            say.t1("cli-database-bad-connection", "detail", detail.clone())
        }
        OpenError::Unreachable(detail) => say.args(
            "cli-database-unreachable",
            &[("database", database.into()), ("detail", detail.clone().into())],
        ),
        OpenError::NotPlenum { .. } => say.t1("cli-database-not-plenum", "database", database),
        OpenError::Newer { found, known } => say.args(
            "cli-database-newer",
            &[
                ("database", database.into()),
                ("found", found.to_string().into()),
                ("known", known.to_string().into()),
            ],
        ),
        OpenError::Failed(detail) => say.args(
            "cli-database-failed",
            &[("database", database.into()), ("detail", detail.clone().into())],
        ),
    }
}
