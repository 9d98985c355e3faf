//! Test harness: a real server on an ephemeral port, a real RSA key generated here, a client
//! that plays WhatsApp's role (encrypt, sign, decrypt with the flipped IV), and an independent
//! checker of every answer against contract.json.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;
use openssl::symm::{decrypt_aead, encrypt_aead, Cipher};
use serde_json::{json, Map, Value};

use flow_endpoint::contract::{Config, Contract};
use flow_endpoint::crypto::PrivateKey;
use flow_endpoint::server::{Settings, State};

pub const APP_SECRET: &str = "test_app_secret";

pub fn read_json(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    serde_json::from_slice(&std::fs::read(&path).expect("project file")).expect("valid JSON")
}

pub fn config_json() -> Value {
    read_json("config.json")
}

pub fn contract_json() -> Value {
    read_json("contract.json")
}

pub fn config() -> Config {
    Config::from_value(&config_json()).unwrap()
}

pub fn text(key: &str) -> String {
    let c = config_json();
    let raw = c["text"][key].as_str().unwrap_or_else(|| panic!("text.{key} missing")).to_owned();
    raw.replace("{brand}", c["params"]["brand"].as_str().unwrap_or(""))
}

/// A 2048-bit test key made once per test binary: (private PKCS#8 PEM, public PEM).
pub fn test_key() -> &'static (Vec<u8>, Vec<u8>) {
    static KEY: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    KEY.get_or_init(|| {
        let rsa = Rsa::generate(2048).unwrap();
        let pkey = PKey::from_rsa(rsa).unwrap();
        (pkey.private_key_to_pem_pkcs8().unwrap(), pkey.public_key_to_pem().unwrap())
    })
}

pub fn settings() -> Settings {
    Settings { app_secret: Some(APP_SECRET.as_bytes().to_vec()), log: false, ..Settings::default() }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub state: Arc<State>,
}

/// Starts the real server (router, body limits, pipeline) on 127.0.0.1:0.
pub async fn start(settings: Settings) -> TestServer {
    let key = PrivateKey::from_pem(&test_key().0, None).unwrap();
    let config = config();
    let contract = Contract::from_value(&contract_json()).unwrap();
    let mut settings = settings;
    if let Ok(url) = std::env::var("REDIS_URL") {
        // REDIS_URL given to the tests: the server uses Redis too, in a fresh key space
        let mut nonce = [0u8; 6];
        openssl::rand::rand_bytes(&mut nonce).unwrap();
        settings.redis_url = Some(url);
        settings.key_prefix = Some(format!("test-{}", nonce.iter().map(|b| format!("{b:02x}")).collect::<String>()));
    }
    let state = Arc::new(State::open(settings, Some(key), config, contract).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let st = state.clone();
    tokio::spawn(async move {
        flow_endpoint::server::serve(listener, st).await.unwrap();
    });
    TestServer { addr, state }
}

/// One encrypted request as WhatsApp builds it.
pub struct Sealed {
    pub body: Vec<u8>,
    pub aes_key: [u8; 16],
    pub iv: [u8; 16],
}

pub fn seal_bytes(public_pem: &[u8], plaintext: &[u8]) -> Sealed {
    let mut aes_key = [0u8; 16];
    let mut iv = [0u8; 16];
    openssl::rand::rand_bytes(&mut aes_key).unwrap();
    openssl::rand::rand_bytes(&mut iv).unwrap();
    let public = PKey::public_key_from_pem(public_pem).unwrap();
    let mut ctx = openssl::pkey_ctx::PkeyCtx::new(&public).unwrap();
    ctx.encrypt_init().unwrap();
    ctx.set_rsa_padding(openssl::rsa::Padding::PKCS1_OAEP).unwrap();
    ctx.set_rsa_oaep_md(openssl::md::Md::sha256()).unwrap();
    ctx.set_rsa_mgf1_md(openssl::md::Md::sha256()).unwrap();
    let mut wrapped = Vec::new();
    ctx.encrypt_to_vec(&aes_key, &mut wrapped).unwrap();
    let mut tag = [0u8; 16];
    let mut ct = encrypt_aead(Cipher::aes_128_gcm(), &aes_key, Some(&iv), &[], plaintext, &mut tag).unwrap();
    ct.extend_from_slice(&tag);
    let body = json!({
        "encrypted_flow_data": STANDARD.encode(&ct),
        "encrypted_aes_key": STANDARD.encode(&wrapped),
        "initial_vector": STANDARD.encode(iv),
    })
    .to_string()
    .into_bytes();
    Sealed { body, aes_key, iv }
}

pub fn seal(payload: &Value) -> Sealed {
    seal_bytes(&test_key().1, payload.to_string().as_bytes())
}

pub fn sign(body: &[u8]) -> String {
    let key = PKey::hmac(APP_SECRET.as_bytes()).unwrap();
    let mut s = openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), &key).unwrap();
    s.update(body).unwrap();
    let mac = s.sign_to_vec().unwrap();
    format!("sha256={}", mac.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Decrypts a response body with the flipped IV.
pub fn open(sealed: &Sealed, body: &[u8]) -> Value {
    let text = std::str::from_utf8(body).expect("ASCII body");
    assert!(!text.contains('\n') && !text.contains('"'), "bare Base64 expected: {text}");
    let raw = STANDARD.decode(text).expect("standard Base64");
    let (ct, tag) = raw.split_at(raw.len() - 16);
    let flipped: Vec<u8> = sealed.iv.iter().map(|b| b ^ 0xFF).collect();
    assert!(
        decrypt_aead(Cipher::aes_128_gcm(), &sealed.aes_key, Some(&sealed.iv), &[], ct, tag).is_err(),
        "response must not decrypt under the request IV"
    );
    let plain = decrypt_aead(Cipher::aes_128_gcm(), &sealed.aes_key, Some(&flipped), &[], ct, tag)
        .expect("response decrypts under the flipped IV");
    serde_json::from_slice(&plain).expect("response is JSON")
}

pub async fn post_raw(addr: SocketAddr, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> flow_endpoint::http::Response {
    let url = format!("http://{addr}{path}");
    flow_endpoint::http::request("POST", &url, headers, body, Duration::from_secs(20)).await.expect("HTTP round trip")
}

pub async fn get(addr: SocketAddr, path_and_query: &str) -> flow_endpoint::http::Response {
    let url = format!("http://{addr}{path_and_query}");
    flow_endpoint::http::request("GET", &url, &[], Vec::new(), Duration::from_secs(20)).await.expect("HTTP round trip")
}

/// Posts a signed, encrypted payload; returns status and the decrypted answer (if any body).
pub async fn exchange(addr: SocketAddr, payload: &Value) -> (u16, Option<Value>) {
    let sealed = seal(payload);
    let sig = sign(&sealed.body);
    let r = post_raw(addr, "/", &[("x-hub-signature-256", &sig), ("content-type", "application/json")], sealed.body.clone()).await;
    if r.status == 200 {
        assert_eq!(r.header("content-type"), Some("text/plain"));
    }
    let v = if r.body.is_empty() { None } else { Some(open(&sealed, &r.body)) };
    (r.status, v)
}

pub async fn ping(addr: SocketAddr) {
    let (status, v) = exchange(addr, &json!({"version": "3.0", "action": "ping"})).await;
    assert_eq!(status, 200);
    assert_eq!(v.unwrap(), json!({"data": {"status": "active"}}));
}

pub fn request(action: &str, screen: &str, data: Value, token: &str) -> Value {
    json!({"version": "3.0", "action": action, "screen": screen, "data": data, "flow_token": token})
}

// ---------------------------------------------------------------- contract checks

fn screen<'a>(contract: &'a Value, id: &str) -> Option<&'a Value> {
    contract["screens"].as_array()?.iter().find(|s| s["id"] == id)
}

fn check_type(schema: &Value, v: &Value, path: &str) -> Result<(), String> {
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("string");
    let ok = match ty {
        "string" => v.is_string(),
        "number" | "integer" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    };
    if !ok {
        return Err(format!("{path}: expected {ty}, got {v}"));
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check_type(items, item, &format!("{path}[{i}]"))?;
        }
    }
    if let (Some(props), Some(obj)) = (schema.get("properties").and_then(Value::as_object), v.as_object()) {
        for (k, s) in props {
            match obj.get(k) {
                Some(x) => check_type(s, x, &format!("{path}.{k}"))?,
                None => return Err(format!("{path}: missing property {k}")),
            }
        }
    }
    Ok(())
}

/// Checks a reply from `from` (None for INIT/BACK): allowed screen, exact keys, types.
pub fn check_reply(from: Option<&str>, reply: &Value) -> Result<(), String> {
    let contract = contract_json();
    let target = reply["screen"].as_str().ok_or(format!("no screen in {reply}"))?;
    let target_screen = screen(&contract, target).ok_or(format!("unknown screen {target}"))?;
    if let Some(from) = from {
        let cur = screen(&contract, from).ok_or(format!("unknown current screen {from}"))?;
        let allowed = from == target || cur["next"].as_array().unwrap().iter().any(|n| n == target);
        if !allowed {
            return Err(format!("{from} → {target} is not in the routing model"));
        }
    }
    let data = reply["data"].as_object().ok_or(format!("data is not an object in {reply}"))?;
    let declared = target_screen["data"].as_object().cloned().unwrap_or_default();
    for (k, schema) in &declared {
        match data.get(k) {
            Some(v) => check_type(schema, v, &format!("{target}.{k}"))?,
            None => return Err(format!("{target}: missing key {k}")),
        }
    }
    for (k, v) in data {
        if k == "error_message" {
            if !v.is_string() {
                return Err("error_message must be a string".into());
            }
        } else if !declared.contains_key(k) {
            return Err(format!("{target}: undeclared key {k}"));
        }
    }
    Ok(())
}

/// Sends a request, expects 200 and a reply valid against the contract; returns it.
pub async fn step(addr: SocketAddr, action: &str, screen: &str, data: Value, token: &str) -> Value {
    let (status, v) = exchange(addr, &request(action, screen, data.clone(), token)).await;
    assert_eq!(status, 200, "{action} on {screen} with {data}");
    let v = v.expect("a body");
    let from = if action == "data_exchange" { Some(screen) } else { None };
    if let Err(e) = check_reply(from, &v) {
        panic!("contract violation for {action} on {screen} with {data}: {e}\nreply: {v}");
    }
    v
}

pub fn error_message(v: &Value) -> Option<&str> {
    v["data"]["error_message"].as_str()
}

pub fn ids(list: &Value) -> Vec<String> {
    list.as_array().map(|a| a.iter().filter_map(|x| x["id"].as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

pub fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

/// First 8 hex digits (upper case) of SHA-256(token), computed independently of the stub.
pub fn stable_id(prefix: &str, token: &str) -> String {
    let d = openssl::sha::sha256(token.as_bytes());
    format!("{prefix}-{:02X}{:02X}{:02X}{:02X}", d[0], d[1], d[2], d[3])
}

/// POSTs a body larger than the server accepts: the body is written from another task while the
/// answer is read, since the server answers 413 without reading it (and may close the socket).
/// Returns the status code of the answer.
pub async fn post_oversized(addr: SocketAddr, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut rd, mut wr) = stream.into_split();
    let mut head = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let writer = tokio::spawn(async move {
        let _ = wr.write_all(head.as_bytes()).await;
        let _ = wr.write_all(&body).await;
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match tokio::time::timeout(Duration::from_secs(20), rd.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => answer.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    writer.abort();
    let line = String::from_utf8_lossy(&answer);
    line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}
