//! Flow tokens made by this stub's issuer: `ft1.<nonce>.<exp>.<sig>`; nonce = base64url (no
//! padding) of 16 random bytes, exp = Unix seconds, sig = base64url(HMAC-SHA256(secret,
//! "ft1.<nonce>.<exp>")). The same format in the Node, Python and Rust stubs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::signature::{ct_eq, hmac_sha256};

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A token valid until `exp` (Unix seconds).
pub fn issue_until(secret: &[u8], exp: u64) -> String {
    let mut nonce = [0u8; 16];
    openssl::rand::rand_bytes(&mut nonce).expect("the system random generator works");
    let body = format!("ft1.{}.{}", URL_SAFE_NO_PAD.encode(nonce), exp);
    let sig = URL_SAFE_NO_PAD.encode(hmac_sha256(secret, body.as_bytes()));
    format!("{body}.{sig}")
}

/// A token valid for `hours` from now.
pub fn issue(secret: &[u8], hours: u64) -> String {
    issue_until(secret, now() + hours * 3600)
}

/// True iff the token is ours (signature matches, constant time) and not expired at `now`.
pub fn verify_at(secret: &[u8], token: &str, now: u64) -> bool {
    let Some(dot) = token.rfind('.') else { return false };
    let (body, sig) = (&token[..dot], &token[dot + 1..]);
    let mut parts = body.split('.');
    let (Some("ft1"), Some(nonce), Some(exp), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if nonce.is_empty() || exp.is_empty() || !exp.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(given) = URL_SAFE_NO_PAD.decode(sig) else { return false };
    if !ct_eq(&given, &hmac_sha256(secret, body.as_bytes())) {
        return false;
    }
    matches!(exp.parse::<u64>(), Ok(e) if e > now)
}

/// True iff the token is ours and not expired now.
pub fn verify(secret: &[u8], token: &str) -> bool {
    verify_at(secret, token, now())
}
