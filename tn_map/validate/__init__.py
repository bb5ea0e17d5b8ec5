"""Validate: check and repair loaded data, or stop with one clear error."""

from .boundaries import validate_boundaries
from .sites import locate_sites

__all__ = ["validate_boundaries", "locate_sites"]
