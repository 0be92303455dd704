package benchdata

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The shape of a clinic's history: who registered when, who came when,
// and which visits led to a prescription, tests or a note. It is compact
// (a few bytes a visit) so that the deep clinic's million visits fit in
// memory; the rows' details are drawn while they are written, from a
// generator seeded by the row's own index, so they do not depend on the
// order tables are written in.

// Proportions of the history, per completed visit unless said otherwise.
const (
	cancelledShare = 0.08 // of all visits
	rxShare        = 0.70 // a prescription
	testShare      = 0.20 // one or two tests
	noteShare      = 0.45 // a doctor's note
	reportShare    = 0.90 // of tests: completed with a report
	openHourStart  = 9    // the clinic opens at 9:00 …
	openMinutes    = 600  // … and checks patients in for 10 hours
)

type patientPlan struct {
	day    int32 // registration day, 0 = first day of the history
	minute int16 // minutes after opening
}

type visitPlan struct {
	patient   int32
	day       int32
	minute    int16
	token     int16
	doctor    uint8
	cancelled bool
	note      bool
	lines     uint8 // prescription lines; 0 = no prescription
	tests     uint8
	rx        int32 // index of its prescription, -1 for none
	line0     int32 // index of its first prescription line
	test0     int32 // index of its first test
}

type plan struct {
	spec                          Spec
	c                             Clinic
	start                         time.Time // midnight of the first day, IST
	days                          int
	patients                      []patientPlan
	visits                        []visitPlan
	rxCount, lineCount, testCount int
}

// rng returns a generator for stream name and index n of clinic c: the same
// numbers whatever else was drawn before.
func (p *plan) rng(name string, n int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(p.c.Slug))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(p.spec.Seed^h.Sum64(), uint64(n)))
}

func newPlan(s Spec, c Clinic) *plan {
	p := &plan{spec: s, c: c}
	p.start = s.Anchor.AddDate(-s.Years, 0, 0)
	p.days = int(s.Anchor.Sub(p.start).Hours()/24 + 0.5)
	r := p.rng("plan", 0)

	// Registrations spread evenly over the history; the chart patient is
	// the first.
	p.patients = make([]patientPlan, c.Patients)
	for i := range p.patients {
		p.patients[i] = patientPlan{day: int32(i * p.days / c.Patients), minute: int16(r.IntN(openMinutes))}
	}

	// Visit counts: registration is a first visit; returns are geometric,
	// more for patients registered earlier (they have had longer to come
	// back), adjusted to the exact total.
	counts := make([]int, c.Patients)
	mean := float64(c.Visits) / float64(c.Patients)
	first := 0
	if c.ChartPatient {
		counts[0] = s.ChartVisits
		first = 1
	}
	// Every patient visits at least once: a clinic with fewer visits than
	// that gets more.
	total, want := 0, max(c.Visits-counts[0], c.Patients-first)
	for i := first; i < c.Patients; i++ {
		w := 2 * float64(p.days-int(p.patients[i].day)) / float64(p.days)
		counts[i] = 1 + geometric(r, mean*w-1)
		total += counts[i]
	}
	for total > want {
		if i := first + r.IntN(c.Patients-first); counts[i] > 1 {
			counts[i]--
			total--
		}
	}
	for total < want {
		counts[first+r.IntN(c.Patients-first)]++
		total++
	}

	p.visits = make([]visitPlan, 0, want+counts[0])
	for i, n := range counts {
		d0, m0 := int(p.patients[i].day), int(p.patients[i].minute)
		for k := range n {
			day, minute := d0, m0
			if k > 0 {
				day, minute = d0+r.IntN(p.days-d0), r.IntN(openMinutes)
				if day == d0 && minute < m0 {
					minute = m0
				}
			}
			p.visits = append(p.visits, visitPlan{patient: int32(i), day: int32(day), minute: int16(minute)})
		}
	}
	slices.SortFunc(p.visits, func(a, b visitPlan) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		if a.minute != b.minute {
			return int(a.minute - b.minute)
		}
		return int(a.patient - b.patient)
	})

	// Tokens count per day; the rest of a visit is drawn from its own
	// generator, so it depends only on the visit's place in the history.
	var day int32 = -1
	token := 0
	for i := range p.visits {
		v := &p.visits[i]
		if v.day != day {
			day, token = v.day, 0
		}
		token++
		v.token = int16(token)
		vr := p.rng("visit-plan", i)
		v.doctor = uint8(vr.IntN(c.Doctors))
		v.cancelled = vr.Float64() < cancelledShare
		v.rx, v.line0, v.test0 = -1, int32(p.lineCount), int32(p.testCount)
		if v.cancelled {
			continue
		}
		v.note = vr.Float64() < noteShare
		if vr.Float64() < rxShare {
			v.lines = uint8(1 + vr.IntN(5))
			v.rx = int32(p.rxCount)
			p.rxCount++
			p.lineCount += int(v.lines)
		}
		if vr.Float64() < testShare {
			v.tests = uint8(1 + vr.IntN(2)*vr.IntN(2)) // one, sometimes two
			p.testCount += int(v.tests)
		}
	}
	return p
}

// geometric draws a count with the given mean (0 allowed).
func geometric(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	q := mean / (1 + mean) // P(another)
	return int(math.Floor(math.Log(1-r.Float64()) / math.Log(q)))
}

// at is the time of minute m after opening on history day d.
func (p *plan) at(d int32, m int16) time.Time {
	return p.start.AddDate(0, 0, int(d)).Add(time.Duration(openHourStart*60+int(m)) * time.Minute)
}

// date is history day d as a date.
func (p *plan) date(d int32) time.Time {
	t := p.start.AddDate(0, 0, int(d))
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// rows is the number of rows the clinic's plan writes.
func (p *plan) rows() int {
	tests, reports, notes := 0, 0, 0
	for i := range p.visits {
		v := &p.visits[i]
		tests += int(v.tests)
		if v.note {
			notes++
		}
	}
	for t := range tests {
		if p.testCompleted(t) {
			reports++
		}
	}
	return 1 + len(p.c.Staff()) + p.c.Doctors + len(medicines) + len(labTests) + len(p.patients) +
		len(p.counterYears()) + len(p.visits) + notes + p.rxCount + p.lineCount + tests + reports
}

// testCompleted reports whether test t got a report.
func (p *plan) testCompleted(t int) bool { return p.rng("test-status", t).Float64() < reportShare }

// counterYears are the registration years with their last patient number.
func (p *plan) counterYears() []yearCount {
	var out []yearCount
	for i := range p.patients {
		y := p.at(p.patients[i].day, 0).Year()
		if len(out) == 0 || out[len(out)-1].year != y {
			out = append(out, yearCount{year: y})
		}
		out[len(out)-1].count++
	}
	return out
}

type yearCount struct{ year, count int }
