package loadgen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
	"github.com/valyala/fasthttp"
)

// closedLoop is what a closed-loop load phase saw.
type closedLoop struct {
	latencies []time.Duration // of every answered request
	codes     map[string]int  // status code (0: no answer) → count
	errs      map[string]int  // "code body-or-error" of each failure kind
	requests  int
	success   int // 2xx
}

// runClosedLoop sends the targets of tr from workers concurrent clients,
// each waiting for its answer before sending the next, until tr runs out
// or dur has passed.
//
// It uses fasthttp's client rather than vegeta's (net/http): the load
// generator shares the machine's two cores with the server and
// PostgreSQL, and net/http's client spent 0.15 ms of CPU per request, half
// as much as the server itself, where pgbench's client, which the ceiling
// compares against, spends a few microseconds. The requests are the same
// HTTP/1.1 requests over keep-alive loopback connections.
func runClosedLoop(ctx context.Context, tr vegeta.Targeter, workers int, dur time.Duration) *closedLoop {
	client := &fasthttp.Client{
		MaxConnsPerHost:               workers,
		ReadTimeout:                   30 * time.Second,
		WriteTimeout:                  30 * time.Second,
		DisableHeaderNamesNormalizing: true,
		NoDefaultUserAgentHeader:      true,
	}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(dur)
	var mu sync.Mutex
	out := &closedLoop{codes: map[string]int{}, errs: map[string]int{}}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(resp)
			var mine closedLoop
			mine.codes, mine.errs = map[string]int{}, map[string]int{}
			for ctx.Err() == nil && time.Now().Before(deadline) {
				var t vegeta.Target
				if err := tr(&t); err != nil {
					if !errors.Is(err, vegeta.ErrNoTargets) {
						mine.errs["targeter: "+err.Error()]++
					}
					break
				}
				req.Reset()
				req.Header.SetMethod(t.Method)
				req.SetRequestURI(t.URL)
				for k, vs := range t.Header {
					for _, v := range vs {
						req.Header.Add(k, v)
					}
				}
				req.SetBody(t.Body)
				start := time.Now()
				err := client.DoTimeout(req, resp, 30*time.Second)
				mine.requests++
				if err != nil {
					mine.codes["0"]++
					mine.errs["0 "+err.Error()]++
					continue
				}
				mine.latencies = append(mine.latencies, time.Since(start))
				code := resp.StatusCode()
				mine.codes[strconv.Itoa(code)]++
				if code >= 200 && code <= 299 {
					mine.success++
				} else {
					mine.errs[fmt.Sprintf("%d %.160s", code, resp.Body())]++
				}
			}
			mu.Lock()
			defer mu.Unlock()
			out.requests += mine.requests
			out.success += mine.success
			out.latencies = append(out.latencies, mine.latencies...)
			for k, v := range mine.codes {
				out.codes[k] += v
			}
			for k, v := range mine.errs {
				out.errs[k] += v
			}
		}()
	}
	wg.Wait()
	slices.Sort(out.latencies)
	return out
}

// quantile is the q-quantile (0–1) of sorted latencies, 0 for none.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
