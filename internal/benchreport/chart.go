package benchreport

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Chart draws two panels: throughput per load phase (with pgbench beside
// the two reads it repeats) and p50/p95/p99 latency per phase.
func Chart(r *Results, w io.Writer) error {
	var names []string
	var tput, p50, p95, p99 plotter.Values
	for _, p := range r.Phases {
		names = append(names, p.Name)
		tput = append(tput, p.Throughput)
		p50, p95, p99 = append(p50, p.P50), append(p95, p.P95), append(p99, p.P99)
	}
	if len(names) == 0 {
		return fmt.Errorf("no phases to chart")
	}
	pg := make(plotter.Values, len(names))
	for _, b := range r.Pgbench {
		for i, p := range r.Phases {
			if p.Endpoint == b.Name && p.Set == "wide" {
				pg[i] = b.TPS
			}
		}
	}

	top := plot.New()
	top.Title.Text = "Throughput (2xx per second; pgbench: the same SQL)"
	top.Y.Label.Text = "per second"
	width := vg.Points(9)
	api, err := plotter.NewBarChart(tput, width)
	if err != nil {
		return err
	}
	api.Color = color.RGBA{R: 40, G: 110, B: 190, A: 255}
	api.Offset = -width / 2
	pgb, err := plotter.NewBarChart(pg, width)
	if err != nil {
		return err
	}
	pgb.Color = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	pgb.Offset = width / 2
	top.Add(api, pgb)
	top.Legend.Add("API", api)
	top.Legend.Add("pgbench", pgb)
	top.Legend.Top = true
	top.NominalX(names...)
	top.X.Tick.Label.Rotation = 0.6
	top.X.Tick.Label.XAlign = draw.XRight

	bottom := plot.New()
	bottom.Title.Text = "API latency (ms)"
	bottom.Y.Label.Text = "ms"
	var bars []*plotter.BarChart
	colors := []color.Color{
		color.RGBA{R: 120, G: 190, B: 120, A: 255}, color.RGBA{R: 240, G: 170, B: 60, A: 255},
		color.RGBA{R: 210, G: 70, B: 60, A: 255},
	}
	for i, v := range []plotter.Values{p50, p95, p99} {
		b, err := plotter.NewBarChart(v, vg.Points(6))
		if err != nil {
			return err
		}
		b.Color = colors[i]
		b.Offset = vg.Points(float64(i-1) * 6)
		bars = append(bars, b)
		bottom.Add(b)
	}
	bottom.Legend.Add("p50", bars[0])
	bottom.Legend.Add("p95", bars[1])
	bottom.Legend.Add("p99", bars[2])
	bottom.Legend.Top = true
	bottom.NominalX(names...)
	bottom.X.Tick.Label.Rotation = 0.6
	bottom.X.Tick.Label.XAlign = draw.XRight

	img := vgimg.New(vg.Points(760), vg.Points(620))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadX: vg.Points(4), PadY: vg.Points(8)}
	canvases := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, dc)
	top.Draw(canvases[0][0])
	bottom.Draw(canvases[1][0])
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}
