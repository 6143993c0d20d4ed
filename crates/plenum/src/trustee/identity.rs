//! Who the trustee is: a member key, from a key file or from the node's vault opened here with
//! the member's passphrase — the terminal as the member's device. The key never leaves this
//! process, and its seed, the passphrase and the file's text are wiped when dropped.
//!
//! A key file holds the 64 hexadecimal digits of the key's 32-byte seed (what the browser's
//! module calls the seed), on a line of its own; blank lines and lines starting with `#` are
//! ignored.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use record::{Keypair, PublicKey};
use zeroize::Zeroizing;

use super::node::Node;
use crate::say::Say;

/// How the trustee says who they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Who {
    /// Your sign-in name on the node: your key, kept there encrypted under your passphrase, is
    /// fetched and opened here. The passphrase is asked on the terminal, without echo.
    #[arg(long, conflicts_with = "key")]
    pub handle: Option<String>,
    /// A file holding your member key: the 64 hexadecimal digits of its seed.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Read the passphrase from the first line of this file instead of asking (for scripts;
    /// `PLENUM_PASSPHRASE` does the same).
    #[arg(long, value_name = "FILE", requires = "handle")]
    pub passphrase_file: Option<PathBuf>,
}

impl Who {
    pub fn given(&self) -> bool {
        self.handle.is_some() || self.key.is_some()
    }

    /// The member's public key, without opening anything: a key file's, or the one the node
    /// keeps beside the sealed key.
    pub async fn public(&self, say: &Say, node: &Node<'_>) -> anyhow::Result<PublicKey> {
        match (&self.key, &self.handle) {
            (Some(file), _) => Ok(read_key_file(say, file)?.public()),
            (None, Some(handle)) => Ok(node.vault(say, handle).await?.0),
            (None, None) => anyhow::bail!(say.t("cli-trustee-who")),
        }
    }

    /// The member's key, to sign with: a key file's, or the vault's opened with the passphrase.
    pub async fn keypair(&self, say: &Say, node: &Node<'_>) -> anyhow::Result<Keypair> {
        let handle = match (&self.key, &self.handle) {
            (Some(file), _) => return read_key_file(say, file),
            (None, Some(handle)) => handle,
            (None, None) => anyhow::bail!(say.t("cli-trustee-who")),
        };
        let (public, sealed) = node.vault(say, handle).await?;
        let passphrase = self.passphrase(say, handle)?;
        let seed = vault::open(&sealed, &passphrase).map_err(|e| match e {
            vault::VaultError::WrongPassphrase => {
                anyhow::anyhow!(say.t1("cli-trustee-wrong-passphrase", "handle", handle.clone()))
            }
            e => anyhow::anyhow!(say.args(
                "cli-trustee-bad-vault",
                &[("handle", handle.clone().into()), ("detail", e.to_string().into())]
            )),
        })?;
        let key = Keypair::from_seed(*seed);
        // The node names the key it keeps; a sealed key that opens to another is not this
        // member's.
        if key.public() != public {
            anyhow::bail!(say.args(
                "cli-trustee-bad-vault",
                &[("handle", handle.clone().into()), ("detail", "another key".into())]
            ));
        }
        Ok(key)
    }

    /// The passphrase: from `--passphrase-file`, else `PLENUM_PASSPHRASE`, else asked on the
    /// terminal without echo.
    fn passphrase(&self, say: &Say, handle: &str) -> anyhow::Result<Zeroizing<String>> {
        if let Some(file) = &self.passphrase_file {
            let text =
                Zeroizing::new(std::fs::read_to_string(file).with_context(|| {
                    say.t1("cli-cannot-read", "file", file.display().to_string())
                })?);
            let line = text.split('\n').next().unwrap_or_default();
            return Ok(Zeroizing::new(line.strip_suffix('\r').unwrap_or(line).to_string()));
        }
        if let Some(from_env) = std::env::var_os("PLENUM_PASSPHRASE") {
            let from_env = Zeroizing::new(from_env.to_string_lossy().into_owned());
            return Ok(from_env);
        }
        let term = console::Term::stderr();
        if !term.is_term() {
            anyhow::bail!(say.t1("cli-trustee-no-passphrase", "handle", handle.to_string()));
        }
        let prompt = say.t1("cli-trustee-passphrase-prompt", "handle", handle.to_string());
        term.write_str(&format!("{prompt} "))?;
        let typed = Zeroizing::new(term.read_secure_line()?);
        Ok(typed)
    }
}

/// Reads a key file (see the module's documentation).
pub fn read_key_file(say: &Say, file: &Path) -> anyhow::Result<Keypair> {
    let text = Zeroizing::new(
        std::fs::read_to_string(file)
            .with_context(|| say.t1("cli-cannot-read", "file", file.display().to_string()))?,
    );
    let bad =
        || anyhow::anyhow!(say.t1("cli-trustee-bad-key-file", "file", file.display().to_string()));
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    let (Some(hex), None) = (lines.next(), lines.next()) else { return Err(bad()) };
    let seed = Zeroizing::new(record::ids::hex_decode::<32>(hex).map_err(|_| bad())?);
    Ok(Keypair::from_seed(*seed))
}

/// The text of a key file for `key`.
#[cfg(test)]
pub fn key_file_text(key: &Keypair) -> Zeroizing<String> {
    Zeroizing::new(format!("{}\n", record::ids::hex_encode(&*key.seed())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_holds_the_seed_in_hex() {
        let say = Say::new(Some("en"));
        let dir = tempfile::tempdir().expect("a temporary directory");
        let key = Keypair::from_seed([7; 32]);
        let file = dir.path().join("key");
        std::fs::write(&file, format!("# Aigerim's key\n\n{}", key_file_text(&key).as_str()))
            .expect("written");
        assert_eq!(read_key_file(&say, &file).expect("read").public(), key.public());
        for bad in
            ["", "zz", "0102", &"ab".repeat(32).repeat(2), &format!("{0}\n{0}", "ab".repeat(32))]
        {
            std::fs::write(&file, bad).expect("written");
            let error = read_key_file(&say, &file).expect_err(bad).to_string();
            assert!(error.contains("64 hexadecimal digits"), "{error}");
        }
    }
}
