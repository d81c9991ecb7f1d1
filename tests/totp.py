"""A TOTP code computed here from the key an enrolment screen shows (RFC 6238: HMAC-SHA1,
30-second steps, 6 digits), as an authenticator app would: independent of django-otp."""

import base64
import hashlib
import hmac
import re
import struct
import time


def totp(key, at=None, step=30, digits=6):
    secret = key.replace(" ", "").upper()
    secret = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def key_on_page(html):
    """The key the enrolment screen shows for typing into the app."""
    match = re.search(r"data-totp-key>([A-Z2-7 ]+)<", html)
    assert match, "the enrolment screen shows no key"
    return match.group(1)
