// Package loadgen drives a real Santkrupa server the way clinics would:
// it serves the development identity provider on its own port with the
// benchmark data set's staff, starts `santkrupa serve` as a subprocess
// pointed at it and at the benchmark database, mints real bearer tokens,
// and sends the API requests of Endpoints over loopback: closed-loop
// clients on fasthttp for the load phases (closedloop.go says why), vegeta
// at a fixed rate for the soak. It measures throughput, latency, the
// server's CPU and memory from /proc, and the database round trips per
// request through a counting proxy between the server and PostgreSQL.
package loadgen
