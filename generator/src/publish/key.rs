//! The business public key of a phone number: reading `public.pem` (refusing a private key), and
//! Meta's two answer shapes for `GET /{phone}/whatsapp_business_encryption`.

use std::path::Path;

use serde_json::Value;

/// Reads a PEM public key; a private key or anything else is refused with the fix.
pub fn read_public_key(file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if text.contains("PRIVATE KEY") {
        return Err(format!(
            "{} is a private key: pass public.pem (the private key stays with the endpoint and is never uploaded)",
            file.display()
        ));
    }
    if !text.contains("-----BEGIN PUBLIC KEY-----") {
        return Err(format!(
            "{} is not a PEM public key (-----BEGIN PUBLIC KEY-----); `flowgen keygen` writes one as public.pem",
            file.display()
        ));
    }
    Ok(text.trim().to_owned() + "\n")
}

/// The key and signature status of a `GET /{phone}/whatsapp_business_encryption` answer, which
/// comes as `{"data": [{...}]}` or as the flat object.
pub fn parse_key(answer: &Value) -> (Option<String>, Option<String>) {
    let item = match answer.get("data") {
        Some(Value::Array(items)) => items.first().cloned().unwrap_or(Value::Null),
        Some(obj @ Value::Object(_)) => obj.clone(),
        _ => answer.clone(),
    };
    let s = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    (
        s("business_public_key"),
        s("business_public_key_signature_status"),
    )
}

pub fn normalise_pem(pem: &str) -> String {
    pem.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_both_key_shapes() {
        let k = "-----BEGIN PUBLIC KEY-----\nAB\n-----END PUBLIC KEY-----\n";
        let list = json!({"data": [{"business_public_key": k, "business_public_key_signature_status": "VALID"}]});
        let flat =
            json!({"business_public_key": k, "business_public_key_signature_status": "MISMATCH"});
        assert_eq!(parse_key(&list), (Some(k.into()), Some("VALID".into())));
        assert_eq!(parse_key(&flat), (Some(k.into()), Some("MISMATCH".into())));
        assert_eq!(parse_key(&json!({"data": []})), (None, None));
    }

    #[test]
    fn refuses_a_private_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("private.pem");
        std::fs::write(&p, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n").unwrap();
        assert!(read_public_key(&p).unwrap_err().contains("private key"));
    }
}
