package leversync

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/intervue/lever-integration/lever"
)

// Metrics are the engine's Prometheus collectors. A nil *Metrics records nothing.
type Metrics struct {
	leverCalls     *prometheus.CounterVec   // by method and status code ("error" for transport failures)
	leverLatency   *prometheus.HistogramVec // seconds, by method
	tokenRefreshes *prometheus.CounterVec   // by result
	jobs           *prometheus.CounterVec   // by kind and result
}

// NewMetrics creates the collectors and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		leverCalls:     prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lever_api_calls_total", Help: "Lever Data API calls by method and HTTP status (429 counted here too)."}, []string{"method", "status"}),
		leverLatency:   prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lever_api_call_seconds", Help: "Lever Data API call latency in seconds.", Buckets: prometheus.DefBuckets}, []string{"method"}),
		tokenRefreshes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lever_token_refreshes_total", Help: "Lever OAuth token refreshes by result."}, []string{"result"}),
		jobs:           prometheus.NewCounterVec(prometheus.CounterOpts{Name: "sync_jobs_total", Help: "Sync jobs worked, by kind and result."}, []string{"kind", "result"}),
	}
	reg.MustRegister(m.leverCalls, m.leverLatency, m.tokenRefreshes, m.jobs)
	return m
}

func (m *Metrics) leverCall(ci lever.CallInfo) {
	if m == nil {
		return
	}
	status := "error"
	if ci.Status != 0 {
		status = strconv.Itoa(ci.Status)
	}
	m.leverCalls.WithLabelValues(ci.Method, status).Inc()
	m.leverLatency.WithLabelValues(ci.Method).Observe(ci.Duration.Seconds())
}

func (m *Metrics) tokenRefresh(err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
		if lever.IsInvalidGrant(err) {
			result = "invalid_grant"
		}
	}
	m.tokenRefreshes.WithLabelValues(result).Inc()
}

func (m *Metrics) job(kind string, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.jobs.WithLabelValues(kind, result).Inc()
}
