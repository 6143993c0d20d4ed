//! The backend-agnostic store suite on a real PostgreSQL server, and what only this backend
//! has: migrations tracked in a table, refusals of databases that are not plenum's, the
//! serving mark, a lost connection made again, and calls from inside an async runtime.
//!
//! The server is named by `PLENUM_TEST_POSTGRES` (a connection string); `cargo xtask test`
//! and `cargo xtask postgres` start a temporary one and set it. Without it these tests fail,
//! saying so, rather than pass without having run. Each store gets a schema of its own,
//! dropped at the end, so the tests run in parallel on one database.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::sync::atomic::{AtomicUsize, Ordering};

use store::Store;
use store_postgres::{OpenError, PostgresStore, ServingMark};
use test_support::Scenario;

/// The connection string of the test server.
fn server() -> String {
    std::env::var("PLENUM_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "PLENUM_TEST_POSTGRES is not set: these tests need a PostgreSQL server. Run them with \
             `cargo xtask postgres` (it starts a temporary server), or set \
             PLENUM_TEST_POSTGRES to a connection string such as \
             'host=/run/postgresql user=plenum dbname=plenum_test'."
        )
    })
}

/// Runs SQL on the test server outside any store, as an administrator of the tests would.
fn admin(sql: &str) {
    value(sql);
}

/// The value of a one-value query, as text.
fn value(sql: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (client, connection) =
            tokio_postgres::connect(&server(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        let rows = client.simple_query(sql).await.unwrap();
        rows.iter()
            .find_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
                _ => None,
            })
            .unwrap_or_default()
    })
}

/// A schema of its own for one store, dropped with everything in it at the end.
struct Schema {
    name: String,
}

impl Schema {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name =
            format!("plenum_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        admin(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"));
        Self { name }
    }

    /// The test server's connection string, with this schema first in the search path.
    fn connection(&self) -> String {
        with_option(&server(), "options", &format!("-csearch_path={}", self.name))
    }

    fn open(&self) -> PostgresStore {
        PostgresStore::connect(&self.connection()).expect("the store opens")
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        admin(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

/// A connection string with one more parameter, in its own syntax (URL or `key=value`).
fn with_option(connection: &str, key: &str, value: &str) -> String {
    if connection.starts_with("postgres://") || connection.starts_with("postgresql://") {
        let separator = if connection.contains('?') { '&' } else { '?' };
        format!("{connection}{separator}{key}={}", value.replace('=', "%3D"))
    } else {
        format!("{connection} {key}={value}")
    }
}

#[test]
fn passes_the_store_suite() {
    let schemas = std::cell::RefCell::new(Vec::new());
    store::suite::run(&|| {
        let schema = Schema::new();
        let store = schema.open();
        schemas.borrow_mut().push(schema);
        Box::new(store)
    });
}

#[test]
fn reopening_keeps_everything_and_does_not_migrate_twice() {
    let schema = Schema::new();
    let mut s = Scenario::found("Assembly");
    s.join(0, "Aigerim");
    {
        let store = schema.open();
        store.append(&s.events).unwrap();
        store.set_setting("node-id", &[7; 16]).unwrap();
    }
    let store = schema.open();
    let ids: Vec<_> = store.all_events().unwrap().iter().map(record::Event::id).collect();
    assert_eq!(ids, s.events.iter().map(record::Event::id).collect::<Vec<_>>());
    assert_eq!(store.setting("node-id").unwrap(), Some(vec![7; 16]));
    let applied = value(&format!(
        "SELECT count(*) || ':' || max(version) FROM {}.plenum_migrations",
        schema.name
    ));
    let known = store_postgres::known_version();
    assert_eq!(applied, format!("{known}:{known}"), "each migration applied once");
}

#[test]
fn a_database_written_by_a_newer_plenum_is_refused() {
    let schema = Schema::new();
    drop(schema.open());
    let newer = store_postgres::known_version() + 1;
    admin(&format!("INSERT INTO {}.plenum_migrations (version) VALUES ({newer})", schema.name));
    let refused = PostgresStore::connect(&schema.connection()).err();
    assert_eq!(
        refused,
        Some(OpenError::Newer { found: newer, known: store_postgres::known_version() })
    );
}

#[test]
fn a_schema_holding_someone_elses_tables_is_refused_and_left_alone() {
    let schema = Schema::new();
    admin(&format!("CREATE TABLE {}.orders (id integer PRIMARY KEY)", schema.name));
    let refused = PostgresStore::connect(&schema.connection()).err();
    assert_eq!(refused, Some(OpenError::NotPlenum { tables: 1 }));
    let tables = value(&format!(
        "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = '{}'",
        schema.name
    ));
    assert_eq!(tables, "orders", "nothing was created beside it");
}

#[test]
fn an_unreachable_server_and_a_bad_connection_string_are_told_apart() {
    let dir = std::env::temp_dir().join("plenum-no-server-here");
    let unreachable = PostgresStore::connect(&format!(
        "host={} port=1 user=plenum dbname=plenum connect_timeout=2",
        dir.display()
    ))
    .err();
    assert!(matches!(unreachable, Some(OpenError::Unreachable(_))), "{unreachable:?}");
    let bad = PostgresStore::connect("postgres://[not a host").err();
    assert!(matches!(bad, Some(OpenError::BadConnectionString(_))), "{bad:?}");
    assert_eq!(
        store_postgres::describe("postgres://ana:secret@db.example:5433/plenum"),
        "postgres://ana@db.example:5433/plenum",
        "messages never show the password"
    );
}

#[test]
fn a_large_batch_keeps_its_order_and_skips_what_is_held() {
    let schema = Schema::new();
    let store = schema.open();
    let mut s = Scenario::found("Plant assembly");
    for i in 0..1500 {
        s.join(0, &format!("Worker {i}"));
    }
    // Half the events first, then all of them again with a duplicate inside the batch.
    let half = s.events.len() / 2;
    store.append(&s.events[..half]).unwrap();
    let mut again = s.events.clone();
    again.push(s.events[half + 1].clone());
    store.append(&again).unwrap();
    let ids: Vec<_> = store.all_events().unwrap().iter().map(record::Event::id).collect();
    assert_eq!(ids, s.events.iter().map(record::Event::id).collect::<Vec<_>>());
    assert_eq!(store.count().unwrap(), s.events.len() as u64);
}

#[test]
fn the_serving_mark_names_the_node_while_it_serves() {
    let schema = Schema::new();
    let store = schema.open();
    assert_eq!(store_postgres::serving(&schema.connection()).unwrap(), None);
    let mark = ServingMark::take(&schema.connection(), "http://127.0.0.1:8080").unwrap();
    assert_eq!(
        store_postgres::serving(&schema.connection()).unwrap().as_deref(),
        Some("http://127.0.0.1:8080")
    );
    assert!(
        ServingMark::take(&schema.connection(), "http://127.0.0.1:9090").is_err(),
        "a second node cannot take the mark"
    );
    drop(mark);
    assert_eq!(store_postgres::serving(&schema.connection()).unwrap(), None, "released");
    drop(store);
}

#[test]
fn a_connection_the_server_dropped_is_made_again() {
    let schema = Schema::new();
    let name = format!("plenum_reconnect_{}", std::process::id());
    let store =
        PostgresStore::connect(&with_option(&schema.connection(), "application_name", &name))
            .unwrap();
    let s = Scenario::found("Assembly");
    store.append(&s.events).unwrap();
    let killed = value(&format!(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE application_name = '{name}'"
    ));
    assert_eq!(killed, "1", "the store's connection was ended by the server");
    // The call that meets the dead connection may fail (nothing tells the client before
    // it); the next one connects again.
    let first = store.count();
    assert!(matches!(first, Ok(1) | Err(store::StoreError::Io(_))), "{first:?}");
    assert_eq!(store.count(), Ok(1), "after {first:?}");
    assert_eq!(store.count(), Ok(1));
}

#[test]
fn calls_and_drop_inside_an_async_runtime_do_not_panic() {
    let schema = Schema::new();
    let store = schema.open();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
    let count = runtime.block_on(async move {
        // Straight on a worker thread, as an axum handler calling the store would.
        let s = Scenario::found("Assembly");
        store.append(&s.events).unwrap();
        let count = store.count().unwrap();
        drop(store);
        count
    });
    assert_eq!(count, 1);
}
