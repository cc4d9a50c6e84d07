"""The server-side charts: geometry, escaping, and nothing CSP would block."""

import re

from kinerja.core import svg


def test_bar_length_is_value_over_max_times_the_plot_width():
    chart = svg.bar_chart([("A", 50), ("B", 100)], title="t", max_value=100, width=560,
                          label_width=170)  # fmt: skip
    widths = [float(w) for w in re.findall(r'<rect x="170" y="\d+" width="([\d.]+)"', chart)]
    assert widths == [165, 330]  # plot = 560 - 170 - 60 = 330


def test_values_over_the_maximum_are_clipped_and_negative_drawn_as_zero():
    chart = svg.bar_chart([("A", 150), ("B", -5)], title="t", max_value=100)
    widths = re.findall(r'<rect x="170" y="\d+" width="([\d.]+)"', chart)
    assert widths == ["330", "0"]


def test_labels_are_escaped_and_no_style_or_script_is_emitted():
    chart = svg.grouped_bars(["<b>x</b>"], [svg.Series("S&P", [10])], title="<judul>")
    assert "<b>x</b>" not in chart and "&lt;b&gt;" in chart and "S&amp;P" in chart
    assert "&lt;judul&gt;" in chart
    others = (svg.bar_chart([("a", 1)], title="t"), svg.line_chart([("1", 3)], title="t"))
    for text in (chart, *others):
        assert "style=" not in text and "<script" not in text


def test_line_chart_breaks_on_missing_values():
    chart = svg.line_chart([("1", 50), ("2", 60), ("3", None), ("4", 70), ("5", 80)], title="t",
                           low=0, high=100)  # fmt: skip
    assert chart.count("<polyline") == 2
    assert chart.count("<circle") == 4


def test_line_chart_maps_low_and_high_to_the_plot_edges():
    chart = svg.line_chart([("a", 0), ("b", 100)], title="t", low=0, high=100, height=200)
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', chart)]
    assert ys == [172, 8]  # plot height 200 - 28 - 8 = 164, top at 8
