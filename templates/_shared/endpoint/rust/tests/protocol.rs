//! The data endpoint over real HTTP: key formats, status order, tamper cases, token checks,
//! and the real binary's startup.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::*;
use flow_endpoint::crypto::PrivateKey;
use flow_endpoint::handler::HAS_DATA_ENDPOINT;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;
use openssl::symm::Cipher;
use serde_json::{json, Value};

fn roundtrip(key: &PrivateKey) {
    let public = key.public_pem();
    let wrapped = flow_endpoint::crypto::wrap_key(&public, &[7u8; 16]).unwrap();
    assert_eq!(key.unwrap_key(&wrapped), Some([7u8; 16]));
}

#[test]
fn loads_all_private_key_formats() {
    let rsa = Rsa::generate(2048).unwrap();
    let pkey = PKey::from_rsa(rsa.clone()).unwrap();
    // PKCS#1 encrypted the legacy way (openssl genrsa -des3 -traditional)
    let legacy = rsa.private_key_to_pem_passphrase(Cipher::des_ede3_cbc(), b"s3cret").unwrap();
    let legacy_text = String::from_utf8_lossy(&legacy).to_string();
    assert!(legacy_text.contains("BEGIN RSA PRIVATE KEY") && legacy_text.contains("Proc-Type: 4,ENCRYPTED"));
    roundtrip(&PrivateKey::from_pem(&legacy, Some("s3cret")).unwrap());
    // PKCS#8 encrypted
    let p8e = pkey.private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), b"s3cret").unwrap();
    assert!(String::from_utf8_lossy(&p8e).contains("BEGIN ENCRYPTED PRIVATE KEY"));
    roundtrip(&PrivateKey::from_pem(&p8e, Some("s3cret")).unwrap());
    // PKCS#8 plain (a passphrase set by mistake is ignored)
    let p8 = pkey.private_key_to_pem_pkcs8().unwrap();
    roundtrip(&PrivateKey::from_pem(&p8, None).unwrap());
    roundtrip(&PrivateKey::from_pem(&p8, Some("unused")).unwrap());
    // PKCS#1 plain
    let p1 = rsa.private_key_to_pem().unwrap();
    assert!(String::from_utf8_lossy(&p1).contains("BEGIN RSA PRIVATE KEY"));
    roundtrip(&PrivateKey::from_pem(&p1, None).unwrap());

    // refusals: each names what to fix
    assert!(PrivateKey::from_pem(&legacy, None).unwrap_err().contains("PASSPHRASE"));
    assert!(PrivateKey::from_pem(&legacy, Some("wrong")).unwrap_err().contains("PASSPHRASE"));
    assert!(PrivateKey::from_pem(&p8e, Some("wrong")).unwrap_err().contains("PASSPHRASE"));
    assert!(PrivateKey::from_pem(b"hello", None).is_err());
    assert!(PrivateKey::from_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", None).is_err());
}

async fn expect_status(addr: std::net::SocketAddr, body: Vec<u8>, signed: bool, expected: u16) {
    let sig = sign(&body);
    let headers: Vec<(&str, &str)> = if signed { vec![("x-hub-signature-256", sig.as_str())] } else { vec![] };
    let r = post_raw(addr, "/", &headers, body).await;
    assert_eq!(r.status, expected);
    if expected != 200 && expected != 427 {
        assert!(r.body.is_empty(), "error answers have an empty body");
    }
}

fn outer(sealed: &Sealed) -> Value {
    serde_json::from_slice(&sealed.body).unwrap()
}

fn with_field(sealed: &Sealed, field: &str, edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let mut o = outer(sealed);
    let mut raw = STANDARD.decode(o[field].as_str().unwrap()).unwrap();
    edit(&mut raw);
    o[field] = json!(STANDARD.encode(raw));
    o.to_string().into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tamper_cases_and_status_order() {
    let s = start(settings()).await;
    let addr = s.addr;
    if !HAS_DATA_ENDPOINT {
        let r = post_raw(addr, "/", &[], b"{}".to_vec()).await;
        assert_eq!(r.status, 404);
        return;
    }
    ping(addr).await;
    let init = request("INIT", "", json!({}), "TEST_TOKEN");
    let good = seal(&init);

    // 432: signature missing, short, non-hex, wrong, other prefix
    let mut bad_sig = sign(&good.body);
    bad_sig.replace_range(bad_sig.len() - 1.., if bad_sig.ends_with('0') { "1" } else { "0" });
    for header in [None, Some("sha256=abc".to_string()), Some(format!("sha256={}", "z".repeat(64))), Some(bad_sig),
                   Some(sign(&good.body).replace("sha256=", "sha1=")), Some(String::new())] {
        let headers: Vec<(&str, &str)> = header.iter().map(|h| ("x-hub-signature-256", h.as_str())).collect();
        let r = post_raw(addr, "/", &headers, good.body.clone()).await;
        assert_eq!(r.status, 432, "signature {header:?}");
        assert!(r.body.is_empty());
        ping(addr).await;
    }

    // 400: empty, not JSON, nested deeper than 64
    expect_status(addr, Vec::new(), true, 400).await;
    expect_status(addr, b"not json".to_vec(), true, 400).await;
    expect_status(addr, b"{\"a\":".to_vec(), true, 400).await;
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    expect_status(addr, deep.into_bytes(), true, 400).await;
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(65), "}".repeat(65));
    expect_status(addr, deep_obj.into_bytes(), true, 400).await;
    ping(addr).await;

    // 421: valid JSON but not the three Base64 fields, bad Base64, wrong key, GCM failures
    for body in [json!([1, 2]), json!("x"), json!({}), json!({"encrypted_flow_data": 1, "encrypted_aes_key": "A", "initial_vector": "B"})] {
        expect_status(addr, body.to_string().into_bytes(), true, 421).await;
    }
    let mut o = outer(&good);
    o["encrypted_aes_key"] = json!("***not base64***");
    expect_status(addr, o.to_string().into_bytes(), true, 421).await;
    let mut o = outer(&good);
    o.as_object_mut().unwrap().remove("initial_vector");
    expect_status(addr, o.to_string().into_bytes(), true, 421).await;
    // wrong key: the AES key wrapped for another public key
    let other = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let foreign = seal_bytes(&other.public_key_to_pem().unwrap(), init.to_string().as_bytes());
    expect_status(addr, foreign.body.clone(), true, 421).await;
    // flipped ciphertext byte, flipped tag byte, flipped IV byte, truncated data, flipped key byte
    expect_status(addr, with_field(&good, "encrypted_flow_data", |b| b[0] ^= 1), true, 421).await;
    expect_status(addr, with_field(&good, "encrypted_flow_data", |b| { let n = b.len(); b[n - 1] ^= 1 }), true, 421).await;
    expect_status(addr, with_field(&good, "initial_vector", |b| b[5] ^= 1), true, 421).await;
    expect_status(addr, with_field(&good, "initial_vector", |b| b.truncate(12)), true, 421).await;
    expect_status(addr, with_field(&good, "encrypted_flow_data", |b| { let n = b.len(); b.truncate(n - 5) }), true, 421).await;
    expect_status(addr, with_field(&good, "encrypted_flow_data", |b| b.truncate(10)), true, 421).await;
    expect_status(addr, with_field(&good, "encrypted_aes_key", |b| b[100] ^= 1), true, 421).await;
    expect_status(addr, with_field(&good, "encrypted_aes_key", |b| b.truncate(200)), true, 421).await;
    ping(addr).await;

    // 400: decrypted payload not a JSON object, or too deep
    for plain in [b"not json".to_vec(), b"[1,2,3]".to_vec(), b"\"INIT\"".to_vec(),
                  format!("{{\"action\":\"INIT\",\"data\":{}1{}}}", "[".repeat(70), "]".repeat(70)).into_bytes()] {
        let sealed = seal_bytes(&test_key().1, &plain);
        expect_status(addr, sealed.body, true, 400).await;
    }
    ping(addr).await;

    // the good request still works after all that
    let (status, v) = exchange(addr, &init).await;
    assert_eq!(status, 200);
    check_reply(None, &v.unwrap()).unwrap();

    // unknown action → the current (or entry) screen with error_message
    let contract = contract_json();
    let entry = contract["entry_screen"].as_str().unwrap().to_owned();
    for (action, screen) in [("navigate", entry.as_str()), ("", ""), ("SOMETHING", "NO_SUCH_SCREEN")] {
        let (status, v) = exchange(addr, &request(action, screen, json!({}), "TEST_TOKEN")).await;
        assert_eq!(status, 200);
        let v = v.unwrap();
        assert_eq!(v["screen"], json!(entry));
        assert_eq!(error_message(&v), Some(text("request_not_understood").as_str()));
        check_reply(Some(&entry), &v).unwrap();
    }
    // a payload without action at all
    let (status, v) = exchange(addr, &json!({"version": "3.0", "flow_token": "x"})).await;
    assert_eq!(status, 200);
    assert!(error_message(&v.unwrap()).is_some());
    // every screen answered with an unknown intent stays on that screen, valid for the contract
    for scr in contract["screens"].as_array().unwrap() {
        let id = scr["id"].as_str().unwrap();
        let (status, v) = exchange(addr, &request("data_exchange", id, json!({"intent": "no_such_intent"}), "TEST_TOKEN")).await;
        assert_eq!(status, 200);
        let v = v.unwrap();
        assert_eq!(v["screen"], json!(id));
        assert!(error_message(&v).is_some());
        check_reply(Some(id), &v).unwrap();
    }
    // BACK
    let (status, v) = exchange(addr, &request("BACK", &entry, json!({}), "TEST_TOKEN")).await;
    assert_eq!(status, 200);
    check_reply(None, &v.unwrap()).unwrap();
    // error notification → ack (no token needed)
    let (status, v) = exchange(
        addr,
        &json!({"version": "3.0", "action": "data_exchange", "screen": entry,
                "data": {"error": "payload-schema-error", "error_message": "bad"}}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v.unwrap(), json!({"data": {"acknowledged": true}}));
    ping(addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_limit_gives_413() {
    let mut st = settings();
    st.max_body_bytes = 2048;
    let s = start(st).await;
    if !HAS_DATA_ENDPOINT {
        return;
    }
    let big = json!({"encrypted_flow_data": "A".repeat(4000), "encrypted_aes_key": "B", "initial_vector": "C"});
    let body = big.to_string().into_bytes();
    let sig = sign(&body);
    let r = post_raw(s.addr, "/", &[("x-hub-signature-256", &sig)], body).await;
    assert_eq!(r.status, 413);
    ping(s.addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issuer_tokens_only_with_flow_token_secret() {
    let mut st = settings();
    st.flow_token_secret = Some(b"issuer secret".to_vec());
    let s = start(st).await;
    if !HAS_DATA_ENDPOINT {
        return;
    }
    ping(s.addr).await; // ping carries no token and is never checked
    for bad in ["unused", "", "ft1.AAAA.1.AAAA"] {
        let (status, v) = exchange(s.addr, &request("INIT", "", json!({}), bad)).await;
        assert_eq!(status, 427, "token {bad:?}");
        assert_eq!(v.unwrap(), json!({"error_msg": text("token_expired")}));
    }
    let expired = flow_endpoint::token::issue_until(b"issuer secret", flow_endpoint::token::now() - 1);
    let (status, _) = exchange(s.addr, &request("INIT", "", json!({}), &expired)).await;
    assert_eq!(status, 427);
    let good = flow_endpoint::token::issue(b"issuer secret", 1);
    let (status, v) = exchange(s.addr, &request("INIT", "", json!({}), &good)).await;
    assert_eq!(status, 200);
    check_reply(None, &v.unwrap()).unwrap();
}

fn with_jwt(token: &str, jwt: &str) -> Value {
    json!({"data": {}, "flow_token": token, "screen": "", "action": "INIT", "version": "4.0", "flow_token_signature": jwt})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_token_signature_policies() {
    let secret = APP_SECRET.as_bytes();
    let good = flow_endpoint::signature::make_flow_token_jwt(secret, "TOKEN_A");
    let other = flow_endpoint::signature::make_flow_token_jwt(secret, "TOKEN_B");
    let forged = flow_endpoint::signature::make_flow_token_jwt(b"not the app secret", "TOKEN_A");
    use flow_endpoint::server::SignaturePolicy::*;
    for (policy, bad_status) in [(Enforce, 427), (Log, 200), (Off, 200)] {
        let mut st = settings();
        st.token_signature = policy;
        let s = start(st).await;
        if !HAS_DATA_ENDPOINT {
            return;
        }
        let (status, _) = exchange(s.addr, &with_jwt("TOKEN_A", &good)).await;
        assert_eq!(status, 200, "{policy:?} valid");
        for jwt in [&other, &forged, &"garbage".to_string()] {
            let (status, v) = exchange(s.addr, &with_jwt("TOKEN_A", jwt)).await;
            assert_eq!(status, bad_status, "{policy:?} invalid");
            if status == 427 {
                assert_eq!(v.unwrap(), json!({"error_msg": text("token_expired")}));
            }
        }
        // absent signature: accepted under every policy
        let (status, _) = exchange(s.addr, &request("INIT", "", json!({}), "TOKEN_A")).await;
        assert_eq!(status, 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_app_secret_checks_are_off_and_unknown_routes_404() {
    let mut st = settings();
    st.app_secret = None;
    let s = start(st).await;
    if HAS_DATA_ENDPOINT {
        let sealed = seal(&json!({"version": "3.0", "action": "ping"}));
        let r = post_raw(s.addr, "/", &[], sealed.body.clone()).await;
        assert_eq!(r.status, 200);
        assert_eq!(open(&sealed, &r.body), json!({"data": {"status": "active"}}));
    }
    assert_eq!(get(s.addr, "/").await.status, 404);
    assert_eq!(get(s.addr, "/nothing").await.status, 404);
    assert_eq!(post_raw(s.addr, "/nothing", &[], b"{}".to_vec()).await.status, 404);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_flow-endpoint"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    for v in ["PRIVATE_KEY", "PRIVATE_KEY_FILE", "PASSPHRASE", "APP_SECRET", "FLOW_TOKEN_SECRET", "PORT", "VERIFY_TOKEN", "CONFIG_FILE", "CONTRACT_FILE"] {
        c.env_remove(v);
    }
    c
}

#[test]
fn binary_refuses_a_missing_or_undecryptable_key() {
    if !HAS_DATA_ENDPOINT {
        return;
    }
    let out = binary().env("PORT", free_port().to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PRIVATE_KEY"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");

    let rsa = Rsa::generate(2048).unwrap();
    let legacy = rsa.private_key_to_pem_passphrase(Cipher::des_ede3_cbc(), b"right").unwrap();
    let out = binary()
        .env("PRIVATE_KEY", String::from_utf8(legacy).unwrap())
        .env("PASSPHRASE", "wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PASSPHRASE"));

    let out = binary().env("PRIVATE_KEY_FILE", "/nonexistent/key.pem").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PRIVATE_KEY_FILE"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_with_an_encrypted_legacy_key() {
    let rsa = Rsa::generate(2048).unwrap();
    let legacy = rsa.private_key_to_pem_passphrase(Cipher::des_ede3_cbc(), b"pw").unwrap();
    let dir = std::env::temp_dir().join(format!("flow-endpoint-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key_file = dir.join("private.pem");
    std::fs::write(&key_file, &legacy).unwrap();
    let port = free_port();
    let mut child = binary()
        .env("PRIVATE_KEY_FILE", &key_file)
        .env("PASSPHRASE", "pw")
        .env("PORT", port.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert_eq!(first.trim(), format!("listening on http://0.0.0.0:{port}"));
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut next_log = || {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        line
    };
    if HAS_DATA_ENDPOINT {
        let public = PKey::from_rsa(rsa).unwrap().public_key_to_pem().unwrap();
        let sealed = seal_bytes(&public, br#"{"version":"3.0","action":"ping"}"#);
        let r = post_raw(addr, "/", &[], sealed.body.clone()).await;
        assert_eq!(r.status, 200);
        assert_eq!(open(&sealed, &r.body), json!({"data": {"status": "active"}}));
        let log: Value = serde_json::from_str(&next_log()).expect("one JSON line per request");
        assert_eq!((log["route"].as_str(), log["action"].as_str(), log["status"].as_u64()), (Some("/"), Some("ping"), Some(200)));
        assert!(log["ms"].is_number());
        // nothing secret or personal reaches the log
        let payload = json!({"version": "3.0", "action": "data_exchange", "screen": "X", "flow_token": "SECRET-TOKEN-4711",
                             "data": {"intent": "x", "full_name": "Maria Example", "dob": "1990-01-01"}});
        let sealed = seal_bytes(&public, payload.to_string().as_bytes());
        let r = post_raw(addr, "/", &[], sealed.body.clone()).await;
        assert_eq!(r.status, 200);
        let line = next_log();
        assert!(serde_json::from_str::<Value>(&line).is_ok());
        for secret in ["SECRET-TOKEN-4711", "Maria", "1990-01-01"] {
            assert!(!line.contains(secret), "{line}");
        }
    } else {
        assert_eq!(post_raw(addr, "/", &[], b"{}".to_vec()).await.status, 404);
    }
    let r = get(addr, "/webhook?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x").await;
    assert_eq!(r.status, 403, "no VERIFY_TOKEN set");
    let log: Value = serde_json::from_str(&next_log()).unwrap();
    assert_eq!((log["route"].as_str(), log["method"].as_str()), (Some("/webhook"), Some("GET")));
    child.kill().unwrap();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn issue_token_cli() {
    let bin = env!("CARGO_BIN_EXE_issue-token");
    let out = Command::new(bin).env("FLOW_TOKEN_SECRET", "cli secret").args(["--hours", "2"]).output().unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap();
    let token = token.trim();
    assert!(token.starts_with("ft1."));
    assert!(flow_endpoint::token::verify(b"cli secret", token));
    let exp: u64 = token.split('.').nth(2).unwrap().parse().unwrap();
    assert!(exp <= flow_endpoint::token::now() + 2 * 3600 && exp > flow_endpoint::token::now() + 3600);
    let out = Command::new(bin).env_remove("FLOW_TOKEN_SECRET").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FLOW_TOKEN_SECRET"));
    let out = Command::new(bin).env("FLOW_TOKEN_SECRET", "x").args(["--hours", "zero"]).output().unwrap();
    assert!(!out.status.success());
}
