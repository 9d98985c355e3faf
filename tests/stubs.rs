//! Running generated endpoint stubs as real processes: generate a project, install it the way its
//! README says (`npm install`, `pip install .`, `cargo build`), start it on a free port with a real
//! key, and talk to it over HTTP as WhatsApp does (encrypted with `flowgen::endpoint::protocol`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use flowgen::endpoint::protocol::{self, Session};
use serde_json::{json, Value};

use crate::{bin, root};

/// The app secret every stub under test is started with.
pub const APP_SECRET: &str = "e2e_app_secret";
/// The passphrase of the test key.
pub const PASSPHRASE: &str = "e2e pass phrase";

/// The languages whose stub templates exist, in a stable order.
pub fn languages() -> Vec<&'static str> {
    ["node", "python", "rust"]
        .into_iter()
        .filter(|l| root().join("templates/_shared/endpoint").join(l).is_dir())
        .collect()
}

/// A scratch folder under `target/` (inside the clone): venvs, the Rust stubs' shared target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("e2e").join(name);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The test key pair, made once with `flowgen keygen` (encrypted PKCS#8 private key).
pub fn keys() -> &'static (PathBuf, String) {
    static KEYS: OnceLock<(PathBuf, String)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = scratch("keys");
        let out = Command::new(bin())
            .args(["keygen", "--out", dir.to_str().unwrap(), "--force"])
            .env("PASSPHRASE", PASSPHRASE)
            .stdin(Stdio::null())
            .output()
            .expect("run flowgen keygen");
        if !dir.join("private.pem").is_file() {
            panic!(
                "flowgen keygen failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let public = std::fs::read_to_string(dir.join("public.pem")).expect("public.pem");
        (dir.join("private.pem"), public)
    })
}

/// Runs a command to completion, panicking with its output when it fails.
pub fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{what} failed:\n{text}");
    text
}

/// The Rust stubs share one target dir (their dependencies build once), so
/// `release/flow-endpoint` is the binary of whichever project built last. A stub's own tests run
/// that binary, so they must not overlap another project's build (`cargo build`/`cargo run`):
/// both hold this lock.
fn rust_target_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// A generated project with one stub: where it is and how to start and test it.
pub struct Project {
    pub dir: PathBuf,
    pub lang: &'static str,
    pub use_case: String,
    venv: Option<PathBuf>,
}

/// The project of `use_case` with a `lang` stub generated with `args`, installed once per test
/// process (under `target/e2e/projects/`) and shared by the tests that need it.
pub fn project(use_case: &str, lang: &'static str, args: &[&str]) -> Arc<Project> {
    static PROJECTS: OnceLock<Mutex<HashMap<String, Arc<Project>>>> = OnceLock::new();
    let key = format!("{use_case} {lang} {}", args.join(" "));
    let mut all = PROJECTS
        .get_or_init(|| {
            let _ = std::fs::remove_dir_all(scratch("projects"));
            Default::default()
        })
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(p) = all.get(&key) {
        return p.clone();
    }
    let p = Arc::new(Project::generate(use_case, lang, args, all.len()));
    all.insert(key, p.clone());
    p
}

impl Project {
    /// `flowgen new <uc> --endpoint <lang> --no-input` plus `args`, then the stub's install step.
    fn generate(use_case: &str, lang: &'static str, args: &[&str], n: usize) -> Project {
        let dir = scratch("projects").join(format!("{use_case}-{lang}-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cmd = Command::new(bin());
        cmd.args([
            "new",
            use_case,
            dir.to_str().unwrap(),
            "--no-input",
            "--endpoint",
            lang,
        ])
        .args(args);
        run(
            &mut cmd,
            &format!("flowgen new {use_case} --endpoint {lang}"),
        );
        let mut p = Project {
            dir,
            lang,
            use_case: use_case.to_owned(),
            venv: None,
        };
        p.install();
        p
    }

    /// `endpoint/<lang>/` of the project.
    pub fn stub_dir(&self) -> PathBuf {
        self.dir.join("endpoint").join(self.lang)
    }

    /// The stub's config.json.
    pub fn config(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.stub_dir().join("config.json")).unwrap())
            .unwrap()
    }

    /// The stub's contract.json.
    pub fn contract(&self) -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(self.stub_dir().join("contract.json")).unwrap(),
        )
        .unwrap()
    }

    fn install(&mut self) {
        let _lock = self.rust_target_lock();
        let dir = self.stub_dir();
        match self.lang {
            "node" => {
                run(
                    Command::new("npm")
                        .args(["install", "--no-audit", "--no-fund"])
                        .current_dir(&dir),
                    "npm install",
                );
            }
            "python" => {
                let venv = self.dir.join(".venv");
                run(
                    Command::new("python3").args(["-m", "venv"]).arg(&venv),
                    "python3 -m venv",
                );
                let pip = venv.join("bin/pip");
                run(
                    Command::new(&pip)
                        .args([
                            "install",
                            "--quiet",
                            "--disable-pip-version-check",
                            ".[test]",
                        ])
                        .env("PIP_CACHE_DIR", scratch("pip-cache"))
                        .current_dir(&dir),
                    "pip install .[test]",
                );
                self.venv = Some(venv);
            }
            "rust" => {
                let _built_alone = rust_target_lock();
                run(
                    Command::new("cargo")
                        .args(["build", "--release", "--quiet"])
                        .env("CARGO_TARGET_DIR", scratch("rust-stubs"))
                        .current_dir(&dir),
                    "cargo build --release",
                );
            }
            other => panic!("unknown language {other}"),
        }
    }

    /// A command run in the stub's folder: `npm ARGS`, the venv's `ARGS[0] ARGS[1..]`, or
    /// `cargo ARGS` with the shared stub target dir.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = match self.lang {
            "node" => {
                let mut c = Command::new("npm");
                c.args(args);
                c
            }
            "python" => {
                let venv = self.venv.as_ref().expect("venv");
                let mut c = Command::new(venv.join("bin").join(args[0]));
                c.args(&args[1..]);
                let path = format!(
                    "{}:{}",
                    venv.join("bin").display(),
                    std::env::var("PATH").unwrap_or_default()
                );
                c.env("PATH", path).env("VIRTUAL_ENV", venv);
                c
            }
            _ => {
                let mut c = Command::new("cargo");
                c.args(args).env("CARGO_TARGET_DIR", scratch("rust-stubs"));
                c
            }
        };
        cmd.current_dir(self.stub_dir());
        cmd
    }

    /// The Rust stubs share one target dir and all name their binary `flow-endpoint`: whoever
    /// builds or runs one holds this lock, so no use case's build replaces the binary another
    /// use case's `cargo test` or `cargo run` is about to execute.
    fn rust_target_lock(&self) -> Option<std::sync::MutexGuard<'static, ()>> {
        static LOCK: Mutex<()> = Mutex::new(());
        (self.lang == "rust").then(|| LOCK.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Runs the stub's own test suite (`npm test`, `pytest`, `cargo test`); returns its output.
    pub fn run_own_tests(&self) -> String {
        let _lock = self.rust_target_lock();
        let args: &[&str] = match self.lang {
            "node" => &["test"],
            "python" => &["python", "-m", "pytest", "-q"],
            _ => &["test", "--release", "--quiet"],
        };
        let _alone = (self.lang == "rust").then(rust_target_lock);
        run(
            &mut self.command(args),
            &format!("{} stub tests ({})", self.lang, self.use_case),
        )
    }

    /// Starts the stub with the README's command on a free port.
    pub fn start(&self, env: &[(&str, &str)]) -> Server {
        // Held until the server listens (the binary is running by then).
        let _lock = self.rust_target_lock();
        let (key, _) = keys();
        let args: &[&str] = match self.lang {
            "node" => &["start"],
            "python" => &["python", "-m", "flow_endpoint"],
            _ => &["run", "--release", "--quiet"],
        };
        let port = free_port();
        let mut cmd = self.command(args);
        cmd.env("PORT", port.to_string())
            .env("PRIVATE_KEY_FILE", key)
            .env("PASSPHRASE", PASSPHRASE)
            .env("APP_SECRET", APP_SECRET);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let _built_alone = (self.lang == "rust").then(rust_target_lock);
        Server::spawn(cmd, port)
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A running stub process (its whole process group is stopped on drop).
pub struct Server {
    child: Child,
    pub port: u16,
    pub stdout: Arc<Mutex<String>>,
    pub stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Spawns `cmd` in its own process group and waits for `listening on http://0.0.0.0:PORT`.
    pub fn spawn(cmd: Command, port: u16) -> Server {
        Server::spawn_until(cmd, port, "listening on http://0.0.0.0:")
    }

    /// Spawns `cmd` in its own process group and waits for a line of stdout containing `ready`.
    pub fn spawn_until(mut cmd: Command, port: u16, ready: &str) -> Server {
        use std::os::unix::process::CommandExt;
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let mut child = cmd.spawn().expect("start stub");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let sink = stdout.clone();
        let ready = ready.to_owned();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if line.contains(&ready) {
                    let _ = tx.send(());
                }
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let server = Server {
            child,
            port,
            stdout,
            stderr,
        };
        if rx.recv_timeout(Duration::from_secs(300)).is_err() {
            panic!(
                "the server did not print that it is listening:\n{}\n{}",
                server.stdout.lock().unwrap(),
                server.stderr.lock().unwrap()
            );
        }
        server
    }

    /// Raw HTTP request; returns (status, body). Status 0 when the connection broke first.
    pub fn http(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String) {
        http(self.port, method, path, headers, body)
    }

    /// A POST to `/` of `body` signed with the app secret.
    pub fn post_signed(&self, body: &[u8]) -> (u16, String) {
        let sig = protocol::hub_signature(APP_SECRET.as_bytes(), body).unwrap();
        self.http("POST", "/", &[("X-Hub-Signature-256", &sig)], body)
    }

    /// Encrypts `payload`, posts it signed, decrypts the answer (200 and 427).
    pub fn exchange(&self, payload: &Value) -> (u16, Option<Value>) {
        exchange_on(self.port, payload)
    }

    /// A ping that must be answered `active`.
    pub fn assert_alive(&self, after: &str) {
        let (status, answer) = self.exchange(&json!({"version": "3.0", "action": "ping"}));
        assert_eq!(status, 200, "ping after {after}");
        assert_eq!(
            answer,
            Some(json!({"data": {"status": "active"}})),
            "ping after {after}"
        );
    }

    /// Everything the process printed on stdout so far.
    pub fn log(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pgid = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &pgid]).status();
        let _ = self.child.wait();
    }
}

/// `Server::exchange` against any port (e.g. a proxy in front of several stubs): encrypts
/// `payload`, posts it signed, decrypts the answer (200 and 427).
pub fn exchange_on(port: u16, payload: &Value) -> (u16, Option<Value>) {
    let (_, public) = keys();
    let key = protocol::public_key(public.as_bytes()).unwrap();
    let session = Session::random().unwrap();
    let body = protocol::request_body(&key, &session, payload.to_string().as_bytes()).unwrap();
    let sig = protocol::hub_signature(APP_SECRET.as_bytes(), body.as_bytes()).unwrap();
    let (status, text) = http(
        port,
        "POST",
        "/",
        &[("X-Hub-Signature-256", &sig)],
        body.as_bytes(),
    );
    if (status == 200 || status == 427) && !text.is_empty() {
        let plain = protocol::open_response(&session, &text)
            .unwrap_or_else(|e| panic!("answer to {payload} does not decrypt: {e}"));
        (
            status,
            Some(serde_json::from_slice(&plain).expect("answer is JSON")),
        )
    } else {
        (status, None)
    }
}

/// One HTTP/1.1 request with `Connection: close`; the body is written from another thread so an
/// early answer (413) is read even if the server stops reading.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut writer = stream.try_clone().expect("clone stream");
    let body = body.to_vec();
    let w = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = w.join();
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(raw);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return (0, String::new());
    };
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("transfer-encoding:")
            && l.to_ascii_lowercase().contains("chunked")
    });
    if !chunked {
        return (status, body.to_owned());
    }
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    (status, out)
}

/// One request the fake Graph API received.
#[derive(Debug, Clone)]
pub struct GraphRequest {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

type Recorded = Arc<Mutex<Vec<GraphRequest>>>;

/// A local stand-in for the Graph API: records every request, answers 200 with a message id.
pub struct FakeGraph {
    pub port: u16,
    pub requests: Recorded,
}

impl FakeGraph {
    pub fn start() -> FakeGraph {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind fake graph");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let log = log.clone();
                std::thread::spawn(move || serve_one(stream, &log));
            }
        });
        FakeGraph { port, requests }
    }

    /// Waits up to `secs` for at least `n` requests; returns them.
    pub fn wait_for(&self, n: usize, secs: u64) -> Vec<GraphRequest> {
        let end = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.requests.lock().unwrap().clone();
            if got.len() >= n || std::time::Instant::now() > end {
                return got;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

fn serve_one(stream: TcpStream, log: &Recorded) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        let path = parts.next().unwrap_or("").to_owned();
        let mut headers = Vec::new();
        let mut length = 0;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                if k == "content-length" {
                    length = v.trim().parse().unwrap_or(0);
                }
                headers.push((k, v.trim().to_owned()));
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        log.lock().unwrap().push(GraphRequest {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        let answer = r#"{"messaging_product":"whatsapp","contacts":[{"input":"+1","wa_id":"1"}],"messages":[{"id":"wamid.SENT"}]}"#;
        let mut s = &stream;
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{answer}",
            answer.len()
        );
    }
}

/// A WhatsApp webhook delivery holding one Flow completion.
pub fn completion_delivery(message_id: &str, response: &Value) -> String {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "José"}, "wa_id": "16505551234", "user_id": "US.1349"}],
            "messages": [{
                "context": {"from": "15550783881", "id": "wamid.FLOW"},
                "from": "16505551234", "id": message_id, "timestamp": "1750000000",
                "type": "interactive",
                "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent", "response_json": response.to_string()}}
            }]
        }}]}]
    })
    .to_string()
}
