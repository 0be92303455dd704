package legacy

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress is told about every legacy row the import handles. The command
// gives a Bar when stderr is a terminal and nothing otherwise, so logs and
// pipes never fill with carriage returns.
type Progress interface {
	Start(total int)
	Step(table string)
	Done()
}

type noProgress struct{}

func (noProgress) Start(int)   {}
func (noProgress) Step(string) {}
func (noProgress) Done()       {}

// Bar draws a one-line progress bar, redrawn at most ten times a second.
type Bar struct {
	W     io.Writer
	total int
	n     int
	last  time.Time
	table string
}

// Start begins a bar of total steps.
func (b *Bar) Start(total int) { b.total, b.n = total, 0; b.draw(true) }

// Step advances the bar by one row of table.
func (b *Bar) Step(table string) {
	b.n++
	b.table = table
	b.draw(b.n == b.total)
}

// Done ends the bar's line.
func (b *Bar) Done() {
	b.draw(true)
	fmt.Fprintln(b.W)
}

func (b *Bar) draw(force bool) {
	if !force && time.Since(b.last) < 100*time.Millisecond {
		return
	}
	b.last = time.Now()
	const width = 30
	frac := 1.0
	if b.total > 0 {
		frac = float64(b.n) / float64(b.total)
	}
	full := int(frac * width)
	fmt.Fprintf(b.W, "\r[%s%s] %3.0f%% %d/%d %-28s", strings.Repeat("#", full), strings.Repeat(" ", width-full),
		frac*100, b.n, b.total, b.table)
}
