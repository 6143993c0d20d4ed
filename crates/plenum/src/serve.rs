//! `plenum serve`: open the node's store, fold its assemblies, and serve the web interface.

use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;

use anyhow::Context as _;
use node::{Config, Node};
use server::{AppState, Options};
use store_sqlite::SqliteStore;

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
}

pub fn run(say: &Say, args: Args) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open_dir(&args.data.dir).with_context(|| {
        say.t1("cli-cannot-open-data", "dir", args.data.dir.display().to_string())
    })?;
    let node = Node::open(Box::new(store), Config::default())?;
    if args.demo {
        crate::demo::seed(say, &node)?;
    }
    let state = AppState::new(node.clone(), Options { allow_founding: !args.no_founding });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
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
        axum_serve(listener, state).await
    })?;
    println!("{}", say.t("cli-stopped"));
    Ok(ExitCode::SUCCESS)
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
