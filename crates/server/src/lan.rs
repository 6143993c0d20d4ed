//! LAN discovery: a serving node announces itself on its local network by multicast DNS
//! (`_plenum._tcp.local.`, its node id in the TXT record) and listens for others. Each node
//! found is recorded as a peer of source `lan`; it is synced with automatically only if the
//! operator allows it (`plenum serve --lan-sync`), else it waits on the Sync page for a
//! convenor to approve it.
//!
//! Crate choice: `mdns-sd` — pure Rust, no async runtime (one thread of its own), and its few
//! dependencies (`mio`, `socket2`, `flume`, `if-addrs`) mostly already in the tree.

use std::net::IpAddr;

use mdns_sd::{ServiceDaemon, ServiceEvent, ServiceInfo};
use node::Node;
use sync::NodeId;

use crate::peers::PeerUrl;

/// The service type plenum nodes announce.
pub const SERVICE: &str = "_plenum._tcp.local.";

/// A running announcer and listener; stops when dropped.
pub struct Lan {
    daemon: ServiceDaemon,
}

impl Drop for Lan {
    fn drop(&mut self) {
        let _ = self.daemon.shutdown();
    }
}

/// The peer a discovered service stands for, unless it is this node itself: the first IPv4
/// address that is not loopback (phones and laptops share IPv4 LANs), else any address.
#[must_use]
pub fn peer_of(me: NodeId, node: Option<&str>, addresses: &[IpAddr], port: u16) -> Option<PeerUrl> {
    if node == Some(me.to_hex().as_str()) {
        return None;
    }
    let ip = addresses
        .iter()
        .find(|ip| ip.is_ipv4() && !ip.is_loopback())
        .or_else(|| addresses.iter().find(|ip| !ip.is_loopback()))?;
    let host = match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    format!("http://{host}:{port}").parse().ok()
}

/// Starts announcing this node (listening on `port`, at `ip` or on every interface when
/// `None`) and recording the nodes it hears of as peers.
///
/// # Errors
/// When multicast DNS cannot start on this machine (the detail says why).
pub fn start(node: Node, me: NodeId, ip: Option<IpAddr>, port: u16) -> Result<Lan, String> {
    let daemon = ServiceDaemon::new().map_err(|e| e.to_string())?;
    let id = me.to_hex();
    let instance = format!("plenum-{}", id.get(..12).unwrap_or(&id));
    let host = format!("{instance}.local.");
    let properties = [("node", id.as_str()), ("v", "1")];
    let info = match ip {
        Some(ip) => ServiceInfo::new(SERVICE, &instance, &host, ip, port, &properties[..]),
        None => ServiceInfo::new(SERVICE, &instance, &host, "", port, &properties[..])
            .map(ServiceInfo::enable_addr_auto),
    }
    .map_err(|e| e.to_string())?;
    daemon.register(info).map_err(|e| e.to_string())?;
    let events = daemon.browse(SERVICE).map_err(|e| e.to_string())?;
    std::thread::Builder::new()
        .name("plenum-lan".into())
        .spawn(move || {
            while let Ok(event) = events.recv() {
                let ServiceEvent::ServiceResolved(found) = event else { continue };
                let addresses: Vec<IpAddr> =
                    found.addresses.iter().map(mdns_sd::ScopedIp::to_ip_addr).collect();
                let their = found.txt_properties.get_property_val_str("node");
                let Some(url) = peer_of(me, their, &addresses, found.port) else { continue };
                if let Err(e) = remember(&node, &url, their) {
                    eprintln!("plenum: cannot record the node found at {url}: {e}");
                }
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(Lan { daemon })
}

fn remember(node: &Node, url: &PeerUrl, their: Option<&str>) -> Result<(), store::StoreError> {
    let base = url.base();
    if node.store().peers()?.iter().any(|p| p.url == base) {
        return Ok(());
    }
    let id = their.and_then(|hex| record::ids::hex_decode::<16>(hex).ok());
    node.store().put_peer(&store::Peer {
        url: base,
        source: "lan".into(),
        added: node.now(),
        node: id,
        ..store::Peer::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_found_node_becomes_a_peer_address_unless_it_is_this_one() {
        let me = NodeId([7; 16]);
        let lan: IpAddr = "192.168.1.20".parse().expect("an address");
        let v6: IpAddr = "fe80::1".parse().expect("an address");
        let lo: IpAddr = "127.0.0.1".parse().expect("an address");
        let url = peer_of(me, Some("aa"), &[v6, lo, lan], 8080).map(|u| u.base());
        assert_eq!(url.as_deref(), Some("http://192.168.1.20:8080"));
        let url = peer_of(me, None, &[lo, v6], 9000).map(|u| u.base());
        assert_eq!(url.as_deref(), Some("http://[fe80::1]:9000"));
        assert_eq!(peer_of(me, Some(&me.to_hex()), &[lan], 8080), None, "itself");
        assert_eq!(peer_of(me, None, &[lo], 8080), None, "nothing reachable");
    }
}
