//! `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret) and the Data API 4.0
//! `flow_token_signature` (an HS256 JWT signed with the same secret). Constant-time, never panics.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;

/// HMAC-SHA256(secret, data).
pub fn hmac_sha256(secret: &[u8], data: &[u8]) -> [u8; 32] {
    let key = PKey::hmac(secret).expect("an HMAC key accepts any bytes");
    let mut signer = Signer::new(MessageDigest::sha256(), &key).expect("HMAC-SHA256 is available");
    signer.update(data).expect("HMAC update");
    let mut out = [0u8; 32];
    let v = signer.sign_to_vec().expect("HMAC final");
    out.copy_from_slice(&v);
    out
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn unhex32(text: &str) -> Option<[u8; 32]> {
    let t = text.as_bytes();
    if t.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in t.chunks(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Some(out)
}

/// Constant-time equality of two byte strings (length is not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && openssl::memcmp::eq(a, b)
}

/// The header value for a body: `sha256=<hex>`.
pub fn header_for(secret: &[u8], body: &[u8]) -> String {
    format!("sha256={}", hex(&hmac_sha256(secret, body)))
}

/// Result of checking an `X-Hub-Signature-256` header.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Check {
    Valid,
    Missing,
    Invalid,
}

/// Checks `sha256=<64 hex>` against HMAC-SHA256(secret, body).
pub fn check_header(secret: &[u8], header: Option<&[u8]>, body: &[u8]) -> Check {
    let Some(raw) = header else { return Check::Missing };
    let Ok(text) = std::str::from_utf8(raw) else { return Check::Invalid };
    let Some(hexpart) = text.trim().strip_prefix("sha256=") else { return Check::Invalid };
    let Some(given) = unhex32(hexpart) else { return Check::Invalid };
    if ct_eq(&given, &hmac_sha256(secret, body)) {
        Check::Valid
    } else {
        Check::Invalid
    }
}

/// Verifies an HS256 JWT signed with `secret` whose payload claim `flow_token` equals `flow_token`.
pub fn verify_flow_token_jwt(secret: &[u8], jwt: &str, flow_token: &str) -> bool {
    let mut parts = jwt.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Ok(header) = URL_SAFE_NO_PAD.decode(h.trim_end_matches('=')) else { return false };
    let Ok(header) = serde_json::from_slice::<serde_json::Value>(&header) else { return false };
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return false;
    }
    let Ok(sig) = URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')) else { return false };
    let signing_input = &jwt[..h.len() + 1 + p.len()];
    if !ct_eq(&sig, &hmac_sha256(secret, signing_input.as_bytes())) {
        return false;
    }
    let Ok(payload) = URL_SAFE_NO_PAD.decode(p.trim_end_matches('=')) else { return false };
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(&payload) else { return false };
    match payload.get("flow_token").and_then(|t| t.as_str()) {
        Some(t) => ct_eq(t.as_bytes(), flow_token.as_bytes()),
        None => false,
    }
}

/// Makes an HS256 JWT carrying `{"flow_token": ...}` (tests and local tools).
pub fn make_flow_token_jwt(secret: &[u8], flow_token: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::json!({ "flow_token": flow_token }).to_string());
    let input = format!("{header}.{payload}");
    let sig = URL_SAFE_NO_PAD.encode(hmac_sha256(secret, input.as_bytes()));
    format!("{input}.{sig}")
}
