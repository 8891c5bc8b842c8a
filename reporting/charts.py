"""The geometry of the pages' charts, drawn as SVG by templates (`reporting/includes/*_chart.html`).

A chart only repeats numbers a table beside it gives in full: its drawing is laid out here, in the SVG's own
units (the chart scales to the width of the page), and styled by classes from `reporting/oversight.css`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360  # user units across; the page scales the drawing to its column
ROW = 44  # a horizontal bar's row: its label, then the bar
BAR = 16
LABEL_GAP = 4
COLUMN_PLOT = 160  # the height of a column chart's plot area
COLUMN_TOP = 16  # room above the plot for the top value
AXIS_LABELS = 20  # room below the plot for the labels
LEFT_AXIS = 36  # room left of the plot for the percentages


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart: a label above a bar as long as the value, the value after it."""

    label: str
    value_text: str
    label_y: int
    bar_y: int
    length: float  # 0 for no value (nothing is drawn)
    value_x: float
    value_y: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


@dataclass(frozen=True)
class Column:
    """One column of a column chart: its height from the baseline, its labels below."""

    label: str
    value_text: str
    x: float
    width: float
    y: float
    height: float  # 0 for no value (nothing is drawn)
    centre: float
    value_y: float  # the value's text, just above the column (or the baseline)


@dataclass(frozen=True)
class Gridline:
    y: float
    text: str
    text_y: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    plot_left: int
    axis_x: int  # where the percentages end, left of the plot
    baseline: int
    label_y: int
    gridlines: list[Gridline]
    columns: list[Column]


@dataclass(frozen=True)
class Point:
    """A value to draw: its label, its value (None for none, drawn as nothing), and how to say it."""

    label: str
    value: float | None
    value_text: str


def bar_chart(points: Sequence[Point], maximum: float) -> BarChart:
    """Horizontal bars, one a row, their lengths in proportion to `maximum` (the full width)."""
    room = WIDTH - 96  # what is left after the longest value text
    bars = []
    for index, point in enumerate(points):
        top = index * ROW
        length = room * point.value / maximum if point.value and maximum else 0.0
        bars.append(
            Bar(
                label=point.label,
                value_text=point.value_text,
                label_y=top + 14,
                bar_y=top + 14 + LABEL_GAP,
                length=round(length, 1),
                value_x=round(length + 6, 1),
                value_y=top + 14 + LABEL_GAP + BAR - 4,
            )
        )
    return BarChart(width=WIDTH, height=max(len(points), 1) * ROW, bar_height=BAR, bars=bars)


def rate_columns(points: Sequence[Point]) -> ColumnChart:
    """Columns for rates from 0 to 1 (the plot's full height), with gridlines at 0, 50 and 100 %."""
    plot_width = WIDTH - LEFT_AXIS
    slot = plot_width / max(len(points), 1)
    baseline = COLUMN_TOP + COLUMN_PLOT
    columns = []
    for index, point in enumerate(points):
        height = COLUMN_PLOT * point.value if point.value is not None else 0.0
        left = LEFT_AXIS + index * slot
        columns.append(
            Column(
                label=point.label,
                value_text=point.value_text,
                x=round(left + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                y=round(baseline - height, 1),
                height=round(height, 1),
                centre=round(left + slot / 2, 1),
                value_y=round(baseline - height - 4, 1),
            )
        )
    gridlines = [
        Gridline(
            y=round(baseline - COLUMN_PLOT * share, 1),
            text=f"{round(share * 100)}%",
            text_y=round(baseline - COLUMN_PLOT * share + 3, 1),
        )
        for share in (0, 0.5, 1)
    ]
    return ColumnChart(
        width=WIDTH,
        height=baseline + AXIS_LABELS,
        plot_left=LEFT_AXIS,
        axis_x=LEFT_AXIS - 4,
        baseline=baseline,
        label_y=baseline + 13,
        gridlines=gridlines,
        columns=columns,
    )


def percent(rate: float | None) -> str:
    """A rate as a page says it: a whole percentage, or a dash for none."""
    return "—" if rate is None else f"{round(rate * 100)}%"
