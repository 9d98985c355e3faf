//! The endpoint's RSA-2048 key pair: the private key as encrypted PKCS#8 PEM (AES-256-CBC under a
//! passphrase), the public key as SubjectPublicKeyInfo PEM, the form Meta's encryption API takes.
//! Uses the `openssl` crate: an audited implementation (the pure-Rust `rsa` crate has an open
//! timing advisory), the same one the Rust stub links.

use openssl::pkey::PKey;
use openssl::rsa::Rsa;
use openssl::symm::Cipher;

/// A freshly generated pair, both as PEM text.
pub struct KeyPair {
    pub private_pem: String,
    pub public_pem: String,
}

/// Generates an RSA-2048 pair; the private key is encrypted with `passphrase`.
pub fn generate(passphrase: &[u8]) -> Result<KeyPair, String> {
    let rsa = Rsa::generate(2048).map_err(|e| format!("RSA key generation failed: {e}"))?;
    let key = PKey::from_rsa(rsa).map_err(|e| e.to_string())?;
    let private = key
        .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), passphrase)
        .map_err(|e| format!("encrypting the private key failed: {e}"))?;
    let public = key.public_key_to_pem().map_err(|e| e.to_string())?;
    Ok(KeyPair {
        private_pem: String::from_utf8_lossy(&private).into_owned(),
        public_pem: String::from_utf8_lossy(&public).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_key_opens_only_with_its_passphrase() {
        let pair = generate(b"correct horse").unwrap();
        assert!(pair
            .private_pem
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assert!(pair.public_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
        let key =
            PKey::private_key_from_pem_passphrase(pair.private_pem.as_bytes(), b"correct horse")
                .unwrap();
        assert_eq!(key.bits(), 2048);
        assert!(
            PKey::private_key_from_pem_passphrase(pair.private_pem.as_bytes(), b"wrong").is_err()
        );
        let public = PKey::public_key_from_pem(pair.public_pem.as_bytes()).unwrap();
        assert!(key.public_eq(&public));
    }
}
