"""Running extraction on more than one core: ``extract_parallel`` (a process pool, ``--workers N``).

Nothing outside this package starts processes or imports an execution framework.
"""

from .workers import extract_parallel

__all__ = ["extract_parallel"]
