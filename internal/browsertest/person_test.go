package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/santkrupa/santkrupa/internal/dbtest"
)

// person is someone in front of the browser: a browser context of their
// own (cookies, storage) with one tab. Every method is one bounded step
// that fails the test with the person, the step and the page it was on.
type person struct {
	t    *testing.T
	e    *env
	name string
	ctx  context.Context
	last page // the page last loaded
}

func (e *env) person(name string) *person {
	e.t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser, chromedp.WithNewBrowserContext())
	e.t.Cleanup(cancel)
	// The first run opens the tab; like the browser's first run it carries
	// no step timeout (the suite's deadline still bounds it).
	if err := chromedp.Do(ctx); err != nil {
		e.t.Fatalf("%s: open a tab: %v", name, err)
	}
	return &person{t: e.t, e: e, name: name, ctx: ctx}
}

// step runs f with the step timeout.
func (p *person) step(what string, f func(ctx context.Context) error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		p.failShot()
		p.t.Fatalf("%s: %s: %v (page: %s)", p.name, what, err, p.where())
	}
}

// fatalf fails the test after saving what the person saw.
func (p *person) fatalf(format string, args ...any) {
	p.t.Helper()
	p.failShot()
	p.t.Fatalf(format, args...)
}

// failShot saves what the person saw when a step failed, if it can.
func (p *person) failShot() {
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if png, err := chromedp.Run(ctx, fullPage()); err == nil {
		_ = os.WriteFile(p.e.shots.path("FAILED-"+p.name), png, 0o644) // best effort: the test fails anyway
	}
}

// where is the current URL, for messages.
func (p *person) where() string {
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "unknown: " + err.Error()
	}
	return loc
}

// path is the current URL's path and query.
func (p *person) path() string {
	u, err := url.Parse(p.where())
	if err != nil {
		return ""
	}
	return u.RequestURI()
}

func (p *person) abs(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return p.e.base + path
}

// page is what a person sees after a page loads, read in one round trip.
type page struct {
	Status int      `json:"-"`
	URL    string   `json:"url"`
	H1     string   `json:"h1"`
	Text   string   `json:"text"`
	A11y   []string `json:"a11y"`
}

// Path is the page URL's path and query.
func (pg page) Path() string {
	u, err := url.Parse(pg.URL)
	if err != nil {
		return pg.URL
	}
	return u.RequestURI()
}

const lookJS = `({url: location.href, h1: (document.querySelector("h1") || {innerText: ""}).innerText.trim(),
  text: document.body ? document.body.innerText : "", a11y: ` + a11yJS + `})`

// look reads the current page and reports its accessibility problems.
func (p *person) look(status int) page {
	p.t.Helper()
	var pg page
	p.step("read the page", func(ctx context.Context) error {
		var err error
		pg, err = chromedp.Run(ctx, chromedp.Evaluate[page](lookJS))
		return err
	})
	pg.Status = status
	p.last = pg
	p.e.reportA11y(p.t, pg)
	return pg
}

// open navigates to path and returns the page it ends on (after
// redirects) with its HTTP status.
func (p *person) open(path string) page {
	p.t.Helper()
	var status int
	p.step("open "+path, func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(p.abs(path)))
		if err != nil {
			return err
		}
		if resp == nil {
			return fmt.Errorf("no response for the page")
		}
		status = int(resp.Status)
		return nil
	})
	return p.look(status)
}

// visit opens path, wants a 200 page and, with a name, saves a screenshot.
func (p *person) visit(path, shot string) page {
	p.t.Helper()
	pg := p.open(path)
	if pg.Status != 200 {
		p.fatalf("%s: open %s: status %d, want 200; page says: %.300s", p.name, path, pg.Status, pg.Text)
	}
	if shot != "" {
		p.screenshot(shot)
	}
	return pg
}

// text is the page's visible text now (after scripts changed it).
func (p *person) text() string {
	p.t.Helper()
	var s string
	p.step("read the page", func(ctx context.Context) error {
		var err error
		s, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		return err
	})
	return s
}

// wantText fails unless the page shows every one of texts.
func (p *person) wantText(what string, texts ...string) {
	p.t.Helper()
	body := p.text()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			p.fatalf("%s: %s: page %s does not show %q; it says: %.600s", p.name, what, p.path(), s, body)
		}
	}
}

// screenshot saves the whole page (beyond the window) as a PNG.
func (p *person) screenshot(name string) {
	p.t.Helper()
	file := p.e.shots.path(name)
	p.step("screenshot "+name, func(ctx context.Context) error {
		png, err := chromedp.Run(ctx, fullPage())
		if err != nil {
			return err
		}
		return os.WriteFile(file, png, 0o644)
	})
}

// fullPage captures the whole page as a PNG, encoded for speed rather
// than size: the suite has a time budget.
func fullPage() chromedp.Action[[]byte] {
	yes := true
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			Format: cdppage.CaptureScreenshotFormatPng, CaptureBeyondViewport: &yes, FromSurface: &yes, OptimizeForSpeed: &yes,
		})
		return r.Data, err
	}
}

// a11yJS lists the page's accessibility smoke-check failures: the document
// language, exactly one h1, a title, a label (or aria name) for every
// form control, a name for every button, alt text on images, unique ids
// and aria references that resolve.
const a11yJS = `(() => {
  const out = [];
  const norm = s => (s || "").replace(/\s+/g, " ").trim();
  const byId = id => id && document.getElementById(id);
  if (!norm(document.documentElement.getAttribute("lang"))) out.push("<html> has no lang attribute");
  if (!norm(document.title)) out.push("the page has no <title>");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) out.push("the page has " + h1 + " <h1> elements, want 1");
  const labelled = el =>
    (el.labels && [...el.labels].some(l => norm(l.textContent))) ||
    norm(el.getAttribute("aria-label")) ||
    norm(el.getAttribute("aria-labelledby")).split(" ").some(id => byId(id) && norm(byId(id).textContent));
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (el.tagName === "INPUT" && ["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    if (!labelled(el)) out.push(el.tagName.toLowerCase() + (type ? "[type=" + type + "]" : "") +
      " name=" + (el.name || "?") + " id=" + (el.id || "?") + " has no label");
  }
  for (const b of document.querySelectorAll("button, input[type=submit], input[type=button]")) {
    if (!norm(b.innerText || b.value) && !norm(b.getAttribute("aria-label")) && !b.getAttribute("aria-labelledby"))
      out.push("a button has no name: " + b.outerHTML.slice(0, 120));
  }
  for (const img of document.querySelectorAll("img:not([alt])")) out.push("<img src=" + img.getAttribute("src") + "> has no alt");
  const seen = new Set();
  for (const el of document.querySelectorAll("[id]")) {
    if (seen.has(el.id)) out.push("duplicate id " + el.id);
    seen.add(el.id);
  }
  for (const el of document.querySelectorAll("[aria-describedby]")) {
    for (const id of norm(el.getAttribute("aria-describedby")).split(" "))
      if (id && !byId(id)) out.push("aria-describedby points at a missing id " + id);
  }
  return out;
})()`

// findJS holds the page-side lookups by what a person reads: a form control
// by its label text, a button or link by its text, optionally inside the
// smallest element that also shows scope (e.g. a table row naming a
// patient). The element found is tagged with a data-bt attribute, and the
// CSS selector of that tag returned, so chromedp can click or type into it
// with real input events.
const findJS = `
window.__bt = window.__bt || (() => {
  const norm = s => (s || "").replace(/\s+/g, " ").trim();
  let n = window.__btN || 0;
  const tag = el => { window.__btN = ++n; el.setAttribute("data-bt", String(n)); return '[data-bt="' + n + '"]'; };
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const labelText = l => { const c = l.cloneNode(true); c.querySelectorAll("input,select,textarea,option,.field-error").forEach(x => x.remove()); return norm(c.textContent); };
  // text matches want exactly, or starts with it followed by a non-word
  // character ("Phone *", "Email (optional)").
  const matches = (text, want, loose) => text === want ||
    (text.startsWith(want) && !/[\p{L}\p{N}]/u.test(text.charAt(want.length))) ||
    (loose && text.includes(want));
  // narrowest keeps the candidates whose nearest ancestor showing scope is
  // the closest.
  const narrowest = (els, scope) => {
    if (!scope) return els;
    let best = [], bestDepth = Infinity;
    for (const el of els) {
      let d = 0, a = el;
      while (a && !norm(a.innerText).includes(scope)) { a = a.parentElement; d++; }
      if (!a) continue;
      if (d < bestDepth) { best = [el]; bestDepth = d; } else if (d === bestDepth) best.push(el);
    }
    return best;
  };
  const one = (els, what) => {
    if (els.length === 0) return {err: "no " + what};
    if (els.length > 1) return {err: els.length + " elements match " + what};
    return {sel: tag(els[0])};
  };
  return {
    control(label, scope) {
      const found = [];
      for (const l of document.querySelectorAll("label")) {
        if (l.control && matches(labelText(l), label, false)) found.push(l.control);
      }
      for (const el of document.querySelectorAll("[aria-label]")) {
        if (matches(norm(el.getAttribute("aria-label")), label, false) && !found.includes(el)) found.push(el);
      }
      const exact = found.filter(el => [...(el.labels || [])].some(l => labelText(l) === label));
      return one(narrowest(exact.length === 1 ? exact : found, scope).filter(visible), 'a control labelled "' + label + '"');
    },
    named(name, scope) {
      return one(narrowest([...document.getElementsByName(name)], scope).filter(visible), 'a control named "' + name + '"');
    },
    button(text, scope, loose) {
      const els = [...document.querySelectorAll("button, input[type=submit], input[type=button], [role=button]")]
        .filter(b => matches(norm(b.getAttribute("aria-label") || b.innerText || b.value), text, loose));
      return one(narrowest(els, scope).filter(visible), 'a button "' + text + '"' + (scope ? ' near "' + scope + '"' : ""));
    },
    link(text, scope, loose) {
      const els = [...document.querySelectorAll("a[href]")].filter(a => matches(norm(a.getAttribute("aria-label") || a.innerText), text, loose));
      return one(narrowest(els, scope).filter(visible), 'a link "' + text + '"' + (scope ? ' near "' + scope + '"' : ""));
    },
    // choose selects the option whose text (or value) is text.
    choose(sel, text) {
      const s = document.querySelector(sel);
      const opt = [...s.options].find(o => norm(o.text) === text || o.value === text) ||
        [...s.options].find(o => norm(o.text).startsWith(text));
      if (!opt) return {err: 'no option "' + text + '" among: ' + [...s.options].map(o => norm(o.text)).join(" | ")};
      s.value = opt.value;
      s.dispatchEvent(new Event("input", {bubbles: true}));
      s.dispatchEvent(new Event("change", {bubbles: true}));
      return {sel};
    },
    // set gives a control a value the way a date or time picker would.
    set(sel, value) {
      const el = document.querySelector(sel);
      el.value = value;
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
      return {sel};
    },
    // option is the first suggestion of the control's datalist that starts
    // with prefix, as a person picks it after typing the first letters.
    option(sel, prefix) {
      const el = document.querySelector(sel);
      const opts = el.list ? [...el.list.options].map(o => o.value) : [];
      const v = opts.find(o => o.startsWith(prefix));
      return v ? {sel: v} : {err: 'no suggestion starting with "' + prefix + '" among: ' + opts.join(" | ")};
    },
    kind(sel) {
      const el = document.querySelector(sel);
      return {sel: el.tagName.toLowerCase() + ":" + (el.getAttribute("type") || "").toLowerCase()};
    },
  };
})();
`

type found struct {
	Sel string `json:"sel"`
	Err string `json:"err"`
}

// find runs one of findJS's lookups, e.g. find("button", "Save", "", false).
func (p *person) find(fn string, args ...any) string {
	p.t.Helper()
	js, err := json.Marshal(args)
	if err != nil {
		p.t.Fatal(err)
	}
	expr := findJS + "; __bt." + fn + "(..." + string(js) + ")"
	var f found
	p.step(fmt.Sprintf("find %s %v", fn, args), func(ctx context.Context) error {
		var err error
		f, err = chromedp.Run(ctx, chromedp.Evaluate[found](expr))
		if err == nil && f.Err != "" {
			err = fmt.Errorf("%s", f.Err)
		}
		return err
	})
	return f.Sel
}

// fill puts value into the control labelled label: typed with key events
// into text fields, chosen by option text in a select, set as a picker
// would for dates and times, the file's path for a file input.
func (p *person) fill(label, value string) { p.fillSel(p.find("control", label, ""), label, value) }

// fillIn is fill for a control whose label repeats on the page (e.g. the
// "Dose" of every prescription line): the one inside the narrowest element
// that also shows scope (e.g. the line's legend "Medicine 2").
func (p *person) fillIn(scope, label, value string) {
	p.fillSel(p.find("control", label, scope), label+" in "+scope, value)
}

// pickIn picks a suggestion for the control labelled label (inside
// scope) as a person picks a medicine from the catalog: types prefix, waits
// until the control's list (which the page may refresh as they type)
// offers a suggestion starting with it, and takes that suggestion. It
// returns the suggestion.
func (p *person) pickIn(scope, label, prefix string) string {
	p.t.Helper()
	sel := p.find("control", label, scope)
	p.fillSel(sel, label+" in "+scope, prefix)
	var choice string
	p.step(fmt.Sprintf("wait for a suggestion starting with %q", prefix), func(ctx context.Context) error {
		expr := findJS + "; __bt.option(" + jsString(sel) + "," + jsString(prefix) + ")"
		for {
			f, err := chromedp.Run(ctx, chromedp.Evaluate[found](expr))
			if err != nil {
				return err
			}
			if f.Err == "" {
				choice = f.Sel
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s", f.Err)
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
	p.fillSel(sel, label+" in "+scope, choice)
	return choice
}

// fillNamed is fill for a control found by its name attribute, for
// repeated rows (e.g. prescription lines) whose labels repeat too.
func (p *person) fillNamed(name, value string) { p.fillSel(p.find("named", name, ""), name, value) }

func (p *person) fillSel(sel, what, value string) {
	p.t.Helper()
	kind := p.find("kind", sel)
	p.step(fmt.Sprintf("fill %q with %q", what, value), func(ctx context.Context) error {
		switch {
		case strings.HasPrefix(kind, "select:"):
			var f found
			f, err := chromedp.Run(ctx, chromedp.Evaluate[found](findJS+"; __bt.choose("+jsString(sel)+","+jsString(value)+")"))
			if err == nil && f.Err != "" {
				err = fmt.Errorf("%s", f.Err)
			}
			return err
		case kind == "input:file":
			return chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{value}))
		case kind == "input:date" || kind == "input:time" || kind == "input:datetime-local" || kind == "input:month":
			_, err := chromedp.Run(ctx, chromedp.Evaluate[found](findJS+"; __bt.set("+jsString(sel)+","+jsString(value)+")"))
			return err
		case kind == "input:checkbox" || kind == "input:radio":
			return fmt.Errorf("use check for %s", kind)
		default:
			// Empty the field first, as a person selecting its text would.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).value = ""`)); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(sel), value))
		}
	})
}

// check ticks the checkbox or radio button labelled label (by clicking it)
// unless it is already ticked.
func (p *person) check(label string) {
	p.t.Helper()
	sel := p.find("control", label, "")
	p.step("tick "+label, func(ctx context.Context) error {
		on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+jsString(sel)+`).checked`))
		if err != nil || on {
			return err
		}
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel)))
	})
}

// press clicks the button reading text (inside the narrowest element that
// also shows scope, when scope is set) and returns the page it loads.
func (p *person) press(text, scope string) page {
	p.t.Helper()
	return p.clickAndLoad("press "+text, p.find("button", text, scope, false))
}

// pressContaining is press for a button whose text contains text.
func (p *person) pressContaining(text string) page {
	p.t.Helper()
	return p.clickAndLoad("press the button with "+text, p.find("button", text, "", true))
}

// follow clicks the link reading text and returns the page it loads.
func (p *person) follow(text, scope string) page {
	p.t.Helper()
	return p.clickAndLoad("follow "+text, p.find("link", text, scope, false))
}

func (p *person) clickAndLoad(what, sel string) page {
	p.t.Helper()
	var status int
	p.step(what, func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
		if err != nil {
			return err
		}
		if resp == nil {
			return fmt.Errorf("no page loaded")
		}
		status = int(resp.Status)
		return nil
	})
	return p.look(status)
}

// submit presses a form's button and wants the page after it (after the
// redirect of a successful POST) to be 200.
func (p *person) submit(text, scope string) page {
	p.t.Helper()
	pg := p.press(text, scope)
	if pg.Status != 200 {
		p.fatalf("%s: press %q: status %d, want 200; page %s says: %.600s", p.name, text, pg.Status, pg.Path(), pg.Text)
	}
	return pg
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// login signs the person in as a seeded user of clinic c by clicking
// through the real sign-in: the clinic's page sends them to Santkrupa's
// sign-in page, "Sign in" to the development provider's picker, their
// entry there back to the clinic.
func (p *person) login(c dbtest.Clinic, login string) {
	p.t.Helper()
	p.loginAt("/clinic/"+c.Slug+"/", email(c, login))
}

// loginAs signs in to clinic c with the provider's identity whose email is
// addr (e.g. a patient just invited to the portal).
func (p *person) loginAs(c dbtest.Clinic, addr string) {
	p.t.Helper()
	p.loginAt("/clinic/"+c.Slug+"/", addr)
}

// loginPlatform signs in as the development provider's platform operator.
func (p *person) loginPlatform() {
	p.t.Helper()
	p.loginAt("/platform/clinics", "operator@platform.example")
}

// loginAt opens home signed out, signs in as the identity with email addr
// and wants to be back at home.
func (p *person) loginAt(home, addr string) {
	p.t.Helper()
	if pg := p.open(home); pg.Status != 200 || !strings.HasPrefix(pg.Path(), "/login") {
		p.fatalf("%s: signed-out visit to %s: status %d at %s, want the sign-in page", p.name, home, pg.Status, pg.Path())
	}
	p.e.shots.once(p, "sign-in")
	if pg := p.press("Sign in", ""); pg.Status != 200 || !strings.Contains(pg.Path(), "/authorize") {
		p.fatalf("%s: Sign in: status %d at %s, want the provider's picker", p.name, pg.Status, pg.Path())
	}
	p.e.shots.once(p, "identity-provider-picker")
	if pg := p.pressContaining(addr); pg.Status != 200 || pg.Path() != home {
		p.fatalf("%s: pick %s: status %d at %s, want %s; page says: %.300s", p.name, addr, pg.Status, pg.Path(), home, pg.Text)
	}
}

// download clicks the link reading text (inside scope) and returns the
// file the browser saved: a real download into a folder of the test's,
// waited for through the browser's download events.
func (p *person) download(text, scope string) []byte {
	p.t.Helper()
	sel := p.find("link", text, scope, false)
	dir := p.t.TempDir()
	c := chromedp.FromContext(p.ctx)
	var file string
	p.step("download "+text, func(ctx context.Context) error {
		_, err := cdp.Call(ctx, c.Browser, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: c.BrowserContextID,
			DownloadPath: dir, EventsEnabled: &[]bool{true}[0],
		})
		if err != nil {
			return err
		}
		progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			return err
		}
		for ev, err := range progress {
			if err != nil {
				return err
			}
			switch ev.State {
			case browser.DownloadProgressStateCompleted:
				file = filepath.Join(dir, ev.GUID)
				return nil
			case browser.DownloadProgressStateCanceled:
				return fmt.Errorf("the download was cancelled")
			}
		}
		return fmt.Errorf("no download finished")
	})
	b, err := os.ReadFile(file)
	if err != nil {
		p.fatalf("%s: read the downloaded file: %v", p.name, err)
	}
	return b
}

// wantRow fails unless a table row of the page shows every one of texts; a
// text starting with "=" must be a whole cell (e.g. "=2" for token 2, not
// the 2 of a date).
func (p *person) wantRow(what string, texts ...string) {
	p.t.Helper()
	js, _ := json.Marshal(texts)
	var ok bool
	p.step("find the row of "+what, func(ctx context.Context) error {
		var err error
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const want = `+string(js)+`;
		  return [...document.querySelectorAll("tr")].some(tr => want.every(w => w.startsWith("=") ?
		    [...tr.cells].some(c => c.innerText.trim() === w.slice(1)) : tr.innerText.includes(w))); })()`))
		return err
	})
	if !ok {
		p.fatalf("%s: %s: no table row of %s shows all of %q; the page says: %.800s", p.name, what, p.path(), texts, p.text())
	}
}

// wantValue fails unless the control named name holds value (a form
// re-rendered after invalid input keeps what the person typed).
func (p *person) wantValue(name, value string) {
	p.t.Helper()
	var got string
	p.step("read "+name, func(ctx context.Context) error {
		var err error
		got, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementsByName(`+jsString(name)+`)[0] || {value: "<missing>"}).value`))
		return err
	})
	if got != value {
		p.t.Errorf("%s: %s holds %q, want %q", p.name, name, got, value)
	}
}
