// Package metrics is the server's Prometheus registry: request counts and
// latencies by route, the database pool, failed sign-ins and isolation
// refusals. One registry per App, built in its wiring; nothing registers
// with the client library's global default.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/santkrupa/santkrupa/internal/reqlog"
)

// Metrics holds the registry and the instruments the server updates.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	logins   *prometheus.CounterVec
	denials  *prometheus.CounterVec
}

// New builds the registry; pool (may be nil in tests) is reported by a
// collector that reads its statistics at each scrape.
func New(pool *pgxpool.Pool) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "santkrupa_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "santkrupa_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern, method and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "santkrupa_http_requests_in_flight",
			Help: "HTTP requests being handled now.",
		}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "santkrupa_login_failures_total",
			Help: "Failed sign-ins: browser (the OIDC callback did not complete) and bearer (an API access token was refused).",
		}, []string{"method"}),
		denials: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "santkrupa_isolation_denials_total",
			Help: "Requests refused by isolation: not_member (a clinic the identity is not a member of, answered 404), " +
				"role (a member whose role may not use the route, 403), rls (the database refused a statement).",
		}, []string{"kind"}),
	}
	// Every label value exists from the start, so a rate over a counter
	// that has never moved is 0 rather than absent.
	for _, v := range []string{reqlog.LoginBrowser, reqlog.LoginBearer} {
		m.logins.WithLabelValues(v)
	}
	for _, v := range []string{reqlog.DenyNotMember, reqlog.DenyRole, reqlog.DenyRLS} {
		m.denials.WithLabelValues(v)
	}
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.logins, m.denials,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pool != nil {
		m.reg.MustRegister(newPoolCollector(pool))
	}
	return m
}

// Registry is the registry, for tests and for adding instruments.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Start counts a request in flight; the returned func ends it.
func (m *Metrics) Start() func() {
	m.inFlight.Inc()
	return m.inFlight.Dec
}

// Observe records an answered request. route is the chi route pattern
// (never the raw path: slugs and ids would make a series per clinic).
func (m *Metrics) Observe(route, method string, status int, d time.Duration, s reqlog.Snapshot) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, code).Inc()
	m.duration.WithLabelValues(route, method, code).Observe(d.Seconds())
	if s.LoginFailure != "" {
		m.logins.WithLabelValues(s.LoginFailure).Inc()
	}
	for _, k := range s.Denials {
		m.denials.WithLabelValues(k).Inc()
	}
}

// poolCollector reports pgxpool statistics at scrape time.
type poolCollector struct {
	pool  *pgxpool.Pool
	descs map[string]*prometheus.Desc
}

type poolStat struct {
	name, help string
	kind       prometheus.ValueType
	value      func(*pgxpool.Stat) float64
}

var poolStats = []poolStat{
	{"santkrupa_db_pool_acquired_conns", "Connections in use by a request now.", prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }},
	{"santkrupa_db_pool_idle_conns", "Connections idle in the pool now.", prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }},
	{"santkrupa_db_pool_constructing_conns", "Connections being opened now.", prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.ConstructingConns()) }},
	{"santkrupa_db_pool_total_conns", "Connections in the pool now (acquired, idle and being opened).", prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) }},
	{"santkrupa_db_pool_max_conns", "The pool's size limit (SANTKRUPA_DB_MAX_CONNS).", prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }},
	{"santkrupa_db_pool_acquires_total", "Connections handed to requests.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) }},
	{"santkrupa_db_pool_acquire_seconds_total", "Time spent acquiring connections.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() }},
	{"santkrupa_db_pool_empty_acquires_total", "Acquires that had to wait for a connection (pool exhausted or opening one).", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }},
	{"santkrupa_db_pool_empty_acquire_wait_seconds_total", "Time spent waiting in those acquires.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return s.EmptyAcquireWaitTime().Seconds() }},
	{"santkrupa_db_pool_canceled_acquires_total", "Acquires abandoned because the request ended first.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.CanceledAcquireCount()) }},
	{"santkrupa_db_pool_new_conns_total", "Connections opened.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.NewConnsCount()) }},
	{"santkrupa_db_pool_max_lifetime_destroys_total", "Connections closed for reaching their maximum lifetime.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.MaxLifetimeDestroyCount()) }},
	{"santkrupa_db_pool_max_idle_destroys_total", "Connections closed for idling too long.", prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.MaxIdleDestroyCount()) }},
}

func newPoolCollector(pool *pgxpool.Pool) *poolCollector {
	c := &poolCollector{pool: pool, descs: map[string]*prometheus.Desc{}}
	for _, s := range poolStats {
		c.descs[s.name] = prometheus.NewDesc(s.name, s.help, nil, nil)
	}
	return c
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.pool.Stat()
	for _, s := range poolStats {
		ch <- prometheus.MustNewConstMetric(c.descs[s.name], s.kind, s.value(st))
	}
}
