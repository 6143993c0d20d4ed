//! The chart of a count's rounds, drawn on the server as SVG: one row per candidate, one bar
//! per round, and the quota as a dashed line across each round's slot. It needs no script,
//! scales to the width of a phone, and carries a title and a description for screen readers
//! (the table beside it holds the same numbers).
//!
//! Geometry is computed here, in the units of the SVG's view box; the template only places
//! it. Tallies are decimal strings: they become floating point numbers for drawing only.

use count::Transcript;
use i18n::Tr;

/// Width of the view box: about a phone's width in CSS pixels, so text stays readable there.
const WIDTH: f64 = 340.0;
const PAD: f64 = 4.0;
const LABEL: f64 = 18.0;
const BAR: f64 = 40.0;
const GAP: f64 = 10.0;
const ROW: f64 = LABEL + BAR + GAP;
const AXIS: f64 = 20.0;
/// Longest name drawn in full; longer ones end with an ellipsis (the `<title>` has it all).
const NAME_CHARS: usize = 36;

/// A bar: one candidate's tally in one round.
pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    /// `hopeful`, `elected` or `excluded`.
    pub class: &'static str,
    pub title: String,
}

/// The quota in one round's slot of one row.
pub struct QuotaMark {
    pub x1: String,
    pub x2: String,
    pub y: String,
}

/// A candidate's row.
pub struct Row {
    pub label: String,
    pub full_name: String,
    pub label_y: String,
    pub baseline: String,
    pub bars: Vec<Bar>,
    pub quota: Vec<QuotaMark>,
}

/// The whole chart, ready for the template.
pub struct Chart {
    pub width: String,
    pub height: String,
    pub title: String,
    pub desc: String,
    pub rows: Vec<Row>,
    /// Each round's number and the x of its label.
    pub axis: Vec<(u32, String)>,
    pub axis_y: String,
    pub axis_label: String,
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

fn value(s: &str) -> f64 {
    s.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0)
}

impl Chart {
    /// The chart of a transcript, with words in the reader's language.
    #[must_use]
    pub fn new(tr: &Tr<'_>, t: &Transcript) -> Self {
        let rounds = t.rounds.len().max(1);
        let slot = (WIDTH - 2.0 * PAD) / rounds as f64;
        let bar_w = (slot * 0.7).min(40.0);
        let top = t
            .rounds
            .iter()
            .flat_map(|r| r.tallies.iter().flatten().chain(r.quota.iter()))
            .map(|s| value(s))
            .fold(0.0, f64::max);
        let scale = if top > 0.0 { BAR / top } else { 0.0 };
        let mut rows = Vec::new();
        for (i, name) in t.candidates.iter().enumerate() {
            let c = u16::try_from(i).unwrap_or(u16::MAX);
            let y0 = PAD + i as f64 * ROW;
            let baseline = y0 + LABEL + BAR;
            let elected_in = t.rounds.iter().find(|r| r.elected.contains(&c)).map(|r| r.number);
            let excluded_in = t.rounds.iter().find(|r| r.excluded.contains(&c)).map(|r| r.number);
            let mut bars = Vec::new();
            let mut quota = Vec::new();
            for (j, r) in t.rounds.iter().enumerate() {
                let left = PAD + j as f64 * slot;
                if let Some(q) = r.quota.as_deref().map(value).filter(|q| *q > 0.0) {
                    quota.push(QuotaMark {
                        x1: n(left),
                        x2: n(left + slot),
                        y: n(baseline - q * scale),
                    });
                }
                let Some(tally) = r.tallies.get(i).cloned().flatten() else { continue };
                let h = value(&tally) * scale;
                let class = match (elected_in, excluded_in) {
                    (Some(e), _) if r.number >= e => "elected",
                    (_, Some(x)) if r.number >= x => "excluded",
                    _ => "hopeful",
                };
                bars.push(Bar {
                    x: n(left + (slot - bar_w) / 2.0),
                    y: n(baseline - h),
                    w: n(bar_w),
                    h: n(h),
                    class,
                    title: tr.args(
                        "chart-bar",
                        &[
                            ("name", name.clone().into()),
                            ("round", r.number.into()),
                            ("votes", tally.clone().into()),
                        ],
                    ),
                });
            }
            let mut label: String = name.chars().take(NAME_CHARS).collect();
            if name.chars().count() > NAME_CHARS {
                label.push('…');
            }
            if elected_in.is_some() {
                label = format!("{label} — {}", tr.t("count-state-elected"));
            } else if excluded_in.is_some() {
                label = format!("{label} — {}", tr.t("count-state-excluded"));
            }
            rows.push(Row {
                label,
                full_name: name.clone(),
                label_y: n(y0 + 13.0),
                baseline: n(baseline),
                bars,
                quota,
            });
        }
        let height = PAD + t.candidates.len() as f64 * ROW + AXIS;
        let axis = t
            .rounds
            .iter()
            .enumerate()
            .map(|(j, r)| (r.number, n(PAD + (j as f64 + 0.5) * slot)))
            .collect();
        let elected: Vec<String> =
            t.elected.iter().map(|&c| t.candidates[usize::from(c)].clone()).collect();
        Self {
            width: n(WIDTH),
            height: n(height),
            title: tr.t("chart-title"),
            desc: tr.args(
                "chart-desc",
                &[("rounds", t.rounds.len().into()), ("elected", elected.join(", ").into())],
            ),
            rows,
            axis,
            axis_y: n(height - 6.0),
            axis_label: tr.t("chart-rounds"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use count::transcript::Round;

    #[test]
    fn bars_scale_to_the_largest_tally_and_excluded_candidates_lose_their_bars() {
        let catalog = i18n::Catalog::new();
        let tr = Tr::new(&catalog, i18n::Lang::En);
        let t = Transcript {
            candidates: vec!["Aliya".into(), "Timur".into()],
            elected: vec![0],
            rounds: vec![
                Round {
                    number: 1,
                    tallies: vec![Some("4".into()), Some("2".into())],
                    quota: Some("3".into()),
                    ..Round::default()
                },
                Round {
                    number: 2,
                    tallies: vec![Some("4".into()), None],
                    quota: Some("3".into()),
                    elected: vec![0],
                    excluded: vec![1],
                    ..Round::default()
                },
            ],
            ..Transcript::default()
        };
        let chart = Chart::new(&tr, &t);
        assert_eq!(chart.rows.len(), 2);
        assert_eq!(chart.rows[0].bars[0].h, "40.0");
        assert_eq!(chart.rows[1].bars.len(), 1, "no bar once excluded");
        assert_eq!(chart.rows[1].bars[0].h, "20.0");
        assert_eq!(chart.rows[0].bars[1].class, "elected");
        assert_eq!(chart.rows[0].quota.len(), 2);
        assert!(chart.rows[0].label.contains("elected"), "{}", chart.rows[0].label);
        assert!(chart.desc.contains("Aliya"), "{}", chart.desc);
        assert_eq!(chart.axis.len(), 2);
    }
}
