//! The generated endpoint stubs as real processes (every language flowgen offers): each is
//! generated from a realistic preset, installed and started with its README's commands and a key
//! from `flowgen keygen`, then driven through every branch of its use case by a client that
//! plays WhatsApp (real RSA-OAEP, AES-GCM and signatures). Every answer is checked against the
//! routing model and screen data of `contract.json`; every figure against values worked out by
//! hand for the preset. Then: tampering, the webhook follow-up, and each stub's own test suite.

use std::collections::BTreeSet;

use flowgen::endpoint::protocol;
use flowgen_e2e::stubs::{
    completion_delivery, languages, project, run, FakeGraph, GraphRequest, Project, Server,
    APP_SECRET,
};
use flowgen_e2e::{root, tempdir};
use serde_json::{json, Value};

fn preset(uc: &str, file: &str) -> String {
    root()
        .join("presets")
        .join(uc)
        .join(file)
        .display()
        .to_string()
}

fn loan(lang: &'static str) -> std::sync::Arc<Project> {
    project(
        "loan-offer",
        lang,
        &["--preset", &preset("loan-offer", "indian-bank.yaml")],
    )
}

fn each_language(f: impl Fn(&'static str)) {
    let langs = languages();
    assert!(
        langs.contains(&"node"),
        "the node stub templates are missing"
    );
    for lang in langs {
        eprintln!("-- {lang}");
        f(lang);
    }
}

/// The journey files of a use case (`templates/<uc>/journeys/*.yaml`), sorted.
fn journey_files(uc: &str) -> Vec<std::path::PathBuf> {
    let dir = root().join("templates").join(uc).join("journeys");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// `flowgen check-endpoint --flow FLOW --url URL --format json` with the test key and app secret;
/// (exit code, report).
fn check_endpoint(flow: &std::path::Path, url: &str, extra: &[&str]) -> (i32, Value) {
    let (private, _) = flowgen_e2e::stubs::keys();
    let out = std::process::Command::new(flowgen_e2e::bin())
        .args(["check-endpoint", "--flow"])
        .arg(flow)
        .args(["--url", url, "--public-key"])
        .arg(private.with_file_name("public.pem"))
        .args(["--app-secret-env", "FLOWGEN_E2E_APP_SECRET"])
        .args(["--format", "json"])
        .args(extra)
        .env("FLOWGEN_E2E_APP_SECRET", APP_SECRET)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run flowgen check-endpoint");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "check-endpoint did not print one JSON object ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

/// The first failing step of a report, for assertion messages.
fn first_failure(report: &Value) -> Value {
    report["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| !s["problems"].as_array().unwrap().is_empty())
        .cloned()
        .unwrap_or(Value::Null)
}

/// The preset and locale each use case's journeys were worked out for.
const JOURNEY_PROJECTS: &[(&str, &str, &str)] = &[
    ("loan-offer", "indian-bank.yaml", "en_US"),
    ("insurance-quote", "brazilian-insurer.yaml", "pt_BR"),
    ("personalised-offer", "phone-shop.yaml", "es"),
];

fn journey_project(
    uc: &str,
    file: &str,
    locale: &str,
    lang: &'static str,
) -> std::sync::Arc<Project> {
    if uc == "loan-offer" {
        return loan(lang);
    }
    project(
        uc,
        lang,
        &["--preset", &preset(uc, file), "--locale", locale],
    )
}

#[test]
fn shared_journeys_pass_against_every_stub_with_identical_answers() {
    for (uc, file, locale) in JOURNEY_PROJECTS {
        let journeys = journey_files(uc);
        assert!(!journeys.is_empty(), "{uc} has no journeys");
        let mut args: Vec<String> = Vec::new();
        for j in &journeys {
            let text = std::fs::read_to_string(j).unwrap();
            let header: Value = serde_yaml::from_str(&text).unwrap();
            if let Some(p) = header["preset"].as_str() {
                assert_eq!(format!("{p}.yaml"), *file, "{}", j.display());
                assert_eq!(header["locale"].as_str(), Some(*locale), "{}", j.display());
            }
            args.push("--journey".into());
            args.push(j.display().to_string());
        }
        args.extend(["--explore".into(), "--probe-security".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut recorded: Vec<(&str, Vec<Value>)> = Vec::new();
        for lang in languages() {
            let p = journey_project(uc, file, locale, lang);
            // The project carries the journeys that hold for any parameters, and says how to run them.
            for j in &journeys {
                let text = std::fs::read_to_string(j).unwrap();
                let copy = p.dir.join("journeys").join(j.file_name().unwrap());
                let generic = !text.lines().any(|l| l.starts_with("preset:"));
                assert_eq!(copy.is_file(), generic, "{}", copy.display());
            }
            let readme = std::fs::read_to_string(p.dir.join("README.md")).unwrap();
            assert!(
                readme.contains("flowgen check-endpoint --flow flow.json"),
                "{uc}: README"
            );
            let s = p.start(&[]);
            let url = format!("http://127.0.0.1:{}/", s.port);
            let (code, report) = check_endpoint(&p.dir.join("flow.json"), &url, &args);
            assert_eq!(
                code,
                0,
                "{lang} {uc}: check-endpoint failed; first failure:\n{:#}",
                first_failure(&report)
            );
            let steps = report["steps"].as_array().unwrap();
            assert!(steps
                .iter()
                .any(|s| s["name"].as_str().unwrap().starts_with("explore ")));
            assert!(steps
                .iter()
                .any(|s| s["name"] == "probe: flipped ciphertext byte"));
            // What each journey step answered (explore and probes use fresh tokens: left out).
            let answers = steps
                .iter()
                .filter(|s| s["name"].as_str().unwrap().contains(" #"))
                .map(|s| json!({"step": s["name"], "status": s["status"], "answer": s["answer"]}))
                .collect();
            recorded.push((lang, answers));
        }
        let (first_lang, first) = &recorded[0];
        for (lang, answers) in &recorded[1..] {
            assert_eq!(
                answers.len(),
                first.len(),
                "{uc}: {lang} vs {first_lang}: step count"
            );
            for (a, b) in first.iter().zip(answers) {
                assert!(
                    a == b,
                    "{uc}: {lang} answers differently from {first_lang}:\n{first_lang}: {a}\n{lang}: {b}"
                );
            }
        }
    }
}

#[test]
fn tamper_suite_every_bad_request_gets_its_status_and_the_server_keeps_answering() {
    each_language(|lang| {
        let p = loan(lang);
        let s = p.start(&[("MAX_BODY_BYTES", "1048576")]);
        let (_, public) = flowgen_e2e::stubs::keys();
        let key = protocol::public_key(public.as_bytes()).unwrap();
        let ping = || {
            let session = protocol::Session::random().unwrap();
            protocol::request_body(&key, &session, br#"{"version":"3.0","action":"ping"}"#).unwrap()
        };
        s.assert_alive("start");

        for (name, header) in [
            ("missing", None),
            ("short", Some("sha256=abc")),
            ("non-hex", Some(&*format!("sha256={}", "zz".repeat(32)))),
            ("wrong", Some(&*format!("sha256={}", "0".repeat(64)))),
        ] {
            let body = ping();
            let headers: Vec<(&str, &str)> = header
                .map(|h| ("X-Hub-Signature-256", h))
                .into_iter()
                .collect();
            let (status, _) = s.http("POST", "/", &headers, body.as_bytes());
            assert_eq!(status, 432, "{lang}: signature {name}");
            s.assert_alive(&format!("signature {name}"));
        }

        let other = openssl::rsa::Rsa::generate(2048).unwrap();
        let other_pub = protocol::public_key(&other.public_key_to_pem().unwrap()).unwrap();
        let wrong_key = protocol::request_body(
            &other_pub,
            &protocol::Session::random().unwrap(),
            br#"{"version":"3.0","action":"ping"}"#,
        )
        .unwrap();
        let edit = |f: &dyn Fn(&mut Vec<u8>), field: &str| {
            let mut v: Value = serde_json::from_str(&ping()).unwrap();
            let mut bytes = openssl::base64::decode_block(v[field].as_str().unwrap()).unwrap();
            f(&mut bytes);
            v[field] = json!(openssl::base64::encode_block(&bytes));
            v.to_string()
        };
        let cases: Vec<(&str, String, u16)> = vec![
            ("wrong key", wrong_key, 421),
            (
                "flipped ciphertext",
                edit(&|b| b[0] ^= 1, "encrypted_flow_data"),
                421,
            ),
            (
                "flipped tag",
                edit(
                    &|b| {
                        let n = b.len();
                        b[n - 1] ^= 1
                    },
                    "encrypted_flow_data",
                ),
                421,
            ),
            (
                "truncated",
                edit(&|b| b.truncate(10), "encrypted_flow_data"),
                421,
            ),
            ("flipped IV", edit(&|b| b[0] ^= 1, "initial_vector"), 421),
            ("empty", String::new(), 400),
            ("non-JSON", "not json at all".to_owned(), 400),
            (
                "deeply nested JSON",
                format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
                400,
            ),
            (
                "2 MiB body",
                format!(
                    "{{\"encrypted_flow_data\":\"{}\"}}",
                    "A".repeat(2 * 1024 * 1024)
                ),
                413,
            ),
        ];
        for (name, body, want) in cases {
            let (status, _) = s.post_signed(body.as_bytes());
            assert_eq!(status, want, "{lang}: {name}");
            s.assert_alive(name);
        }

        let exchange = |payload: Value| {
            let (status, answer) = s.exchange(&payload);
            assert_eq!(status, 200, "{payload}");
            answer.unwrap()
        };
        let unknown = exchange(
            json!({"data": {}, "flow_token": "t", "screen": "OFFER", "action": "refresh_everything", "version": "4.0"}),
        );
        assert_eq!(unknown["screen"], "OFFER");
        assert_eq!(
            unknown["data"]["error_message"],
            "Sorry, something went wrong. Please try again."
        );
        s.assert_alive("unknown action");
        let back = exchange(
            json!({"data": {}, "flow_token": "t", "screen": "OFFER", "action": "BACK", "version": "4.0"}),
        );
        assert_eq!(back["screen"], "OFFER");
        let ack = exchange(
            json!({"data": {"error": "payload-schema-error", "error_message": "bad"}, "flow_token": "t", "screen": "SUMMARY", "action": "data_exchange", "version": "4.0"}),
        );
        assert_eq!(ack, json!({"data": {"acknowledged": true}}));
        let junk = exchange(
            json!({"data": {"intent": {"$ne": 1}, "amount": [1]}, "flow_token": 7, "screen": 9, "action": "data_exchange", "version": "4.0"}),
        );
        assert!(junk["screen"].is_string());
        s.assert_alive("junk payload");

        // 200 at once, from 200 connections.
        let statuses: BTreeSet<u16> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..200)
                .map(|i| {
                    let s = &s;
                    scope.spawn(move || {
                        let payload = if i % 2 == 0 { json!({"version": "3.0", "action": "ping"}) } else {
                            json!({"data": {}, "flow_token": format!("c{i}"), "screen": "", "action": "INIT", "version": "4.0"})
                        };
                        s.exchange(&payload).0
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            statuses,
            BTreeSet::from([200]),
            "{lang}: 200 concurrent requests"
        );
        s.assert_alive("200 concurrent requests");

        // Logs: one JSON line per request, without tokens or form values.
        let log = s.log();
        assert!(
            !log.contains("priya@okhdfc") && !log.contains("c199"),
            "{log}"
        );
        let line = log
            .lines()
            .rev()
            .find(|l| l.contains("\"action\":\"ping\""))
            .expect("a ping log line");
        let v: Value = serde_json::from_str(line).expect("log lines are JSON");
        assert_eq!(v["route"], "/");
        assert_eq!(v["status"], 200);
        assert!(v["ms"].is_number());
    });
}

#[test]
fn flow_token_check_answers_427_with_the_message() {
    each_language(|lang| {
        let p = loan(lang);
        let s = p.start(&[("FLOW_TOKEN_SECRET", "issuer")]);
        let (status, answer) = s.exchange(&json!({"data": {}, "flow_token": "not-issued", "screen": "", "action": "INIT", "version": "4.0"}));
        assert_eq!(status, 427);
        assert_eq!(
            answer,
            Some(json!({"error_msg": "This link has expired. Please ask us for a new one."}))
        );
        let token = issue_token(&p);
        let jwt = protocol::flow_token_signature(APP_SECRET.as_bytes(), &token).unwrap();
        let (status, _) = s.exchange(&json!({"data": {}, "flow_token": token, "screen": "", "action": "INIT", "version": "4.0", "flow_token_signature": jwt}));
        assert_eq!(
            status, 200,
            "{lang}: a token from the stub's own issuer, signed by Meta"
        );
        let forged = protocol::flow_token_signature(b"another secret", &token).unwrap();
        let (status, _) = s.exchange(&json!({"data": {}, "flow_token": token, "screen": "", "action": "INIT", "version": "4.0", "flow_token_signature": forged}));
        assert_eq!(
            status, 427,
            "{lang}: a flow_token_signature not made with the app secret"
        );
        s.assert_alive("427");
    });
}

/// A token from the stub's own CLI (`npm run issue-token`, `python -m flow_endpoint.token`,
/// `cargo run --release --bin issue-token`).
fn issue_token(p: &Project) -> String {
    let args: &[&str] = match p.lang {
        "node" => &["run", "--silent", "issue-token"],
        "python" => &["python", "-m", "flow_endpoint.token"],
        _ => &["run", "--release", "--quiet", "--bin", "issue-token"],
    };
    let out = run(
        p.command(args).env("FLOW_TOKEN_SECRET", "issuer"),
        &format!("{} issue-token", p.lang),
    );
    out.lines()
        .find(|l| l.starts_with("ft1."))
        .unwrap_or_else(|| panic!("no token in {out:?}"))
        .trim()
        .to_owned()
}

#[test]
fn keys_made_the_ways_meta_and_openssl_do_all_load() {
    let dir = tempdir();
    let pem = |args: &[&str], name: &str| {
        let path = dir.path().join(name);
        run(
            std::process::Command::new("openssl")
                .arg(args[0])
                .arg("-out")
                .arg(&path)
                .args(&args[1..]),
            &format!("openssl {args:?}"),
        );
        path
    };
    let legacy = pem(
        &[
            "genrsa",
            "-traditional",
            "-des3",
            "-passout",
            "pass:meta guide",
            "2048",
        ],
        "legacy.pem",
    );
    assert!(std::fs::read_to_string(&legacy)
        .unwrap()
        .contains("Proc-Type: 4,ENCRYPTED"));
    let pkcs8 = pem(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-aes-256-cbc",
            "-pass",
            "pass:meta guide",
        ],
        "pkcs8.pem",
    );
    let plain = pem(&["genrsa", "-traditional", "2048"], "plain.pem");
    each_language(|lang| {
        let p = loan(lang);
        for (file, pass) in [
            (&legacy, "meta guide"),
            (&pkcs8, "meta guide"),
            (&plain, ""),
        ] {
            let public = run(
                std::process::Command::new("openssl")
                    .args(["pkey", "-pubout", "-passin", &format!("pass:{pass}"), "-in"])
                    .arg(file),
                "openssl pkey -pubout",
            );
            let s = p.start(&[
                ("PRIVATE_KEY_FILE", file.to_str().unwrap()),
                ("PASSPHRASE", pass),
            ]);
            let key = protocol::public_key(public.as_bytes()).unwrap();
            let session = protocol::Session::random().unwrap();
            let body =
                protocol::request_body(&key, &session, br#"{"version":"3.0","action":"ping"}"#)
                    .unwrap();
            let (status, text) = s.post_signed(body.as_bytes());
            assert_eq!(status, 200, "{lang}: {}", file.display());
            assert_eq!(
                protocol::open_response(&session, &text).unwrap(),
                br#"{"data":{"status":"active"}}"#
            );
        }
    });
}

#[test]
fn webhook_sends_one_exact_follow_up_and_ignores_duplicates() {
    each_language(|lang| {
        let graph = FakeGraph::start();
        let url = format!("http://127.0.0.1:{}", graph.port);
        let env = [
            ("VERIFY_TOKEN", "verify-me"),
            ("WHATSAPP_TOKEN", "wa-secret-token"),
            ("PHONE_NUMBER_ID", "106540352242922"),
            ("GRAPH_API_URL", url.as_str()),
            ("GRAPH_API_VERSION", "v25.0"),
        ];
        let p = loan(lang);
        let s = p.start(&env);
        let (status, body) = s.http(
            "GET",
            "/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444",
            &[],
            b"",
        );
        assert_eq!((status, body.as_str()), (200, "1158201444"));
        let (status, _) = s.http(
            "GET",
            "/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
            &[],
            b"",
        );
        assert_eq!(status, 403);

        let response = json!({"reference": "LN-1A2B3C4D", "amount": "1000000", "tenure": "60", "emi": "₹21,867.31", "flow_token": "t"});
        let delivery = completion_delivery("wamid.DONE", &response);
        let (status, _) = s.http("POST", "/webhook", &[], delivery.as_bytes());
        assert_eq!(status, 401, "{lang}: unsigned webhook");
        let (status, _) = s.http(
            "POST",
            "/webhook",
            &[("X-Hub-Signature-256", &format!("sha256={}", "1".repeat(64)))],
            delivery.as_bytes(),
        );
        assert_eq!(status, 403, "{lang}: wrongly signed webhook");
        let sig = protocol::hub_signature(APP_SECRET.as_bytes(), delivery.as_bytes()).unwrap();
        let (status, _) = s.http(
            "POST",
            "/webhook",
            &[("X-Hub-Signature-256", &sig)],
            delivery.as_bytes(),
        );
        assert_eq!(status, 200);
        let sent = graph.wait_for(1, 10);
        assert_eq!(sent.len(), 1, "{lang}: one follow-up");
        let GraphRequest {
            method,
            path,
            headers,
            body,
        } = &sent[0];
        assert_eq!(
            (method.as_str(), path.as_str()),
            ("POST", "/v25.0/106540352242922/messages")
        );
        assert!(headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == "Bearer wa-secret-token"));
        assert!(headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("application/json")));
        let body: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            body,
            json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234", "type": "text",
            "text": {"body": "Thank you! Sahyadri Bank has received your request LN-1A2B3C4D: ₹10,00,000 over 60 months, EMI ₹21,867.31. We will confirm the next steps in this chat shortly."},
            "context": {"message_id": "wamid.DONE"}})
        );
        let (status, _) = s.http(
            "POST",
            "/webhook",
            &[("X-Hub-Signature-256", &sig)],
            delivery.as_bytes(),
        );
        assert_eq!(status, 200, "{lang}: a duplicate is acknowledged");
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_eq!(
            graph.requests.lock().unwrap().len(),
            1,
            "{lang}: a duplicate is not re-processed"
        );
        assert!(
            !s.log().contains("16505551234") && !s.log().contains("wa-secret-token"),
            "{}",
            s.log()
        );
    });
}

#[test]
fn purchase_intent_stub_is_the_webhook_only() {
    each_language(|lang| {
        let graph = FakeGraph::start();
        let url = format!("http://127.0.0.1:{}", graph.port);
        let p = project(
            "purchase-intent",
            lang,
            &[
                "--preset",
                &preset("purchase-intent", "electronics-retailer.yaml"),
            ],
        );
        let s = p.start(&[
            ("PRIVATE_KEY_FILE", ""),
            ("WHATSAPP_TOKEN", "tok"),
            ("PHONE_NUMBER_ID", "1"),
            ("GRAPH_API_URL", url.as_str()),
        ]);
        let (status, _) = s.post_signed(b"{}");
        assert_eq!(status, 404, "{lang}: no data endpoint");
        let delivery = completion_delivery(
            "wamid.PI",
            &json!({"name": "Maria", "categories": ["phones"], "terms_accepted": true}),
        );
        let sig = protocol::hub_signature(APP_SECRET.as_bytes(), delivery.as_bytes()).unwrap();
        assert_eq!(
            s.http(
                "POST",
                "/webhook",
                &[("X-Hub-Signature-256", &sig)],
                delivery.as_bytes()
            )
            .0,
            200
        );
        let sent = graph.wait_for(1, 10);
        let body: Value = serde_json::from_str(&sent[0].body).unwrap();
        assert_eq!(body["text"]["body"], "Thanks for joining, Maria! Volt Electronics will only send you news that matches your interests.");
    });
}

#[test]
fn each_generated_stub_passes_its_own_tests() {
    each_language(|lang| {
        for (uc, file) in [
            ("loan-offer", "indian-bank.yaml"),
            ("insurance-quote", "brazilian-insurer.yaml"),
            ("personalised-offer", "phone-shop.yaml"),
            ("purchase-intent", "electronics-retailer.yaml"),
        ] {
            let p = project(uc, lang, &["--preset", &preset(uc, file)]);
            let out = p.run_own_tests();
            eprintln!(
                "{lang} {uc}: {}",
                out.lines()
                    .filter(|l| l.contains("pass") || l.contains("passed"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
    });
}

/// `flowgen check-endpoint` on the fixture Flow and its journey against `url`.
fn check_fixture(url: &str, extra: &[&str]) -> (i32, Value) {
    let dir = root().join("tests/fixtures/endpoint");
    let journey = dir.join("journey.yaml").display().to_string();
    let mut args = vec!["--journey", &journey];
    args.extend_from_slice(extra);
    check_endpoint(&dir.join("flow.json"), url, &args)
}

#[test]
fn check_endpoint_fails_precisely_against_deliberately_broken_endpoints() {
    let script = root().join("tests/fixtures/endpoint/broken-endpoint.mjs");
    let start = |mode: &str| {
        let (private, _) = flowgen_e2e::stubs::keys();
        let port = flowgen_e2e::stubs::free_port();
        let mut cmd = std::process::Command::new("node");
        cmd.arg(&script)
            .env("PORT", port.to_string())
            .env("PRIVATE_KEY_FILE", private)
            .env("PASSPHRASE", flowgen_e2e::stubs::PASSPHRASE)
            .env("APP_SECRET", APP_SECRET)
            .env("BROKEN", mode);
        Server::spawn_until(cmd, port, "ready on http://127.0.0.1:")
    };
    // The correct server passes everything, exploration and probes included.
    let s = start("");
    let (code, report) = check_fixture(
        &format!("http://127.0.0.1:{}/", s.port),
        &["--explore", "--probe-security"],
    );
    assert_eq!(code, 0, "{:#}", first_failure(&report));
    drop(s);

    for (mode, step, message) in [
        (
            "forbidden",
            "INIT",
            "INIT answered PICK: without a current screen only the entry screen is allowed (START)",
        ),
        ("omit", "INIT", "/data/count missing (the screen declares it)"),
        ("wrong-type", "INIT", "/data/count is string, declared number"),
        (
            "no-flip",
            "ping",
            "the answer is encrypted with the request's IV: encrypt with every bit of the IV flipped (b ^ 0xFF)",
        ),
        (
            "die-on-back",
            "fixture #3",
            "the connection closed without an HTTP answer",
        ),
        (
            "bad-signature",
            "probe: wrong signature",
            "wrong signature: answered HTTP 200, expected 432 (the endpoint accepted a request it must refuse)",
        ),
        (
            "slow",
            "INIT",
            "no answer within 10000 ms (WhatsApp gives up after 10 s)",
        ),
    ] {
        let s = start(mode);
        let (code, report) = check_fixture(
            &format!("http://127.0.0.1:{}/", s.port),
            &["--probe-security"],
        );
        assert_eq!(code, 1, "{mode}: {report:#}");
        let failure = first_failure(&report);
        assert_eq!(failure["name"], step, "{mode}: {failure:#}");
        let problems = failure["problems"].to_string();
        assert!(problems.contains(message), "{mode}: {problems}");
        assert_eq!(report["ok"], false);
    }

    // Nothing listening: exit 2, and the report says so.
    let port = flowgen_e2e::stubs::free_port();
    let (code, report) = check_fixture(&format!("http://127.0.0.1:{port}/"), &[]);
    assert_eq!(code, 2);
    assert!(
        report["unreachable"].as_str().unwrap().contains("refused"),
        "{report}"
    );
}
