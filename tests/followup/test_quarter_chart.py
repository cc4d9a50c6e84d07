"""The employee sees a chart of their capaian by slice of the period, beside its table (the
old page had none)."""


def test_my_results_show_capaian_by_quarter_as_a_chart_and_a_table(personas, closed, login):
    html = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    assert "Capaian per bagian periode" in html
    chart = html.split('<section class="card" aria-labelledby="h-kuartal">', 1)[1]
    chart = chart.split("</section>", 1)[0]
    assert chart.count("<svg") == 1 and chart.count("<polyline") == 2  # mine and 100%
    assert chart.count("<circle") == 8  # four slices, two lines
    rows = chart.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 4
    assert "Capaian saya" in chart
