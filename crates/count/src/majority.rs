//! Yes / no / abstain with a quorum and a threshold: the method of an open vote on a motion.
//!
//! The rules, stated once here and in `docs/counting.md`:
//! - the **quorum** is met when the weight of everyone who voted (abstentions included) is at
//!   least `quorum` of the electorate's weight;
//! - **simple majority**: more yes than no; abstentions do not count either way;
//! - **two thirds**: yes is at least two thirds of yes and no together, and not zero;
//! - **absolute majority**: yes is more than half of the whole electorate's weight.
//!
//! All arithmetic is exact on integers (`u128`), so no rounding can tip a result.

/// The weights cast for each choice, and the weight of the whole electorate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub electorate: u64,
}

/// What a motion needs to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    SimpleMajority,
    TwoThirds,
    AbsoluteMajority,
}

/// A quorum and a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The share of the electorate's weight that must vote, as `(numerator, denominator)`.
    pub quorum: (u32, u32),
    pub threshold: Threshold,
}

/// The result of a yes / no / abstain ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Carried,
    NotCarried,
    QuorumNotMet,
}

impl Tally {
    /// The weight of everyone who voted, abstentions included.
    #[must_use]
    pub fn turnout(&self) -> u128 {
        u128::from(self.yes) + u128::from(self.no) + u128::from(self.abstain)
    }
}

impl Rule {
    /// Whether `tally` meets the quorum.
    #[must_use]
    pub fn quorum_met(&self, tally: &Tally) -> bool {
        let (num, den) = self.quorum;
        if den == 0 {
            return true;
        }
        tally.turnout() * u128::from(den) >= u128::from(tally.electorate) * u128::from(num)
    }

    /// Decides the ballot.
    #[must_use]
    pub fn decide(&self, tally: &Tally) -> Outcome {
        if !self.quorum_met(tally) {
            return Outcome::QuorumNotMet;
        }
        let (yes, no) = (u128::from(tally.yes), u128::from(tally.no));
        let carried = match self.threshold {
            Threshold::SimpleMajority => yes > no,
            Threshold::TwoThirds => yes > 0 && 3 * yes >= 2 * (yes + no),
            Threshold::AbsoluteMajority => 2 * yes > u128::from(tally.electorate),
        };
        if carried { Outcome::Carried } else { Outcome::NotCarried }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(threshold: Threshold, quorum: (u32, u32), votes: [u64; 4], expected: Outcome) {
        let [yes, no, abstain, electorate] = votes;
        let tally = Tally { yes, no, abstain, electorate };
        assert_eq!(Rule { quorum, threshold }.decide(&tally), expected, "{tally:?} {threshold:?}");
    }

    #[test]
    fn simple_majority_ignores_abstentions() {
        check(Threshold::SimpleMajority, (0, 1), [3, 2, 10, 20], Outcome::Carried);
        check(Threshold::SimpleMajority, (0, 1), [2, 2, 0, 4], Outcome::NotCarried);
        check(Threshold::SimpleMajority, (0, 1), [0, 0, 5, 5], Outcome::NotCarried);
    }

    #[test]
    fn two_thirds_is_inclusive() {
        check(Threshold::TwoThirds, (0, 1), [2, 1, 0, 3], Outcome::Carried);
        check(Threshold::TwoThirds, (0, 1), [199, 101, 0, 300], Outcome::NotCarried);
        check(Threshold::TwoThirds, (0, 1), [0, 0, 3, 3], Outcome::NotCarried);
    }

    #[test]
    fn absolute_majority_counts_the_whole_electorate() {
        check(Threshold::AbsoluteMajority, (0, 1), [5, 0, 0, 10], Outcome::NotCarried);
        check(Threshold::AbsoluteMajority, (0, 1), [6, 4, 0, 10], Outcome::Carried);
    }

    #[test]
    fn quorum_counts_abstentions_and_is_exact() {
        // A third of 300 is exactly 100: met at 100, not at 99.
        check(Threshold::SimpleMajority, (1, 3), [50, 10, 40, 300], Outcome::Carried);
        check(Threshold::SimpleMajority, (1, 3), [50, 10, 39, 300], Outcome::QuorumNotMet);
    }

    #[test]
    fn weights_near_the_top_of_u64_do_not_overflow() {
        let big = u64::MAX;
        check(Threshold::TwoThirds, (1, 2), [big, big / 2, 0, big], Outcome::Carried);
    }
}
