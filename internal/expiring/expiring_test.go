package expiring

import (
	"testing"
	"time"
)

func TestMap(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	var m Map[string, int]
	m.Put("a", 1, now.Add(10*time.Second), now)
	if v, ok := m.Get("a", now.Add(9*time.Second)); !ok || v != 1 {
		t.Fatalf("forgotten before its time: %v %v", v, ok)
	}
	if _, ok := m.Get("a", now.Add(10*time.Second)); ok {
		t.Fatal("kept at its time")
	}
	if _, ok := m.Get("b", now); ok {
		t.Fatal("another key matched")
	}
	m.Put("c", 3, now.Add(-time.Second), now)
	if _, ok := m.Get("c", now.Add(-2*time.Second)); ok {
		t.Fatal("an entry already expired was stored")
	}
	m.Put("d", 4, now.Add(time.Hour), now)
	m.Forget("d")
	if _, ok := m.Get("d", now); ok {
		t.Fatal("forgotten entry still there")
	}
	if u := Until(now, time.Minute, now.Add(time.Hour)); !u.Equal(now.Add(time.Minute)) {
		t.Errorf("Until with a later end: %v", u)
	}
	if u := Until(now, time.Minute, now.Add(time.Second)); !u.Equal(now.Add(time.Second)) {
		t.Errorf("Until with a sooner end: %v", u)
	}
	// Bounded: a flood of distinct keys does not grow it past Max.
	for i := range Max + 10 {
		m.Put(string(rune(i)), i, now.Add(time.Hour), now)
	}
	if n := m.Len(); n > Max {
		t.Fatalf("%d entries, limit %d", n, Max)
	}
}
