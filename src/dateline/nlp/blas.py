"""The model's matrix products through numpy's BLAS: the same annotations, about a tenth less parsing time.

spaCy's models run on thinc's ``NumpyOps``, whose ``gemm`` (every dense layer: the token-to-vector encoders,
the parser's and the entity recogniser's precomputed hidden layer, the tagger) calls the BLIS library bundled
with thinc. On this project's machines (x86-64 with AVX-512) numpy's own BLAS, OpenBLAS, multiplies the same
float32 matrices 1.4-2.3 times as fast on one thread, and those products are about a sixth of spaCy's time on
news text. ``BlasOps`` is ``NumpyOps`` with ``gemm`` done by ``numpy.matmul``, as thinc's own Apple and CUDA
back-ends replace it; everything else (the parsers' per-step search, maxout, hashing) is thinc's code. Loaded
with it, sm and md give the same tags, parses, entities and lemmas as spaCy as shipped
(``tests/nlp/test_fast_components.py``; also the same on every paragraph of the evaluation texts, 375,000
tokens, when this was measured). ``bench/bench_extract.py``'s baseline stays spaCy as shipped.

OpenBLAS would otherwise start a thread per core for the larger products: one process of Dateline is one
core (``--workers`` gives more), so it is set to one thread. Where that cannot be done (numpy built on another
BLAS, a library whose entry point we do not find), the products stay with BLIS.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy
from thinc.api import NumpyOps, get_current_ops, set_current_ops

log = logging.getLogger(__name__)

_SET_THREADS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
                "openblas_set_num_threads")  # fmt: skip
"""Entry points that set OpenBLAS's thread count, by the names numpy's wheels have used."""


class BlasOps(NumpyOps):
    """thinc's ``NumpyOps`` with float32 matrix products by ``numpy.matmul`` (numpy's BLAS)."""

    name = "dateline-blas"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        if x.dtype != numpy.float32 or y.dtype != numpy.float32 or x.ndim != 2 or y.ndim != 2:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


@functools.lru_cache(maxsize=1)
def one_thread_blas() -> bool:
    """Set numpy's OpenBLAS to one thread; whether that was done (``False``: keep BLIS)."""
    libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("*openblas*.so*")):
        try:
            lib = ctypes.CDLL(str(path))  # already loaded by numpy: the same library, not a second copy
        except OSError:
            continue
        for name in _SET_THREADS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(1)
                return True
    log.info("numpy's OpenBLAS not found; spaCy's matrix products stay with BLIS")
    return False


@contextmanager
def blas_ops() -> Iterator[None]:
    """Models built inside take ``BlasOps`` (if OpenBLAS could be set to one thread); the current ops after."""
    if not one_thread_blas():
        yield
        return
    before = get_current_ops()
    set_current_ops(BlasOps())
    try:
        yield
    finally:
        set_current_ops(before)
