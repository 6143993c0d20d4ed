//! The backend-agnostic store suite, on SQLite files and in memory.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use store_sqlite::SqliteStore;

#[test]
fn passes_the_store_suite_on_a_file() {
    let dirs = std::cell::RefCell::new(Vec::new());
    store::suite::run(&|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open_dir(dir.path()).expect("open");
        dirs.borrow_mut().push(dir);
        Box::new(store)
    });
}

#[test]
fn passes_the_store_suite_in_memory() {
    store::suite::run(&|| Box::new(SqliteStore::in_memory().expect("open")));
}

#[test]
fn reopening_keeps_everything_and_does_not_migrate_twice() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let s = test_support::Scenario::found("Assembly");
    {
        let store = SqliteStore::open_dir(dir.path()).expect("open");
        store::Store::append(&store, &s.events).expect("append");
    }
    let store = SqliteStore::open_dir(dir.path()).expect("reopen");
    assert_eq!(store::Store::count(&store).expect("count"), 1);
}
