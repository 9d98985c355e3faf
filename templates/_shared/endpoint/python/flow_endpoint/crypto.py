"""Request decryption and response encryption (spec §2).

Request: RSA-OAEP (SHA-256, MGF1-SHA-256, no label) unwraps a 16-byte AES key; the flow data is
AES-128-GCM ciphertext followed by the 16-byte tag, with a 16-byte IV and no AAD.
Response: the same AES key, the IV with every bit flipped, Base64(ciphertext ‖ tag).
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
FIELDS = ("encrypted_flow_data", "encrypted_aes_key", "initial_vector")


class KeyLoadError(Exception):
    """The private key cannot be loaded; the message says why (never contains key material)."""


class DecryptError(Exception):
    """Anything that must be answered with 421."""


def load_private_key(pem: bytes, passphrase: str | None) -> rsa.RSAPrivateKey:
    """Load a PEM RSA private key: PKCS#1 (plain or legacy `Proc-Type: 4,ENCRYPTED`) or PKCS#8
    (plain or encrypted)."""
    if b"-----BEGIN" not in pem:
        raise KeyLoadError("it is not a PEM private key (no -----BEGIN line)")
    encrypted = b"ENCRYPTED" in pem
    password = passphrase.encode("utf-8") if passphrase else None
    if encrypted and password is None:
        raise KeyLoadError("the key is encrypted: set PASSPHRASE")
    try:
        key = serialization.load_pem_private_key(pem, password=password if encrypted else None)
    except TypeError as exc:
        raise KeyLoadError(f"the key could not be loaded ({exc})") from None
    except ValueError:
        if encrypted:
            raise KeyLoadError("the key could not be decrypted: check PASSPHRASE") from None
        raise KeyLoadError("the PEM text is not a valid private key") from None
    except Exception as exc:  # unsupported algorithm and the like
        raise KeyLoadError(f"the key could not be loaded ({type(exc).__name__})") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyLoadError("the key is not an RSA key")
    return key


def _b64(value: object) -> bytes:
    if not isinstance(value, str):
        raise DecryptError("field is not a string")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise DecryptError("bad base64") from None


def decrypt_request(envelope: object, key: rsa.RSAPrivateKey) -> tuple[bytes, bytes, bytes]:
    """Decrypt the outer JSON object; returns (plaintext, aes_key, iv). Raises DecryptError."""
    if not isinstance(envelope, dict) or any(not isinstance(envelope.get(f), str) for f in FIELDS):
        raise DecryptError("not an encrypted request")
    data = _b64(envelope["encrypted_flow_data"])
    wrapped = _b64(envelope["encrypted_aes_key"])
    iv = _b64(envelope["initial_vector"])
    if len(iv) != 16 or len(data) < 16:
        raise DecryptError("bad iv or data length")
    try:
        aes_key = key.decrypt(wrapped, OAEP)
    except ValueError:
        raise DecryptError("rsa") from None
    if len(aes_key) != 16:
        raise DecryptError("aes key length")
    try:
        plaintext = AESGCM(aes_key).decrypt(iv, data, None)
    except InvalidTag:
        raise DecryptError("gcm") from None
    return plaintext, aes_key, iv


def flip(iv: bytes) -> bytes:
    return bytes(b ^ 0xFF for b in iv)


def encrypt_response(payload: object, aes_key: bytes, iv: bytes) -> str:
    """JSON → AES-128-GCM with the flipped IV → Base64(ciphertext ‖ tag)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(AESGCM(aes_key).encrypt(flip(iv), body, None)).decode("ascii")


def encrypt_request(payload: object, public_key: rsa.RSAPublicKey, aes_key: bytes, iv: bytes) -> dict:
    """Build an encrypted request as WhatsApp does (used by the tests and for local tooling)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return {
        "encrypted_flow_data": base64.b64encode(AESGCM(aes_key).encrypt(iv, body, None)).decode(),
        "encrypted_aes_key": base64.b64encode(public_key.encrypt(aes_key, OAEP)).decode(),
        "initial_vector": base64.b64encode(iv).decode(),
    }


def decrypt_response(body: str | bytes, aes_key: bytes, iv: bytes) -> bytes:
    """Decrypt a response with the flipped IV (tests, tooling)."""
    raw = base64.b64decode(body, validate=True)
    return AESGCM(aes_key).decrypt(flip(iv), raw, None)
