"""What every chart of the kit shares: its printed size, its fonts, its opening, and a layout check.

Every ``plot_*`` function follows the seaborn convention ``plot_x(data, *, …, lang="fr", ax=None) -> Axes``:
given an ``ax`` it draws there; without one it creates its own figure **at its printed size**
(:data:`PRINT_WIDTH_IN` wide, the content width of an A4 page, and as tall as its rows need).
It never calls ``show`` nor ``savefig``. Helpers drawing several panels return a ``Figure``.

:func:`print_chart` draws with the kit's print style, where no text is smaller than
:data:`MIN_FONT_PT`; :func:`open_axes` is the shared opening (language checked, Axes created
at print size, title from the labels table); :func:`no_data_panel` marks an empty chart;
:func:`text_layout_problems` lists what would not read on paper: too small, overlapping or
truncated texts.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
>>> _ = ax.set_title("Fréquentation"), ax.set_xlabel("Séance")
>>> text_layout_problems(fig)
[]
>>> _ = ax.text(0.5, 0.5, "trop petit", fontsize=5)
>>> text_layout_problems(fig)
['texte « trop petit » : 5 pt, moins de 8 pt']
>>> plt.close("all")
"""
from __future__ import annotations

import contextlib
import functools
import textwrap
from collections.abc import Callable, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text

from transfo_lab.base.labels import check_lang, label

__all__ = ["PRINT_WIDTH_IN", "MIN_FONT_PT", "PRINT_STYLE", "print_style", "print_chart", "open_axes", "new_figure",
           "no_data_panel", "rows_height", "wrap", "legend_outside", "place_labels", "thin_texts", "thin_ticks",
           "stagger_ticks", "fit_titles", "lay_out", "text_layout_problems"]

#: Width of a chart on paper, in inches: the content width of an A4 page (21 cm − 2 × 2.5 cm margins).
PRINT_WIDTH_IN = 6.5
#: No text of a printed chart is smaller than this, in points.
MIN_FONT_PT = 8
#: Height of a chart without rows to count (a curve, a scatter), in inches.
DEFAULT_HEIGHT_IN = 4.0

#: The kit's print style: fonts between 8 and 10 pt, no top and right frame lines.
PRINT_STYLE: dict = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": 9,
    "figure.titlesize": 11,
    "figure.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

#: Tolerance of the layout check, in points: boxes touching by less than this do not overlap.
_TOLERANCE_PT = 0.5


def no_data_panel(ax, lang: str = "fr"):
    """Turn a chart's Axes into an explicit « Pas de données » panel (never an empty or misleading chart).

    >>> import matplotlib.pyplot as plt
    >>> ax = no_data_panel(plt.figure().gca())
    >>> ax.texts[0].get_text(), ax.axison
    ('Pas de données', False)
    """
    ax.text(0.5, 0.5, label("common.no_data", lang), ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


@contextlib.contextmanager
def print_style():
    """A context in which matplotlib draws with :data:`PRINT_STYLE` (``with print_style(): …``).

    The interactive mode is kept as the drawing left it: in a notebook, the inline backend
    switches it on when the first figure is made — inside this context if the first chart
    of the notebook is a ``plot_*`` call. Restoring it to off would hide every later chart.
    """
    state = {}
    try:
        with mpl.rc_context(PRINT_STYLE):
            try:
                yield
            finally:
                state["interactive"] = mpl.is_interactive()
    finally:
        if "interactive" in state and state["interactive"] != mpl.is_interactive():
            mpl.interactive(state["interactive"])


def print_chart(func: Callable) -> Callable:
    """Decorator of the ``plot_*`` functions: the whole drawing happens in :func:`print_style`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with print_style():
            result = func(*args, **kwargs)
            if kwargs.get("ax") is None and isinstance(result, (Axes, Figure)):
                fit_titles(result if isinstance(result, Figure) else result.figure)
            return result

    return wrapper


def lay_out(fig: Figure) -> None:
    """Place every artist of ``fig`` (layout engine, text sizes) without rendering pixels — cheaper than a draw."""
    fig.draw_without_rendering()


def fit_titles(fig: Figure) -> None:
    """Rewrap the titles and axis names that would stick out of ``fig`` (a figure made at print size)."""
    for _ in range(3):
        lay_out(fig)
        renderer = fig.canvas.get_renderer()
        frame = fig.bbox
        changed = False
        for ax in fig.axes:
            for text in (ax.title, ax.xaxis.label):
                if not text.get_visible() or not text.get_text():
                    continue
                box = text.get_window_extent(renderer)
                if box.x0 >= frame.x0 - 0.5 and box.x1 <= frame.x1 + 0.5:
                    continue
                centre = (box.x0 + box.x1) / 2
                room = 2 * min(centre - frame.x0, frame.x1 - centre) - 4
                flat = " ".join(text.get_text().split())
                longest = max(len(line) for line in text.get_text().split("\n"))
                width = max(12, int(longest * room / max(box.width, 1)) - 1)
                text.set_text(wrap(flat, width))
                changed = True
        if not changed:
            return


def new_figure(height: float = DEFAULT_HEIGHT_IN, width: float = PRINT_WIDTH_IN) -> Figure:
    """A pyplot figure at its printed size, laid out by matplotlib's constrained layout."""
    return plt.figure(figsize=(min(width, PRINT_WIDTH_IN), height), layout="constrained")


def open_axes(ax: Axes | None, title_key: str | None = None, *, lang: str = "fr", height: float = DEFAULT_HEIGHT_IN,
              width: float = PRINT_WIDTH_IN, polar: bool = False, title: str | None = None,
              title_width: int = 60, **values) -> Axes:
    """The opening of every ``plot_*`` function: check ``lang``, get the Axes, set the title.

    Parameters
    ----------
    ax : Axes or None
        Where to draw; ``None`` creates a figure of ``width`` × ``height`` inches
        (a polar Axes with ``polar``).
    title_key : str, optional
        Key of the title in :data:`transfo_lab.base.labels.LABELS`, formatted with ``values``.
    title : str, optional
        A title already in words (instead of ``title_key``).
    title_width : int
        In a figure made here, titles longer than this many characters are wrapped onto
        several lines (in the caller's figure, the caller chose the size: the title is kept whole).

    >>> ax = open_axes(None, "ideation.votes_title", height=3)
    >>> ax.get_title(), ax.figure.get_size_inches().tolist()
    ('Résultat du vote par gommettes', [6.5, 3.0])
    >>> plt.close("all")
    """
    check_lang(lang)
    created = ax is None
    if created:
        ax = new_figure(height, width).add_subplot(projection="polar" if polar else None)
        ax.tick_params(labelsize=mpl.rcParams["xtick.labelsize"])
    if title_key is not None:
        title = label(title_key, lang, **values)
    if title:
        ax.set_title(wrap(title, title_width) if created else title)
    return ax


def rows_height(n: int, *, per_row: float = 0.3, extra: float = 1.3, minimum: float = 2.2,
                maximum: float = 9.0) -> float:
    """A chart's height for ``n`` rows (bars, heatmap rows, Gantt lanes), in inches.

    >>> rows_height(10), rows_height(0), rows_height(100)
    (4.3, 2.2, 9.0)
    """
    return float(round(min(max(extra + per_row * n, minimum), maximum), 2))


def wrap(text, width: int, *, max_lines: int | None = None) -> str:
    """``text`` on lines of at most ``width`` characters (words are kept whole when they fit).

    Nothing is cut: ``max_lines`` only merges what is beyond into the last line.

    >>> wrap("Charge de travail soutenable pour les personnels", 20)
    'Charge de travail\\nsoutenable pour les\\npersonnels'
    """
    text = "" if text is None else str(text)
    lines = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [text]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return "\n".join(lines)


def legend_outside(ax: Axes, handles: Sequence | None = None, *, title: str | None = None, width: int = 22,
                   below: bool = False, ncols: int | None = None, **kwargs) -> Legend | None:
    """A legend outside the plot area: right of the Axes (top-aligned), or centred below it.

    Entry texts are wrapped at ``width`` characters. The constrained layout of the
    figures made by :func:`open_axes` leaves room for it.
    """
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if not handles:
        return None
    labels = [wrap(h.get_label(), width) for h in handles]
    if below:
        ncols = ncols or min(len(handles), 3)
        options = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.14), "ncols": ncols}
    else:
        options = {"loc": "upper left", "bbox_to_anchor": (1.02, 1), "ncols": ncols or 1}
    options |= {"frameon": False, "borderaxespad": 0} | kwargs
    return ax.legend(handles, labels, title=wrap(title, width) if title else None, **options)


def place_labels(ax: Axes, texts: list[Text], *, points: tuple[Sequence, Sequence] | None = None,
                 objects: list | None = None, arrows: bool = True, iterations: int = 300, **kwargs) -> list[Text]:
    """Move ``texts`` (already drawn near what they label) so that they overlap neither each other nor ``points``.

    A thin wrapper of :func:`adjustText.adjust_text`, made deterministic (a fixed number of
    iterations instead of a time limit) and run after a first draw, so that the layout of
    the figure is final. Leader lines join each moved label to its original position.
    """
    from adjustText import adjust_text

    if not texts:
        return texts
    lay_out(ax.figure)
    options = {"ensure_inside_axes": True, "iter_lim": iterations, "time_lim": None,
               "expand": (1.15, 1.4), "force_text": (0.3, 0.5), "force_static": (0.2, 0.4), "ax": ax,
               "prevent_crossings": False, "avoid_self": points is None}
    if points is not None:
        options |= {"x": np.asarray(points[0], dtype=float), "y": np.asarray(points[1], dtype=float)}
    if objects:
        options["objects"] = list(objects)
    if arrows:
        options["arrowprops"] = {"arrowstyle": "-", "color": "0.45", "lw": 0.5, "shrinkA": 1, "shrinkB": 3}
    options |= kwargs
    adjust_text(texts, **options)
    return texts


def thin_texts(ax: Axes, texts: Sequence[Text], priorities: Sequence[float] | None = None, *,
               margin: float = 2.0) -> list[Text]:
    """Remove the texts that would touch another one, keeping the most important first; the texts kept.

    For numbers written inside narrow bar segments or cells: a number that has no room is
    left out rather than written over its neighbour. ``margin`` is in points.
    """
    if not texts:
        return []
    fig = ax.figure
    lay_out(fig)
    renderer = fig.canvas.get_renderer()
    pad = margin * fig.dpi / 72
    order = np.argsort(-np.asarray(priorities if priorities is not None else np.zeros(len(texts)), dtype=float),
                       kind="stable")
    kept: list = []
    for index in order:
        text = texts[index]
        box = Text.get_window_extent(text, renderer).expanded(1, 1).padded(pad / 2)
        if any(box.overlaps(other) for other in kept):
            text.remove()
        else:
            kept.append(box)
    return [t for t in texts if t.axes is not None]


def thin_ticks(ax: Axes, axis: str = "x") -> int:
    """Keep one tick in 2, 3… of ``axis`` until its labels no longer touch; the step kept (1: all ticks)."""
    from matplotlib.ticker import FixedLocator

    fig = ax.figure
    target = getattr(ax, f"{axis}axis")
    locations = [float(v) for v in target.get_ticklocs()]
    low, high = sorted(target.get_view_interval())
    locations = [v for v in locations if low <= v <= high]
    for step in range(1, max(len(locations), 1) + 1):
        if step > 1:
            target.set_major_locator(FixedLocator(locations[::step]))
        lay_out(fig)
        renderer = fig.canvas.get_renderer()
        boxes = [t.label1.get_window_extent(renderer) for t in target.get_major_ticks()
                 if t.label1.get_visible() and t.label1.get_text() and low <= t.get_loc() <= high]
        if axis == "x":
            touching = any(min(a.x1, b.x1) - max(a.x0, b.x0) > -3 for a, b in zip(boxes, boxes[1:]))
        else:
            touching = any(min(a.y1, b.y1) - max(a.y0, b.y0) > -1 for a, b in zip(boxes, boxes[1:]))
        if not touching:
            return step
    return step


def stagger_ticks(ax: Axes, axis: str = "x") -> bool:
    """Put every other tick label of ``axis`` one label lower when neighbours would touch; whether it did.

    For long category names under few, narrow columns (journey stages, sites): the names
    stay whole and horizontal, on two alternating rows.
    """
    fig = ax.figure
    lay_out(fig)
    renderer = fig.canvas.get_renderer()
    ticks = [t for t in getattr(ax, f"{axis}axis").get_major_ticks() if t.label1.get_visible() and t.label1.get_text()]
    boxes = [t.label1.get_window_extent(renderer) for t in ticks]
    touching = any(min(a.x1, b.x1) - max(a.x0, b.x0) > -3 for a, b in zip(boxes, boxes[1:]))
    if not touching:
        return False
    depth = max(b.height for b in boxes) * 72 / fig.dpi + 2  # in points
    for tick in ticks[1::2]:
        tick.set_pad(tick.get_pad() + depth)
    return True


# --- the layout check ---------------------------------------------------------------------------------


def _drawn_ticks(axis) -> list:
    try:
        return list(axis._update_ticks())  # the ticks actually drawn (inside the view interval)
    except AttributeError:  # pragma: no cover - older/newer matplotlib
        return list(axis.get_major_ticks()) + list(axis.get_minor_ticks())


def _texts(fig: Figure, renderer, lang: str = "fr") -> list[tuple[str, Text]]:
    """Every visible, non-empty text of the figure, with a short description of what it is."""
    found: list[tuple[str, Text]] = []
    seen: set[int] = set()

    def add(kind: str, text: Text | None, **values) -> None:
        if text is None or id(text) in seen or not text.get_visible() or not text.get_text().strip():
            return
        if isinstance(text, Annotation):
            try:
                if not text._check_xy(renderer):  # an annotation whose point is out of view is not drawn
                    return
            except AttributeError:  # pragma: no cover
                pass
        seen.add(id(text))
        found.append((label(f"plotting.kind.{kind}", lang, **values), text))

    def add_legend(legend: Legend | None) -> None:
        if legend is not None and legend.get_visible():
            add("legend_title", legend.get_title())
            for text in legend.get_texts():
                add("legend", text)

    for text in (fig._suptitle, fig._supxlabel, fig._supylabel):
        add("suptitle", text)
    for text in fig.texts:
        add("text", text)
    for legend in fig.legends:
        add_legend(legend)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for text in (ax.title, ax._left_title, ax._right_title):
            add("title", text)
        if ax.axison:
            for name, axis in ax._axis_map.items():
                if not axis.get_visible():
                    continue
                add("axis_name", axis.label, axis=name)
                add("axis_offset", axis.offsetText, axis=name)
                for tick in _drawn_ticks(axis):
                    if tick.get_visible():
                        for text in (tick.label1, tick.label2):
                            add("tick", text, axis=name)
        for text in ax.texts:
            add("annotation" if isinstance(text, Annotation) else "text", text)
        add_legend(ax.get_legend())
        for child in ax.get_children():
            if isinstance(child, Legend):
                add_legend(child)
            elif isinstance(child, Text):
                add("text", child)
    return found


def _rectangle(text: Text, renderer) -> np.ndarray:
    """The four corners of the text's (possibly rotated) box, in pixels."""
    box = Text.get_window_extent(text, renderer)  # never an annotation's arrow
    angle = np.deg2rad(text.get_rotation() % 180)
    if np.isclose(np.sin(2 * angle), 0):
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    rotation = text.get_rotation()
    text.set_rotation(0)  # the unrotated size, then turned around the box centre
    flat = Text.get_window_extent(text, renderer)
    text.set_rotation(rotation)
    half = np.array([[-flat.width, -flat.height], [flat.width, -flat.height], [flat.width, flat.height],
                     [-flat.width, flat.height]]) / 2
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return half @ turn.T + [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]


def _overlap(a: np.ndarray, b: np.ndarray, tolerance: float) -> bool:
    """Whether two convex quadrilaterals overlap by more than ``tolerance`` pixels (separating axis theorem)."""
    for shape in (a, b):
        for k in range(4):
            edge = shape[(k + 1) % 4] - shape[k]
            normal = np.array([-edge[1], edge[0]])
            length = np.hypot(*normal)
            if length == 0:
                continue
            normal /= length
            pa, pb = a @ normal, b @ normal
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= tolerance:
                return False  # a separating axis
    return True


def _show(text: Text) -> str:
    shown = " ".join(text.get_text().split())
    return shown if len(shown) <= 40 else shown[:39] + "…"


def text_layout_problems(fig: Figure, *, lang: str = "fr") -> list[str]:
    """What would not read when ``fig`` is printed at its size, in sentences in ``lang``; ``[]`` if all is well.

    Draws the figure (``fig.canvas.draw()``), then checks every visible, non-empty text —
    titles, axis names, tick labels, texts and annotations, legend entries and titles:

    * smaller than :data:`MIN_FONT_PT`;
    * overlapping another text (boxes, rotated with their text, compared pairwise —
      also the cells of a heatmap or the entries of one legend);
    * extending beyond the figure (cut off on paper).

    >>> fig = plt.figure(figsize=(3, 2))
    >>> _ = fig.text(0.5, 0.5, "A"), fig.text(0.5, 0.5, "B")
    >>> text_layout_problems(fig)
    ['« A » (texte) chevauche « B » (texte)']
    >>> plt.close("all")
    """
    check_lang(lang)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tolerance = _TOLERANCE_PT * fig.dpi / 72
    texts = _texts(fig, renderer, lang)
    problems = []
    boxes = []
    frame = fig.bbox
    for kind, text in texts:
        size = text.get_fontsize()
        if size < MIN_FONT_PT - 1e-6:
            problems.append(label("plotting.too_small", lang, kind=kind, text=_show(text), size=f"{size:g}",
                                  minimum=MIN_FONT_PT))
        box = Text.get_window_extent(text, renderer)
        if (box.x0 < frame.x0 - tolerance or box.y0 < frame.y0 - tolerance or box.x1 > frame.x1 + tolerance
                or box.y1 > frame.y1 + tolerance):
            problems.append(label("plotting.outside", lang, kind=kind, text=_show(text)))
        boxes.append((box, _rectangle(text, renderer)))
    if texts:
        extents = np.array([[b.x0, b.y0, b.x1, b.y1] for b, _ in boxes])
        wide = np.minimum.outer(extents[:, 2], extents[:, 2]) - np.maximum.outer(extents[:, 0], extents[:, 0])
        tall = np.minimum.outer(extents[:, 3], extents[:, 3]) - np.maximum.outer(extents[:, 1], extents[:, 1])
        candidates = np.argwhere(np.triu((wide > tolerance) & (tall > tolerance), k=1))  # axis-aligned boxes meet
        for i, j in candidates:
            if _overlap(boxes[i][1], boxes[j][1], tolerance):
                (kind_i, text_i), (kind_j, text_j) = texts[i], texts[j]
                problems.append(label("plotting.overlap", lang, text=_show(text_i), kind=kind_i, other=_show(text_j),
                                      other_kind=kind_j))
    return problems
