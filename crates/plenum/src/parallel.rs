//! Work shared among the machine's cores: the checks of a large record (`plenum verify`).

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to share work among: the machine's cores (one where that is unknown).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `f` on consecutive ranges of at most `chunk` of `0..len`, on every core, and returns
/// the results in order. Threads take the next range, in order, as they finish one, so uneven
/// ranges and a core busy with something else still keep every thread working to the end.
pub fn chunks<T: Send>(len: usize, chunk: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    chunks_on(threads(), len, chunk, f)
}

/// As [`chunks`], on `threads` threads.
pub fn chunks_on<T: Send>(
    threads: usize,
    len: usize,
    chunk: usize,
    f: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let chunk = chunk.max(1);
    let count = len.div_ceil(chunk);
    let range = |c: usize| c * chunk..((c + 1) * chunk).min(len);
    let threads = threads.min(count);
    if threads <= 1 {
        return (0..count).map(|c| f(range(c))).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let c = next.fetch_add(1, Ordering::Relaxed);
                        if c >= count {
                            break mine;
                        }
                        mine.push((c, f(range(c))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    results.sort_unstable_by_key(|r| r.0);
    results.into_iter().map(|r| r.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_once_in_order() {
        for (len, chunk) in [(0, 3), (1, 3), (10, 3), (9, 3), (7, 100), (5, 0)] {
            for threads in 1..4 {
                let ranges = chunks_on(threads, len, chunk, |r| r);
                let flat: Vec<usize> = ranges.iter().cloned().flatten().collect();
                assert_eq!(flat, (0..len).collect::<Vec<_>>());
            }
        }
    }
}
