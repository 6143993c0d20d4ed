//! Ranked ballots and the election they belong to, stored flat so a million of them fit.
//!
//! A ballot is a weight (how many members it counts for: a delegate's ballot carries the
//! members they represent; a BLT line carries its multiplier) and a ranking. A ranking is a list
//! of *positions*; a position holds one candidate, several equally ranked candidates, or none
//! (a skipped rank). RCTab's overvote marker is kept as [`OVERVOTE`] so IRV can apply the
//! overvote rules.
//!
//! Storage: one `Vec<u16>` of entries for all ballots. An entry is a candidate index; the
//! [`EQUAL`] bit marks "same position as the entry before"; [`SKIP`] is an empty position.
//! Cost: candidates are limited to [`MAX_CANDIDATES`]; benefit: 1,000,000 ballots of 20
//! candidates take about 45 MB and no allocation per ballot.

/// A candidate, as an index into [`Election::candidates`].
pub type CandidateId = u16;

/// The most candidates an election may have.
pub const MAX_CANDIDATES: usize = 0x3FF0;
/// Flag on an entry: same position as the previous entry (an equal ranking).
pub const EQUAL: u16 = 0x8000;
/// An empty position (a skipped rank).
pub const SKIP: u16 = 0x7FFF;
/// An explicit overvote marker at a position (RCTab's `overvote` label).
pub const OVERVOTE: u16 = 0x7FFE;

/// Ballots stored flat: weights, and each ballot's slice of entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ballots {
    weights: Vec<u64>,
    starts: Vec<u32>,
    entries: Vec<u16>,
}

/// One ballot, borrowed from [`Ballots`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallotRef<'a> {
    pub weight: u64,
    /// The encoded entries (see the module docs); use [`BallotRef::positions`] to read them.
    pub entries: &'a [u16],
}

/// An election: candidates, seats, withdrawn candidates and the ballots cast.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Election {
    pub title: String,
    pub candidates: Vec<String>,
    pub seats: usize,
    /// Candidates withdrawn before the count; ballots skip them.
    pub withdrawn: Vec<CandidateId>,
    pub ballots: Ballots,
}

impl Ballots {
    #[must_use]
    pub fn new() -> Self {
        Self { weights: Vec::new(), starts: vec![0], entries: Vec::new() }
    }

    /// Room for `ballots` ballots of `entries` entries in all.
    #[must_use]
    pub fn with_capacity(ballots: usize, entries: usize) -> Self {
        let mut starts = Vec::with_capacity(ballots + 1);
        starts.push(0);
        Self { weights: Vec::with_capacity(ballots), starts, entries: Vec::with_capacity(entries) }
    }

    /// Adds a ballot from its positions (each a list of equally ranked candidates; an empty
    /// list is a skipped rank).
    pub fn push<P: AsRef<[CandidateId]>>(&mut self, weight: u64, positions: &[P]) {
        for position in positions {
            let position = position.as_ref();
            if position.is_empty() {
                self.entries.push(SKIP);
            }
            for (i, &c) in position.iter().enumerate() {
                self.entries.push(if i == 0 { c } else { c | EQUAL });
            }
        }
        self.finish(weight);
    }

    /// Adds a ballot from already encoded entries.
    pub fn push_entries(&mut self, weight: u64, entries: &[u16]) {
        self.entries.extend_from_slice(entries);
        self.finish(weight);
    }

    /// Low-level building for parsers: push entries with [`Ballots::push_entry`], then
    /// [`Ballots::finish`] the ballot with its weight.
    pub fn push_entry(&mut self, entry: u16) {
        self.entries.push(entry);
    }

    pub fn finish(&mut self, weight: u64) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.weights.push(weight);
        let end = u32::try_from(self.entries.len()).expect("fewer than 4 billion entries");
        self.starts.push(end);
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    #[must_use]
    pub fn get(&self, i: usize) -> BallotRef<'_> {
        let (s, e) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        BallotRef { weight: self.weights[i], entries: &self.entries[s..e] }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = BallotRef<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The total weight of all ballots.
    #[must_use]
    pub fn total_weight(&self) -> u128 {
        self.weights.iter().map(|&w| u128::from(w)).sum()
    }

    /// The same ballots with identical ones merged into one ballot whose weight is their sum,
    /// in order of first appearance. Counting a merged ballot is counting each of them.
    #[must_use]
    pub fn collapsed(&self) -> Ballots {
        use std::collections::HashMap;
        let mut index: HashMap<&[u16], usize, FxBuild> =
            HashMap::with_capacity_and_hasher(self.len() / 4, FxBuild);
        let mut out = Ballots::with_capacity(self.len() / 4, self.entries.len() / 4);
        for b in self.iter() {
            match index.get(b.entries) {
                Some(&j) => out.weights[j] = out.weights[j].saturating_add(b.weight),
                None => {
                    index.insert(b.entries, out.len());
                    out.push_entries(b.weight, b.entries);
                }
            }
        }
        out
    }
}

impl<'a> BallotRef<'a> {
    /// The positions of the ranking, in order; each is a slice of entries (mask with
    /// `!EQUAL` to get candidate ids; a lone [`SKIP`] is an empty position).
    pub fn positions(&self) -> impl Iterator<Item = Position<'a>> + 'a {
        let entries = self.entries;
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= entries.len() {
                return None;
            }
            let start = i;
            i += 1;
            while i < entries.len() && entries[i] & EQUAL != 0 {
                i += 1;
            }
            Some(Position(&entries[start..i]))
        })
    }

    /// Whether any position holds more than one candidate.
    #[must_use]
    pub fn has_equal_ranking(&self) -> bool {
        self.entries.iter().any(|e| e & EQUAL != 0)
    }

    /// The ranking as nested vectors (empty vector for a skipped rank).
    #[must_use]
    pub fn ranking(&self) -> Vec<Vec<CandidateId>> {
        self.positions().map(|p| p.candidates().collect()).collect()
    }
}

/// One position of a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position<'a>(pub &'a [u16]);

impl<'a> Position<'a> {
    /// The candidates at this position (none for a skipped rank; markers are left out).
    pub fn candidates(self) -> impl Iterator<Item = CandidateId> + 'a {
        self.0.iter().map(|e| e & !EQUAL).filter(|&c| c != SKIP && c != OVERVOTE)
    }
    #[must_use]
    pub fn is_skip(self) -> bool {
        self.0.len() == 1 && self.0[0] == SKIP
    }
    #[must_use]
    pub fn is_overvote_marker(self) -> bool {
        self.0.iter().any(|e| e & !EQUAL == OVERVOTE)
    }
    #[must_use]
    pub fn len(self) -> usize {
        self.0.len()
    }
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }
}

impl Election {
    /// The index of a candidate by name.
    #[must_use]
    pub fn candidate(&self, name: &str) -> Option<CandidateId> {
        self.candidates.iter().position(|c| c == name).and_then(|i| CandidateId::try_from(i).ok())
    }

    #[must_use]
    pub fn is_withdrawn(&self, c: CandidateId) -> bool {
        self.withdrawn.contains(&c)
    }
}

/// A fast, non-cryptographic hasher for ballot slices (Fx, as in rustc). Ballot contents are
/// not adversarial to us: a collision costs time, never a wrong count.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxBuild;

pub(crate) struct FxHasher(u64);

impl std::hash::BuildHasher for FxBuild {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip() {
        let mut b = Ballots::new();
        b.push(3, &[vec![2], vec![], vec![0, 1]]);
        b.push(1, &[vec![1]]);
        assert_eq!(b.get(0).ranking(), vec![vec![2], vec![], vec![0, 1]]);
        assert!(b.get(0).has_equal_ranking());
        assert_eq!(b.get(1).ranking(), vec![vec![1]]);
        assert_eq!(b.total_weight(), 4);
    }

    #[test]
    fn collapse_sums_weights_of_identical_ballots() {
        let mut b = Ballots::new();
        b.push(1, &[vec![0], vec![1]]);
        b.push(2, &[vec![1]]);
        b.push(5, &[vec![0], vec![1]]);
        let c = b.collapsed();
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(0).weight, 6);
        assert_eq!(c.get(1).weight, 2);
    }
}
