//! `flowgen preview` in a real headless Chromium, driven through chromedriver's WebDriver API:
//! every generated use case (two locales) and corpus files drawn with every title and label
//! visible, no console errors and no network requests; the loan offer clicked through offline up to
//! the completion payload; `--serve` relaying to the generated Node stub; a Flow full of markup
//! that must run nothing. Screenshots are kept under `target/preview-artifacts/`.
//!
//! One chromedriver serves the whole test binary (a watchdog stops it when this process ends);
//! each test opens its own browser session with a fresh profile.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use flowgen_e2e::stubs::{self, free_port};
use flowgen_e2e::{flowgen, locales, root, tempdir, use_cases};
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn artifacts() -> PathBuf {
    let dir = root().join("target").join("preview-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The chromedriver of this test process (started once).
fn driver_port() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let port = free_port();
        // chromedriver lives as long as this test process: the shell stops it when we are gone.
        let watchdog = format!(
            "chromedriver --port={port} --allowed-ips=127.0.0.1 >/dev/null 2>&1 & d=$!; \
             while kill -0 {me} 2>/dev/null; do sleep 1; done; kill $d",
            me = std::process::id()
        );
        let mut watchdog = Command::new("sh")
            .args(["-c", &watchdog])
            .stdin(Stdio::null())
            .spawn()
            .expect("start chromedriver (Debian: chromium-driver)");
        std::thread::spawn(move || watchdog.wait());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (status, body) = http(port, "GET", "/status", b"");
            if status == 200 && body.contains("\"ready\":true") {
                break port;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    })
}

/// One browser session; closed on drop.
struct Browser {
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn open() -> Browser {
        let profile = tempdir();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run",
                         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,1000",
                         format!("--user-data-dir={}", profile.path().display())]
            },
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"}
        }}});
        let v = call("POST", "/session", Some(&caps));
        let session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_owned();
        Browser {
            session,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(&json!({ "url": url })));
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": args})),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(&json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_owned()
    }

    /// Waits (bounded) until `css` exists, then clicks it like a user.
    fn click(&self, css: &str) {
        self.wait_for(&format!("!!document.querySelector({css:?})"), css);
        let id = self.find(css);
        let v = self.cmd("POST", &format!("/element/{id}/click"), Some(&json!({})));
        assert!(v.is_null() || v.get("error").is_none(), "click {css}: {v}");
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        let v = self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(&json!({ "text": text })),
        );
        assert!(
            v.is_null() || v.get("error").is_none(),
            "type into {css}: {v}"
        );
    }

    /// Polls a JS expression until it is true (10 s at most).
    fn wait_for(&self, expression: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.js(&format!("return !!({expression});"), json!([])) == json!(true) {
                return;
            }
            if Instant::now() > deadline {
                let screen = self.js(
                    "const p=document.getElementById('live-phone');return p?p.innerText:'';",
                    json!([]),
                );
                panic!("timed out waiting for {what}; the phone shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A PNG of the whole page (the window grows to the page's height for the shot).
    fn screenshot(&self, name: &str) {
        let height = self
            .js("return document.documentElement.scrollHeight;", json!([]))
            .as_u64()
            .unwrap_or(1000)
            .clamp(600, 8000);
        self.cmd(
            "POST",
            "/window/rect",
            Some(&json!({"width": 1400, "height": height})),
        );
        let v = self.cmd("GET", "/screenshot", None);
        self.cmd(
            "POST",
            "/window/rect",
            Some(&json!({"width": 1400, "height": 1000})),
        );
        let png = openssl::base64::decode_block(v.as_str().expect("screenshot")).unwrap();
        std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
    }

    fn console_errors(&self) -> Vec<String> {
        let v = self.cmd("POST", "/se/log", Some(&json!({"type": "browser"})));
        v.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    /// Requests the page made to anything but itself (file:, data:) or the browser (chrome:).
    fn network_requests(&self, allowed_origin: Option<&str>) -> Vec<String> {
        let v = self.cmd("POST", "/se/log", Some(&json!({"type": "performance"})));
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
            .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
            .filter_map(|m| {
                m["message"]["params"]["request"]["url"]
                    .as_str()
                    .map(str::to_owned)
            })
            .filter(|u| {
                !(u.starts_with("file:")
                    || u.starts_with("data:")
                    || u.starts_with("chrome")
                    || u.starts_with("about:")
                    || allowed_origin.is_some_and(|o| u.starts_with(o)))
            })
            .collect()
    }

    /// The player's action log as shown.
    fn log_text(&self) -> String {
        self.js(
            "return document.getElementById('log').innerText;",
            json!([]),
        )
        .as_str()
        .unwrap_or("")
        .to_owned()
    }

    fn phone_text(&self) -> String {
        self.js(
            "return document.getElementById('live-phone').innerText;",
            json!([]),
        )
        .as_str()
        .unwrap_or("")
        .to_owned()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            driver_port(),
            "DELETE",
            &format!("/session/{}", self.session),
            b"",
        );
    }
}

/// One request to chromedriver. Its answers carry a Content-Length but it keeps the connection
/// open, so the body is read by length rather than to the end of the stream.
fn http(port: u16, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    if stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(body))
        .is_err()
    {
        return (0, String::new());
    }
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return (0, String::new());
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = None;
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            let _ = reader.read_exact(&mut body);
        }
        None => {
            let _ = reader.read_to_end(&mut body);
        }
    }
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn call(method: &str, path: &str, body: Option<&Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let (status, text) = http(driver_port(), method, path, body.as_bytes());
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("{method} {path}: HTTP {status}: {text}"));
    if status != 200 {
        panic!("{method} {path}: HTTP {status}: {}", v["value"]);
    }
    v["value"].clone()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// Writes the preview page of `flow` (a path) and returns the page's path.
fn preview(flow: &Path, out: &Path) -> PathBuf {
    let r = flowgen(
        flow.parent().unwrap(),
        &[
            "preview",
            flow.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(
        r.code,
        0,
        "flowgen preview {}: {}",
        flow.display(),
        r.stderr
    );
    out.to_path_buf()
}

/// Literal texts a reader must see: screen titles and component labels/texts without bindings.
fn visible_texts(flow: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                // Markdown is drawn, not shown as written.
                let markdown = m.get("type").and_then(Value::as_str) == Some("RichText")
                    || m.get("markdown") == Some(&Value::Bool(true));
                for key in ["label", "text", "title"] {
                    if markdown {
                        break;
                    }
                    if let Some(Value::String(s)) = m.get(key) {
                        if !s.contains("${") && !s.starts_with('`') && m.get("type").is_some() {
                            out.push(s.clone());
                        }
                    }
                }
                for (k, child) in m {
                    if k != "data" && k != "data-source" && k != "list-items" {
                        walk(child, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in flow["screens"].as_array().into_iter().flatten() {
        if let Some(t) = s["title"].as_str() {
            out.push(t.to_owned());
        }
        walk(&s["layout"], &mut out);
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// Markdown markers do not show as text; whitespace collapses.
fn plain(s: &str) -> String {
    s.replace(['*', '~', '#'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_page(b: &Browser, page: &Path, name: &str) {
    b.go(&file_url(page));
    b.wait_for(
        "document.querySelectorAll('#overview .card').length > 0",
        "the overview",
    );
    let flow: Value = b.js(
        "return JSON.parse(document.getElementById('flowgen-data').textContent).flow;",
        json!([]),
    );
    let shown = b
        .js(
            "return document.getElementById('overview').innerText;",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_owned();
    let shown = plain(&shown);
    for text in visible_texts(&flow) {
        assert!(
            shown.contains(&plain(&text)),
            "{name}: {text:?} is not visible in the overview"
        );
    }
    let cards = b.js(
        "return document.querySelectorAll('#overview .card').length;",
        json!([]),
    );
    assert_eq!(
        cards,
        json!(flow["screens"].as_array().unwrap().len()),
        "{name}"
    );
    b.screenshot(name);
    assert_eq!(
        b.console_errors(),
        Vec::<String>::new(),
        "{name}: console errors"
    );
    assert_eq!(
        b.network_requests(None),
        Vec::<String>::new(),
        "{name}: network requests"
    );
}

#[test]
fn every_use_case_and_corpus_file_is_drawn_offline() {
    let tmp = tempdir();
    let b = Browser::open();
    for uc in use_cases() {
        let all = locales(&uc);
        let mut picked: Vec<Option<String>> = vec![None];
        if let Some(other) = all.iter().find(|l| l.as_str() != "en_US") {
            picked.push(Some(other.clone()));
        }
        for locale in picked {
            let name = format!("{uc}-{}", locale.as_deref().unwrap_or("default"));
            let dir = tmp.path().join(&name);
            let mut args = vec!["new", &uc, dir.to_str().unwrap(), "--no-input"];
            if let Some(l) = &locale {
                args.extend(["--locale", l]);
            }
            let r = flowgen(tmp.path(), &args);
            assert_eq!(r.code, 0, "{}", r.stderr);
            // `flowgen new` writes the page too; the command redraws the same page.
            let written = std::fs::read_to_string(dir.join("preview.html")).unwrap();
            let page = preview(&dir.join("flow.json"), &dir.join("again.html"));
            assert_eq!(std::fs::read_to_string(&page).unwrap(), written, "{name}");
            check_page(&b, &page, &name);
        }
    }
    for fixture in ["all-components.json", "markup-in-texts.json"] {
        let page = preview(
            &root().join("tests/fixtures/preview").join(fixture),
            &tmp.path().join(format!("{fixture}.html")),
        );
        check_page(&b, &page, fixture.trim_end_matches(".json"));
    }
    // Public Flows are not copied into the repository: read them where the machine keeps them.
    let corpus = std::env::var_os("FLOWGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus"));
    if !corpus.is_dir() {
        eprintln!(
            "note: no corpus at {} (set FLOWGEN_CORPUS): corpus pages skipped",
            corpus.display()
        );
    }
    for file in [
        "WhatsApp__WhatsApp-Flows-Tools__survey.json",
        "david-lev__pywa__flows_5_1_examples__rich_text.json",
        "david-lev__pywa__flows_6_2_examples__navigation_list_dynamic.json",
        "david-lev__pywa__flows_4_0_examples__switch.json",
        "david-lev__pywa__flows_6_0_examples__math_operators.json",
    ] {
        let src = corpus.join(file);
        if !src.is_file() {
            continue;
        }
        let flow = tmp.path().join(file);
        std::fs::copy(&src, &flow).unwrap();
        let page = preview(&flow, &tmp.path().join(format!("{file}.html")));
        check_page(&b, &page, file.trim_end_matches(".json"));
    }
}

/// A generated project's folder (no endpoint stub) with its preview page.
fn loan_project(tmp: &Path) -> PathBuf {
    let dir = tmp.join("loan");
    let r = flowgen(
        tmp,
        &["new", "loan-offer", dir.to_str().unwrap(), "--no-input"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir
}

fn footer_enabled(b: &Browser) -> bool {
    b.js(
        "const f=document.querySelector('#live-phone .wa-footer .wa-btn');return !!f && !f.disabled;",
        json!([]),
    ) == json!(true)
}

fn wait_screen(b: &Browser, title: &str) {
    b.wait_for(
        &format!(
            "(document.querySelector('#live-phone .bar .title')||{{}}).textContent === {title:?}"
        ),
        &format!("screen {title:?}"),
    );
}

/// Presses the pinned footer button and waits for the screen titled `title`.
fn advance(b: &Browser, title: &str) {
    b.click("#live-phone .wa-footer .wa-btn");
    wait_screen(b, title);
}

/// Empties a text input the way deleting its text does.
fn clear(b: &Browser, name: &str) {
    b.js(
        "const i=document.querySelector('#live-phone input[data-name=\"'+arguments[0]+'\"]');\
         i.value='';i.dispatchEvent(new Event('input'));",
        json!([name]),
    );
}

/// Sets a date input the way the browser's picker does (typing into it depends on the locale).
fn pick_date(b: &Browser, name: &str, date: &str) {
    b.js(
        "const i=document.querySelector('#live-phone input[data-name=\"'+arguments[0]+'\"]');\
         i.value=arguments[1];i.dispatchEvent(new Event('change',{bubbles:true}));",
        json!([name, date]),
    );
}

#[test]
fn loan_offer_is_clicked_through_offline_to_its_completion_payload() {
    let tmp = tempdir();
    let dir = loan_project(tmp.path());
    let b = Browser::open();
    b.go(&file_url(&dir.join("preview.html")));
    wait_screen(&b, "Your offer");
    // The routing graph: entry and terminal marked, a click brings the screen's card into view.
    let marks = b.js("return [document.querySelector('svg.routes g.entry').dataset.screen, document.querySelector('svg.routes g.terminal').dataset.screen];", json!([]));
    assert_eq!(marks, json!(["OFFER", "DONE"]));
    b.click("svg.routes g.node[data-screen=SUMMARY] rect");
    b.wait_for(
        "document.querySelector('.card[data-screen=SUMMARY]').classList.contains('flash')",
        "the SUMMARY card highlighted",
    );
    b.wait_for("Math.abs(document.querySelector('.card[data-screen=SUMMARY]').getBoundingClientRect().top) < 200", "the SUMMARY card scrolled into view");
    b.js("window.scrollTo(0, 0);", json!([]));
    // Form init-values come from the screen's examples: amount and tenure are preselected.
    let amount = b.js(
        "return document.querySelector('#live-phone select[data-name=amount]').value;",
        json!([]),
    );
    assert_eq!(amount, json!("720000"));
    assert!(footer_enabled(&b));
    advance(&b, "Disbursement");
    assert!(
        !footer_enabled(&b),
        "nothing chosen yet: the footer must be disabled"
    );
    b.click("#live-phone input[data-name=disbursement_method][value=upi]");
    b.wait_for(
        "!!document.querySelector('#live-phone input[data-name=upi_id]')",
        "the UPI field (If branch)",
    );
    b.type_into("#live-phone input[data-name=upi_id]", "not a upi id");
    assert!(
        !footer_enabled(&b),
        "an invalid UPI id must keep the footer disabled"
    );
    let error_shown = b.js(
        "return document.querySelector('#live-phone .field.invalid .err') !== null;",
        json!([]),
    );
    assert_eq!(error_shown, json!(true));
    clear(&b, "upi_id");
    b.type_into("#live-phone input[data-name=upi_id]", "asha.k@okbank");
    assert!(footer_enabled(&b));
    b.screenshot("loan-offer-journey-disbursement");
    advance(&b, "Repayment");
    b.click("#live-phone input[data-name=repayment_method][value=auto_debit]");
    advance(&b, "Verify identity");
    pick_date(&b, "dob", "1990-04-12");
    b.type_into("#live-phone input[data-name=id_digits]", "12a");
    assert!(
        !footer_enabled(&b),
        "a letter in a number field keeps the footer disabled"
    );
    clear(&b, "id_digits");
    b.type_into("#live-phone input[data-name=id_digits]", "4321");
    assert!(footer_enabled(&b));
    advance(&b, "Summary");
    advance(&b, "Done");
    // Back and forward again: the back arrow returns to the summary.
    b.click("#live-phone .bar .back");
    wait_screen(&b, "Summary");
    advance(&b, "Done");
    b.click("#live-phone .wa-footer .wa-btn");
    b.wait_for(
        "!!document.getElementById('response-json')",
        "the completion payload",
    );
    b.screenshot("loan-offer-journey-completed");
    let text = b.js(
        "return document.getElementById('response-json').textContent;",
        json!([]),
    );
    let payload: Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
    for (key, want) in [
        ("amount", "720000"),
        ("tenure", "48"),
        ("disbursement_method", "upi"),
        ("upi_id", "asha.k@okbank"),
        ("repayment_method", "auto_debit"),
        ("dob", "1990-04-12"),
        ("id_digits", "4321"),
        ("flow_token", "flowgen-preview"),
    ] {
        assert_eq!(payload[key], json!(want), "{key} in {payload}");
    }
    for key in ["reference", "emi", "rate"] {
        assert!(
            payload[key].as_str().is_some_and(|s| !s.is_empty()),
            "{key} in {payload}"
        );
    }
    assert_eq!(b.console_errors(), Vec::<String>::new());
    assert_eq!(b.network_requests(None), Vec::<String>::new());
}

#[test]
fn markup_in_flow_texts_runs_nothing() {
    let fixture = root().join("tests/fixtures/preview/markup-in-texts.json");
    let tmp = tempdir();
    let page = preview(&fixture, &tmp.path().join("markup.html"));
    let b = Browser::open();
    b.go(&file_url(&page));
    b.wait_for(
        "!!document.querySelector('#live-phone .bar .title')",
        "the first screen",
    );
    b.type_into(
        "#live-phone input[data-name=answer]",
        "<b onmouseover=alert(1)>hi</b>",
    );
    b.click("#live-phone input[data-name=pick][value=a]");
    b.click("#live-phone .wa-footer .wa-btn");
    b.wait_for(
        "document.querySelector('#live-phone .bar .title').textContent.startsWith('Last')",
        "the last screen",
    );
    assert!(
        b.phone_text()
            .contains("You said <b onmouseover=alert(1)>hi</b>"),
        "{}",
        b.phone_text()
    );
    b.click("#live-phone .wa-footer .wa-btn");
    b.wait_for(
        "!!document.getElementById('response-json')",
        "the completion",
    );
    let title = b.js("return document.title;", json!([]));
    assert_eq!(title, json!("markup-in-texts.json · flowgen preview"));
    assert_eq!(
        b.js("return window.pwned === undefined;", json!([])),
        json!(true)
    );
    // The markup is shown as text, where a reader can see it.
    let shown = b.js("return document.body.innerText;", json!([]));
    let shown = shown.as_str().unwrap();
    assert!(
        shown.contains("Title <script>document.title='pwned'</script>"),
        "{shown}"
    );
    assert!(shown.contains("Option <img src=x onerror="), "{shown}");
    let injected = b.js("return document.querySelectorAll('#overview img, #live-phone img, svg.routes script, script').length;", json!([]));
    assert_eq!(
        injected,
        json!(2),
        "only the page's own two script elements and no <img>"
    );
    b.screenshot("markup-in-texts");
    assert_eq!(b.console_errors(), Vec::<String>::new());
}

/// `flowgen preview --serve` as a process; stopped on drop.
struct Served {
    child: Child,
    url: String,
}

impl Served {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut cmd = Command::new(flowgen_e2e::bin());
        cmd.arg("preview")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start flowgen preview --serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_owned();
        std::thread::spawn(move || for _ in lines {});
        Served { child, url }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_relays_the_loan_offer_to_the_node_stub() {
    let project = stubs::project("loan-offer", "node", &[]);
    let stub = project.start(&[]);
    let (private, _) = stubs::keys();
    let public = private.with_file_name("public.pem");
    let tmp = tempdir();
    let flow = tmp.path().join("flow.json");
    // DISBURSEMENT refreshes on back, so BACK is relayed as well.
    let text = std::fs::read_to_string(project.dir.join("flow.json")).unwrap();
    let text = text.replacen(
        "\"id\": \"DISBURSEMENT\",",
        "\"id\": \"DISBURSEMENT\",\n      \"refresh_on_back\": true,",
        1,
    );
    assert!(text.contains("refresh_on_back"));
    std::fs::write(&flow, text).unwrap();
    let endpoint = format!("http://127.0.0.1:{}/", stub.port);
    let served = Served::start(
        &[
            flow.to_str().unwrap(),
            "--serve",
            "--port",
            "0",
            "--endpoint",
            &endpoint,
            "--public-key",
            public.to_str().unwrap(),
            "--app-secret-env",
            "PREVIEW_TEST_APP_SECRET",
        ],
        &[("PREVIEW_TEST_APP_SECRET", stubs::APP_SECRET)],
    );
    // The EMI the stub computes for 12 months, asked directly.
    let (status, answer) = stub.exchange(&json!({
        "version": "4.0", "action": "data_exchange", "screen": "OFFER", "flow_token": "direct",
        "data": {"intent": "preview", "amount": "720000", "tenure": "12"}
    }));
    assert_eq!(status, 200);
    let emi = answer.unwrap()["data"]["emi"].as_str().unwrap().to_owned();

    let b = Browser::open();
    b.go(&served.url);
    wait_screen(&b, "Your offer");
    b.wait_for(
        "document.querySelectorAll('#log li[data-kind=data_exchange]').length === 1",
        "the INIT exchange",
    );
    assert!(
        !b.phone_text().contains(&emi),
        "the 48-month EMI differs from the 12-month one"
    );
    b.click("#live-phone select[data-name=tenure] option[value='12']");
    b.wait_for(
        &format!("document.getElementById('live-phone').innerText.includes({emi:?})"),
        "the EMI computed by the stub",
    );
    let log = b.log_text();
    assert!(log.contains("data_exchange from OFFER → HTTP 200"), "{log}");
    assert!(!log.contains('⚠'), "no flags expected: {log}");
    b.screenshot("serve-loan-offer-node");
    // Continue: the stub accepts the terms and names DISBURSEMENT; back from there asks BACK.
    advance(&b, "Disbursement");
    b.click("#live-phone .bar .back");
    wait_screen(&b, "Your offer");
    b.wait_for(
        "document.getElementById('log').innerText.includes('BACK from DISBURSEMENT → HTTP 200')",
        "the BACK exchange in the log",
    );
    assert!(
        stub.log().contains("\"action\":\"data_exchange\""),
        "{}",
        stub.log()
    );

    // Editing the file reloads the page (which asks INIT again).
    let text = std::fs::read_to_string(&flow).unwrap();
    std::fs::write(
        &flow,
        text.replace("\"Your offer\"", "\"Your edited offer\""),
    )
    .unwrap();
    wait_screen(&b, "Your edited offer");
    // Now the routing model forbids OFFER → DISBURSEMENT: the stub's answer is flagged and, as on
    // a device, refused (the phone stays on the offer with a banner).
    let text = std::fs::read_to_string(&flow).unwrap();
    let routes = "\"OFFER\": [\n      \"DISBURSEMENT\"\n    ]";
    assert!(text.contains(routes), "routing model layout changed");
    std::fs::write(
        &flow,
        text.replace(routes, "\"OFFER\": []")
            .replace("Your edited offer", "Rerouted"),
    )
    .unwrap();
    wait_screen(&b, "Rerouted");
    b.wait_for(
        "document.querySelectorAll('#log li[data-kind=data_exchange]').length === 1",
        "INIT after the reload",
    );
    b.click("#live-phone .wa-footer .wa-btn");
    b.wait_for(
        "!!document.querySelector('#live-phone .banner')",
        "the refusal banner",
    );
    wait_screen(&b, "Rerouted");
    let log = b.log_text();
    assert!(
        log.contains("the routing model does not allow OFFER → DISBURSEMENT"),
        "{log}"
    );
    b.screenshot("serve-refused-transition");
    assert_eq!(b.console_errors(), Vec::<String>::new());
    assert_eq!(b.network_requests(Some(&served.url)), Vec::<String>::new());
}

#[test]
fn all_components_follow_the_current_values() {
    let tmp = tempdir();
    let fixture = root().join("tests/fixtures/preview/all-components.json");
    let page = preview(&fixture, &tmp.path().join("all.html"));
    let b = Browser::open();
    b.go(&file_url(&page));
    wait_screen(&b, "Welcome");
    // A nested expression: concatenation and arithmetic over the screen's example data.
    assert!(
        b.phone_text().contains("Hello Ada, 6 things to see."),
        "{}",
        b.phone_text()
    );
    advance(&b, "Rich text");
    advance(&b, "Choose");
    b.type_into("#live-phone input[data-name=email]", "ada@example.com");
    b.click("#live-phone input[data-name=toppings][value=cheese]");
    b.click("#live-phone input[data-name=size][value=l]");
    assert!(
        b.phone_text().contains("Large comes with a box"),
        "Switch follows the radio"
    );
    assert!(!b.phone_text().contains("Small is perfect"));
    b.click("#live-phone select[data-name=colour] option[value=blue]");
    assert!(
        b.phone_text().contains("Blue is the rarest pick"),
        "If follows the dropdown"
    );
    for chip in ["music", "sport", "books"] {
        b.click(&format!(
            "#live-phone button[data-name=interests][data-value={chip}]"
        ));
    }
    let on = b.js(
        "return document.querySelectorAll('#live-phone .chip.on').length;",
        json!([]),
    );
    assert_eq!(on, json!(2), "max-selected-items stops the third chip");
    assert!(!footer_enabled(&b), "the visit date is still missing");
    pick_date(&b, "visit", "2030-01-31");
    assert!(footer_enabled(&b));
    advance(&b, "Files");
    assert!(!footer_enabled(&b), "one photo is required");
    b.click("#live-phone button[data-name=photos]");
    assert!(footer_enabled(&b));
    advance(&b, "Documents");
    advance(&b, "More");
    b.click("#live-phone button.navitem[data-value=faq]");
    wait_screen(&b, "All done");
    b.click("#live-phone .wa-btn");
    b.wait_for(
        "!!document.getElementById('response-json')",
        "the completion",
    );
    let log = b.log_text();
    assert!(log.contains("data_exchange CHOOSE → FILES"), "{log}");
    assert_eq!(b.console_errors(), Vec::<String>::new());
}

#[test]
fn serve_answers_only_its_own_pages() {
    let tmp = tempdir();
    let dir = loan_project(tmp.path());
    let flow = dir.join("flow.json");
    let served = Served::start(&[flow.to_str().unwrap(), "--serve", "--port", "0"], &[]);
    let port: u16 = served
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (status, page) = stubs::http(port, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(page.contains("connect-src 'self'") && page.contains("\"serve\":{"));
    let (status, version) = stubs::http(port, "GET", "/version", &[], b"");
    assert_eq!((status, version.len()), (200, 16));
    // Another Host name (DNS rebinding) or another origin is refused; so is a body over 1 MiB.
    let (status, _) = stubs::http(port, "GET", "/", &[("Host", "attacker.example")], b"");
    assert_eq!(status, 421);
    let (status, _) = stubs::http(
        port,
        "POST",
        "/exchange",
        &[("Origin", "http://attacker.example")],
        b"{}",
    );
    assert_eq!(status, 403);
    let (status, _) = stubs::http(port, "POST", "/exchange", &[], &vec![b' '; (1 << 20) + 1]);
    assert_eq!(status, 413);
    let (status, answer) = stubs::http(port, "POST", "/exchange", &[], b"{}");
    assert_eq!(status, 200);
    assert!(answer.contains("no --endpoint"), "{answer}");
    // An edit changes the fingerprint the page polls.
    std::fs::write(
        &flow,
        std::fs::read_to_string(&flow)
            .unwrap()
            .replace("Your offer", "Edited"),
    )
    .unwrap();
    let (_, after) = stubs::http(port, "GET", "/version", &[], b"");
    assert_ne!(after, version);
}
