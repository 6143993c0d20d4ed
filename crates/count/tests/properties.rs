//! Properties every method must have, over random small elections.
//!
//! - A ballot of weight `w` counts exactly as `w` identical ballots of weight 1 (weights are
//!   first-class: a delegate's ballot is its members' ballots).
//! - The order of the ballots never changes the result.
//! - BLT written and read back is the same election.
//!
//! Ties left open by a rule go by a lot with a fixed seed here, so that both sides of each
//! comparison draw the same order (by default the seed is a digest of the ballots, which
//! differs between the two encodings on purpose).

use count::ballot::{Ballots, Election};
use count::method::{self, Method};
use count::{blt, stv};
use proptest::prelude::*;

fn methods() -> Vec<(Method, Vec<(String, String)>)> {
    let o = |pairs: &[(&str, &str)]| {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<Vec<_>>()
    };
    vec![
        (Method::Stv(stv::Rule::Scotland), o(&[("seed", "1")])),
        (Method::Stv(stv::Rule::Wigm), o(&[("seed", "1"), ("arithmetic", "fixed")])),
        (Method::Stv(stv::Rule::WigmPrfBatch), o(&[("seed", "1")])),
        (Method::Stv(stv::Rule::Meek), o(&[("seed", "1"), ("arithmetic", "fixed")])),
        (Method::Stv(stv::Rule::Warren), o(&[("seed", "1"), ("arithmetic", "guarded")])),
        (Method::Stv(stv::Rule::MeekPrf), o(&[("seed", "1")])),
        (Method::Irv, o(&[("seed", "1")])),
        (
            Method::Irv,
            o(&[
                ("seed", "1"),
                ("overvoteRule", "alwaysSkipToNextRank"),
                ("batchElimination", "true"),
            ]),
        ),
        (Method::Schulze, o(&[("seed", "1")])),
        (Method::Borda, o(&[("seed", "1")])),
        (Method::Plurality, o(&[("seed", "1")])),
        (Method::Approval, o(&[("seed", "1")])),
        (Method::MajorityJudgment, o(&[("seed", "1")])),
    ]
}

/// A ranking: a permutation prefix, with an occasional equal ranking.
fn ranking(n: usize) -> impl Strategy<Value = Vec<Vec<u16>>> {
    (
        Just((0..n as u16).collect::<Vec<u16>>()).prop_shuffle(),
        1..=n,
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(perm, len, tie)| {
            let mut positions: Vec<Vec<u16>> = perm[..len].iter().map(|&c| vec![c]).collect();
            if tie && positions.len() >= 2 {
                let second = positions.remove(1);
                positions[0].extend(second);
            }
            positions
        })
}

/// Candidates, seats, and weighted rankings.
type Spec = (usize, usize, Vec<(u64, Vec<Vec<u16>>)>);

fn election() -> impl Strategy<Value = Spec> {
    (3usize..=6).prop_flat_map(|n| {
        (Just(n), 1..n, proptest::collection::vec((1u64..=3, ranking(n)), 1..=18))
    })
}

fn build(n: usize, seats: usize, ballots: &[(u64, Vec<Vec<u16>>)]) -> Election {
    let mut b = Ballots::new();
    for (w, r) in ballots {
        b.push(*w, r);
    }
    Election {
        title: "property".into(),
        candidates: (0..n).map(|i| format!("C{i}")).collect(),
        seats,
        withdrawn: Vec::new(),
        ballots: b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_weighted_ballot_counts_as_that_many_ballots((n, seats, ballots) in election()) {
        let weighted = build(n, seats, &ballots);
        let expanded: Vec<(u64, Vec<Vec<u16>>)> = ballots
            .iter()
            .flat_map(|(w, r)| std::iter::repeat_n((1, r.clone()), *w as usize))
            .collect();
        let unit = build(n, seats, &expanded);
        for (m, opts) in methods() {
            let a = method::count(&weighted, m, &opts);
            let b = method::count(&unit, m, &opts);
            prop_assert_eq!(a, b, "{:?}", m);
        }
    }

    #[test]
    fn ballot_order_never_changes_the_result(
        (n, seats, ballots) in election(),
        seed in any::<u64>(),
    ) {
        let mut shuffled = ballots.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let a_e = build(n, seats, &ballots);
        let b_e = build(n, seats, &shuffled);
        for (m, opts) in methods() {
            let a = method::count(&a_e, m, &opts);
            let b = method::count(&b_e, m, &opts);
            prop_assert_eq!(a, b, "{:?}", m);
        }
    }

    #[test]
    fn blt_round_trips((n, seats, ballots) in election()) {
        let e = build(n, seats, &ballots);
        let text = blt::write(&e);
        let back = blt::parse(text.as_bytes()).expect("written BLT parses");
        prop_assert_eq!(back.election, e);
    }
}
