"""Names a package exports but imports only when first used (PEP 562).

The Leaflet renderer pulls in folium, branca and Jinja (about half a second);
``tn-map image`` and ``tn-map sites classify`` never need them, so the
packages that re-export such names load them on first access instead.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable


def lazy_exports(package: str, where: dict[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: each name of ``where`` comes from its module.

    ``where`` maps an exported name to the submodule (relative, e.g. ``".html"``)
    that defines it; the first access imports that submodule and caches the
    name in the package's namespace.  Any other submodule is imported when
    reached as an attribute (``tn_map.export.html``).
    """

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            # a submodule reached as an attribute (``tn_map.export.html``), as when it was imported eagerly
            if not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}") is not None:
                return importlib.import_module(f"{package}.{name}")
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(importlib.import_module(package))) | set(where))

    return __getattr__, __dir__
