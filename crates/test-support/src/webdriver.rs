//! A small W3C WebDriver client for the browser tests, driving Debian's `chromium` through
//! `chromedriver`.
//!
//! Design decision: written here rather than taken from a crate. The protocol is JSON over
//! HTTP and the tests use a dozen commands; the maintained Rust clients pull in two
//! generations of ICU, `time`, `url` and `cookie`, minutes of build on CI's two cores for
//! what these two hundred lines do.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The W3C identifier of an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A failed WebDriver command, with what the driver said.
#[derive(Debug)]
pub struct DriverError(pub String);

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DriverError {}

type Result<T> = std::result::Result<T, DriverError>;

/// A free TCP port on loopback.
///
/// # Panics
/// If the system has no free port.
#[must_use]
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits until something listens on `port`.
///
/// # Errors
/// When nothing does within `timeout`.
pub fn wait_for_port(port: u16, timeout: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(DriverError(format!("nothing listens on port {port} after {timeout:?}")))
}

/// A running `chromedriver`, stopped when dropped.
pub struct Driver {
    port: u16,
    child: Child,
}

impl Driver {
    /// Starts `chromedriver` (from `PATH`, or `$CHROMEDRIVER`).
    ///
    /// # Errors
    /// When it is not installed or does not start.
    pub fn start() -> Result<Self> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                DriverError(format!(
                    "cannot start {program} ({e}); install Debian's chromium and chromium-driver \
                     (`cargo xtask test` does)"
                ))
            })?;
        wait_for_port(port, Duration::from_secs(20))?;
        Ok(Self { port, child })
    }

    /// A new headless Chromium with its own profile, at a phone's size.
    ///
    /// # Errors
    /// When the browser cannot start.
    pub fn session(&self, profile: &Path, width: u32, height: u32) -> Result<Session> {
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--lang=en-US".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        // Narrow windows are emulated phones: desktop Chromium will not make a window narrower
        // than 500 pixels.
        let mut options = json!({"binary": binary, "args": args});
        if width < 500 {
            options["mobileEmulation"] = json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": true}});
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let answer = request(self.port, "POST", "/session", Some(&capabilities))?;
        let id = answer["sessionId"]
            .as_str()
            .ok_or_else(|| DriverError(format!("no session in {answer}")))?
            .to_string();
        Ok(Session { port: self.port, id })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser window.
pub struct Session {
    port: u16,
    id: String,
}

/// An element found on the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        request(self.port, method, &format!("/session/{}{path}", self.id), body)
    }

    /// Opens `url` and waits for it to load.
    ///
    /// # Errors
    /// When the driver fails.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.command("POST", "/url", Some(&json!({"url": url}))).map(|_| ())
    }

    /// The first element matching a CSS selector, now.
    ///
    /// # Errors
    /// When there is none.
    pub fn find(&self, css: &str) -> Result<Element> {
        let answer = self.command(
            "POST",
            "/element",
            Some(&json!({"using": "css selector", "value": css})),
        )?;
        answer[ELEMENT]
            .as_str()
            .map(|id| Element(id.to_string()))
            .ok_or_else(|| DriverError(format!("no element {css}")))
    }

    /// Waits until an element matching `css` is on the page and shown.
    ///
    /// # Errors
    /// When none appears within `timeout`, with the page's visible text to say why.
    pub fn wait(&self, css: &str, timeout: Duration) -> Result<Element> {
        let start = Instant::now();
        loop {
            if let Ok(element) = self.find(css)
                && self
                    .command("GET", &format!("/element/{}/displayed", element.0), None)?
                    .as_bool()
                    == Some(true)
            {
                return Ok(element);
            }
            if start.elapsed() > timeout {
                let text = self.text_of("body").unwrap_or_default();
                return Err(DriverError(format!(
                    "{css} did not appear within {timeout:?}; the page says:\n{text}"
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the text of the element matching `css` contains `needle`.
    ///
    /// # Errors
    /// When it does not within `timeout`.
    pub fn wait_text(&self, css: &str, needle: &str, timeout: Duration) -> Result<String> {
        let start = Instant::now();
        loop {
            let text = self.text_of(css).unwrap_or_default();
            if text.contains(needle) {
                return Ok(text);
            }
            if start.elapsed() > timeout {
                let page = self.text_of("body").unwrap_or_default();
                return Err(DriverError(format!(
                    "{css} never said {needle:?}; the page says:\n{page}"
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The visible text of the first element matching `css`.
    ///
    /// # Errors
    /// When there is none.
    pub fn text_of(&self, css: &str) -> Result<String> {
        let element = self.find(css)?;
        let answer = self.command("GET", &format!("/element/{}/text", element.0), None)?;
        Ok(answer.as_str().unwrap_or_default().to_string())
    }

    /// Clicks an element.
    ///
    /// # Errors
    /// When the driver fails.
    pub fn click(&self, element: &Element) -> Result<()> {
        self.command("POST", &format!("/element/{}/click", element.0), Some(&json!({}))).map(|_| ())
    }

    /// Clicks the element matching `css`, finding it again if the page replaced it meanwhile
    /// (a live fragment refreshing under the pointer).
    ///
    /// # Errors
    /// When no such element can be clicked within ten seconds.
    pub fn click_on(&self, css: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            let element = self.wait(css, Duration::from_secs(10))?;
            match self.click(&element) {
                Ok(()) => return Ok(()),
                Err(e)
                    if e.0.contains("stale element")
                        && start.elapsed() < Duration::from_secs(10) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Types into an element, after clearing it.
    ///
    /// # Errors
    /// When the driver fails.
    pub fn fill(&self, css: &str, text: &str) -> Result<()> {
        let element = self.wait(css, Duration::from_secs(10))?;
        self.command("POST", &format!("/element/{}/clear", element.0), Some(&json!({})))?;
        self.command("POST", &format!("/element/{}/value", element.0), Some(&json!({"text": text})))
            .map(|_| ())
    }

    /// Sends keystrokes to an element (focusing it first), without clearing anything: how a
    /// keyboard user presses a button (`"\u{E007}"` is Enter, `" "` is Space).
    ///
    /// # Errors
    /// When the driver fails.
    pub fn press(&self, css: &str, keys: &str) -> Result<()> {
        let element = self.wait(css, Duration::from_secs(10))?;
        self.command("POST", &format!("/element/{}/value", element.0), Some(&json!({"text": keys})))
            .map(|_| ())
    }

    /// Runs a script in the page and returns its value.
    ///
    /// # Errors
    /// When the script throws.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command("POST", "/execute/sync", Some(&json!({"script": script, "args": args})))
    }

    /// Writes a PNG screenshot of the window.
    ///
    /// # Errors
    /// When the driver or the file system fails.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let answer = self.command("GET", "/screenshot", None)?;
        let png = base64_decode(answer.as_str().unwrap_or_default())
            .ok_or_else(|| DriverError("the screenshot is not base64".into()))?;
        std::fs::write(path, png).map_err(|e| DriverError(format!("{}: {e}", path.display())))
    }

    /// The address of the page now shown.
    ///
    /// # Errors
    /// When the driver fails.
    pub fn url(&self) -> Result<String> {
        Ok(self.command("GET", "/url", None)?.as_str().unwrap_or_default().to_string())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

/// One WebDriver request; returns the `value` of the answer.
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let (_, content) =
        crate::http::request(port, method, path, "application/json", body.as_bytes())
            .map_err(|e| DriverError(format!("{method} {path}: {e}")))?;
    let answer: Value = serde_json::from_slice(&content)
        .map_err(|e| DriverError(format!("{method} {path}: not JSON ({e})")))?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        let message = value.get("message").and_then(Value::as_str).unwrap_or_default();
        return Err(DriverError(format!("{method} {path}: {error}: {message}")));
    }
    Ok(if path == "/session" { answer["value"].clone() } else { value })
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let value = u32::try_from(ALPHABET.iter().position(|a| *a == c)?).ok()?;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}
