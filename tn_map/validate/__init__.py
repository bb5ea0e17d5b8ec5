"""Validate: check and repair a boundary layer before it is joined, or stop with one clear error."""

from .boundaries import check_location, validate_boundaries

__all__ = ["validate_boundaries", "check_location"]
