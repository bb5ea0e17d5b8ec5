"""Validate: check and repair loaded data, or stop with one clear error."""

from .boundaries import validate_boundaries

__all__ = ["validate_boundaries"]
