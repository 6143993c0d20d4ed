//! The test suite every backend passes: call [`run`] from the backend's tests with a function
//! that makes a fresh, empty store.

use record::Event;
use test_support::Scenario;

use crate::{Peer, PeerAssembly, Store, StoreError, VaultEntry};

/// Runs every check against fresh stores made by `fresh`.
///
/// # Panics
/// On the first broken expectation, naming it.
pub fn run(fresh: &dyn Fn() -> Box<dyn Store>) {
    appends_and_reads_back_in_order(&*fresh());
    appending_twice_stores_once(&*fresh());
    separates_assemblies(&*fresh());
    vault_entries_belong_to_their_key(&*fresh());
    settings_round_trip(&*fresh());
    peers_round_trip(&*fresh());
    events_by_id_keep_append_order(&*fresh());
}

fn scenario() -> Scenario {
    let mut s = Scenario::found("Depot assembly");
    let member = s.join(0, "Aigerim");
    let motion = s.motion(member, "Heating in the depot").expect("a member may put a motion");
    s.comment(0, motion, None, "Seconded.").expect("a member may comment");
    s
}

fn ids(events: &[Event]) -> Vec<record::EventId> {
    events.iter().map(Event::id).collect()
}

fn appends_and_reads_back_in_order(store: &dyn Store) {
    let s = scenario();
    store.append(&s.events[..2]).expect("append");
    store.append(&s.events[2..]).expect("append");
    let all = store.all_events().expect("read");
    assert_eq!(ids(&all), ids(&s.events), "events come back in append order");
    assert_eq!(all[1].bytes(), s.events[1].bytes(), "bytes come back unchanged");
    assert_eq!(store.count().expect("count"), s.events.len() as u64);
}

fn appending_twice_stores_once(store: &dyn Store) {
    let s = scenario();
    store.append(&s.events).expect("append");
    store.append(&s.events[1..3]).expect("appending held events is not an error");
    assert_eq!(store.count().expect("count"), s.events.len() as u64);
    assert_eq!(ids(&store.all_events().expect("read")), ids(&s.events));
}

fn separates_assemblies(store: &dyn Store) {
    let a = scenario();
    let b = Scenario::found("Another assembly");
    store.append(&a.events[..2]).expect("append");
    store.append(&b.events).expect("append");
    store.append(&a.events[2..]).expect("append");
    assert_eq!(ids(&store.events(&a.state.id).expect("read")), ids(&a.events));
    assert_eq!(ids(&store.events(&b.state.id).expect("read")), ids(&b.events));
}

fn vault_entries_belong_to_their_key(store: &dyn Store) {
    let s = scenario();
    let entry =
        VaultEntry { handle: "Aigerim".into(), key: s.key(1), sealed: vec![1, 2, 3], updated: 10 };
    store.put_vault(&entry).expect("put");
    let found = store.vault("  aigerim ").expect("get").expect("handles ignore case and spaces");
    assert_eq!(found.key, entry.key);
    assert_eq!(found.sealed, vec![1, 2, 3]);

    let replaced = VaultEntry { sealed: vec![4], updated: 11, ..entry.clone() };
    store.put_vault(&replaced).expect("the same key may replace its entry");
    assert_eq!(store.vault("AIGERIM").expect("get").expect("present").sealed, vec![4]);

    let thief = VaultEntry { key: s.key(0), ..entry };
    assert_eq!(store.put_vault(&thief), Err(StoreError::Conflict));
    assert_eq!(store.vault("aigerim").expect("get").expect("present").key, s.key(1));
    assert_eq!(store.vault("nobody").expect("get"), None);
}

fn settings_round_trip(store: &dyn Store) {
    assert_eq!(store.setting("peer").expect("get"), None);
    store.set_setting("peer", b"http://10.0.0.2:8080").expect("set");
    store.set_setting("peer", b"http://10.0.0.3:8080").expect("replace");
    assert_eq!(store.setting("peer").expect("get"), Some(b"http://10.0.0.3:8080".to_vec()));
}

fn peers_round_trip(store: &dyn Store) {
    assert_eq!(store.peers().expect("list"), vec![]);
    let s = scenario();
    let peer = Peer {
        url: "http://10.0.0.2:8080".into(),
        source: "flag".into(),
        added: 5,
        ..Peer::default()
    };
    store.put_peer(&peer).expect("add");
    let seen = Peer {
        node: Some([9; 16]),
        last_attempt: 7,
        last_contact: 7,
        last_error: Some("connection refused".into()),
        events_sent: 3,
        events_received: 4,
        assemblies: vec![PeerAssembly {
            assembly: s.state.id,
            count: 4,
            heads: s.state.frontier.iter().copied().collect(),
        }],
        ..peer.clone()
    };
    store.put_peer(&seen).expect("replace");
    let other =
        Peer { url: "http://10.0.0.1:8080".into(), source: "lan".into(), ..Peer::default() };
    store.put_peer(&other).expect("add another");
    assert_eq!(store.peers().expect("list"), vec![other, seen], "peers come back by address");
    assert!(store.remove_peer("http://10.0.0.1:8080").expect("remove"));
    assert!(!store.remove_peer("http://10.0.0.1:8080").expect("remove again"));
    assert_eq!(store.peers().expect("list").len(), 1);
}

fn events_by_id_keep_append_order(store: &dyn Store) {
    let s = scenario();
    store.append(&s.events).expect("append");
    let wanted = [s.events[3].id(), s.events[1].id(), record::EventId([0; 32])];
    let found = store.events_by_id(&s.state.id, &wanted).expect("read");
    assert_eq!(ids(&found), vec![s.events[1].id(), s.events[3].id()]);
}
