//! The data channel between WhatsApp and a Flow endpoint, seen from WhatsApp's side: encrypt a
//! request (a fresh AES-128 key wrapped with RSA-OAEP SHA-256, AES-GCM with a 16-byte IV), decrypt
//! the answer (same key, bit-flipped IV), and sign bodies and flow tokens as Meta does. The
//! reference the generated stubs are tested against, and what the endpoint benchmark replays.

use openssl::base64;
use openssl::encrypt::Encrypter;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Public};
use openssl::rsa::Padding;
use openssl::sign::Signer;
use openssl::symm::{decrypt_aead, encrypt_aead, Cipher};

/// What a protocol step failed on, in words a test failure can show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProtocolError {}

type Result<T> = std::result::Result<T, ProtocolError>;

fn fail(what: &str) -> impl Fn(openssl::error::ErrorStack) -> ProtocolError + '_ {
    move |e| ProtocolError(format!("{what}: {e}"))
}

/// The AES key and IV of one request: what decrypts its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub aes_key: [u8; 16],
    pub iv: [u8; 16],
}

impl Session {
    /// A fresh random key and IV.
    pub fn random() -> Result<Session> {
        let mut s = Session {
            aes_key: [0; 16],
            iv: [0; 16],
        };
        openssl::rand::rand_bytes(&mut s.aes_key).map_err(fail("random key"))?;
        openssl::rand::rand_bytes(&mut s.iv).map_err(fail("random IV"))?;
        Ok(s)
    }

    /// The IV of the answer: every bit of the request IV flipped.
    pub fn flipped_iv(&self) -> [u8; 16] {
        self.iv.map(|b| b ^ 0xff)
    }
}

/// An endpoint's public key, from SubjectPublicKeyInfo PEM.
pub fn public_key(pem: &[u8]) -> Result<PKey<Public>> {
    PKey::public_key_from_pem(pem).map_err(fail("public key"))
}

/// AES-128-GCM with a 16-byte IV, no AAD: ciphertext followed by the 16-byte tag.
pub fn seal(key: &[u8; 16], iv: &[u8; 16], plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut tag = [0u8; 16];
    let mut out = encrypt_aead(
        Cipher::aes_128_gcm(),
        key,
        Some(iv),
        &[],
        plaintext,
        &mut tag,
    )
    .map_err(fail("AES-GCM encrypt"))?;
    out.extend_from_slice(&tag);
    Ok(out)
}

/// Opens ciphertext‖tag sealed with [`seal`].
pub fn open(key: &[u8; 16], iv: &[u8; 16], sealed: &[u8]) -> Result<Vec<u8>> {
    if sealed.len() < 16 {
        return Err(ProtocolError("shorter than a GCM tag".into()));
    }
    let (data, tag) = sealed.split_at(sealed.len() - 16);
    decrypt_aead(Cipher::aes_128_gcm(), key, Some(iv), &[], data, tag)
        .map_err(fail("AES-GCM decrypt (wrong key, IV or tampered data)"))
}

/// RSA-OAEP (SHA-256, MGF1 SHA-256) of the AES key.
pub fn wrap_key(public: &PKey<Public>, aes_key: &[u8; 16]) -> Result<Vec<u8>> {
    let mut enc = Encrypter::new(public).map_err(fail("RSA"))?;
    enc.set_rsa_padding(Padding::PKCS1_OAEP)
        .map_err(fail("RSA"))?;
    enc.set_rsa_oaep_md(MessageDigest::sha256())
        .map_err(fail("RSA"))?;
    enc.set_rsa_mgf1_md(MessageDigest::sha256())
        .map_err(fail("RSA"))?;
    let mut out = vec![0; enc.encrypt_len(aes_key).map_err(fail("RSA"))?];
    let n = enc.encrypt(aes_key, &mut out).map_err(fail("RSA-OAEP"))?;
    out.truncate(n);
    Ok(out)
}

/// The HTTP body of an encrypted request carrying `plaintext` (a JSON payload).
pub fn request_body(public: &PKey<Public>, session: &Session, plaintext: &[u8]) -> Result<String> {
    let body = serde_json::json!({
        "encrypted_flow_data": base64::encode_block(&seal(&session.aes_key, &session.iv, plaintext)?),
        "encrypted_aes_key": base64::encode_block(&wrap_key(public, &session.aes_key)?),
        "initial_vector": base64::encode_block(&session.iv),
    });
    Ok(body.to_string())
}

/// Decrypts an endpoint's answer (Base64 text) with the flipped IV.
pub fn open_response(session: &Session, body: &str) -> Result<Vec<u8>> {
    let sealed = base64::decode_block(body.trim())
        .map_err(|_| ProtocolError(format!("answer is not Base64: {:.80}", body)))?;
    open(&session.aes_key, &session.flipped_iv(), &sealed)
}

/// The answer an endpoint sends: `plaintext` sealed with the flipped IV, Base64.
pub fn response_body(session: &Session, plaintext: &[u8]) -> Result<String> {
    Ok(base64::encode_block(&seal(
        &session.aes_key,
        &session.flipped_iv(),
        plaintext,
    )?))
}

fn hmac_sha256(secret: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    let key = PKey::hmac(secret).map_err(fail("HMAC"))?;
    let mut signer = Signer::new(MessageDigest::sha256(), &key).map_err(fail("HMAC"))?;
    signer.update(data).map_err(fail("HMAC"))?;
    signer.sign_to_vec().map_err(fail("HMAC"))
}

/// The `X-Hub-Signature-256` header value Meta sends with `body`.
pub fn hub_signature(app_secret: &[u8], body: &[u8]) -> Result<String> {
    let mac = hmac_sha256(app_secret, body)?;
    Ok(format!(
        "sha256={}",
        mac.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

fn base64url(bytes: &[u8]) -> String {
    base64::encode_block(bytes)
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

/// The Data API 4.0 `flow_token_signature`: an HS256 JWT with the app secret over
/// `{"flow_token": token}`.
pub fn flow_token_signature(app_secret: &[u8], flow_token: &str) -> Result<String> {
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = base64url(
        serde_json::json!({ "flow_token": flow_token })
            .to_string()
            .as_bytes(),
    );
    let unsigned = format!("{header}.{claims}");
    let sig = base64url(&hmac_sha256(app_secret, unsigned.as_bytes())?);
    Ok(format!("{unsigned}.{sig}"))
}

/// A flow token in the stubs' issuer format, `ft1.<nonce>.<exp>.<sig>` (docs/endpoint-contract.md):
/// nonce = base64url of 16 random bytes, exp = Unix seconds, sig = base64url(HMAC-SHA256(secret,
/// "ft1.<nonce>.<exp>")). A stub started with the same `FLOW_TOKEN_SECRET` accepts it until `exp`.
pub fn flow_token(secret: &[u8], exp: u64) -> Result<String> {
    let mut nonce = [0u8; 16];
    openssl::rand::rand_bytes(&mut nonce).map_err(fail("random nonce"))?;
    flow_token_with_nonce(secret, &nonce, exp)
}

/// [`flow_token`] with a given nonce (deterministic, for tests).
pub fn flow_token_with_nonce(secret: &[u8], nonce: &[u8; 16], exp: u64) -> Result<String> {
    let body = format!("ft1.{}.{exp}", base64url(nonce));
    let sig = base64url(&hmac_sha256(secret, body.as_bytes())?);
    Ok(format!("{body}.{sig}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared vectors file every stub's own tests read too.
    fn vectors() -> serde_json::Value {
        serde_json::from_str(include_str!(
            "../../../templates/_shared/endpoint/vectors.json"
        ))
        .unwrap()
    }

    fn hex(s: &str) -> [u8; 16] {
        let mut out = [0u8; 16];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn flow_token_matches_the_stubs_issuer() {
        let nonce: [u8; 16] = std::array::from_fn(|i| i as u8);
        assert_eq!(
            flow_token_with_nonce(b"s3cret", &nonce, 2_000_000_000).unwrap(),
            "ft1.AAECAwQFBgcICQoLDA0ODw.2000000000.-KfsMruyeE71cOMP7eLBs8h8O5w5Z742oh2ogzTQstQ"
        );
        assert_ne!(flow_token(b"s", 1).unwrap(), flow_token(b"s", 1).unwrap());
    }

    #[test]
    fn shared_crypto_vectors() {
        let v = vectors();
        let aes = &v["aes"];
        let s = Session {
            aes_key: hex(aes["key_hex"].as_str().unwrap()),
            iv: hex(aes["iv_hex"].as_str().unwrap()),
        };
        assert_eq!(base64::encode_block(&s.aes_key), aes["key_b64"]);
        assert_eq!(base64::encode_block(&s.iv), aes["iv_b64"]);
        assert_eq!(s.flipped_iv(), hex(aes["flipped_iv_hex"].as_str().unwrap()));
        for r in aes["requests"].as_array().unwrap() {
            let plain = r["plaintext"].as_str().unwrap().as_bytes();
            let sealed = seal(&s.aes_key, &s.iv, plain).unwrap();
            assert_eq!(base64::encode_block(&sealed), r["sealed_b64"]);
            assert_eq!(open(&s.aes_key, &s.iv, &sealed).unwrap(), plain);
        }
        for r in aes["responses"].as_array().unwrap() {
            let plain = r["plaintext"].as_str().unwrap().as_bytes();
            assert_eq!(response_body(&s, plain).unwrap(), r["sealed_b64"]);
        }
        let wrong = aes["unflipped_response"]["sealed_b64"].as_str().unwrap();
        assert!(open_response(&s, wrong).is_err());
        let sig = &v["hub_signature"];
        assert_eq!(
            hub_signature(
                sig["secret"].as_str().unwrap().as_bytes(),
                sig["body"].as_str().unwrap().as_bytes()
            )
            .unwrap(),
            sig["header"]
        );
        let jwt = &v["flow_token_signature"];
        assert_eq!(
            flow_token_signature(
                jwt["secret"].as_str().unwrap().as_bytes(),
                jwt["flow_token"].as_str().unwrap()
            )
            .unwrap(),
            jwt["jwt"]
        );
    }

    #[test]
    fn shared_formatting_vectors() {
        use crate::render::{emi, group_number, money};
        let v = vectors();
        let f = |x: &serde_json::Value| x.as_f64().unwrap();
        let s = |x: &serde_json::Value| x.as_str().unwrap().to_owned();
        for g in v["group"].as_array().unwrap() {
            let out = group_number(
                f(&g["n"]),
                g["decimals"].as_u64().unwrap() as usize,
                &s(&g["thousands"]),
                &s(&g["decimal"]),
                g["indian"].as_bool().unwrap(),
            );
            assert_eq!(out, s(&g["out"]), "{g}");
        }
        for m in v["money"].as_array().unwrap() {
            let out = money(f(&m["n"]), &s(&m["currency"]), &s(&m["locale"]), None);
            assert_eq!(out, s(&m["out"]), "{m}");
        }
        for e in v["emi"].as_array().unwrap() {
            let out = emi(f(&e["principal"]), f(&e["annual_rate"]), f(&e["months"]));
            assert_eq!(out, f(&e["out"]), "{e}");
        }
        for id in v["stable_id"].as_array().unwrap() {
            let d = openssl::sha::sha256(s(&id["token"]).as_bytes());
            let hex: String = d.iter().take(4).map(|b| format!("{b:02X}")).collect();
            assert_eq!(format!("{}-{hex}", s(&id["prefix"])), s(&id["out"]));
        }
    }

    #[test]
    fn request_round_trip_with_a_real_key() {
        let rsa = openssl::rsa::Rsa::generate(2048).unwrap();
        let private = PKey::from_rsa(rsa).unwrap();
        let public = public_key(&private.public_key_to_pem().unwrap()).unwrap();
        let s = Session::random().unwrap();
        let body: serde_json::Value =
            serde_json::from_str(&request_body(&public, &s, b"{}").unwrap()).unwrap();
        let wrapped = base64::decode_block(body["encrypted_aes_key"].as_str().unwrap()).unwrap();
        assert_eq!(wrapped.len(), 256);
        let mut dec = openssl::encrypt::Decrypter::new(&private).unwrap();
        dec.set_rsa_padding(Padding::PKCS1_OAEP).unwrap();
        dec.set_rsa_oaep_md(MessageDigest::sha256()).unwrap();
        dec.set_rsa_mgf1_md(MessageDigest::sha256()).unwrap();
        let mut key = vec![0; dec.decrypt_len(&wrapped).unwrap()];
        let n = dec.decrypt(&wrapped, &mut key).unwrap();
        assert_eq!(&key[..n], &s.aes_key);
    }
}
