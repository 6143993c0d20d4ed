//! Untrusted key-ceremony messages: the first byte picks commit, deal or complaint; the rest is
//! decoded strictly and put in place of (or beside) the honest fixture's messages, and the
//! public ceremony is concluded. It must never panic.
#![no_main]

use ballot_crypto::dkg::{DkgCommit, DkgComplaint, DkgDeal, conclude};
use libfuzzer_sys::fuzz_target;
use record::wire;

#[path = "ballot_crypto_fixture.rs"]
mod fixture;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let r = &fixture::fixture().record;
    let (mut commits, mut deals, mut complaints) =
        (r.commits.clone(), r.deals.clone(), r.complaints.clone());
    match kind % 3 {
        0 => {
            let Ok(c) = wire::from_bytes::<DkgCommit>(bytes) else { return };
            assert_eq!(wire::to_bytes(&c).ok().as_deref(), Some(bytes));
            let slot = (c.trustee as usize).saturating_sub(1) % commits.len();
            commits[slot] = c;
        }
        1 => {
            let Ok(d) = wire::from_bytes::<DkgDeal>(bytes) else { return };
            assert_eq!(wire::to_bytes(&d).ok().as_deref(), Some(bytes));
            let slot = (d.trustee as usize).saturating_sub(1) % deals.len();
            deals[slot] = d;
        }
        _ => {
            let Ok(c) = wire::from_bytes::<DkgComplaint>(bytes) else { return };
            assert_eq!(wire::to_bytes(&c).ok().as_deref(), Some(bytes));
            complaints.push(c);
        }
    }
    let _ = conclude(&r.setup, &commits, &deals, &complaints);
});
