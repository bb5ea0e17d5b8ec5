"""The HTML page a map is rendered into, and the one way data joins it.

folium and branca build a page with Jinja templates, and branca compiles the
*output* of every element's script as a template once more
(``MacroElement.render`` wraps it in ``Element(text)``).  Any text that
reaches a template can therefore run as template code: a site called
``{{ 7*7 }}`` would show as ``49``.

tn-map never lets data into a template.  Elements ask the :class:`Page` for
an opaque token (:meth:`Page.embed`) and write the token into their
template; after all templating is done, :meth:`Page.render` replaces each
token by its value serialised with :func:`script_json` in a single pass, so
nothing substituted is read again.  tn-map's own elements
(:class:`ScriptElement`) go further: their script is written in Python and
added as it is, never compiled as a template.  Strings that the page inserts as HTML
must be HTML-escaped by whoever embeds them; this module makes them safe
inside ``<script>``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.template import Template as FoliumTemplate

__all__ = ["Page", "PayloadElement", "ScriptElement", "RawHtml", "script_json", "page_of"]

_TOKEN = "__tn_data_{}__"
# A token as JSON writes it (tojson/tojavascript quote strings).
_TOKEN_RE = re.compile(r'"__tn_data_(\d+)__"')
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


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
    return _SCRIPT_UNSAFE.sub(_unicode_escape, text)


def _unicode_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group(0)):04x}"


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
        self._before_render: dict[str, dict] | None = None

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
        # Rendering adds each element's head, body and script parts to the page; start
        # every render from the page as built, so rendering again (a notebook shows the
        # map, then it is saved) gives the same page, not one with every script twice.
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
        return _TOKEN_RE.sub(lambda m: script_json(payloads[int(m.group(1))]), html)


def page_of(element: Element) -> Page:
    """The :class:`Page` that ``element`` belongs to (raises if it is in none)."""
    root = element.get_root()
    if not isinstance(root, Page):
        raise TypeError(
            f"{type(element).__name__} must be rendered in a tn_map Page "
            "(add the map with tn_map.render.page.Page().add_child(m))"
        )
    return root


class PayloadElement(MacroElement):
    """A :class:`MacroElement` whose data fields reach the page as tokens.

    Subclasses list their data attributes in ``_payload_fields``; at render
    time each is embedded in the page and its token is available to the
    template as ``this.refs.<field>`` (write it with ``|tojson``).
    """

    _payload_fields: tuple[str, ...] = ()

    def render(self, **kwargs: Any) -> None:
        page = page_of(self)
        self.refs = {name: page.embed(getattr(self, name)) for name in self._payload_fields}
        super().render(**kwargs)


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
    """An element whose script Python writes (:meth:`script`), added to the page as it is.

    folium's elements are Jinja templates, and branca compiles each one's
    rendered script as a template once more; tn-map's own elements are
    neither: nothing is compiled (when the module loads or the page
    renders), so no text can act as template code.  Values reach the script
    as :func:`script_json`, and data as page tokens (:meth:`embed`).

    Mixed with folium's classes, list it last (``class X(JSCSSMixin, Layer,
    ScriptElement)``) so that their ``render`` runs first and this one
    takes the place of :class:`~branca.element.MacroElement`'s.
    """

    def script(self) -> str:
        """The element's JavaScript (without ``<script>`` tags)."""
        raise NotImplementedError

    def embed(self, value: Any) -> str:
        """``value`` as the page's token (it joins after templating): write the result into the script."""
        return json.dumps(page_of(self).embed(value))

    def render(self, **kwargs: Any) -> None:
        root = self.get_root()
        if not isinstance(root, Figure):
            raise TypeError(f"{type(self).__name__} must be rendered in a page (a branca Figure)")
        root.script.add_child(RawHtml(self.script()), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
