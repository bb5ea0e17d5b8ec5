"""Reports: the zone brief (DOCX and PDF) built from the pipeline's typed objects.

:mod:`.brief` assembles what a brief says (:class:`~.brief.Brief`);
:mod:`.docx` and :mod:`.pdf` write it.  Names are loaded on first use, so
that importing tn_map does not import python-docx and ReportLab.
"""

from __future__ import annotations

__all__ = ["Brief", "build_brief", "write_brief", "brief_bytes", "BRIEF_FORMATS"]


def __getattr__(name: str):
    if name in __all__:
        from . import brief

        return getattr(brief, name)
    raise AttributeError(name)
