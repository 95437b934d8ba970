"""Running extraction on more than one core or machine: ``Execution`` (this process, ``--workers N``
processes, or a Dask cluster with ``--scheduler``).

Nothing outside this package starts processes or imports an execution framework (Dask is imported by
``scale.cluster`` only, and only when a scheduler is asked for).
"""

from .execute import Execution, default_workers
from .workers import extract_parallel

__all__ = ["Execution", "default_workers", "extract_parallel"]
