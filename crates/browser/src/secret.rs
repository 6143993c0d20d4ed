//! Secret ballots on the member's device: a voter encrypts and proves their choice, or audits
//! the device (Benaloh: encrypt, then open instead of casting); a trustee takes its steps of
//! the key ceremony and decrypts its share of the total. The same `ballot-crypto` as the node
//! and the verifier; randomness from `crypto.getRandomValues`, passed in.
//!
//! A trustee's secrets are derived from its member key (`TrusteeSecret::derive`), which the
//! member keeps sealed under their passphrase: nothing else is stored between the ceremony and
//! the tally, and the trustee may sign in on another device to decrypt.

use ballot_crypto::ballot::{AuditReveal, audit};
use ballot_crypto::dkg::{DkgCommit, DkgComplaint, DkgDeal};
use ballot_crypto::trustee::{StepError, Task, take_step};
use ballot_crypto::{Ballot, Election, ElectionSetup, EncryptedTally, Point};
use chacha20::ChaCha20Rng;
use rand_core::SeedableRng;
use record::PublicKey;
use record::ids::hex_encode;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::ops::{Failure, bytes, hex_vec};

/// A request about a secret ballot, tagged by its operation.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Encrypts `choices` (per question, one tick per box) for `voter`. Answers the ballot, its
    /// tracker, and the randomness that opens it (kept only for an audit, then dropped).
    Encrypt {
        setup: String,
        key: String,
        voter: PublicKey,
        choices: Vec<Vec<bool>>,
        random: String,
    },
    /// Opens a ballot with its randomness: the choices it encrypts.
    Audit { setup: String, key: String, voter: PublicKey, ballot: String, reveal: String },
    /// A trustee's commit.
    TrusteeCommit { seed: String, setup: String, trustee: u32 },
    /// A trustee's deal, given the commits of those taking part.
    TrusteeDeal { seed: String, setup: String, trustee: u32, commits: Vec<String>, random: String },
    /// A trustee's check of its shares: its complaints (an empty list when all are right).
    TrusteeCheck {
        seed: String,
        setup: String,
        trustee: u32,
        commits: Vec<String>,
        deals: Vec<String>,
        random: String,
    },
    /// A trustee's partial decryption of the sealed tally.
    TrusteeDecrypt {
        seed: String,
        setup: String,
        trustee: u32,
        commits: Vec<String>,
        deals: Vec<String>,
        complaints: String,
        key: String,
        tally: String,
        random: String,
    },
}

fn decode<T: serde::de::DeserializeOwned>(field: &'static str, hex: &str) -> Result<T, Failure> {
    let bytes = hex_vec(field, hex)?;
    record::wire::from_bytes(&bytes)
        .map_err(|e| Failure::new("bad-election", format!("{field}: {e}")))
}

fn encode<T: serde::Serialize>(message: &T) -> String {
    hex_encode(&record::wire::to_bytes(message).expect("protocol messages encode"))
}

fn election(setup: &str, key: &str) -> Result<Election, Failure> {
    let setup: ElectionSetup = decode("setup", setup)?;
    let key = Point(*bytes::<32>("key", key)?);
    Election::new(setup, key).map_err(|e| Failure::new("bad-election", e))
}

fn rng(random: &str) -> Result<ChaCha20Rng, Failure> {
    Ok(ChaCha20Rng::from_seed(*bytes::<32>("random", random)?))
}

/// Takes a trustee's step with the member key `seed`; answers the message under `field`.
fn step(
    seed: &str,
    setup: &ElectionSetup,
    trustee: u32,
    task: Task<'_>,
    random: Option<&str>,
    field: &'static str,
) -> Result<Value, Failure> {
    let seed = bytes::<32>("seed", seed)?;
    let mut rng = match random {
        Some(random) => rng(random)?,
        // The commit draws no randomness: it is derived from the seed alone.
        None => ChaCha20Rng::from_seed([0; 32]),
    };
    let message = take_step(setup, trustee, &seed, task, &mut rng).map_err(|e| match e {
        StepError::Tally(_) => Failure::new("bad-election", e),
        StepError::Dkg(_) => Failure::new("not-a-trustee", e),
    })?;
    Ok(json!({ field: hex_encode(&message.to_bytes()) }))
}

fn all<T: serde::de::DeserializeOwned>(
    field: &'static str,
    hexes: &[String],
) -> Result<Vec<T>, Failure> {
    hexes.iter().map(|h| decode(field, h)).collect()
}

pub(crate) fn run(request: Request) -> Result<Value, Failure> {
    match request {
        Request::Encrypt { setup, key, voter, choices, random } => {
            let election = election(&setup, &key)?;
            let (ballot, secrets) =
                Ballot::encrypt(&election, &voter, &choices, &mut rng(&random)?)
                    .map_err(|e| Failure::new("bad-choice", e))?;
            Ok(json!({
                "ballot": hex_encode(&ballot.to_bytes()),
                "tracker": ballot.tracker(),
                "reveal": encode(&secrets.reveal()),
            }))
        }
        Request::Audit { setup, key, voter, ballot, reveal } => {
            let election = election(&setup, &key)?;
            let ballot: Ballot = decode("ballot", &ballot)?;
            let reveal: AuditReveal = decode("reveal", &reveal)?;
            let choices = audit(&election, &voter, &ballot, &reveal)
                .map_err(|e| Failure::new("audit-failed", e))?;
            Ok(json!({"choices": choices}))
        }
        Request::TrusteeCommit { seed, setup, trustee } => {
            let setup: ElectionSetup = decode("setup", &setup)?;
            step(&seed, &setup, trustee, Task::Commit, None, "commit")
        }
        Request::TrusteeDeal { seed, setup, trustee, commits, random } => {
            let setup: ElectionSetup = decode("setup", &setup)?;
            let commits: Vec<DkgCommit> = all("commits", &commits)?;
            step(&seed, &setup, trustee, Task::Deal { commits: &commits }, Some(&random), "deal")
        }
        Request::TrusteeCheck { seed, setup, trustee, commits, deals, random } => {
            let setup: ElectionSetup = decode("setup", &setup)?;
            let commits: Vec<DkgCommit> = all("commits", &commits)?;
            let deals: Vec<DkgDeal> = all("deals", &deals)?;
            let task = Task::Check { commits: &commits, deals: &deals };
            step(&seed, &setup, trustee, task, Some(&random), "complaints")
        }
        Request::TrusteeDecrypt {
            seed,
            setup,
            trustee,
            commits,
            deals,
            complaints,
            key,
            tally,
            random,
        } => {
            let election = election(&setup, &key)?;
            let commits: Vec<DkgCommit> = all("commits", &commits)?;
            let deals: Vec<DkgDeal> = all("deals", &deals)?;
            let complaints: Vec<DkgComplaint> = decode("complaints", &complaints)?;
            let tally: EncryptedTally = decode("tally", &tally)?;
            let task = Task::Decrypt {
                commits: &commits,
                deals: &deals,
                complaints: &complaints,
                election: &election,
                tally: &tally,
            };
            step(&seed, election.setup(), trustee, task, Some(&random), "partial")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::call;
    use record::Keypair;

    fn ask(request: Value) -> Value {
        serde_json::from_slice(&call(&serde_json::to_vec(&request).unwrap_or_default()))
            .unwrap_or_default()
    }

    /// A whole ceremony, a vote, an audit and a decryption, through the module's one door.
    #[test]
    fn trustees_and_a_voter_through_json() {
        let seeds = ["01".repeat(32), "02".repeat(32)];
        let keys: Vec<PublicKey> = seeds
            .iter()
            .map(|s| Keypair::from_seed(*bytes::<32>("s", s).ok().expect("hex")).public())
            .collect();
        let setup = ElectionSetup {
            version: ballot_crypto::PROTOCOL_VERSION,
            election_id: record::Digest([9; 32]),
            questions: vec![ballot_crypto::Question { answers: 2, min: 0, max: 1 }],
            trustees: keys.clone(),
            threshold: 2,
        };
        let setup_hex = encode(&setup);
        let commits: Vec<String> = (0..2)
            .map(|i| {
                ask(json!({"op": "trustee_commit", "seed": seeds[i], "setup": setup_hex, "trustee": i + 1}))
                    ["commit"].as_str().unwrap_or_default().to_string()
            })
            .collect();
        // The same member key gives the same commit: nothing to keep between steps.
        let again = ask(
            json!({"op": "trustee_commit", "seed": seeds[0], "setup": setup_hex, "trustee": 1}),
        );
        assert_eq!(again["commit"], commits[0]);
        let deals: Vec<String> = (0..2)
            .map(|i| {
                ask(json!({"op": "trustee_deal", "seed": seeds[i], "setup": setup_hex, "trustee": i + 1,
                    "commits": commits, "random": "33".repeat(32)}))["deal"]
                    .as_str().unwrap_or_default().to_string()
            })
            .collect();
        let check =
            ask(json!({"op": "trustee_check", "seed": seeds[0], "setup": setup_hex, "trustee": 1,
            "commits": commits, "deals": deals, "random": "44".repeat(32)}));
        assert_eq!(check["complaints"], "00000000"); // no complaint
        let c: Vec<DkgCommit> = all("c", &commits).ok().expect("commits");
        let d: Vec<DkgDeal> = all("d", &deals).ok().expect("deals");
        let ceremony = ballot_crypto::dkg::conclude(&setup, &c, &d, &[]).expect("a key");
        let key = hex_encode(&ceremony.public_key.0);

        let voter = keys[0];
        let made = ask(json!({"op": "encrypt", "setup": setup_hex, "key": key, "voter": voter,
            "choices": [[false, true]], "random": "55".repeat(32)}));
        let audited = ask(json!({"op": "audit", "setup": setup_hex, "key": key, "voter": voter,
            "ballot": made["ballot"], "reveal": made["reveal"]}));
        assert_eq!(audited["choices"], json!([[false, true]]));
        // Another voter's key does not open it: the proofs name the voter.
        let other = ask(json!({"op": "audit", "setup": setup_hex, "key": key, "voter": keys[1],
            "ballot": made["ballot"], "reveal": made["reveal"]}));
        assert_eq!(other["error"], "audit-failed");
        let bad = ask(json!({"op": "encrypt", "setup": setup_hex, "key": key, "voter": voter,
            "choices": [[true, true]], "random": "55".repeat(32)}));
        assert_eq!(bad["error"], "bad-choice");

        let ballot: Ballot =
            decode("b", made["ballot"].as_str().unwrap_or_default()).ok().expect("ballot");
        let election = Election::new(setup.clone(), ceremony.public_key).expect("election");
        let tally = EncryptedTally::compute(&election, [(&ballot, 1)]).expect("tally");
        let partials: Vec<ballot_crypto::PartialDecryption> = (0..2)
            .map(|i| {
                let p = ask(json!({"op": "trustee_decrypt", "seed": seeds[i], "setup": setup_hex,
                    "trustee": i + 1, "commits": commits, "deals": deals, "complaints": "00000000",
                    "key": key, "tally": encode(&tally), "random": "66".repeat(32)}));
                decode("p", p["partial"].as_str().unwrap_or_default()).ok().expect("partial")
            })
            .collect();
        let result = ballot_crypto::tally::combine(&election, &ceremony, &tally, &partials, 1)
            .expect("decrypts");
        assert_eq!(result.tally.questions, vec![vec![0, 1]]);
    }
}
