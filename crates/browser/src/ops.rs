//! What the page's script may ask of the module: one JSON request in, one JSON answer out.
//!
//! Every byte string is lowercase hex. An answer is either the operation's result or
//! `{"error": CODE, "detail": TEXT}`, where CODE names a message in the translation files
//! (`browser-error-CODE`), so the page shows it in the member's language.

use record::keys::{self, JOIN_TAG, PEERS_TAG, VAULT_TAG};
use record::{AssemblyId, Draft, EventId, Keypair, Payload, PublicKey};
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

/// A request, tagged by its operation.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Request {
    /// A new member key from 32 random bytes.
    Keygen { random: String },
    /// A new invitation code from 10 random bytes, with its public key.
    Invite { random: String },
    /// The public key an invitation code stands for.
    InvitePublic { code: String },
    /// The invitation key's proof admitting `member` to `assembly` under `invite`.
    JoinProof { code: String, assembly: AssemblyId, invite: EventId, member: PublicKey },
    /// Signs an event.
    Sign {
        seed: String,
        assembly: Option<AssemblyId>,
        seq: u64,
        time: u64,
        deps: Vec<EventId>,
        payload: Payload,
    },
    /// Seals a key under a passphrase (`random`: 40 bytes).
    Seal { seed: String, passphrase: String, random: String, test_cost: Option<bool> },
    /// Opens a sealed key.
    Unseal { sealed: String, passphrase: String },
    /// Signs the request that asks a node to keep a sealed key under a handle.
    SignVault { seed: String, handle: String, sealed: String },
    /// Signs a convenor's request that a node add, remove or sync with a peer.
    SignPeers { seed: String, action: String, url: String, time: u64 },
}

/// An error the page shows to the member.
pub(crate) struct Failure {
    pub(crate) code: &'static str,
    pub(crate) detail: String,
}

impl Failure {
    pub(crate) fn new(code: &'static str, detail: impl ToString) -> Self {
        Self { code, detail: detail.to_string() }
    }
}

/// Runs one request.
#[must_use]
pub fn call(request: &[u8]) -> Vec<u8> {
    let answer = match serde_json::from_slice::<Request>(request) {
        Ok(request) => {
            run(request).unwrap_or_else(|f| json!({"error": f.code, "detail": f.detail}))
        }
        // Secret ballots' operations are their own module's ([`crate::secret`]).
        Err(e) => match serde_json::from_slice::<crate::secret::Request>(request) {
            Ok(request) => crate::secret::run(request)
                .unwrap_or_else(|f| json!({"error": f.code, "detail": f.detail})),
            Err(_) => json!({"error": "bad-request", "detail": e.to_string()}),
        },
    };
    serde_json::to_vec(&answer).expect("JSON values serialise")
}

pub(crate) fn bytes<const N: usize>(
    field: &'static str,
    hex: &str,
) -> Result<Zeroizing<[u8; N]>, Failure> {
    record::ids::hex_decode::<N>(hex)
        .map(Zeroizing::new)
        .map_err(|e| Failure::new("bad-request", format!("{field}: {e}")))
}

pub(crate) fn hex_vec(field: &'static str, hex: &str) -> Result<Vec<u8>, Failure> {
    if !hex.len().is_multiple_of(2) {
        return Err(Failure::new("bad-request", format!("{field}: odd number of hex digits")));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16)
                .map_err(|_| Failure::new("bad-request", format!("{field}: not hex")))
        })
        .collect()
}

fn key(seed: &str) -> Result<Keypair, Failure> {
    Ok(Keypair::from_seed(*bytes::<32>("seed", seed)?))
}

fn run(request: Request) -> Result<Value, Failure> {
    match request {
        Request::Keygen { random } => {
            let key = Keypair::from_seed(*bytes::<32>("random", &random)?);
            Ok(json!({"seed": record::ids::hex_encode(&*key.seed()), "public": key.public()}))
        }
        Request::Invite { random } => {
            let code = keys::invite_code(*bytes::<10>("random", &random)?);
            let public =
                keys::invite_keypair(&code).map_err(|e| Failure::new("bad-code", e))?.public();
            Ok(json!({"code": code, "public": public}))
        }
        Request::InvitePublic { code } => {
            let key = keys::invite_keypair(&code).map_err(|e| Failure::new("bad-code", e))?;
            Ok(json!({"public": key.public()}))
        }
        Request::JoinProof { code, assembly, invite, member } => {
            let key = keys::invite_keypair(&code).map_err(|e| Failure::new("bad-code", e))?;
            let proof = key.sign(JOIN_TAG, &keys::join_message(&assembly, &invite, &member));
            Ok(json!({"proof": proof}))
        }
        Request::Sign { seed, assembly, seq, time, deps, payload } => {
            let key = key(&seed)?;
            let draft = Draft {
                assembly,
                seq,
                time,
                deps,
                kind: payload.kind() as u16,
                payload: payload.encode(),
            };
            let event = draft.sign(&key).map_err(|e| Failure::new("bad-request", e))?;
            Ok(json!({"id": event.id(), "bytes": record::ids::hex_encode(event.bytes())}))
        }
        Request::Seal { seed, passphrase, random, test_cost } => {
            let seed = bytes::<32>("seed", &seed)?;
            let random = bytes::<40>("random", &random)?;
            let cost = if test_cost == Some(true) {
                vault::Cost::for_tests()
            } else {
                vault::Cost::default()
            };
            let sealed = vault::seal(&seed, &passphrase, &random, cost).map_err(|e| match e {
                vault::VaultError::WeakPassphrase => Failure::new("weak-passphrase", e),
                e => Failure::new("bad-request", e),
            })?;
            Ok(json!({"sealed": record::ids::hex_encode(&sealed)}))
        }
        Request::Unseal { sealed, passphrase } => {
            let sealed = hex_vec("sealed", &sealed)?;
            let seed = vault::open(&sealed, &passphrase).map_err(|e| match e {
                vault::VaultError::WrongPassphrase => Failure::new("wrong-passphrase", e),
                e => Failure::new("bad-sealed-key", e),
            })?;
            let key = Keypair::from_seed(*seed);
            Ok(json!({"seed": record::ids::hex_encode(&*key.seed()), "public": key.public()}))
        }
        Request::SignVault { seed, handle, sealed } => {
            let key = key(&seed)?;
            let sealed = hex_vec("sealed", &sealed)?;
            let signature = key.sign(VAULT_TAG, &keys::vault_message(&handle, &sealed));
            Ok(json!({"signature": signature}))
        }
        Request::SignPeers { seed, action, url, time } => {
            let key = key(&seed)?;
            let signature = key.sign(PEERS_TAG, &keys::peers_message(&action, &url, time));
            Ok(json!({"signature": signature, "key": key.public()}))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(request: Value) -> Value {
        serde_json::from_slice(&call(&serde_json::to_vec(&request).unwrap())).unwrap()
    }

    #[test]
    fn signs_an_event_the_node_accepts_byte_for_byte() {
        let key = ask(json!({"op": "keygen", "random": "11".repeat(32)}));
        let signed = ask(json!({
            "op": "sign", "seed": key["seed"], "assembly": null, "seq": 1, "time": 1_767_603_600_000u64,
            "deps": [], "payload": {"type": "found", "name": "Depot", "description": "", "parent": null,
            "founder_name": "Ana", "rules": {"admission": "members"}}
        }));
        let bytes = hex_vec("bytes", signed["bytes"].as_str().unwrap()).ok().unwrap();
        let event = record::Event::decode(&bytes).unwrap();
        assert_eq!(event.author().to_hex(), key["public"].as_str().unwrap());
        assert_eq!(event.id().to_hex(), signed["id"].as_str().unwrap());
    }

    #[test]
    fn joins_with_a_code_and_seals_the_key() {
        let invite = ask(json!({"op": "invite", "random": "ab".repeat(10)}));
        let code = invite["code"].as_str().unwrap().to_lowercase();
        let again = ask(json!({"op": "invite_public", "code": code}));
        assert_eq!(again["public"], invite["public"]);
        let member = ask(json!({"op": "keygen", "random": "22".repeat(32)}));
        let proof = ask(json!({"op": "join_proof", "code": code, "assembly": "01".repeat(32),
            "invite": "02".repeat(32), "member": member["public"]}));
        assert_eq!(proof["proof"].as_str().unwrap().len(), 128);

        let sealed =
            ask(json!({"op": "seal", "seed": member["seed"], "passphrase": "a long passphrase",
            "random": "33".repeat(40), "test_cost": true}));
        let opened = ask(
            json!({"op": "unseal", "sealed": sealed["sealed"], "passphrase": "a long passphrase"}),
        );
        assert_eq!(opened["public"], member["public"]);
        let wrong = ask(
            json!({"op": "unseal", "sealed": sealed["sealed"], "passphrase": "another passphrase"}),
        );
        assert_eq!(wrong["error"], "wrong-passphrase");
    }

    #[test]
    fn bad_requests_get_codes() {
        assert_eq!(ask(json!({"op": "invite_public", "code": "nope"}))["error"], "bad-code");
        assert_eq!(ask(json!({"op": "nonsense"}))["error"], "bad-request");
        assert_eq!(ask(json!({"op": "keygen", "random": "zz"}))["error"], "bad-request");
        let short = ask(
            json!({"op": "seal", "seed": "11".repeat(32), "passphrase": "short", "random": "33".repeat(40)}),
        );
        assert_eq!(short["error"], "weak-passphrase");
        assert_eq!(call(b"\xff\x00")[..10], *b"{\"detail\":");
    }
}
