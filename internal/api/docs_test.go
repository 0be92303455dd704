package api

import (
	"html/template"
	"testing"
)

func TestProse(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]template.HTML{
		"plain":                      "plain",
		"with `matches` and <b>":     "with <code>matches</code> and &lt;b&gt;",
		"`<script>` is code":         "<code>&lt;script&gt;</code> is code",
		"an unpaired ` stays & text": "an unpaired ` stays &amp; text",
	} {
		if got := prose(in); got != want {
			t.Errorf("prose(%q) = %q, want %q", in, got, want)
		}
	}
}
