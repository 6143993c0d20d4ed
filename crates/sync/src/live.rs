//! The names of a node's live updates (`GET /a/{assembly}/live`, server-sent events), read as
//! the stream's bytes arrive: what a terminal following a node needs to wake up. The bytes come
//! from another node, so nothing here trusts them: a message that never ends is dropped once it
//! is longer than any live update, and the memory held stays bounded.

/// The longest message kept; a node's live updates are far shorter.
pub const MAX_MESSAGE: usize = 16 * 1024;

/// Reads event names from a stream of server-sent events: messages end with a blank line, and
/// a line `event: NAME` names one (lines starting with `:` are keep-alives).
#[derive(Debug, Default)]
pub struct EventNames {
    pending: Vec<u8>,
    /// How much of `pending` is known to hold no message end.
    scanned: usize,
    /// Inside a message too long to keep: its bytes are dropped up to its end.
    skipping: bool,
}

impl EventNames {
    /// Takes the next bytes of the stream; calls `on_event` with the name of each message they
    /// complete, in order.
    pub fn push(&mut self, data: &[u8], mut on_event: impl FnMut(&str)) {
        self.pending.extend_from_slice(data);
        loop {
            let from = self.scanned.saturating_sub(1);
            let Some(at) = self.pending[from..].windows(2).position(|w| w == b"\n\n") else {
                self.scanned = self.pending.len();
                if self.pending.len() > MAX_MESSAGE {
                    // Keep the last byte: it may be the first half of the message's end.
                    let last = self.pending.len() - 1;
                    self.pending.drain(..last);
                    self.scanned = self.pending.len();
                    self.skipping = true;
                }
                return;
            };
            let end = from + at + 2;
            if !self.skipping {
                let text = String::from_utf8_lossy(&self.pending[..end]);
                if let Some(name) = text.lines().find_map(|l| l.strip_prefix("event:")) {
                    on_event(name.trim());
                }
            }
            self.pending.drain(..end);
            self.scanned = 0;
            self.skipping = false;
        }
    }

    /// The bytes held, waiting for their message's end.
    #[must_use]
    pub fn held(&self) -> usize {
        self.pending.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(chunks: &[&[u8]]) -> Vec<String> {
        let mut reader = EventNames::default();
        let mut out = Vec::new();
        for chunk in chunks {
            reader.push(chunk, |n| out.push(n.to_string()));
        }
        out
    }

    #[test]
    fn names_in_order_whatever_the_chunks() {
        let stream: &[u8] = b": keep-alive\n\nevent: change\ndata: {}\n\nevent: tally\ndata: 1\n\n";
        let whole = names(&[stream]);
        assert_eq!(whole, ["change", "tally"]);
        for cut in 0..stream.len() {
            assert_eq!(names(&[&stream[..cut], &stream[cut..]]), whole, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(names(&bytes), whole);
    }

    #[test]
    fn a_message_that_never_ends_is_dropped_and_memory_stays_bounded() {
        let mut reader = EventNames::default();
        let mut out = Vec::new();
        reader.push(b"event: flood\ndata: ", |n| out.push(n.to_string()));
        for _ in 0..1000 {
            reader.push(&[b'x'; 1000], |n| out.push(n.to_string()));
            assert!(reader.held() <= MAX_MESSAGE + 1000);
        }
        reader.push(b"\n\nevent: change\n\n", |n| out.push(n.to_string()));
        assert_eq!(out, ["change"]);
        assert_eq!(reader.held(), 0);
    }
}
