"""The facts pane: facts of an article or the corpus, the ledger, people and a chart.

Four tabs (keys ``f`` ``l`` ``p`` ``r``, or ``1``–``4``); ``j`` / ``k`` / ``g`` /
``G`` move in the focused list as everywhere else:

* **Facts** — the facts of the current article (``a``: of every article),
  filtered by kind (``]`` / ``[`` cycle through the kinds); a ranking's value
  names its indicator ("EGDI 74/193"). Enter opens the
  evidence in the reader, scrolled to its paragraph and highlighted; Escape
  there comes back here.
* **Ledger** — groups of facts about the same thing across articles and
  languages, conflicts first (✗, red), then translation discrepancies (≠,
  yellow), then groups that agree (=). Enter opens the first source.
* **People** — everyone named, with roles as stated; the mentions of the
  highlighted person beside (or below) the list. Enter opens a mention.
* **Chart** — each ranking indicator's rank over the years, one line each.

Loading runs in a worker (facts may be extracted on first use); article text
is always rendered through ``rich.text.Text``, never as markup.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Header,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)

from newsdesk.tui.marks import FACT_MARKS
from newsdesk.tui.messages import OpenArticle
from newsdesk.tui.screens import STILL_READING
from newsdesk.tui.widgets.fill import fill_in_slices
from newsdesk.tui.widgets.footer import KeyFooter
from newsdesk.tui.widgets.lazy_table import Column, LazyTable

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual import getters

    from newsdesk.store import Discrepancy, Fact, Group, Ledger, Person, Point
    from newsdesk.tui.app import NewsdeskApp

__all__ = [
    "AGREE",
    "CONFLICT",
    "DISCREPANCY",
    "KIND_MARKS",
    "FactsScreen",
    "Target",
    "indicator_label",
    "value_text",
]

CONFLICT = "✗"
DISCREPANCY = "≠"
AGREE = "="

#: kind → (symbol, colour): the symbol carries the kind when there is no colour.
KIND_MARKS = FACT_MARKS
_KINDS: tuple[str | None, ...] = (None, *KIND_MARKS)
_TABS = ("facts", "ledger", "people", "chart")


@dataclass(frozen=True, slots=True)
class Target:
    """Where Enter goes: an article, a paragraph and the spans to highlight."""

    doc: str
    para: int
    spans: tuple[tuple[int, int], ...]


def _target(fact: Fact) -> Target:
    return Target(fact.doc, fact.para, ((fact.start, fact.end),))


def _group_target(group: Group) -> Target:
    """The first source of the value a group lists first."""
    first = next(iter(group.values()), None)
    fact = next((f for f in group.facts if group.value_of(f) == first), group.facts[0])
    return _target(fact)


#: Lines in the ledger and people lists at most: an option list measures every
#: line when shown (10k groups held the interface for 17 s); the CLI lists all.
LIST_LIMIT = 500
_VALUES_SHOWN = 6  # values of one ledger group
_DOCS_SHOWN = 3  # article ids after each value


def _kind_text(kind: str) -> Text:
    symbol, colour = KIND_MARKS.get(kind, ("?", "white"))
    return Text.assemble((symbol + " ", f"bold {colour}"), (kind, colour))


def _initials(name: str) -> str:
    """ "E-Government Development Index" → "EGDI"; short names stay as they are."""
    words = name.replace("-", " ").split()
    if len(words) < 3 or not all(w[:1].isupper() or w.isupper() for w in words):
        return name
    return "".join(w[0] for w in words)


def indicator_label(indicator: str) -> str:
    """A ranking's indicator as short as it can be read: the index's initials and its
    sub-index or scope ("EGDI", "GII – innovation inputs", "FWR (men)")."""
    base, sep, rest = indicator.partition(" – ")
    head, bracket, scope = base.partition(" (")
    label = _initials(head) + (bracket + scope if bracket else "")
    return label + (sep + rest if sep else "")


def value_text(fact: Fact, fact_value: Callable[[Fact], str]) -> str:
    """The value column: what the fact says, a ranking with its indicator ("EGDI 74/193")."""
    value = str(fact_value(fact))
    if fact.kind == "ranking" and fact.get("indicator"):
        return f"{indicator_label(str(fact.get('indicator')))} {value}"
    return value


def _whole_ticks(low: int, high: int, most: int = 8) -> list[int]:
    """Whole-number ticks from ``low`` to ``high``, at most ``most`` of them."""
    step = max(1, -(-(high - low) // (most - 1)))
    return list(range(low, high + 1, step))


def _one_line(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _gap_prompt(gap: Discrepancy) -> Text:
    from newsdesk.store import fact_value

    text = Text()
    text.append(f"{DISCREPANCY} {gap.kind}: ", "bold yellow")
    text.append(f"translation {gap.left[:12]} / {gap.right[:12]}", "yellow")
    if gap.what == "different" and gap.left_fact and gap.right_fact:
        text.append(f"\n  {_one_line(fact_value(gap.left_fact), 34)}  {gap.left[:12]}")
        text.append(f"\n  {_one_line(fact_value(gap.right_fact), 34)}  {gap.right[:12]}")
        return text
    fact = gap.left_fact or gap.right_fact
    side, other = (gap.left, gap.right) if gap.left_fact else (gap.right, gap.left)
    text.append(f"\n  only in {side[:12]} (not in {other[:12]}): ")
    text.append(_one_line(fact.text, 60) if fact else "", "bold")
    return text


def _group_prompt(group: Group, mark: str, style: str) -> Text:
    """A ledger group: its label, then each value with the articles stating it.

    On a large archive a value can be stated by hundreds of articles: a few
    ids and a count keep each line one line (Enter opens the evidence).
    """
    text = Text()
    text.append(f"{mark} ", style)
    text.append(f"{group.kind}: ", style)
    text.append(group.label, "bold" if mark == CONFLICT else "")
    values = list(group.values().items())
    for value, docs in values[:_VALUES_SHOWN]:
        text.append("\n  ")
        text.append(_one_line(value, 50), style if mark == CONFLICT else "")
        shown = ", ".join(d[:12] for d in docs[:_DOCS_SHOWN])
        more = f" +{len(docs) - _DOCS_SHOWN:,}" if len(docs) > _DOCS_SHOWN else ""
        text.append(f"  {shown}{more}", "dim")
    if len(values) > _VALUES_SHOWN:
        text.append(f"\n  … {len(values) - _VALUES_SHOWN:,} more values", "dim")
    return text


def _more(hidden: int, what: str, where: str) -> Text:
    """The last line of a capped list: how many are not listed, and where they are."""
    return Text(f"… {hidden:,} more {what} not listed here: {where}", "dim italic")


def ledger_rows(ledger: Ledger, limit: int = LIST_LIMIT) -> list[tuple[Text, Target | None]]:
    """The ledger tab's lines (conflicts, translation gaps, agreements, at most ``limit``)
    and where each leads."""
    conflicts = [g for g in ledger.groups if g.conflict]
    agreeing = [g for g in ledger.groups if not g.conflict]
    from newsdesk.store import Discrepancy

    entries: list[Group | Discrepancy] = [*conflicts, *ledger.discrepancies, *agreeing]
    rows: list[tuple[Text, Target | None]] = []
    for item in entries[:limit]:
        if isinstance(item, Discrepancy):
            fact = item.left_fact or item.right_fact
            rows.append((_gap_prompt(item), _target(fact) if fact is not None else None))
        elif item.conflict:
            rows.append((_group_prompt(item, CONFLICT, "bold red"), _group_target(item)))
        else:
            rows.append((_group_prompt(item, AGREE, "green"), _group_target(item)))
    if len(entries) > limit:
        where = "`newsdesk facts --conflicts` prints every conflict"
        rows.append((_more(len(entries) - limit, "groups", where), None))
    if not rows:
        rows.append((Text("No facts found in more than one source yet."), None))
    return rows


def people_rows(persons: list[Person], limit: int = LIST_LIMIT) -> list[Text]:
    """The people tab's lines (the ``limit`` most mentioned): name, mentions, quotes, roles."""
    rows = []
    for person in persons[:limit]:
        text = Text()
        text.append(person.name, "bold")
        text.append(f"  {len(person.mentions)}× in {len(person.docs)}", "dim")
        if person.quotes:
            text.append(f" · {person.quotes} ❝", "green")
        roles = list(dict.fromkeys(str(r["role"]) for r in person.roles))
        if roles:
            text.append("\n  " + _one_line("; ".join(roles), 70), "italic")
        rows.append(text)
    if len(persons) > limit:
        rows.append(_more(len(persons) - limit, "people, less often named,", "`newsdesk people`"))
    return rows or [Text("No people found.")]


class FactsScreen(Screen[None]):
    """Facts, ledger, people and chart for article ``doc_id`` and the whole corpus."""

    if TYPE_CHECKING:  # the app, typed (at run time: Textual's own property)
        app = getters.app(NewsdeskApp)

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    DEFAULT_CSS = """
    FactsScreen #facts-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    FactsScreen TabbedContent {
        height: 1fr;
    }
    FactsScreen TabPane {
        padding: 0;
    }
    FactsScreen #facts-table, FactsScreen #ledger-list {
        height: 1fr;
    }
    FactsScreen #people-body {
        layout: vertical;
        height: 1fr;
    }
    FactsScreen.-wide #people-body {
        layout: horizontal;
    }
    FactsScreen #people-list, FactsScreen #mentions-list {
        height: 1fr;
        width: 1fr;
        border: round $primary 50%;
    }
    FactsScreen #people-list:focus, FactsScreen #mentions-list:focus,
    FactsScreen #ledger-list:focus {
        border: round $primary;
    }
    FactsScreen #ledger-list {
        border: round $primary 50%;
    }
    FactsScreen #chart-legend {
        height: auto;
        max-height: 8;
        padding: 0 1;
    }
    FactsScreen #facts-chart {
        height: 1fr;
        min-height: 10;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="facts_close", tooltip="Back to the articles"),
        Binding("f,1", "tab('facts')", "Facts", id="facts_tab_facts", tooltip="Facts tab"),
        Binding("l,2", "tab('ledger')", "Ledger", id="facts_tab_ledger", tooltip="Ledger tab"),
        Binding("p,3", "tab('people')", "People", id="facts_tab_people", tooltip="People tab"),
        Binding("r,4", "tab('chart')", "Chart", id="facts_tab_chart", tooltip="Rankings chart"),
        Binding("j", "move(1)", "Down", show=False, id="facts_down"),
        Binding("k", "move(-1)", "Up", show=False, id="facts_up"),
        Binding("g", "edge(0)", "Top", show=False, id="facts_top"),
        Binding("G", "edge(-1)", "Bottom", show=False, id="facts_bottom"),
        Binding(
            "a", "toggle_scope", "Article/all", id="facts_scope",
            tooltip="Facts of this article or of every article",
        ),
        Binding(
            "right_square_bracket", "cycle_kind(1)", "Kind", key_display="]", id="facts_kind",
            tooltip="Show one kind of fact",
        ),
        Binding(
            "left_square_bracket", "cycle_kind(-1)", "Kind back", key_display="[",
            id="facts_kind_back", show=False, tooltip="Previous kind",
        ),
    ]  # fmt: skip

    class Loaded(Message):
        """The worker's answer: facts, ledger, people and chart series (or an error)."""

        def __init__(
            self, data: dict[str, Any] | None, error: str | None, *, partial: bool = False
        ) -> None:
            super().__init__()
            self.data = data
            self.error = error
            #: Only the open article's facts: the corpus's are still being read.
            self.partial = partial

    def __init__(self, doc_id: str) -> None:
        super().__init__()
        self.doc_id = doc_id
        # Whether this pane's data is out of the collector's scans, and whether the
        # pane is gone: the worker may finish after it closed (then nothing is frozen).
        self._frozen = False
        self._closed = False
        self._freezing = threading.Lock()
        self.corpus = False
        self.kind: str | None = None
        self.facts: list[Fact] = []
        self.ledger: Ledger | None = None
        self.persons: list[Person] = []
        self.series: dict[str, list[Point]] = {}
        self.shown: list[Fact] = []
        self.ledger_targets: list[Target | None] = []
        self.mention_targets: list[Target] = []
        self.loaded = False

    # -- layout -----------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="#")
        yield Static(Text("Reading facts…"), id="facts-status")
        with TabbedContent(initial="facts"):
            with TabPane("Facts", id="facts"):
                yield LazyTable(id="facts-table")
            with TabPane("Ledger", id="ledger"):
                yield OptionList(id="ledger-list")
            with TabPane("People", id="people"), Container(id="people-body"):
                yield OptionList(id="people-list")
                yield OptionList(id="mentions-list")
            with TabPane("Chart", id="chart"), VerticalScroll(id="chart-pane"):
                yield Static(id="chart-legend")
                yield from self._chart_widget()
        yield KeyFooter()

    def _chart_widget(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # loaded with the pane, not at start-up

        yield PlotextPlot(id="facts-chart")

    def on_unmount(self) -> None:
        from newsdesk.store import thaw_heap

        with self._freezing:
            self._closed = True
            if self._frozen:
                thaw_heap()

    def on_mount(self) -> None:
        self.title = "Facts"
        self.sub_title = self.doc_id
        self.query_one("#facts-table", LazyTable).focus()
        self.load()

    def store_ready(self) -> None:
        """The database is read (the app calls this): load what had to wait for it."""
        if not self.loaded and not self.facts:
            self.load()

    # -- loading ------------------------------------------------------------
    @work(thread=True, exclusive=True, group="facts", exit_on_error=False)
    def load(self) -> None:
        """Read (and on first use extract) the facts off the UI thread.

        The open article's facts come first; a large archive's take seconds more.
        """
        from newsdesk.store import (
            NewsdeskError,
            article_facts,
            build_ledger,
            freeze_heap,
            load_facts,
            paused_gc,
            people,
            ranking_series,
        )

        store = self.app.store
        if store is None:
            self.post_message(self.Loaded(None, STILL_READING))
            return
        try:
            quick = article_facts(store, self.doc_id)
        except NewsdeskError as exc:
            self.post_message(self.Loaded(None, str(exc)))
            return
        self.post_message(self.Loaded({"facts": quick}, None, partial=True))
        # Hundreds of thousands of objects and no cycles: the collector would rescan
        # the growing heap over and over, and then scan all of them once more in the
        # interface's thread (at 10k articles: 11 s to load, 7 s paused and frozen).
        # They stay frozen while the pane is open (thawed when it closes).
        with paused_gc():
            try:
                facts = load_facts(store)
                pairs = {s.id: s.pair for s in store.summaries() if s.pair}
            except NewsdeskError as exc:
                self.post_message(self.Loaded(None, str(exc)))
                return
            ledger = build_ledger(facts, pairs)
            persons = people(facts)
            data = {
                "facts": facts,
                "ledger": ledger,
                "people": persons,
                "series": ranking_series(facts),
                # The lists' lines too: thousands of them on a large archive, built here.
                "ledger_rows": ledger_rows(ledger),
                "people_rows": people_rows(persons),
            }
            with self._freezing:
                if not self._closed:
                    freeze_heap()
                    self._frozen = True
        self.post_message(self.Loaded(data, None))

    def on_facts_screen_loaded(self, message: Loaded) -> None:
        if message.data is None:
            self.query_one("#facts-status", Static).update(Text(message.error or ""))
            return
        if message.partial:
            if not self.loaded:
                self.facts = message.data["facts"]
                self._fill_facts()
            return
        self.facts = message.data["facts"]
        self.ledger = message.data["ledger"]
        self.persons = message.data["people"]
        self.series = message.data["series"]
        self.loaded = True
        self._fill_facts()
        self._fill_ledger(message.data["ledger_rows"])
        self._fill_people(message.data["people_rows"])
        self._fill_chart()

    # -- facts tab ------------------------------------------------------------
    def _fill_facts(self) -> None:
        from newsdesk.store import fact_value

        reading = not self.loaded  # only the open article's facts are in yet
        self.shown = (
            []  # every article's facts: not read yet
            if reading and self.corpus
            else [
                f
                for f in self.facts
                if (self.corpus or f.doc == self.doc_id)
                and (self.kind is None or f.kind == self.kind)
            ]
        )
        columns = [Column("Article", 12)] if self.corpus else []
        columns += [
            Column("Kind", 14),
            Column("¶", 3),
            Column("Value", 26, 1),
            Column("Evidence", 12, 2),
        ]
        corpus = self.corpus

        def cells(fact: Fact) -> list[Text]:
            # Built for the rows on screen only: 265,000 facts at 10k articles.
            row = [Text(fact.doc[:12], style="dim")] if corpus else []
            return [
                *row,
                _kind_text(fact.kind),
                Text(str(fact.para), style="dim"),
                Text(_one_line(value_text(fact, fact_value), 60)),
                Text(_one_line(fact.text, 200)),
            ]

        self.query_one("#facts-table", LazyTable).set_rows(columns, self.shown, cells)
        scope = "every article" if self.corpus else self.doc_id
        kind = self.kind or "all kinds"
        conflicts = len(self.ledger.conflicts) if self.ledger else 0
        status = Text()
        status.append(f"{len(self.shown):,} facts", style="bold")
        status.append(f" · {scope} · {kind}")
        if conflicts:
            status.append(f" · {CONFLICT} {conflicts:,} conflict{'s' * (conflicts != 1)}", "red")
        if reading:
            status.append(" · reading every article's facts…", style="italic")
        status.append("  (a: article/all · ]: kind)", style="dim")
        self.query_one("#facts-status", Static).update(status)

    @on(LazyTable.Selected, "#facts-table")
    def _fact_selected(self, event: LazyTable.Selected) -> None:
        if 0 <= event.index < len(self.shown):
            self.open_target(_target(self.shown[event.index]))

    # -- ledger tab -----------------------------------------------------------
    def _fill_ledger(self, rows: list[tuple[Text, Target | None]]) -> None:
        self.ledger_targets = [target for _, target in rows]
        fill_in_slices(self.query_one("#ledger-list", OptionList), [p for p, _ in rows])

    @on(OptionList.OptionSelected, "#ledger-list")
    def _ledger_selected(self, event: OptionList.OptionSelected) -> None:
        target = self.ledger_targets[event.option_index]
        if target is not None:
            self.open_target(target)

    # -- people tab -------------------------------------------------------------
    def _fill_people(self, rows: list[Text]) -> None:
        fill_in_slices(self.query_one("#people-list", OptionList), rows)
        self._fill_mentions(0)

    def _fill_mentions(self, index: int) -> None:
        mentions = self.query_one("#mentions-list", OptionList)
        self.mention_targets = []
        if not 0 <= index < min(len(self.persons), LIST_LIMIT):
            mentions.clear_options()
            return  # past the listed people (the "… more" line)
        person = self.persons[index]
        lines: list[Text] = []
        for m in person.mentions[:LIST_LIMIT]:
            text = Text()
            text.append(f"{m['doc'][:12]} ¶{m['para']}", "bold")
            if m.get("role"):
                text.append(f"  {_one_line(str(m['role']), 50)}", "italic")
            text.append("\n  " + _one_line(str(m["text"]), 70))
            lines.append(text)
            start, end = m["span"]
            self.mention_targets.append(Target(m["doc"], int(m["para"]), ((start, end),)))
        if len(person.mentions) > LIST_LIMIT:
            hidden = len(person.mentions) - LIST_LIMIT
            lines.append(_more(hidden, "mentions", "`newsdesk people --json`"))
        # A screenful at once: moving through the people list redraws this list each step.
        fill_in_slices(mentions, lines, first=30, highlight=False)
        mentions.border_title = f"{person.name}: mentions"

    @on(OptionList.OptionHighlighted, "#people-list")
    def _person_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._fill_mentions(event.option_index)

    @on(OptionList.OptionSelected, "#people-list")
    def _person_selected(self, event: OptionList.OptionSelected) -> None:
        mentions = self.query_one("#mentions-list", OptionList)
        if self.mention_targets:
            mentions.focus()
            mentions.highlighted = 0

    @on(OptionList.OptionSelected, "#mentions-list")
    def _mention_selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.mention_targets):
            self.open_target(self.mention_targets[event.option_index])

    # -- chart tab ---------------------------------------------------------------
    def _fill_chart(self) -> None:
        legend = Text()
        legend.append("Rank by year (1 = best)", "bold")
        for label, points in self.series.items():
            legend.append(f"\n{label}: ")
            for n, point in enumerate(points):
                if n:
                    legend.append(" → ")
                legend.append(f"{point.year} {point.rank}", "bold")
                if point.conflict:
                    others = "/".join(str(r) for r in point.ranks if r != point.rank)
                    legend.append(f" {CONFLICT}{others}", "bold red")
        if not self.series:
            legend.append("\nNo rankings found.")
        self.query_one("#chart-legend", Static).update(legend)
        from textual_plotext import PlotextPlot

        chart = self.query_one("#facts-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        years = sorted({p.year for points in self.series.values() for p in points})
        for points in self.series.values():
            xs = [p.year for p in points]
            ys = [p.rank for p in points]
            # No plot legend: it would cover the lines; the legend above names them.
            plt.plot(xs, ys, marker="braille")
            plt.scatter(xs, ys, marker="●")
            for p in points:
                for rank in p.ranks:
                    if rank != p.rank:
                        plt.scatter([p.year], [rank], marker="✗", color="red")
        ranks = [r for points in self.series.values() for p in points for r in p.ranks]
        if years:
            # plotext types ticks as list[float] (a list is invariant); whole years it is.
            plt.xticks(years, [str(y) for y in years])  # type: ignore[arg-type]
            plt.xlim(years[0] - 1, years[-1] + 1)
            low, high = max(1, min(ranks) - 5), max(ranks) + 5
            plt.ylim(low, high)
            plt.yticks(_whole_ticks(low, high))  # type: ignore[arg-type]  # whole ranks, as above
            plt.yreverse(True)  # rank 1 at the top
        plt.title("Rank by year (1 = best, at the top)")
        plt.xlabel("year")
        chart.refresh()

    # -- actions ---------------------------------------------------------------
    def open_target(self, target: Target) -> None:
        """Show a fact's evidence in the reader; Escape there comes back here."""
        self.post_message(
            OpenArticle(
                target.doc, target.para, list(target.spans), return_to=self, return_name="facts"
            )
        )

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_tab(self, name: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = name
        focus = {
            "facts": "#facts-table",
            "ledger": "#ledger-list",
            "people": "#people-list",
            "chart": "#chart-pane",
        }[name]
        # Focus follows the tab: a focused widget left in a hidden pane would switch back.
        self.query_one(focus).focus()

    def action_move(self, step: int) -> None:
        """``j`` / ``k``: one line down or up in the focused list."""
        focused = self.focused
        if isinstance(focused, LazyTable):
            focused.action_cursor(step)
        elif isinstance(focused, OptionList):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()
        elif focused is not None:
            focused.scroll_relative(y=step, animate=False)

    def action_edge(self, end: int) -> None:
        """``g`` / ``G``: the first or the last line of the focused list."""
        focused = self.focused
        if isinstance(focused, LazyTable):
            focused.action_jump(end)
        elif isinstance(focused, OptionList):
            (focused.action_last if end else focused.action_first)()
        elif focused is not None:
            (focused.scroll_end if end else focused.scroll_home)(animate=False)

    def action_toggle_scope(self) -> None:
        self.corpus = not self.corpus
        if self.loaded or self.facts:
            self._fill_facts()
        self.action_tab("facts")

    def action_cycle_kind(self, step: int) -> None:
        index = (_KINDS.index(self.kind) + step) % len(_KINDS)
        self.kind = _KINDS[index]
        if self.loaded or self.facts:
            self._fill_facts()
        self.action_tab("facts")
