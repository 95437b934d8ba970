"""Near-duplicate detection: word shingles, their MinHash signature, and LSH band keys.

An article's body is cut into overlapping runs of ``k`` words (shingles: lower-cased ``\\w+`` words, so
punctuation, spacing and case do not matter), each hashed to 32 bits (:func:`shingle_hashes`). The share of shingles two texts have in common (their Jaccard
similarity) is estimated from MinHash signatures (datasketch, ``num_perm`` values per text, a fixed seed and
the ``affine32`` permutation scheme, so every process and every later run computes the same values). The
signature is split into ``bands`` bands; two texts with one identical band are *candidates* (LSH), and the
store keeps one key per band in an indexed table, so looking up an article's candidates is one SQL query.
A candidate is a copy when its estimated similarity reaches the rule's ``copy_threshold``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from dataclasses import dataclass

import numpy as np

#: The seed of the MinHash permutations: part of the stored data's meaning, never change it.
SEED = 20261213
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int) -> set[str]:
    """The set of ``k``-word shingles of ``text`` (a text shorter than ``k`` words is one shingle)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash signature (``values``, unsigned 32-bit) and how many shingles it was made of."""

    values: tuple[int, ...]
    shingles: int

    def hex(self) -> str:
        """The values as hex text (big-endian, 8 digits each), as stored."""
        return np.asarray(self.values, dtype=">u4").tobytes().hex()

    @classmethod
    def from_hex(cls, text: str, shingles: int) -> Signature:
        return cls(values=tuple(int(v) for v in np.frombuffer(bytes.fromhex(text), dtype=">u4")), shingles=shingles)


@functools.cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash  # late: importing datasketch pulls in scipy (a second or more)

    return MinHash(num_perm=num_perm, seed=SEED, scheme="affine32").permutations  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little")


_MULT = np.uint64(1_000_003)
_MASK = np.uint64(0xFFFFFFFF)


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """One 32-bit hash per distinct shingle of :func:`shingles`: each word hashed once (BLAKE2b, cached), a
    shingle's hash the polynomial of its words' hashes modulo 2**32 (computed for all shingles at once)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return np.zeros(0, dtype=np.uint32)
    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    n = max(len(words) - k + 1, 1)
    width = min(k, len(words))
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(width):
        acc = (acc * _MULT + h[j : j + n]) & _MASK
    return np.unique(acc.astype(np.uint32))


def _identity(value: int) -> int:
    return value


def signature(text: str, *, k: int, num_perm: int) -> Signature:
    """The MinHash signature (datasketch) of ``text``'s ``k``-word shingles, fed as their 32-bit hashes."""
    from datasketch import MinHash

    found = shingle_hashes(text, k)
    m = MinHash(num_perm=num_perm, permutations=_permutations(num_perm), scheme="affine32", hashfunc=_identity)
    m.update_batch(found.tolist())
    return Signature(values=tuple(int(v) for v in m.hashvalues), shingles=len(found))


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal signature values."""
    if len(a.values) != len(b.values) or not a.values:
        return 0.0
    return float(np.mean(np.asarray(a.values, dtype=np.uint32) == np.asarray(b.values, dtype=np.uint32)))


def band_keys(sig: Signature, bands: int) -> list[int]:
    """One signed 64-bit key per band (the band's number and values hashed with BLAKE2b): two signatures
    with an equal key agree on that whole band."""
    rows = len(sig.values) // bands
    values = np.asarray(sig.values, dtype=">u4")
    keys = []
    for b in range(bands):
        data = struct.pack(">H", b) + values[b * rows : (b + 1) * rows].tobytes()
        digest = hashlib.blake2b(data, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
