//! The node a trustee talks to, over its JSON API as the browser does: the assembly's record
//! (fetched whole and checked here — every signature, every rule — before anything is signed
//! from it), the member's sealed key, the head to sign the next event at, and the one door for
//! events, `POST /api/events`.

use domain::{Assembly, Ledger};
use record::{AssemblyId, Draft, EventId, Keypair, Payload, PublicKey};
use serde_json::Value;
use server::client::{self, Answer, Method, Options};
use server::peers::{PeerUrl, SyncError};

use crate::say::Say;

/// The largest record fetched (a million-ballot record is about 1.5 GB).
const MAX_RECORD: usize = 4 << 30;
/// The largest answer of any other request.
const MAX_ANSWER: usize = 1 << 20;
/// Refusals that mean another event came between reading the head and posting: sign again.
const RETRY: [&str; 3] = ["sequence-used", "bad-sequence", "stale"];

/// A secret ballot's motion on a node: what `plenum trustee` is pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: PeerUrl,
    pub assembly: AssemblyId,
    pub motion: EventId,
}

impl Target {
    /// The motion's page (`http://HOST:PORT/a/ASSEMBLY/m/MOTION`, anything after it ignored),
    /// or a node's address with the assembly and motion given apart.
    ///
    /// # Errors
    /// A message naming what is wrong.
    pub fn parse(
        say: &Say,
        url: &str,
        assembly: Option<&str>,
        motion: Option<&str>,
    ) -> anyhow::Result<Self> {
        let bad = || anyhow::anyhow!(say.t1("cli-trustee-bad-url", "url", url.to_string()));
        let node: PeerUrl = url.parse().map_err(|e: SyncError| match e {
            SyncError::NoTls(_) => anyhow::anyhow!(crate::sync_error(say, &e)),
            _ => bad(),
        })?;
        let rest = url.trim().strip_prefix("http://").unwrap_or(url.trim());
        let path = rest.find('/').map_or("", |at| &rest[at..]);
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let (from_url_a, from_url_m) = match parts.as_slice() {
            [] => (None, None),
            ["a", a] => (Some(*a), None),
            ["a", a, "m", m, ..] => (Some(*a), Some(*m)),
            _ => return Err(bad()),
        };
        // Given both ways, they must agree.
        fn pick<'s>(given: Option<&'s str>, in_url: Option<&'s str>) -> Option<&'s str> {
            match (given, in_url) {
                (Some(g), Some(u)) if g != u => None,
                (g, u) => g.or(u),
            }
        }
        let assembly = pick(assembly, from_url_a).and_then(|a| a.parse().ok()).ok_or_else(bad)?;
        let motion = pick(motion, from_url_m).and_then(|m| m.parse().ok()).ok_or_else(bad)?;
        Ok(Self { url: node, assembly, motion })
    }

    /// The motion's page, as the messages name it.
    pub fn page(&self) -> String {
        format!("{}/a/{}/m/{}", self.url, self.assembly, self.motion)
    }
}

/// A node, spoken to in the reader's language.
pub struct Node<'a> {
    pub url: PeerUrl,
    say: &'a Say,
}

/// The record's head, for signing the next event.
struct Head {
    frontier: Vec<EventId>,
    next_seq: u64,
    now: u64,
}

/// Why the node did not record an event: its reason, in the reader's language.
#[derive(Debug)]
pub struct Refused(pub String);

impl<'a> Node<'a> {
    pub fn new(say: &'a Say, url: PeerUrl) -> Self {
        Self { url, say }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<(&'static str, Vec<u8>)>,
        limit: usize,
    ) -> anyhow::Result<Answer> {
        let options = Options { body, lang: Some(self.say.lang.code()), limit };
        client::request(&self.url, method, path, options).await.map_err(|e| match e {
            SyncError::Unreachable(detail) => {
                anyhow::anyhow!(self.say.t1("cli-trustee-unreachable", "detail", detail))
            }
            e => anyhow::anyhow!(crate::sync_error(self.say, &e)),
        })
    }

    /// The failure an answer reports, as the node words it.
    fn failure(&self, answer: &Answer) -> anyhow::Error {
        let detail = serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| String::from_utf8_lossy(&answer.body).chars().take(200).collect());
        anyhow::anyhow!(self.say.args(
            "cli-trustee-node-error",
            &[("status", u64::from(answer.status).into()), ("detail", detail.into())]
        ))
    }

    async fn json(&self, path: &str) -> anyhow::Result<(u16, Value)> {
        let answer = self.send(Method::GET, path, None, MAX_ANSWER).await?;
        if !answer.is_success() && answer.status != 404 {
            return Err(self.failure(&answer));
        }
        let value = serde_json::from_slice(&answer.body).map_err(|_| self.failure(&answer))?;
        Ok((answer.status, value))
    }

    /// The assembly's state, folded here from its whole record: every event's signature and
    /// every rule checked as `plenum verify` checks them.
    pub async fn assembly(&self, id: &AssemblyId) -> anyhow::Result<Assembly> {
        Ok(self.record(id).await?.state().clone())
    }

    /// The assembly's whole record, checked as [`Self::assembly`] says.
    pub async fn record(&self, id: &AssemblyId) -> anyhow::Result<Ledger> {
        let answer = self
            .send(Method::GET, &format!("/api/assemblies/{id}/bundle"), None, MAX_RECORD)
            .await?;
        if answer.status == 404 {
            anyhow::bail!(self.say.t1("cli-trustee-no-assembly", "assembly", id.to_hex()));
        }
        if !answer.is_success() {
            return Err(self.failure(&answer));
        }
        let say = self.say;
        let bad =
            |detail: String| anyhow::anyhow!(say.t1("cli-trustee-bad-record", "detail", detail));
        let bundle = record::bundle::decode(&answer.body)
            .map_err(|e| bad(crate::bundle::bundle_error(say, &e)))?;
        let events: Vec<_> = bundle.events.into_iter().filter(|e| e.assembly_id() == *id).collect();
        if events.is_empty() {
            anyhow::bail!(say.t1("cli-trustee-no-assembly", "assembly", id.to_hex()));
        }
        let ledger = Ledger::from_events(events).map_err(|e| {
            let (code, args) = e.code();
            bad(say.reason("fold", code, &args))
        })?;
        Ok(ledger)
    }

    /// The key kept under `handle`: its public half and its sealed bytes.
    pub async fn vault(&self, say: &Say, handle: &str) -> anyhow::Result<(PublicKey, Vec<u8>)> {
        let path = format!("/api/vault/{}", percent_encode(handle));
        let (status, body) = self.json(&path).await?;
        if status == 404 {
            anyhow::bail!(say.t1("cli-trustee-no-handle", "handle", handle.to_string()));
        }
        let bad = || {
            anyhow::anyhow!(say.args(
                "cli-trustee-bad-vault",
                &[("handle", handle.to_string().into()), ("detail", body.to_string().into())]
            ))
        };
        let public = body["key"].as_str().and_then(|k| k.parse().ok()).ok_or_else(bad)?;
        let sealed = body["sealed"]
            .as_str()
            .and_then(|h| record::ids::hex_decode_vec(h).ok())
            .ok_or_else(bad)?;
        Ok((public, sealed))
    }

    async fn head(&self, assembly: &AssemblyId, author: &PublicKey) -> anyhow::Result<Head> {
        let (status, head) =
            self.json(&format!("/api/assemblies/{assembly}/head?author={author}")).await?;
        if status == 404 {
            anyhow::bail!(self.say.t1("cli-trustee-no-assembly", "assembly", assembly.to_hex()));
        }
        let bad =
            || anyhow::anyhow!(self.say.t1("cli-trustee-bad-record", "detail", head.to_string()));
        let frontier = head["frontier"]
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|v| v.as_str().and_then(|s| s.parse().ok()).ok_or_else(bad))
            .collect::<anyhow::Result<_>>()?;
        Ok(Head {
            frontier,
            next_seq: head["next_seq"].as_u64().ok_or_else(bad)?,
            now: head["now"].as_u64().ok_or_else(bad)?,
        })
    }

    /// Signs `payload` here as the key's next event in the assembly, at the node's clock, and
    /// posts it; the event's id once the node has durably recorded it.
    ///
    /// # Errors
    /// `Ok(Err(Refused))` when the node refuses the event; `Err` when it cannot be asked.
    pub async fn act(
        &self,
        assembly: &AssemblyId,
        key: &Keypair,
        payload: &Payload,
    ) -> anyhow::Result<Result<EventId, Refused>> {
        let mut attempt = 0;
        loop {
            let head = self.head(assembly, &key.public()).await?;
            let draft = Draft {
                assembly: Some(*assembly),
                seq: head.next_seq,
                time: head.now,
                deps: head.frontier,
                kind: payload.kind() as u16,
                payload: payload.encode(),
            };
            let event = draft.sign(key).map_err(|e| anyhow::anyhow!("{e}"))?;
            let body = Some(("application/octet-stream", event.bytes().to_vec()));
            let answer = self.send(Method::POST, "/api/events", body, MAX_ANSWER).await?;
            if answer.is_success() {
                return Ok(Ok(event.id()));
            }
            let Ok(reason) = serde_json::from_slice::<Value>(&answer.body) else {
                return Err(self.failure(&answer));
            };
            let code = reason["error"].as_str().unwrap_or_default();
            attempt += 1;
            if attempt < 3 && RETRY.contains(&code) {
                continue;
            }
            let message = reason["message"].as_str().unwrap_or(code).to_string();
            return Ok(Err(Refused(message)));
        }
    }
}

/// A path segment with everything but unreserved characters percent-encoded.
fn percent_encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_motion_is_named_by_its_page_or_by_flags() {
        let say = Say::new(Some("en"));
        let (a, m) = ("ab".repeat(32), "cd".repeat(32));
        let page = format!("http://10.0.0.2:8080/a/{a}/m/{m}");
        let target = Target::parse(&say, &page, None, None).expect("a motion's page");
        assert_eq!(target.page(), page);
        let with_more = format!("{page}/ballots?lang=ru");
        assert_eq!(Target::parse(&say, &with_more, None, None).expect("more"), target);
        let flags = Target::parse(&say, "10.0.0.2:8080", Some(&a), Some(&m)).expect("flags");
        assert_eq!(flags, target);
        let assembly_page = format!("http://10.0.0.2:8080/a/{a}");
        assert_eq!(Target::parse(&say, &assembly_page, None, Some(&m)).expect("mixed"), target);
        for bad in [
            format!("http://10.0.0.2:8080/a/{a}"),
            format!("http://10.0.0.2:8080/x/{a}/m/{m}"),
            format!("http://10.0.0.2:8080/a/{a}/m/nothex"),
            format!("http://10.0.0.2:99999/a/{a}/m/{m}"),
        ] {
            let error = Target::parse(&say, &bad, None, None).expect_err(&bad).to_string();
            assert!(error.contains("is not the address of a motion"), "{error}");
        }
        // Two different motions named at once.
        assert!(Target::parse(&say, &page, None, Some(&a)).is_err());
        let tls = Target::parse(&say, &page.replace("http", "https"), None, None);
        assert!(tls.expect_err("https").to_string().contains("http://"));
    }

    #[test]
    fn handles_are_encoded_as_one_path_segment() {
        assert_eq!(percent_encode("aigerim"), "aigerim");
        assert_eq!(percent_encode("Ана К/1"), "%D0%90%D0%BD%D0%B0%20%D0%9A%2F1");
    }
}
