//! A node: the ledgers of the assemblies it holds, kept in memory, and the one writer thread
//! through which every event reaches durable storage.
//!
//! The path of an event: [`Node::submit`] decodes it and checks its signature on the caller's
//! thread (the costly part, done in parallel by many callers); the writer thread then places it
//! in its assembly's ledger, which applies the rules, and commits every event that arrived in
//! the meantime in one durable transaction (group commit); only then are the submitters told.
//! So an acknowledged event is on disk, and the cost of a disk sync is shared by all the events
//! of a burst — thousands of members voting in the same minute.
//!
//! Readers take an O(1) snapshot of an assembly's state and never wait for the writer's disk.
//! They may see an event a moment before it is durable; no one is told it is recorded until it is.

#![forbid(unsafe_code)]

mod secret;

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::JoinHandle;

use domain::{Assembly, FoldError, Ledger, Origin, Rejection};
use record::{AssemblyId, Event, EventId};
use store::{Store, StoreError};

/// Most events committed in one transaction.
const MAX_BATCH: usize = 4096;
/// Most received events held back while waiting for their dependencies.
pub const MAX_WAITING: usize = 100_000;
/// Most bytes of received events held back while waiting for their dependencies.
pub const MAX_WAITING_BYTES: usize = 32 * 1024 * 1024;

/// Milliseconds since the Unix epoch, as the node's clock says.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// How a node judges what it is sent.
#[derive(Clone)]
pub struct Config {
    /// How far a member's event may claim to be from the node's clock, in milliseconds.
    pub max_skew: u64,
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Self { max_skew: 5 * 60 * 1000, clock: Arc::new(system_time) }
    }
}

/// The system clock in milliseconds since the Unix epoch.
#[must_use]
pub fn system_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// What the node tells a submitter once their event is durably recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    pub id: EventId,
    pub assembly: AssemblyId,
    /// The node already held the event; nothing changed.
    pub duplicate: bool,
}

/// What became of events received from a peer or a bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// Newly stored.
    pub stored: usize,
    /// Already held.
    pub duplicate: usize,
    /// Refused, with the reason; nothing of them was stored.
    pub refused: Vec<(EventId, Rejection)>,
}

/// Events that became durable together in one assembly, for those watching it.
#[derive(Debug, Clone)]
pub struct Change {
    pub assembly: AssemblyId,
    pub events: Vec<Event>,
}

/// Why a node could not start.
#[derive(Debug)]
pub enum OpenError {
    Store(StoreError),
    /// The stored events of an assembly do not fold (the store was altered by hand).
    Fold(AssemblyId, FoldError),
    /// The writer thread could not be started.
    Thread(std::io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Store(e) => write!(f, "{e}"),
            Self::Fold(id, e) => write!(f, "assembly {id}: {e}"),
            Self::Thread(e) => write!(f, "cannot start the writer thread: {e}"),
        }
    }
}

impl std::error::Error for OpenError {}

type Reply = Box<dyn FnOnce(Result<Receipt, Rejection>) + Send>;
type Listener = Box<dyn Fn(&Change) + Send + Sync>;

type BatchReply = Box<dyn FnOnce(Vec<Result<Receipt, Rejection>>) + Send>;

/// Work for the writer: one event from a member, or a batch from a peer or a bundle, which is
/// committed in one transaction — all of it durable, or none of it.
struct Job {
    events: Vec<Event>,
    origin: Origin,
    reply: JobReply,
}

enum JobReply {
    One(Reply),
    Batch(BatchReply),
}

impl JobReply {
    fn send(self, mut results: Vec<Result<Receipt, Rejection>>) {
        match self {
            Self::One(reply) => reply(results.pop().unwrap_or(Err(Rejection::NotStored))),
            Self::Batch(reply) => reply(results),
        }
    }
}

struct Shared {
    store: Box<dyn Store>,
    ledgers: RwLock<HashMap<AssemblyId, Ledger>>,
    listeners: RwLock<Vec<Listener>>,
}

/// A running node. Cloning it is cheap; the writer stops when the last clone is dropped.
#[derive(Clone)]
pub struct Node {
    shared: Arc<Shared>,
    jobs: Sender<Job>,
    config: Config,
    _writer: Arc<WriterHandle>,
}

struct WriterHandle(Option<JoinHandle<()>>);

impl Drop for WriterHandle {
    fn drop(&mut self) {
        // The job sender is dropped with the node just before this handle, so the writer
        // finishes the batch in hand and exits.
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

impl Node {
    /// Opens a node on `store`, folding every stored assembly, and starts its writer.
    ///
    /// # Errors
    /// When the store cannot be read or what it holds does not fold.
    pub fn open(store: Box<dyn Store>, config: Config) -> Result<Self, OpenError> {
        let ledgers = load(&*store)?;
        let shared = Arc::new(Shared {
            store,
            ledgers: RwLock::new(ledgers),
            listeners: RwLock::new(Vec::new()),
        });
        let (jobs, queue) = mpsc::channel();
        let writer_shared = Arc::clone(&shared);
        let writer = std::thread::Builder::new()
            .name("plenum-writer".into())
            .spawn(move || write_loop(&writer_shared, &queue))
            .map_err(OpenError::Thread)?;
        Ok(Self { shared, jobs, config, _writer: Arc::new(WriterHandle(Some(writer))) })
    }

    /// The node's clock, in milliseconds since the Unix epoch.
    #[must_use]
    pub fn now(&self) -> u64 {
        (self.config.clock)()
    }

    /// Submits an event's bytes. `reply` is called once: with a receipt after the event is
    /// durably stored, or with the reason it was refused (then nothing was stored).
    pub fn submit(
        &self,
        bytes: &[u8],
        origin: Origin,
        reply: impl FnOnce(Result<Receipt, Rejection>) + Send + 'static,
    ) {
        match Event::decode(bytes) {
            Ok(event) => self.submit_event(event, origin, reply),
            Err(record::DecodeError::BadSignature | record::DecodeError::InvalidAuthorKey) => {
                reply(Err(Rejection::BadSignature));
            }
            Err(e) => reply(Err(Rejection::Malformed(e.to_string()))),
        }
    }

    /// Submits an event already decoded and verified.
    pub fn submit_event(
        &self,
        event: Event,
        origin: Origin,
        reply: impl FnOnce(Result<Receipt, Rejection>) + Send + 'static,
    ) {
        if origin == Origin::Local && event.time().abs_diff(self.now()) > self.config.max_skew {
            reply(Err(Rejection::ClockSkew));
            return;
        }
        if let Err(reason) = self.check_secret(&event, origin) {
            reply(Err(reason));
            return;
        }
        let job = Job { events: vec![event], origin, reply: JobReply::One(Box::new(reply)) };
        if let Err(mpsc::SendError(job)) = self.jobs.send(job) {
            job.reply.send(vec![Err(Rejection::NotStored)]);
        }
    }

    /// [`Node::submit`], waiting for the outcome.
    ///
    /// # Errors
    /// The reason the event was refused.
    pub fn submit_wait(&self, bytes: &[u8], origin: Origin) -> Result<Receipt, Rejection> {
        let (tx, rx) = mpsc::channel();
        self.submit(bytes, origin, move |r| {
            let _ = tx.send(r);
        });
        rx.recv().unwrap_or(Err(Rejection::NotStored))
    }

    /// [`Node::submit_event`], waiting for the outcome.
    ///
    /// # Errors
    /// The reason the event was refused.
    pub fn submit_event_wait(&self, event: Event, origin: Origin) -> Result<Receipt, Rejection> {
        let (tx, rx) = mpsc::channel();
        self.submit_event(event, origin, move |r| {
            let _ = tx.send(r);
        });
        rx.recv().unwrap_or(Err(Rejection::NotStored))
    }

    /// Takes events from another node or a bundle, each judged as [`Origin::Peer`], and waits
    /// until every one is stored or refused. Events whose dependencies are not held yet are
    /// kept in `waiting` rather than refused: a later call (the next round of a sync, the
    /// rest of a bundle) may bring what they build on, and they are tried again then.
    /// Only events of assemblies in `assemblies` are taken (`None`: any, founding included);
    /// the others are refused with [`Rejection::UnknownAssembly`].
    pub fn receive(
        &self,
        events: Vec<Event>,
        waiting: &mut Vec<Event>,
        assemblies: Option<&[AssemblyId]>,
    ) -> Received {
        let mut report = Received::default();
        let mut batch: Vec<Event> = std::mem::take(waiting);
        batch.extend(events);
        loop {
            batch.retain(|event| {
                let allowed =
                    assemblies.is_none_or(|allowed| allowed.contains(&event.assembly_id()));
                if !allowed {
                    report.refused.push((event.id(), Rejection::UnknownAssembly));
                }
                allowed
            });
            // A secret ballot's proofs and a seal's tally are checked at the door, against the
            // election their causal past sets up: such an event waits until all it builds on
            // is stored (perhaps by this very batch), then is checked before it is placed.
            let mut deferred = Vec::new();
            batch.retain(|event| {
                if !secret::checked_at_door(event) {
                    return true;
                }
                if !self.holds_deps(event) {
                    deferred.push(event.clone());
                    return false;
                }
                match self.check_secret(event, Origin::Peer) {
                    Ok(()) => true,
                    Err(reason) => {
                        report.refused.push((event.id(), reason));
                        false
                    }
                }
            });
            let results = self.submit_batch_wait(batch.clone(), Origin::Peer);
            let mut progress = false;
            let mut again = deferred;
            for (event, result) in batch.drain(..).zip(results) {
                match result {
                    Ok(receipt) if receipt.duplicate => report.duplicate += 1,
                    Ok(_) => {
                        report.stored += 1;
                        progress = true;
                    }
                    // Its founding event (for an assembly not held yet) may come later too.
                    Err(Rejection::MissingDependency(_) | Rejection::UnknownAssembly) => {
                        again.push(event);
                    }
                    Err(reason) => report.refused.push((event.id(), reason)),
                }
            }
            batch = again;
            if batch.is_empty() || !progress {
                // A peer cannot fill the node's memory with events that never connect.
                let mut bytes = 0usize;
                let keep = batch
                    .iter()
                    .position(|e| {
                        bytes += e.bytes().len();
                        bytes > MAX_WAITING_BYTES
                    })
                    .unwrap_or(batch.len())
                    .min(MAX_WAITING);
                for event in batch.drain(keep..) {
                    let missing = event.deps().first().copied().unwrap_or(EventId([0; 32]));
                    report.refused.push((event.id(), Rejection::MissingDependency(missing)));
                }
                *waiting = batch;
                return report;
            }
        }
    }

    /// Whether the node holds every event `event` builds on.
    fn holds_deps(&self, event: &Event) -> bool {
        self.read(&event.assembly_id(), |l| event.deps().iter().all(|d| l.contains(d)))
            .unwrap_or(false)
    }

    /// Submits a batch of decoded, verified events, placed in the given order and committed
    /// in one transaction: when the replies come, either every accepted event of the batch is
    /// durable, or (on a storage failure) none is. Returns one outcome per event, in order.
    #[must_use]
    pub fn submit_batch_wait(
        &self,
        events: Vec<Event>,
        origin: Origin,
    ) -> Vec<Result<Receipt, Rejection>> {
        if events.is_empty() {
            return Vec::new();
        }
        let n = events.len();
        let (tx, rx) = mpsc::channel();
        let reply: BatchReply = Box::new(move |results| {
            let _ = tx.send(results);
        });
        let job = Job { events, origin, reply: JobReply::Batch(reply) };
        if let Err(mpsc::SendError(job)) = self.jobs.send(job) {
            job.reply.send(vec![Err(Rejection::NotStored); n]);
        }
        rx.recv().unwrap_or_else(|_| vec![Err(Rejection::NotStored); n])
    }

    /// A snapshot of an assembly's state (an O(1) copy).
    #[must_use]
    pub fn state(&self, assembly: &AssemblyId) -> Option<Assembly> {
        self.read(assembly, |l| l.state().clone())
    }

    /// Snapshots of every assembly the node holds, by name.
    #[must_use]
    pub fn assemblies(&self) -> Vec<Assembly> {
        let ledgers = self.shared.ledgers.read().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<Assembly> = ledgers.values().map(|l| l.state().clone()).collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        out
    }

    /// Runs `f` on an assembly's ledger, under a read lock: keep it short.
    pub fn read<R>(&self, assembly: &AssemblyId, f: impl FnOnce(&Ledger) -> R) -> Option<R> {
        let ledgers = self.shared.ledgers.read().unwrap_or_else(PoisonError::into_inner);
        ledgers.get(assembly).map(f)
    }

    /// The events of an assembly in canonical order.
    #[must_use]
    pub fn events(&self, assembly: &AssemblyId) -> Option<Vec<Event>> {
        self.read(assembly, |l| l.events().to_vec())
    }

    /// Calls `listener` after each batch of events becomes durable, once per assembly. It runs
    /// on the writer thread: it must return at once (send on a channel, nothing more).
    pub fn on_change(&self, listener: impl Fn(&Change) + Send + Sync + 'static) {
        self.shared
            .listeners
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Box::new(listener));
    }

    /// The store under the node.
    #[must_use]
    pub fn store(&self) -> &dyn Store {
        &*self.shared.store
    }
}

fn load(store: &dyn Store) -> Result<HashMap<AssemblyId, Ledger>, OpenError> {
    let mut by_assembly: HashMap<AssemblyId, Vec<Event>> = HashMap::new();
    for event in store.all_events().map_err(OpenError::Store)? {
        by_assembly.entry(event.assembly_id()).or_default().push(event);
    }
    by_assembly
        .into_iter()
        .map(|(id, events)| {
            Ledger::from_events(events).map(|l| (id, l)).map_err(|e| OpenError::Fold(id, e))
        })
        .collect()
}

/// Places one event in its ledger (or founds one).
fn place(
    ledgers: &mut HashMap<AssemblyId, Ledger>,
    event: &Event,
    origin: Origin,
) -> Result<(), Rejection> {
    if event.assembly().is_none() {
        if ledgers.contains_key(&event.assembly_id()) {
            return Err(Rejection::Duplicate);
        }
        let ledger = Ledger::new(event.clone())?;
        ledgers.insert(event.assembly_id(), ledger);
        return Ok(());
    }
    let ledger = ledgers.get_mut(&event.assembly_id()).ok_or(Rejection::UnknownAssembly)?;
    ledger.insert(event.clone(), origin).map(|_| ())
}

fn write_loop(shared: &Shared, queue: &Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut size = first.events.len();
        let mut jobs = vec![first];
        while size < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => {
                    size += job.events.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        let mut to_store: Vec<Event> = Vec::new();
        let mut replies: Vec<(JobReply, Vec<Result<Receipt, Rejection>>)> = Vec::new();
        {
            let mut ledgers = shared.ledgers.write().unwrap_or_else(PoisonError::into_inner);
            for job in jobs {
                let mut results = Vec::with_capacity(job.events.len());
                for event in job.events {
                    let receipt =
                        Receipt { id: event.id(), assembly: event.assembly_id(), duplicate: false };
                    match place(&mut ledgers, &event, job.origin) {
                        Ok(()) => {
                            to_store.push(event);
                            results.push(Ok(receipt));
                        }
                        // Held already, perhaps only since this batch: acknowledged with the
                        // batch, once it is certainly durable.
                        Err(Rejection::Duplicate) => {
                            results.push(Ok(Receipt { duplicate: true, ..receipt }));
                        }
                        Err(reason) => results.push(Err(reason)),
                    }
                }
                replies.push((job.reply, results));
            }
        }
        let stored = to_store.is_empty() || shared.store.append(&to_store).is_ok();
        if stored {
            // Watchers first, so that whoever is told "recorded" finds the change announced.
            notify(shared, to_store);
        } else {
            // Memory ran ahead of the disk: go back to what the disk holds.
            if let Ok(ledgers) = load(&*shared.store) {
                *shared.ledgers.write().unwrap_or_else(PoisonError::into_inner) = ledgers;
            }
            for (_, results) in &mut replies {
                for result in results.iter_mut().filter(|r| r.is_ok()) {
                    *result = Err(Rejection::NotStored);
                }
            }
        }
        for (reply, results) in replies {
            reply.send(results);
        }
    }
}

fn notify(shared: &Shared, events: Vec<Event>) {
    if events.is_empty() {
        return;
    }
    let mut changes: Vec<Change> = Vec::new();
    for event in events {
        let assembly = event.assembly_id();
        match changes.iter_mut().find(|c| c.assembly == assembly) {
            Some(change) => change.events.push(event),
            None => changes.push(Change { assembly, events: vec![event] }),
        }
    }
    let listeners = shared.listeners.read().unwrap_or_else(PoisonError::into_inner);
    for change in &changes {
        for listener in listeners.iter() {
            listener(change);
        }
    }
}
