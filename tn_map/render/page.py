"""The HTML page a map is rendered into, and the one way data joins it.

folium and branca build a page with Jinja templates, and branca compiles the
*output* of every element's script as a template once more
(``MacroElement.render`` wraps it in ``Element(text)``).  Any text that
reaches a template can therefore run as template code: a site called
``{{ 7*7 }}`` would show as ``49``.

tn-map never lets data into a template.  The data of folium's own layers
(GeoJSON) is registered with the :class:`Page` (:meth:`Page.embed`), and
their templates see only an opaque token; after all templating is done, :meth:`Page.render` replaces each
token by its value serialised with :func:`script_json` in a single pass, so
nothing substituted is read again.  tn-map's own elements
(:class:`ScriptElement`) go further: they write no JavaScript at all.  Each
hands the page one *operation* — a name of a function of ``controls.js``,
the JavaScript names of the folium objects it works on (data, from
:meth:`branca.element.Element.get_name`) and its options (JSON) — and the
page writes all of them, in tree order, as one JSON document
(``<script type="application/json" id="tn-data">``) that a fixed call,
``tnMap.run(...)``, reads (:class:`~tn_map.render.client.ClientStart`).
Strings that the page inserts as HTML must be HTML-escaped by whoever
embeds them; this module makes them safe inside ``<script>``.

Equal maps give equal bytes: folium names each element with a random hex
id; :meth:`Page.render` renumbers those ids in the finished page (in order of
first appearance), without touching any element, so nothing of folium's
own is rewritten.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.template import Template as FoliumTemplate

__all__ = ["Page", "ScriptElement", "ScriptLayer", "RawHtml", "script_json", "page_of", "DATA_ID"]

#: The id of the page's JSON document of operations (read by ``tnMap.run``).
DATA_ID = "tn-data"

_TOKEN = "__tn_data_{}__"
# A token as JSON writes it (tojson/tojavascript quote strings).
_TOKEN_RE = re.compile(r'"__tn_data_(\d+)__"')
_SCRIPT_ESCAPES = tuple((c, f"\\u{ord(c):04x}") for c in "<>&\u2028\u2029")
# branca's element ids: 32 random hex digits after the "_" of every JavaScript name.
_ELEMENT_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities as ``None`` (JSON has no words for them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and
    ``\\u0026`` (no ``</script>`` or ``<!--`` can appear), and U+2028/U+2029
    as escapes (older JavaScript engines end a line there).  NaN and
    infinities become ``null``.  Keys keep their order, so equal values give
    equal bytes.
    """
    try:  # almost always finite: one pass, no walk over (possibly 100,000s of) values
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _SCRIPT_ESCAPES:  # a few C-speed passes (a page has thousands of them, in its popups' HTML)
        text = text.replace(char, escaped)
    return text


class Page(Figure):
    """A branca :class:`~branca.element.Figure` that adds data after templating.

    :meth:`embed` hands out a token for a value; :meth:`render` renders the
    page (folium's templates see only tokens) and then puts each value, as
    :func:`script_json`, where its quoted token stands.
    """

    def __init__(self, lang: str | None = None) -> None:
        super().__init__()
        self.lang = lang
        self._payloads: list[Any] = []
        self._tokens: dict[int, str] = {}
        #: The operations of tn-map's elements, ``[function, names, options, name, add_to]`` each
        #: (:meth:`add_op`), in the order the elements render; filled anew at each render.
        self._before_render: dict[str, dict] | None = None
        self.ops: list[list] = []
        self.ops_token = self.embed(self.ops)

    def add_op(self, function: str, refs: list, options: Any, name: str, add_to: str | None = None) -> None:
        """Queue a call of ``controls.js``'s operation ``function`` for the page's script.

        ``refs``: JavaScript names (:meth:`~branca.element.Element.get_name`) of
        the objects it takes first (``None`` for none); ``options``: its JSON
        argument; ``name``: the name the result is known by to later
        operations; ``add_to``: the name of the map or layer to add the
        result to (a shown layer), or ``None``.
        """
        self.ops.append([function, list(refs), options, name, add_to])

    def embed(self, value: Any) -> str:
        """A token that stands for ``value`` (JSON-serialisable) in a template.

        Write it with ``|tojson`` (or inside any structure folium serialises
        to JSON); the page puts ``value`` there after templating.  The same
        object always gets the same token.
        """
        key = id(value)
        if key not in self._tokens:
            self._tokens[key] = _TOKEN.format(len(self._payloads))
            self._payloads.append(value)  # keeps the object, so its id stays unique
        return self._tokens[key]

    def render(self, **kwargs: Any) -> str:
        """The whole HTML page, with every embedded value in place.

        While folium's templates run, their ``tojson`` filter writes the
        token of any embedded object instead of the object (so a folium
        layer's ``data``, once embedded, never enters a template either).
        """
        env = FoliumTemplate("").environment
        before = env.policies.get("json.dumps_function")
        fallback = before or json.dumps
        tokens, payloads = self._tokens, self._payloads

        def dumps(obj: Any, **kw: Any) -> str:
            token = tokens.get(id(obj))
            if token is not None:
                return json.dumps(token)
            return fallback(obj, **kw)

        env.policies["json.dumps_function"] = dumps
        self.ops.clear()
        # Rendering adds each element's head, body and script parts to this page's own three
        # parts (folium names some of them afresh each time: a layer's "addTo" line); start
        # every render from the parts as built, so rendering again (a notebook shows the
        # map, then it is saved) gives the same page, not one with every script twice.
        # Only the page's own parts are reset; no folium element is changed.
        parts = {"header": self.header, "html": self.html, "script": self.script}
        if self._before_render is None:
            self._before_render = {name: dict(part._children) for name, part in parts.items()}
        else:
            for name, part in parts.items():
                part._children = type(part._children)(self._before_render[name])
        try:
            html = super().render(**kwargs)
        finally:
            env.policies["json.dumps_function"] = before
        if self.lang:
            html = html.replace("<html>", f'<html lang="{self.lang}">', 1)
        html = self._number_ids(html)
        return _TOKEN_RE.sub(lambda m: script_json(payloads[int(m.group(1))]), html)

    def _number_ids(self, html: str) -> str:
        """``html`` (templated: data are still tokens) with element ids numbered in order of appearance.

        The operations' names are renamed alike (they are data, added after
        templating); an id only they use is numbered after the page's.
        """
        numbers: dict[str, str] = {}
        for match in _ELEMENT_ID.finditer(html):
            numbers.setdefault(match.group(0), f"{len(numbers):08x}")

        def rename(name: str | None) -> str | None:
            if name is None:
                return None
            match = _ELEMENT_ID.search(name)
            if match is None:
                return name
            number = numbers.setdefault(match.group(0), f"{len(numbers):08x}")
            return name[: match.start()] + number + name[match.end():]

        for op in self.ops:
            op[1] = [rename(r) for r in op[1]]
            op[3], op[4] = rename(op[3]), rename(op[4])
        return _ELEMENT_ID.sub(lambda m: numbers[m.group(0)], html)


def page_of(element: Element) -> Page:
    """The :class:`Page` that ``element`` belongs to (raises if it is in none)."""
    root = element.get_root()
    if not isinstance(root, Page):
        raise TypeError(
            f"{type(element).__name__} must be rendered in a tn_map Page "
            "(add the map with tn_map.render.page.Page().add_child(m))"
        )
    return root


class RawHtml(Element):
    """Fixed text (markup, a style sheet, a script) added to the page as it is.

    Unlike :class:`branca.element.Element`, the text is not compiled as a
    template: a script may contain ``{{`` and stays exactly as written.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.html = html

    def render(self, **kwargs: Any) -> str:
        return self.html


class ScriptElement(MacroElement):
    """An element that writes no JavaScript: it hands the page one operation of ``controls.js``.

    :meth:`op` returns the operation's function name, the JavaScript names
    of the objects it works on and its options (JSON); the page queues it
    (:meth:`Page.add_op`) in tree order, and ``tnMap.run`` performs the queue
    once every folium object exists.  Nothing is compiled as a template and
    no data is written as code.

    Mixed with folium's :class:`~folium.elements.JSCSSMixin`, list that
    first, so that its ``render`` adds the scripts to the page's head and
    then calls this one (which takes the place of
    :class:`~branca.element.MacroElement`'s).
    """

    def op(self) -> tuple[str, list, Any]:
        """``(function, names, options)``: the ``controls.js`` operation that draws this element."""
        raise NotImplementedError

    def add_to_name(self) -> str | None:
        """The name of the object the operation's result is added to (``None``: none)."""
        return None

    def render(self, **kwargs: Any) -> None:
        root = self.get_root()
        if not isinstance(root, Page):
            raise TypeError(f"{type(self).__name__} must be rendered in a tn_map Page")
        function, refs, options = self.op()
        root.add_op(function, refs, options, self.get_name(), self.add_to_name())
        for child in self._children.values():
            child.render(**kwargs)


class ScriptLayer(ScriptElement):
    """A layer made by a ``controls.js`` operation: ``class X(ScriptLayer, folium.map.Layer)``.

    Listed before :class:`~folium.map.Layer`, its ``render`` replaces the
    layer's, which would add a line of folium script naming the layer's
    JavaScript variable; such a layer has none (it is the operation's
    result), so the operation adds it to its parent when ``show`` is set.
    """

    def add_to_name(self) -> str | None:
        return self._parent.get_name() if getattr(self, "show", True) else None
