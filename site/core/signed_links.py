"""Links that carry signed data (emailed status pages, answers, confirmations), read in one way
everywhere: a forged, altered, truncated or expired link is a LinkError with a code the page
explains, never an exception the visitor sees."""

from django.core import signing


class LinkError(Exception):
    """A link that is forged, expired or already used; `code` says which."""

    def __init__(self, code, subject=None):
        super().__init__(code)
        self.code = code
        self.subject = subject


def sign_data(data, salt):
    """A URL-safe token carrying a small dict, tied to its purpose by the salt."""
    return signing.dumps(data, salt=salt, compress=True)


def signed_data(token, salt, max_age):
    """The dict a token carries, or LinkError("expired") / LinkError("invalid")."""
    try:
        data = signing.loads(token or "", salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkError("expired") from error
    except signing.BadSignature as error:
        raise LinkError("invalid") from error
    if not isinstance(data, dict):
        raise LinkError("invalid")
    return data
