"""Field encryption (Fernet) and keyed lookup hashes (HMAC-SHA256) for personal data."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        # Development fallback: derived from SECRET_KEY so a fresh checkout works.
        digest = hashlib.sha256(("field-encryption:" + settings.SECRET_KEY).encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def _hash_key() -> bytes:
    key = settings.LOOKUP_HASH_KEY or ("lookup-hash:" + settings.SECRET_KEY)
    return key.encode()


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def lookup_hash(value: str) -> str:
    """A keyed hash for exact-match lookup; without the key it cannot be reversed by guessing."""
    if not value:
        return ""
    return hmac.new(_hash_key(), value.strip().upper().encode(), hashlib.sha256).hexdigest()
