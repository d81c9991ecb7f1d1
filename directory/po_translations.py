"""Directory entries' translations as PO files, for outside translators.

A council sends the whole directory to a translator one language at a time: one PO file with
every Japanese text of the entries (msgid), the current translation (msgstr, empty when there is
none) and a context naming the object and field (msgctxt "service:<uuid>:description"). The
translated file comes back and is compared with the directory into a plan (new, changed,
unchanged, untranslated, skipped, with a problem per entry) that staff confirm before anything
is written.

No Django here: the entries come in as plain rows and the plan goes out as plain data;
directory/translation_files.py reads and writes the database around it.
"""

import codecs
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

import polib

# The translatable fields of each kind of entry, in the order the file lists them.
FIELDS = {
    "service": ("name", "description", "eligibility_description", "fees_description"),
    "organization": ("name", "description"),
    "location": ("name", "description", "transportation"),
    "term": ("name", "description"),
}
# Words for the translator's comments: the file goes to people outside the council, in English.
KIND_LABELS = {
    "service": "Service",
    "organization": "Organization",
    "location": "Place",
    "term": "Category",
}
FIELD_LABELS = {
    "name": "name",
    "description": "description",
    "eligibility_description": "who can use it",
    "fees_description": "cost details",
    "transportation": "how to get there",
}
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "pt-br": "nplurals=2; plural=(n > 1);",
    "fil": "nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9));",
    "ne": "nplurals=2; plural=(n != 1);",
}
ONE_FORM = "nplurals=1; plural=0;"  # Japanese, easy Japanese, Chinese, Korean, Vietnamese
ONE_FORM_LANGUAGES = ("ja", "zh", "ko", "vi")
MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
CHARSET = re.compile(rb"charset\s*=\s*([A-Za-z0-9_.:-]+)")
SYNTAX_LINE = re.compile(r"line (\d+)")

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
UNTRANSLATED, SKIPPED = "untranslated", "skipped"


def context(kind, pk, field_name):
    return f"{kind}:{pk}:{field_name}"


def parse_context(text):
    """(kind, pk, field) of a msgctxt of ours, or None."""
    parts = (text or "").strip().split(":")
    if len(parts) != 3:
        return None
    kind, pk, field_name = parts
    if kind not in FIELDS or field_name not in FIELDS[kind] or not pk:
        return None
    return kind, pk.lower(), field_name


def po_language(code):
    """The language as PO files write it: pt-br → pt_BR, zh-hans → zh_Hans, ja-easy → ja_Easy."""
    first, *rest = code.split("-")
    return "_".join(
        [first.lower(), *(part.upper() if len(part) == 2 else part.title() for part in rest)]
    )


def same_language(a, b):
    def normal(code):
        return code.strip().replace("_", "-").lower()

    return normal(a) == normal(b)


def plural_forms(code):
    code = code.lower()
    if code.split("-")[0] in ONE_FORM_LANGUAGES:
        return ONE_FORM
    return PLURAL_FORMS.get(code, "nplurals=2; plural=(n != 1);")


@dataclass(frozen=True)
class Entry:
    """One directory object as the file sees it: its Japanese texts and its translation in the
    file's language (None when it has no translation row in that language yet)."""

    kind: str
    pk: str
    label: str
    source: dict
    translation: dict | None = None

    @property
    def key(self):
        return (self.kind, str(self.pk).lower())


def build_catalogue(entries, language, created):
    """The PO file of these entries for one language. `created` is the header's date
    (a string such as 2026-04-01 09:00+0900)."""
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.header = (
        "Kokoron: the directory's texts for translation. Translate each msgstr; leave msgctxt "
        "and msgid as they are."
    )
    catalogue.metadata = {
        "Project-Id-Version": "Kokoron directory",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Language": po_language(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
    }
    for entry in entries:
        translation = entry.translation or {}
        for field_name in FIELDS[entry.kind]:
            text = entry.source.get(field_name) or ""
            if not text.strip():
                continue  # an empty msgid would be the header
            catalogue.append(
                polib.POEntry(
                    msgctxt=context(entry.kind, entry.key[1], field_name),
                    msgid=text,
                    msgstr=translation.get(field_name) or "",
                    comment=(
                        f"{KIND_LABELS[entry.kind]} {entry.label}: {FIELD_LABELS[field_name]}"
                    ),
                )
            )
    return catalogue


class CatalogueError(Exception):
    """The upload is not a PO file of the directory in the chosen language."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def read_catalogue(data, language):
    """The uploaded bytes as a polib catalogue, or CatalogueError saying why not.

    The file is decoded in the charset its header declares (UTF-8 when it declares none or one
    that does not exist), so a file saved as Shift_JIS by an editor that kept the UTF-8 header
    is refused rather than garbled."""
    if not data.strip():
        raise CatalogueError("empty")
    if data[:4] in MO_MAGIC:
        raise CatalogueError("mo-file")
    if b"\x00" in data:
        raise CatalogueError("binary")
    encoding = "utf-8-sig"
    declared = CHARSET.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            name = "utf-8"
        encoding = "utf-8-sig" if name == "utf-8" else name
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise CatalogueError("encoding") from None
    # polib reads a file from disk when handed an existing file's name; contents end with a
    # newline, a name does not.
    if not text.endswith("\n"):
        text += "\n"
    try:
        catalogue = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError) as error:
        line = SYNTAX_LINE.search(str(error))
        raise CatalogueError("syntax", line=int(line.group(1)) if line else 0) from None
    if not any(
        parse_context(item.msgctxt) for item in catalogue if not item.obsolete and item.msgctxt
    ):
        raise CatalogueError("wrong-file")
    found = catalogue.metadata.get("Language", "").strip()
    if not found:
        raise CatalogueError("no-language")
    if not same_language(found, language):
        raise CatalogueError("wrong-language", found=found, expected=po_language(language))
    return catalogue


@dataclass(frozen=True)
class Change:
    kind: str
    pk: str
    label: str
    field: str
    old: str
    new: str
    status: str


@dataclass(frozen=True)
class Problem:
    """Something about one entry of the file. Errors stop the whole file; the others are
    notes on entries that are skipped."""

    context: str
    code: str
    label: str = ""
    error: bool = False
    params: dict = field(default_factory=dict)


@dataclass
class Plan:
    changes: list
    problems: list
    counts: Counter

    @property
    def errors(self):
        return [p for p in self.problems if p.error]

    @property
    def warnings(self):
        return [p for p in self.problems if not p.error]

    def writes(self):
        """{(kind, pk): {field: new text}} of what would be written."""
        result = {}
        for change in self.changes:
            if change.status in (NEW, CHANGED):
                result.setdefault((change.kind, change.pk), {})[change.field] = change.new
        return result

    def digest(self):
        """A fingerprint of what would be written over what, so that a confirmation applies
        exactly what staff were shown."""
        rows = sorted(
            (c.kind, c.pk, c.field, c.old, c.new)
            for c in self.changes
            if c.status in (NEW, CHANGED)
        )
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def plan_changes(catalogue, entries, max_lengths=None):
    """Compare an uploaded catalogue with the directory's entries.

    An entry of the file is skipped, with a note, when its object is not in the directory (any
    more), when its Japanese text has changed since the file was made, when it is marked fuzzy,
    or when it repeats an earlier one. An empty translation is left out and never removes one.
    A translation longer than its field holds (`max_lengths`: {(kind, field): n}) is an error.
    A new translation of an entry needs its name: without one, its other texts are skipped.
    """
    max_lengths = max_lengths or {}
    by_key = {entry.key: entry for entry in entries}
    counts = Counter({NEW: 0, CHANGED: 0, UNCHANGED: 0, UNTRANSLATED: 0, SKIPPED: 0})
    problems = []
    candidates = {}
    seen = set()

    def skip(code, item, label="", **params):
        counts[SKIPPED] += 1
        problems.append(Problem(item.msgctxt or "", code, label, params=params))

    for item in catalogue:
        if item.obsolete:
            continue
        parsed = parse_context(item.msgctxt)
        entry = by_key.get(parsed[:2]) if parsed else None
        if entry is None or item.msgid_plural:
            skip("unknown", item)
            continue
        kind, pk, field_name = parsed
        if parsed in seen:
            skip("duplicate", item, entry.label)
            continue
        seen.add(parsed)
        value = item.msgstr
        if not value.strip():
            counts[UNTRANSLATED] += 1
            continue
        if item.fuzzy:
            skip("fuzzy", item, entry.label)
            continue
        if item.msgid != (entry.source.get(field_name) or ""):
            skip("source-changed", item, entry.label)
            continue
        limit = max_lengths.get((kind, field_name))
        if limit and len(value) > limit:
            problems.append(
                Problem(
                    item.msgctxt,
                    "too-long",
                    entry.label,
                    error=True,
                    params={"limit": limit, "length": len(value)},
                )
            )
            continue
        old = (entry.translation or {}).get(field_name) or ""
        status = UNCHANGED if value == old else (CHANGED if old else NEW)
        candidates.setdefault(entry.key, {})[field_name] = Change(
            kind, pk, entry.label, field_name, old, value, status
        )

    changes = []
    for key, fields in candidates.items():
        entry = by_key[key]
        if entry.translation is None and "name" not in fields:
            for change in fields.values():
                counts[SKIPPED] += 1
                problems.append(
                    Problem(context(change.kind, change.pk, change.field), "no-name", entry.label)
                )
            continue
        for change in fields.values():
            counts[change.status] += 1
            changes.append(change)
    return Plan(changes=changes, problems=problems, counts=counts)
