"""transfo_lab — research-action notebook kit for public-innovation labs.

Load a programme folder, analyse each phase of the method (inspiration, user research,
ideation, prototypes, agile evaluation) and export reports.

>>> import transfo_lab
>>> transfo_lab.__version__
'0.1.0'
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from transfo_lab.base.exceptions import (DataError, ProgrammeValidationError, TransfoLabError,
                                    TransfoLabWarning)
from transfo_lab.contract.programme import Programme, load_programme, validate_programme

try:
    __version__ = version("transfo-lab")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.1.0"

__all__ = ["DataError", "Programme", "ProgrammeValidationError", "TransfoLabError", "TransfoLabWarning",
           "__version__", "load_programme", "validate_programme"]
