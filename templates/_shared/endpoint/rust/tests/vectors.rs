//! Spec §10.2 / §13.4 vectors, the token format and the shared formatting.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flow_endpoint::{crypto, format, signature, token};

const KEY: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const IV: [u8; 16] = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];

/// The known answers flowgen and all three stubs share (vectors.json beside Cargo.toml).
fn shared() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("vectors.json")).expect("vectors.json is JSON")
}

fn s(v: &serde_json::Value) -> &str {
    v.as_str().expect("a string")
}

#[test]
fn shared_crypto_and_signature_vectors() {
    let v = shared();
    let aes = &v["aes"];
    assert_eq!(signature::hex(&KEY), s(&aes["key_hex"]));
    assert_eq!(signature::hex(&IV), s(&aes["iv_hex"]));
    assert_eq!(STANDARD.encode(KEY), s(&aes["key_b64"]));
    assert_eq!(STANDARD.encode(IV), s(&aes["iv_b64"]));
    assert_eq!(signature::hex(&crypto::flip_iv(&IV)), s(&aes["flipped_iv_hex"]));
    for r in aes["requests"].as_array().unwrap() {
        let plain = s(&r["plaintext"]).as_bytes();
        let ct = crypto::gcm_encrypt(&KEY, &IV, plain);
        assert_eq!(STANDARD.encode(&ct), s(&r["sealed_b64"]));
        assert_eq!(ct.len(), plain.len() + 16);
        assert_eq!(crypto::gcm_decrypt(&KEY, &IV, &ct).unwrap(), plain);
    }
    for r in aes["responses"].as_array().unwrap() {
        assert_eq!(crypto::encrypt_response(&KEY, &IV, s(&r["plaintext"]).as_bytes()), s(&r["sealed_b64"]));
    }
    let wrong = &aes["unflipped_response"];
    assert_eq!(STANDARD.encode(crypto::gcm_encrypt(&KEY, &IV, s(&wrong["plaintext"]).as_bytes())), s(&wrong["sealed_b64"]));
    for key in ["hub_signature", "webhook_signature"] {
        let h = &v[key];
        assert_eq!(signature::header_for(s(&h["secret"]).as_bytes(), s(&h["body"]).as_bytes()), s(&h["header"]), "{key}");
    }
    let j = &v["flow_token_signature"];
    assert_eq!(signature::make_flow_token_jwt(s(&j["secret"]).as_bytes(), s(&j["flow_token"])), s(&j["jwt"]));
}

#[test]
fn shared_formatting_vectors() {
    let v = shared();
    let f = |x: &serde_json::Value| x.as_f64().unwrap();
    for pair in v["round2"].as_array().unwrap() {
        assert_eq!(format::round2(f(&pair[0])), f(&pair[1]), "{pair}");
    }
    for g in v["group"].as_array().unwrap() {
        let out = format::group(f(&g["n"]), g["decimals"].as_u64().unwrap() as usize, s(&g["thousands"]), s(&g["decimal"]), g["indian"].as_bool().unwrap());
        assert_eq!(out, s(&g["out"]), "{g}");
    }
    for m in v["money"].as_array().unwrap() {
        assert_eq!(format::money(f(&m["n"]), s(&m["currency"]), s(&m["locale"])), s(&m["out"]), "{m}");
    }
    for n in v["number"].as_array().unwrap() {
        assert_eq!(format::number(f(&n["n"]), n["decimals"].as_u64().unwrap() as usize, s(&n["locale"])), s(&n["out"]), "{n}");
    }
    for e in v["emi"].as_array().unwrap() {
        assert_eq!(format::emi(f(&e["principal"]), f(&e["annual_rate"]), f(&e["months"])), f(&e["out"]), "{e}");
    }
    for i in v["stable_id"].as_array().unwrap() {
        assert_eq!(format::stable_id(s(&i["prefix"]), s(&i["token"])), s(&i["out"]), "{i}");
    }
}

#[test]
fn tampered_gcm_fails() {
    let mut ct = crypto::gcm_encrypt(&KEY, &IV, b"{\"a\":1}");
    for i in [0, ct.len() - 1] {
        ct[i] ^= 1;
        assert!(crypto::gcm_decrypt(&KEY, &IV, &ct).is_none());
        ct[i] ^= 1;
    }
    let mut iv = IV;
    iv[3] ^= 1;
    assert!(crypto::gcm_decrypt(&KEY, &iv, &ct).is_none());
    assert!(crypto::gcm_decrypt(&KEY, &IV, &ct[..10]).is_none());
}

#[test]
fn request_signature_vector() {
    let body = br#"{"encrypted_flow_data":"AAAA","encrypted_aes_key":"BBBB","initial_vector":"CCCC"}"#;
    let expected = "sha256=1dabb2f7e12d10abc9c9e380f65c804c00ce628a09aaf7352023fb48d63bd933";
    assert_eq!(signature::header_for(b"test_app_secret", body), expected);
    use signature::Check;
    let check = |h: Option<&str>| signature::check_header(b"test_app_secret", h.map(str::as_bytes), body);
    assert_eq!(check(Some(expected)), Check::Valid);
    assert_eq!(check(Some(&expected.to_uppercase().replace("SHA256=", "sha256="))), Check::Valid);
    assert_eq!(check(None), Check::Missing);
    assert_eq!(check(Some("sha256=abc")), Check::Invalid);
    assert_eq!(check(Some("sha256=")), Check::Invalid);
    assert_eq!(check(Some(&expected.replace("sha256=", "sha1="))), Check::Invalid);
    assert_eq!(check(Some(&expected.replace('d', "z"))), Check::Invalid);
    assert_eq!(check(Some(&expected.replace("933", "934"))), Check::Invalid);
}

#[test]
fn webhook_signature_vector_over_raw_bytes() {
    let body = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Jos\u00e9"},"wa_id":"16505551234","user_id":"US.1349"}],"messages":[{"context":{"from":"15550783881","id":"wamid.FLOW"},"from":"16505551234","from_user_id":"US.1349","id":"wamid.DONE","timestamp":"1750000000","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"flow_token\":\"TEST_TOKEN\"}"}}}]}}]}]}"#;
    assert_eq!(body.len(), 624);
    assert_eq!(
        signature::header_for(b"test_app_secret", body.as_bytes()),
        "sha256=6aba740d37a1c4dc0aa4f57868047634a3d0c3cd100ceac65eec742e65415444"
    );
}

#[test]
fn flow_token_jwt_vector() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmbG93X3Rva2VuIjoiVEVTVF9UT0tFTiJ9.cPl-Si7LSF_4CbJx2x9YcfBCN-nvEGVq4dn8Apa5vG0";
    assert!(signature::verify_flow_token_jwt(b"test_app_secret", jwt, "TEST_TOKEN"));
    assert!(!signature::verify_flow_token_jwt(b"test_app_secret", jwt, "OTHER"));
    assert!(!signature::verify_flow_token_jwt(b"wrong_secret", jwt, "TEST_TOKEN"));
    assert!(!signature::verify_flow_token_jwt(b"test_app_secret", &jwt.replace(".cPl", ".cPm"), "TEST_TOKEN"));
    assert!(!signature::verify_flow_token_jwt(b"test_app_secret", "not.a.jwt", "TEST_TOKEN"));
    assert!(!signature::verify_flow_token_jwt(b"test_app_secret", "", "TEST_TOKEN"));
    assert_eq!(signature::make_flow_token_jwt(b"test_app_secret", "TEST_TOKEN"), jwt);
}

#[test]
fn issued_tokens() {
    let secret = b"token secret";
    let t = token::issue(secret, 72);
    let parts: Vec<&str> = t.split('.').collect();
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0], "ft1");
    assert_eq!(parts[1].len(), 22, "16 bytes, base64url without padding");
    let exp: u64 = parts[2].parse().unwrap();
    assert!(exp > token::now() + 71 * 3600 && exp <= token::now() + 72 * 3600);
    assert!(token::verify(secret, &t));
    assert!(!token::verify(b"other secret", &t));
    assert!(!token::verify_at(secret, &t, exp), "expired at exp");
    assert!(token::verify_at(secret, &t, exp - 1));
    // the signature covers the expiry
    let forged = format!("ft1.{}.{}.{}", parts[1], exp + 1000, parts[3]);
    assert!(!token::verify(secret, &forged));
    assert!(!token::verify(secret, "unused"));
    assert!(!token::verify(secret, ""));
    // known answer: HMAC-SHA256("token secret", "ft1.AAAAAAAAAAAAAAAAAAAAAA.4102444800")
    let body = "ft1.AAAAAAAAAAAAAAAAAAAAAA.4102444800";
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature::hmac_sha256(secret, body.as_bytes()));
    assert!(token::verify_at(secret, &format!("{body}.{sig}"), 4102444799));
}

#[test]
fn money_and_numbers_match_flowgen() {
    assert_eq!(format::money(500000.0, "INR", "en_US"), "₹5,00,000");
    assert_eq!(format::money(12345678.5, "INR", "en_US"), "₹1,23,45,678.50");
    assert_eq!(format::money(5000.0, "BRL", "pt_BR"), "R$ 5.000,00");
    assert_eq!(format::money(500000.0, "USD", "en_US"), "$500,000.00");
    assert_eq!(format::money(1234.5, "USD", "es"), "US$ 1.234,50");
    assert_eq!(format::money(1234.5, "EUR", "es"), "1.234,50 €");
    assert_eq!(format::money(1234.5, "EUR", "en_GB"), "€1,234.50");
    assert_eq!(format::money(1234.5, "EUR", "fr_FR"), "1\u{202f}234,50 €");
    assert_eq!(format::money(999.0, "INR", "en_US"), "₹999");
    assert_eq!(format::money(1234.5, "MXN", "es_MX"), "$1,234.50");
    assert_eq!(format::money(1234.5, "GBP", "en_GB"), "£1,234.50");
    assert_eq!(format::money(1234.5, "JPY", "en_US"), "JPY 1,234.50");
    assert_eq!(format::money(-0.001, "USD", "en_US"), "$0.00");
    assert_eq!(format::group(-1234.5, 2, ",", ".", false), "-1,234.50");
    assert_eq!(format::group(123456789.0, 0, ",", ".", true), "12,34,56,789");
    assert_eq!(format::number(10.5, 2, "en_US"), "10.50");
    assert_eq!(format::number(10.5, 2, "pt_BR"), "10,50");
    assert_eq!(format::round2(0.125), 0.13);
    assert_eq!(format::round2(-0.125), -0.13);
    assert_eq!(format::round2(2.5), 2.5);
    assert_eq!(format::round2(1234.5678), 1234.57);
    assert_eq!(format::emi(100000.0, 12.0, 12.0), 8884.88);
    assert_eq!(format::emi(1200.0, 0.0, 12.0), 100.0);
    assert_eq!(format::fill("{n} of {total} {n}", &[("n", "1"), ("total", "3")]), "1 of 3 1");
    assert_eq!(format::stable_id("LN", "TEST_TOKEN").len(), 11);
    assert_eq!(format::amount_id(720000.0), "720000");
    assert_eq!(format::amount_id(100.2), "100.2");
}
