//! `plenum serve`: open the node's store, fold its assemblies, and serve the web interface.

use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;

use std::time::Duration;

use anyhow::Context as _;
use node::{Config, Node};
use server::peers::{LoopOptions, PeerUrl};
use server::{AppState, Options};

use crate::DataDir;
use crate::say::Say;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// Address to listen on; 0.0.0.0:8080 serves every phone on the local network.
    #[arg(long, env = "PLENUM_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Seed a demo assembly (once) with members, motions, debate and ballots to try.
    #[arg(long, env = "PLENUM_DEMO")]
    demo: bool,
    /// Refuse to let visitors found new assemblies on this node.
    #[arg(long, env = "PLENUM_NO_FOUNDING")]
    no_founding: bool,
    /// Another node to keep in sync with, such as http://10.0.0.2:8080 (repeatable).
    #[arg(long = "peer", env = "PLENUM_PEERS", value_delimiter = ',')]
    peers: Vec<String>,
    /// Seconds between two syncs with a reachable peer.
    #[arg(long, env = "PLENUM_SYNC_INTERVAL", default_value_t = 5)]
    sync_interval: u64,
    /// Announce this node on the local network (mDNS) and list the nodes found there as peers.
    #[arg(long, env = "PLENUM_LAN")]
    lan: bool,
    /// Also sync automatically with the nodes found on the local network (implies --lan).
    #[arg(long, env = "PLENUM_LAN_SYNC")]
    lan_sync: bool,
}

pub fn run(say: &Say, args: Args) -> anyhow::Result<ExitCode> {
    let store = crate::database::open_to_serve(say, &args.data)?;
    let node = Node::open(store, Config::default())?;
    if args.demo {
        crate::demo::seed(say, &node)?;
    }
    let mut peers = Vec::new();
    for peer in &args.peers {
        let url: PeerUrl = peer.parse().map_err(|e| anyhow::anyhow!(crate::sync_error(say, &e)))?;
        peers.push(url);
    }
    add_peers(&node, &peers)?;
    let state = AppState::new(node.clone(), Options { allow_founding: !args.no_founding });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let options = LoopOptions {
            interval: Duration::from_secs(args.sync_interval.max(1)),
            lan_sync: args.lan_sync,
            ..LoopOptions::default()
        };
        let _lan = if args.lan || args.lan_sync {
            let ip = (!args.listen.ip().is_unspecified()).then(|| args.listen.ip());
            match server::lan::start(node.clone(), state.sync.node_id, ip, args.listen.port()) {
                Ok(lan) => {
                    println!("{}", say.t("cli-lan-on"));
                    Some(lan)
                }
                Err(detail) => {
                    eprintln!("{}", say.t1("cli-lan-failed", "detail", detail));
                    None
                }
            }
        } else {
            None
        };
        tokio::spawn(server::peers::keep_in_sync(state.clone(), options));
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| say.t1("cli-cannot-listen", "address", args.listen.to_string()))?;
        let assemblies = node.assemblies().len();
        println!("{}", say.t1("cli-serving", "count", assemblies));
        let port = args.listen.port();
        if args.listen.ip().is_unspecified() {
            if let Some(ip) = lan_address() {
                println!("{}", say.t1("cli-serving-lan", "url", format!("http://{ip}:{port}")));
            }
            println!("{}", say.t1("cli-serving-local", "url", format!("http://localhost:{port}")));
        } else {
            println!("{}", say.t1("cli-serving-local", "url", format!("http://{}", args.listen)));
        }
        println!("{}", say.t("cli-stop"));
        let local = format!("http://127.0.0.1:{port}");
        let _mark = crate::database::mark(say, &args.data, &local)?;
        axum_serve(listener, state).await
    })?;
    println!("{}", say.t("cli-stopped"));
    Ok(ExitCode::SUCCESS)
}

/// Records the peers named on the command line; those already known keep their history.
fn add_peers(node: &Node, peers: &[PeerUrl]) -> anyhow::Result<()> {
    let known = node.store().peers()?;
    for url in peers {
        let base = url.base();
        match known.iter().find(|p| p.url == base) {
            Some(peer) if peer.source == "flag" || peer.source == "ui" => {}
            Some(peer) => {
                node.store().put_peer(&store::Peer { source: "flag".into(), ..peer.clone() })?;
            }
            None => node.store().put_peer(&store::Peer {
                url: base,
                source: "flag".into(),
                added: node.now(),
                ..store::Peer::default()
            })?,
        }
    }
    Ok(())
}

async fn axum_serve(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server::serve_on(listener, state, shutdown).await?;
    Ok(())
}

/// The address of this machine on its local network, if it has one: the source address the
/// system would use to reach another network (no packet is sent).
fn lan_address() -> Option<std::net::IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}
