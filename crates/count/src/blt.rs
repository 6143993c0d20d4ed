//! The BLT ballot format: read (fast, with line numbers in errors) and written.
//!
//! BLT is the format of OpenSTV, Droop, OpenTally and the Scottish councils' published data:
//!
//! ```text
//! 4 2                  candidates, seats
//! -3                   optional: withdrawn candidates, as negative numbers
//! [tie 2 1 3 4]        optional: a tie-breaking order (Droop); other [options] are ignored
//! [nick a b c d]       optional: nicknames, which ballots may use instead of numbers
//! 3 1 2 0              ballots: weight, preferences (1-based), 0
//! 2 2=4 1 0            `=` ranks candidates equally; `-` is a skipped rank
//! (id7) 3 1 0          a ballot may open with an id in parentheses (weight 1)
//! 0                    end of ballots
//! "Castor"             candidate names, quoted
//! "Pollux"
//! "Helen"
//! "Leda"
//! "The election"       title
//! ```
//! `#` starts a comment to the end of the line. The parser works on bytes and builds the flat
//! [`Ballots`] directly: a million ballots parse in a fraction of a second.

use std::fmt;

use crate::ballot::{Ballots, CandidateId, EQUAL, Election, MAX_CANDIDATES, SKIP};

/// A parsed BLT file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blt {
    pub election: Election,
    /// The `[tie ...]` order, when the file gives one.
    pub tie_order: Option<Vec<CandidateId>>,
}

/// What is wrong with a BLT file, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BltError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for BltError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for BltError {}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    /// The line of the last token read: where an unexpected end of file is reported.
    last: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    /// A bare word: number, `a=b`, `-`, `-3`.
    Word(&'a [u8]),
    Quoted(&'a [u8]),
    /// `[...]` contents.
    Option(&'a [u8]),
    /// `(...)` contents.
    Id(&'a [u8]),
}

impl<'a> Lexer<'a> {
    fn skip_space(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\n' => {
                    self.line += 1;
                    self.i += 1;
                }
                b' ' | b'\t' | b'\r' | b'\x0c' => self.i += 1,
                b'#' => {
                    while self.i < self.b.len() && self.b[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn err(&self, message: impl Into<String>) -> BltError {
        BltError { line: self.last, message: message.into() }
    }

    /// The next token and the line it starts on.
    fn next(&mut self) -> Result<Option<(Tok<'a>, usize)>, BltError> {
        self.skip_space();
        if self.i >= self.b.len() {
            return Ok(None);
        }
        let line = self.line;
        self.last = line;
        let start = self.i;
        let tok = match self.b[self.i] {
            b'"' => {
                self.i += 1;
                let s = self.i;
                while self.i < self.b.len() && self.b[self.i] != b'"' {
                    if self.b[self.i] == b'\n' {
                        self.line += 1;
                    }
                    self.i += 1;
                }
                if self.i >= self.b.len() {
                    return Err(BltError { line, message: "a quoted name is not closed".into() });
                }
                let t = Tok::Quoted(&self.b[s..self.i]);
                self.i += 1;
                t
            }
            open @ (b'[' | b'(') => {
                let close = if open == b'[' { b']' } else { b')' };
                self.i += 1;
                let s = self.i;
                while self.i < self.b.len() && self.b[self.i] != close {
                    if self.b[self.i] == b'\n' {
                        self.line += 1;
                    }
                    self.i += 1;
                }
                if self.i >= self.b.len() {
                    return Err(BltError {
                        line,
                        message: format!("'{}' is not closed", open as char),
                    });
                }
                let inner = &self.b[s..self.i];
                self.i += 1;
                if open == b'[' { Tok::Option(inner) } else { Tok::Id(inner) }
            }
            _ => {
                while self.i < self.b.len()
                    && !matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n' | b'#' | b'"')
                {
                    self.i += 1;
                }
                Tok::Word(&self.b[start..self.i])
            }
        };
        Ok(Some((tok, line)))
    }
}

fn show(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.into_owned()
    }
}

fn number(w: &[u8]) -> Option<u64> {
    if w.is_empty() || w.len() > 19 || !w.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(w.iter().fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0')))
}

/// Parses a BLT file.
///
/// # Errors
/// The first problem found, with its line: a token that is not a number where one is needed, a
/// candidate number out of range, a repeated candidate on a ballot, a weight that is not a whole
/// number, a missing name, more seats than candidates.
pub fn parse(bytes: &[u8]) -> Result<Blt, BltError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lx = Lexer { b: bytes, i: 0, line: 1, last: 1 };
    let want_number = |lx: &mut Lexer<'_>, what: &str| -> Result<(u64, usize), BltError> {
        match lx.next()? {
            Some((Tok::Word(w), line)) => number(w).map(|n| (n, line)).ok_or_else(|| BltError {
                line,
                message: format!("expected {what}, found \"{}\"", show(w)),
            }),
            Some((_, line)) => Err(BltError { line, message: format!("expected {what}") }),
            None => Err(lx.err(format!("the file ends where {what} should be"))),
        }
    };
    let (n, line1) = want_number(&mut lx, "the number of candidates")?;
    if n == 0 || n as usize > MAX_CANDIDATES {
        return Err(BltError {
            line: line1,
            message: format!("{n} candidates: expected 1 to {MAX_CANDIDATES}"),
        });
    }
    let n = n as usize;
    let (seats, line2) = want_number(&mut lx, "the number of seats")?;
    if seats == 0 || seats as usize > n {
        return Err(BltError {
            line: line2,
            message: format!("{seats} seats for {n} candidates: expected 1 to {n}"),
        });
    }
    let mut withdrawn: Vec<CandidateId> = Vec::new();
    let mut tie_order = None;
    let mut nicks: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    let mut ballots = Ballots::with_capacity(bytes.len() / 24, bytes.len() / 3);
    let mut seen = vec![0u32; n];
    let mut ballot_no: u32 = 0;
    // Header: withdrawn candidates and options, up to the first ballot.
    let mut pending = lx.next()?;
    loop {
        match pending {
            Some((Tok::Word(w), line)) if w.first() == Some(&b'-') && w.len() > 1 => {
                let c =
                    number(&w[1..]).filter(|&c| c >= 1 && c as usize <= n).ok_or_else(|| {
                        BltError {
                            line,
                            message: format!(
                                "withdrawn candidate \"{}\": expected -1 to -{n}",
                                show(w)
                            ),
                        }
                    })?;
                withdrawn.push((c - 1) as CandidateId);
            }
            Some((Tok::Option(o), line)) => {
                let text = String::from_utf8_lossy(o);
                let mut words = text.split_whitespace();
                match words.next() {
                    Some("tie") => {
                        let mut order = Vec::new();
                        for w in words {
                            let c = w
                                .parse::<usize>()
                                .ok()
                                .or_else(|| nicks.get(w.as_bytes()).map(|c| c + 1))
                                .filter(|&c| c >= 1 && c <= n)
                                .ok_or_else(|| BltError {
                                    line,
                                    message: format!("[tie]: \"{w}\" is not a candidate"),
                                })?;
                            order.push((c - 1) as CandidateId);
                        }
                        tie_order = Some(order);
                    }
                    Some("nick") => {
                        let list: Vec<&str> = words.collect();
                        if list.len() != n {
                            return Err(BltError {
                                line,
                                message: format!(
                                    "[nick] names {} candidates, expected {n}",
                                    list.len()
                                ),
                            });
                        }
                        for (i, w) in list.into_iter().enumerate() {
                            if nicks.insert(w.as_bytes().to_vec(), i).is_some() {
                                return Err(BltError {
                                    line,
                                    message: format!("[nick]: \"{w}\" is given twice"),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => break,
        }
        pending = lx.next()?;
    }
    // Ballots, up to the closing 0.
    loop {
        let (weight, line) = match pending {
            Some((Tok::Id(_), line)) => (1, line),
            Some((Tok::Word(w), line)) => match number(w) {
                Some(0) => break,
                Some(x) => (x, line),
                None => {
                    let what = if w.contains(&b'.') { "a whole number" } else { "a number" };
                    return Err(BltError {
                        line,
                        message: format!("ballot weight \"{}\" is not {what}", show(w)),
                    });
                }
            },
            Some((_, line)) => {
                return Err(BltError {
                    line,
                    message: "expected a ballot weight or the closing 0".into(),
                });
            }
            None => return Err(lx.err("the file ends inside the ballots (no closing 0)")),
        };
        ballot_no += 1;
        loop {
            match lx.next()? {
                Some((Tok::Word(b"0"), _)) => break,
                Some((Tok::Word(b"-"), _)) => ballots.push_entry(SKIP),
                Some((Tok::Word(w), l)) => {
                    for (k, part) in w.split(|&b| b == b'=').enumerate() {
                        let c = number(part)
                            .or_else(|| nicks.get(part).map(|&c| c as u64 + 1))
                            .filter(|&c| c >= 1 && c as usize <= n)
                            .ok_or_else(|| {
                                if number(part).is_some() {
                                    BltError {
                                        line: l,
                                        message: format!(
                                            "candidate {} does not exist: there are {n} candidates",
                                            show(part)
                                        ),
                                    }
                                } else {
                                    BltError {
                                        line: l,
                                        message: format!(
                                            "\"{}\" is not a candidate number or nickname",
                                            show(w)
                                        ),
                                    }
                                }
                            })? as usize
                            - 1;
                        if seen[c] == ballot_no {
                            return Err(BltError {
                                line: l,
                                message: format!(
                                    "candidate {} is ranked twice on one ballot",
                                    c + 1
                                ),
                            });
                        }
                        seen[c] = ballot_no;
                        ballots.push_entry(if k == 0 { c as u16 } else { c as u16 | EQUAL });
                    }
                }
                Some((_, l)) => {
                    return Err(BltError {
                        line: l,
                        message: "expected a candidate number or 0".into(),
                    });
                }
                None => {
                    return Err(BltError { line, message: "the ballot has no closing 0".into() });
                }
            }
        }
        ballots.finish(weight);
        pending = lx.next()?;
    }
    let mut candidates = Vec::with_capacity(n);
    for i in 0..n {
        match lx.next()? {
            Some((Tok::Quoted(q), _)) => candidates.push(String::from_utf8_lossy(q).into_owned()),
            Some((Tok::Word(w), l)) => {
                return Err(BltError {
                    line: l,
                    message: format!(
                        "candidate name {} should be in quotes, found \"{}\"",
                        i + 1,
                        show(w)
                    ),
                });
            }
            Some((_, l)) => {
                return Err(BltError {
                    line: l,
                    message: format!("expected the quoted name of candidate {}", i + 1),
                });
            }
            None => {
                return Err(
                    lx.err(format!("the file ends before the name of candidate {} of {n}", i + 1))
                );
            }
        }
    }
    let title = match lx.next()? {
        Some((Tok::Quoted(q), _)) => String::from_utf8_lossy(q).into_owned(),
        _ => String::new(),
    };
    withdrawn.sort_unstable();
    withdrawn.dedup();
    Ok(Blt {
        election: Election { title, candidates, seats: seats as usize, withdrawn, ballots },
        tie_order,
    })
}

/// Writes an election as BLT. Skipped ranks are written as `-`; RCTab's overvote markers have
/// no BLT form and are left out; quotes in names become apostrophes.
#[must_use]
pub fn write(e: &Election) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(e.ballots.len() * 16 + 256);
    let _ = writeln!(out, "{} {}", e.candidates.len(), e.seats);
    if !e.withdrawn.is_empty() {
        let w: Vec<String> = e.withdrawn.iter().map(|c| format!("-{}", c + 1)).collect();
        let _ = writeln!(out, "{}", w.join(" "));
    }
    for b in e.ballots.iter() {
        let _ = write!(out, "{}", b.weight);
        for pos in b.positions() {
            if pos.is_skip() {
                out.push_str(" -");
                continue;
            }
            let cands: Vec<String> = pos.candidates().map(|c| (c + 1).to_string()).collect();
            if !cands.is_empty() {
                out.push(' ');
                out.push_str(&cands.join("="));
            }
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for c in &e.candidates {
        let _ = writeln!(out, "\"{}\"", c.replace('"', "'"));
    }
    let _ = writeln!(out, "\"{}\"", e.title.replace('"', "'"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_err(src: &str, line: usize, needle: &str) {
        let e = parse(src.as_bytes()).expect_err("should fail");
        assert_eq!(e.line, line, "{e}");
        assert!(e.message.contains(needle), "{e}");
    }

    #[test]
    fn reads_everything_the_format_has() {
        let src = "# a comment\n4 2\n-3\n[tie 2 1 3 4]\n3 1 2 0\n2 2=4 - 1 0 # trailing\n(b7) 4 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Leda\"\n\"The title\"\n";
        let blt = parse(src.as_bytes()).expect("valid");
        let e = &blt.election;
        assert_eq!(e.seats, 2);
        assert_eq!(e.withdrawn, [2]);
        assert_eq!(blt.tie_order, Some(vec![1, 0, 2, 3]));
        assert_eq!(e.ballots.len(), 3);
        assert_eq!(e.ballots.get(1).ranking(), vec![vec![1, 3], vec![], vec![0]]);
        assert_eq!(e.ballots.get(1).weight, 2);
        assert_eq!(e.ballots.get(2).weight, 1);
        assert_eq!(e.candidates[0], "Castor");
        assert_eq!(e.title, "The title");
    }

    #[test]
    fn errors_say_line_and_what() {
        check_err("2 1\n1 1 0\n1 3 0\n0\n\"A\"\n\"B\"\n", 3, "candidate 3 does not exist");
        check_err("2 1\n1 1 0\nx 2 0\n0\n\"A\"\n\"B\"\n", 3, "ballot weight \"x\" is not a number");
        check_err("2 1\n1.5 1 0\n0\n\"A\"\n\"B\"\n", 2, "is not a whole number");
        check_err("2 3\n0\n\"A\"\n\"B\"\n", 1, "3 seats for 2 candidates");
        check_err("2 1\n1 1 1 0\n0\n\"A\"\n\"B\"\n", 2, "ranked twice");
        check_err("2 1\n1 1 0\n0\n\"A\"\n", 4, "name of candidate 2");
        check_err("2 1\n1 1 0\n", 2, "no closing 0");
    }

    #[test]
    fn write_then_parse_is_identity() {
        let src = "3 2\n-2\n4 1 2=3 0\n1 3 - 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n";
        let blt = parse(src.as_bytes()).expect("valid");
        assert_eq!(write(&blt.election), src);
        assert_eq!(parse(write(&blt.election).as_bytes()).expect("valid").election, blt.election);
    }
}
