//! Payload encryption of the data endpoint: RSA-OAEP (SHA-256, MGF1 SHA-256) unwraps the
//! 16-byte AES key, AES-128-GCM (16-byte IV, 16-byte tag appended, no AAD) carries the JSON;
//! the response uses the same key and the bit-flipped IV.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use openssl::pkey::{PKey, Private};
use openssl::pkey_ctx::PkeyCtx;
use openssl::rsa::Padding;
use openssl::symm::{decrypt_aead, encrypt_aead, Cipher};

/// The business private key, parsed once at startup.
pub struct PrivateKey {
    key: PKey<Private>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({} bits)", self.key.bits())
    }
}

impl PrivateKey {
    /// Loads an RSA key from PEM: PKCS#1 (plain or legacy `Proc-Type: 4,ENCRYPTED`) or
    /// PKCS#8 (plain or encrypted). Never prompts for a passphrase on a terminal.
    pub fn from_pem(pem: &[u8], passphrase: Option<&str>) -> Result<Self, String> {
        let text = String::from_utf8_lossy(pem);
        if !text.contains("-----BEGIN") {
            return Err("the value is not PEM text (no -----BEGIN line)".into());
        }
        let encrypted = text.contains("ENCRYPTED");
        if encrypted && passphrase.map_or(true, str::is_empty) {
            return Err("the key is encrypted: set PASSPHRASE".into());
        }
        let pass = passphrase.unwrap_or("");
        let key = PKey::private_key_from_pem_passphrase(pem, pass.as_bytes()).map_err(|_| {
            if encrypted {
                "the key could not be decrypted: check PASSPHRASE".to_string()
            } else {
                "the key could not be parsed as an RSA private key".to_string()
            }
        })?;
        if key.rsa().is_err() {
            return Err("the key is not an RSA key".into());
        }
        Ok(PrivateKey { key })
    }

    /// The public key as PEM SubjectPublicKeyInfo (what is uploaded to Meta).
    pub fn public_pem(&self) -> Vec<u8> {
        self.key.public_key_to_pem().unwrap_or_default()
    }

    /// RSA-OAEP-SHA256 decryption of the wrapped AES key.
    pub fn unwrap_key(&self, wrapped: &[u8]) -> Option<[u8; 16]> {
        let mut ctx = PkeyCtx::new(&self.key).ok()?;
        ctx.decrypt_init().ok()?;
        ctx.set_rsa_padding(Padding::PKCS1_OAEP).ok()?;
        ctx.set_rsa_oaep_md(openssl::md::Md::sha256()).ok()?;
        ctx.set_rsa_mgf1_md(openssl::md::Md::sha256()).ok()?;
        let mut out = [0u8; 512];
        let n = ctx.decrypt(wrapped, Some(&mut out)).ok()?;
        if n != 16 {
            return None;
        }
        let mut key = [0u8; 16];
        key.copy_from_slice(&out[..16]);
        Some(key)
    }
}

/// A decrypted request: its plaintext and what the response needs.
pub struct Decrypted {
    pub plaintext: Vec<u8>,
    pub aes_key: [u8; 16],
    pub iv: [u8; 16],
}

fn b64_field<'a>(obj: &'a serde_json::Map<String, serde_json::Value>, name: &str) -> Option<&'a str> {
    obj.get(name)?.as_str()
}

/// Decrypts the outer request object. `None` on any failure (→ 421).
pub fn decrypt_request(key: &PrivateKey, body: &serde_json::Value) -> Option<Decrypted> {
    let obj = body.as_object()?;
    let data = STANDARD.decode(b64_field(obj, "encrypted_flow_data")?).ok()?;
    let wrapped = STANDARD.decode(b64_field(obj, "encrypted_aes_key")?).ok()?;
    let iv_bytes = STANDARD.decode(b64_field(obj, "initial_vector")?).ok()?;
    if iv_bytes.len() != 16 || data.len() < 16 {
        return None;
    }
    let mut iv = [0u8; 16];
    iv.copy_from_slice(&iv_bytes);
    let aes_key = key.unwrap_key(&wrapped)?;
    let plaintext = gcm_decrypt(&aes_key, &iv, &data)?;
    Some(Decrypted { plaintext, aes_key, iv })
}

/// AES-128-GCM decryption of `ciphertext ‖ tag`.
pub fn gcm_decrypt(key: &[u8; 16], iv: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    if data.len() < 16 {
        return None;
    }
    let (ct, tag) = data.split_at(data.len() - 16);
    decrypt_aead(Cipher::aes_128_gcm(), key, Some(iv), &[], ct, tag).ok()
}

/// AES-128-GCM encryption; returns `ciphertext ‖ tag`.
pub fn gcm_encrypt(key: &[u8; 16], iv: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut tag = [0u8; 16];
    let mut out = encrypt_aead(Cipher::aes_128_gcm(), key, Some(iv), &[], plaintext, &mut tag)
        .expect("AES-128-GCM encryption with a 16-byte key cannot fail");
    out.extend_from_slice(&tag);
    out
}

/// Every bit of the IV inverted.
pub fn flip_iv(iv: &[u8; 16]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (o, b) in out.iter_mut().zip(iv) {
        *o = b ^ 0xFF;
    }
    out
}

/// The response body: Base64(AES-GCM(key, flipped IV, plaintext) ‖ tag).
pub fn encrypt_response(aes_key: &[u8; 16], request_iv: &[u8; 16], plaintext: &[u8]) -> String {
    STANDARD.encode(gcm_encrypt(aes_key, &flip_iv(request_iv), plaintext))
}

/// Client side (tests, tools): RSA-OAEP-SHA256 wrapping of an AES key with a public key.
pub fn wrap_key(public_pem: &[u8], aes_key: &[u8]) -> Result<Vec<u8>, String> {
    let public = PKey::public_key_from_pem(public_pem).map_err(|e| e.to_string())?;
    let mut ctx = PkeyCtx::new(&public).map_err(|e| e.to_string())?;
    ctx.encrypt_init().map_err(|e| e.to_string())?;
    ctx.set_rsa_padding(Padding::PKCS1_OAEP).map_err(|e| e.to_string())?;
    ctx.set_rsa_oaep_md(openssl::md::Md::sha256()).map_err(|e| e.to_string())?;
    ctx.set_rsa_mgf1_md(openssl::md::Md::sha256()).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    ctx.encrypt_to_vec(aes_key, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
