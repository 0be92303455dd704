package procstat

import (
	"os"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	t.Parallel()
	// A command name with spaces and a parenthesis, utime 250, stime 50.
	line := "1234 (post gres: x) S 1 1234 1234 0 -1 4194560 1043 0 0 0 250 50 0 0 20 0 1 0 100 0 0\n"
	got, err := parseStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 * time.Second; got != want {
		t.Fatalf("cpu = %v, want %v", got, want)
	}
	if _, err := parseStat([]byte("1234 (x S 1")); err == nil {
		t.Fatal("malformed stat accepted")
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	got, err := parseStatus([]byte("Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.RSS != 1<<20 || got.HWM != 2<<20 {
		t.Fatalf("got %+v", got)
	}
	if _, err := parseStatus([]byte("VmRSS:\t1 kB\n")); err == nil {
		t.Fatal("missing VmHWM accepted")
	}
}

func TestSelf(t *testing.T) {
	t.Parallel()
	m, err := Mem(os.Getpid())
	if err != nil || m.RSS <= 0 || m.HWM < m.RSS {
		t.Fatalf("own memory %+v, %v", m, err)
	}
	if _, err := CPU(os.Getpid()); err != nil {
		t.Fatal(err)
	}
}
