"""Links that carry signed data (emailed status pages, answers, confirmations), read in one way
everywhere: a forged, altered, truncated or expired link is a LinkError with a code the page
explains, never an exception the visitor sees."""

import secrets

from django.core import signing


class LinkError(Exception):
    """A link that is forged, expired or already used; `code` says which."""

    def __init__(self, code, subject=None):
        super().__init__(code)
        self.code = code
        self.subject = subject


def new_nonce():
    """A fresh nonce for an object's links (its `nonce` field's default): giving the object a
    new one voids every link issued for it."""
    return secrets.token_urlsafe(12)


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


class ObjectLink:
    """Emailed links to one object, named by its pk and its nonce, for one purpose.

    `token(obj)` signs them, `read(token, queryset)` finds the object again (LinkError when the
    token is forged, expired, or names an object whose nonce has changed: giving the object a
    new nonce voids every link issued for it), `url(viewname, obj)` is the absolute address of
    a view that takes the token. `max_age` is a timedelta, or a function returning one for
    lifetimes that staff set.
    """

    def __init__(self, purpose, max_age):
        self.purpose = purpose
        self.max_age = max_age

    def token(self, obj):
        return sign_data({"i": obj.pk, "n": obj.nonce}, self.purpose)

    def read(self, token, queryset):
        max_age = self.max_age() if callable(self.max_age) else self.max_age
        data = signed_data(token, self.purpose, max_age)
        found = queryset.filter(pk=data.get("i"), nonce=data.get("n")).first()
        if found is None:
            raise LinkError("invalid")
        return found

    def url(self, viewname, obj):
        from django.urls import reverse

        from kokoron.core.links import absolute_url

        return absolute_url(reverse(viewname, kwargs={"token": self.token(obj)}))


class SignedId:
    """Links that name an object by its primary key alone, for one purpose (a newsletter
    subscriber's confirmation and unsubscription, which the person may use long after).

    Tokens are Django's Signer of the key, or TimestampSigner with `max_age` (seconds), so
    links already emailed keep working; `read(token)` gives the key back as an int, or raises
    LinkError("expired") / LinkError("invalid")."""

    def __init__(self, salt, max_age=None):
        self.salt = salt
        self.max_age = max_age

    def _signer(self):
        if self.max_age is None:
            return signing.Signer(salt=self.salt)
        return signing.TimestampSigner(salt=self.salt)

    def token(self, pk):
        return self._signer().sign(str(pk))

    def read(self, token):
        options = {} if self.max_age is None else {"max_age": self.max_age}
        try:
            return int(self._signer().unsign(token or "", **options))
        except signing.SignatureExpired as error:
            raise LinkError("expired") from error
        except (signing.BadSignature, ValueError) as error:
            raise LinkError("invalid") from error
