"""Bytes -> text: byte-order marks, UTF-8, declared and detected legacy encodings, and the checks that
refuse what is not natural-language text (binary data, empty input, one giant token).

Every refusal raises ``IngestError`` with a stable code: E101 empty, E102 binary, E103 encoding,
E107 not natural-language text.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, BinaryIO

from dateline.errors import E_BINARY, E_EMPTY, E_ENCODING, E_IO, E_NOT_TEXT, E_TOO_LARGE, IngestError
from dateline.model import Failure

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5_000_000
"""Documented size limit: per file (wire, text, HTML) and per record line (JSONL, CSV)."""

MAX_RUN = 1000
"""Longest run of non-white-space characters accepted in natural-language text."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or DOCX/EPUB)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"), (b"\x7fELF", "an executable"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"), (b"wOFF", "a web font"), (b"wOF2", "a web font"),
)  # fmt: skip
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MARK = "dateline.mark-undecodable"
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_CONTROL_RATIO = 0.01
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.I,
)
_WHATWG_CP1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}
_C1 = re.compile("[\x80-\x9f]")
_PLAUSIBLE_TOKEN = 64
"""Characters of a token that ``plausible`` looks at (bounded work per token)."""
_PLAUSIBLE_TEXT = 1_000_000
"""Characters of a text whose tokens ``plausible`` counts (bounded work per body; mis-decoded bytes show
throughout a text, so its first million characters tell)."""
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_LONG_RUN = re.compile(r"(?<!\S)\S{" + str(MAX_RUN + 1) + "}")
_BYTES_WHITESPACE = b" \t\n\r\x0b\x0c"
_HIGH_BYTES = bytes(range(128, 256))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the encoding it was read with (``utf-8``, ``cp1252``, ...)."""

    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole file. BOM first, then UTF-8, a declared encoding, a plausible legacy encoding.

    Raises ``IngestError`` (E101 empty, E102 binary, E103 undecodable). The text is returned as
    decoded, with a leading BOM removed; line endings are left to the parsers.
    """
    if not data.strip(_BYTES_WHITESPACE):
        raise IngestError("empty file" if not data else "only white space", code=E_EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"invalid {encoding} after its byte-order mark: {exc.reason}", code=E_ENCODING
                ) from None
            if "\x00" in text:
                raise IngestError("binary data: NUL characters in the text", code=E_BINARY)
            return Decoded(text, encoding)
    reason = binary_reason(data)
    if reason:
        raise IngestError(f"binary data: {reason}", code=E_BINARY)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x})"
    if mostly_utf8(data):
        raise IngestError(f"{utf8_error}: UTF-8 text with corrupt bytes", code=E_ENCODING)
    declared = declared_encoding(data)
    if declared and declared != "utf-8":
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            log.debug("declared encoding %s does not decode the data", declared)
        else:
            if plausible(text):
                return Decoded(text, declared)
    guess = guess_legacy(data)
    if guess is not None:
        return guess
    raise IngestError(f"{utf8_error}, and no declared or plausible legacy encoding", code=E_ENCODING)


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary (a file signature, NUL bytes, many control bytes), or ``None``."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF":
        return "RIFF media (WebP, WAV or AVI)"
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"NUL byte at offset {nul}"
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _CONTROL_RATIO * len(data):
        return f"{controls} control bytes in {len(data)}"
    return None


def mostly_utf8(data: bytes) -> bool:
    """Whether most non-ASCII bytes form valid UTF-8 sequences (UTF-8 with a few corrupt bytes,
    which no legacy decoding would read correctly)."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    in_sequences = sum(len(m[0]) for m in _UTF8_SEQUENCE.finditer(data))
    return high > 0 and in_sequences > high / 2


def declared_encoding(data: bytes) -> str | None:
    """The codec named by an HTML ``<meta charset>`` or an XML declaration in the first 4 KB."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m[1] or m[2]).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        log.debug("unknown declared encoding %r", label)
        return None
    return "cp1252" if name in _WHATWG_CP1252 else name


def guess_legacy(data: bytes) -> Decoded | None:
    """A legacy single-byte decoding that reads as plausible text: cp1252 first (the usual one for
    Western text, a superset of Latin-1's printable range), then charset_normalizer's best guess."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if plausible(text):
            return Decoded(text, "cp1252")
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if plausible(text):
        return Decoded(text, best.encoding)
    log.debug("charset_normalizer guessed %s, but the text is implausible", best.encoding)
    return None


def plausible(text: str) -> bool:
    """Whether a legacy decoding reads like text rather than mis-decoded bytes.

    Refuses C1 control characters and replacement characters; and refuses text where over 10% of
    the tokens with non-ASCII characters are made of two or more Latin-script or symbol characters
    and no ASCII letter (``ÿþú``, ``˙ţú``): in Western languages accented letters sit inside words
    with ASCII letters. Tokens in other scripts (Cyrillic, Greek, ...) are not counted. Linear time: at
    most the first ``_PLAUSIBLE_TEXT`` characters are split into tokens, and at most the first
    ``_PLAUSIBLE_TOKEN`` characters of a token are looked at.
    """
    if "\ufffd" in text or _C1.search(text):
        return False
    total = suspicious = 0
    # str.split is linear; a regex for "a token with a non-ASCII character" backtracks over every long
    # ASCII token, quadratically (100 KB took 42 s).
    for token in text[:_PLAUSIBLE_TEXT].split():
        if token.isascii():
            continue
        total += 1
        head = token[:_PLAUSIBLE_TOKEN]
        if _ASCII_LETTER.search(head):
            continue
        odd = 0
        for c in head:
            if ord(c) > 127 and _latin_or_symbol(c):
                odd += 1
                if odd >= 2:
                    suspicious += 1
                    break
    return total == 0 or suspicious <= 0.1 * total


def _latin_or_symbol(c: str) -> bool:
    category = unicodedata.category(c)
    if category[0] in "PZ" or category == "Sc":
        return False
    return not c.isalpha() or unicodedata.name(c, "").startswith("LATIN")


def check_text(text: str) -> None:
    """Refuse text that is empty (E101), has NUL characters (E102), unpaired surrogates (E103), no
    letters or a run of more than ``MAX_RUN`` characters without white space (E107)."""
    if not text.strip():
        raise IngestError("no text (empty or only white space)", code=E_EMPTY)
    if "\x00" in text:
        raise IngestError("binary data: NUL characters in the text", code=E_BINARY)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise IngestError(f"unpaired surrogate at offset {exc.start}", code=E_ENCODING) from None
    if not _LETTER.search(text):
        raise IngestError("no letters: not natural-language text", code=E_NOT_TEXT)
    m = _LONG_RUN.search(text)
    if m:
        raise IngestError(
            f"more than {MAX_RUN} characters without white space at offset {m.start()}: "
            "not natural-language text",
            code=E_NOT_TEXT,
        )


def stream_encoding(head: bytes) -> str:
    """The encoding for a streamed corpus (CSV) from its first bytes: UTF-8 (``utf-8-sig`` strips a
    BOM) unless the head is not UTF-8 and reads plausibly in a legacy encoding."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        guess = None if mostly_utf8(head) else guess_legacy(head)
        if guess is not None:
            return guess.encoding
    return "utf-8"


def wide_encoding(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding named by a byte-order mark at the start of ``head``, or ``None``."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def utf8_stream(stream: BinaryIO, encoding: str) -> BinaryIO:
    """``stream`` in ``encoding`` (UTF-16 or UTF-32, after ``wide_encoding``) as UTF-8 bytes, decoded as it
    is read, so corpora are read line by line as if they were UTF-8 (the byte-order mark becomes UTF-8's).
    What does not decode (an unpaired surrogate, a truncated last character) comes out as bytes that are
    not UTF-8 either, so the line holding it is refused as undecodable (E103) and the others are read."""
    codecs.register_error(_MARK, _mark_undecodable)
    return io.BufferedReader(_Transcoded(stream, encoding))


def _mark_undecodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\udcff", exc.end  # encoded with surrogatepass: not UTF-8


class _Transcoded(io.RawIOBase):
    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        super().__init__()
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=_MARK)
        self._out = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not len(self._out) and not self._done:
            chunk = self._stream.read(65536)
            text = self._decoder.decode(chunk, final=not chunk)
            self._done = not chunk
            self._out = memoryview(text.encode("utf-8", "surrogatepass"))
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n


_READ_CODES = frozenset((E_EMPTY, E_BINARY, E_ENCODING, E_TOO_LARGE, E_IO))


def failure(
    origin: str, code: str, message: str, *, line: int | None = None, item_id: str | None = None
) -> Failure:
    """A ``Failure`` record. ``origin`` gets ``:line`` for corpus records; the stage is ``read`` for
    empty, binary, undecodable, oversized or unreadable input and ``parse`` otherwise (for a corpus
    record, ``read`` only when its line was too long or undecodable)."""
    read = code in _READ_CODES if line is None else code in (E_TOO_LARGE, E_ENCODING)
    return Failure(
        origin=f"{origin}:{line}" if line is not None else origin,
        stage="read" if read else "parse",
        code=code,
        message=message,
        line=line,
        item_id=item_id,
    )


def prefixed(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A buffered stream that yields ``head`` and then the rest of ``rest`` (after sniffing a pipe)."""
    return io.BufferedReader(_Prefixed(head, rest))


class _Prefixed(io.RawIOBase):
    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if len(self._head):
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
