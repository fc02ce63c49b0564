package main

import (
	"fmt"
	"time"
)

// results is everything one bench run measured; it is results.json.
type results struct {
	Time      time.Time        `json:"time"`
	Settings  settings         `json:"settings"`
	Commit    string           `json:"commit,omitempty"`
	Go        string           `json:"go"`
	Host      string           `json:"host"`
	Sizes     []binSize        `json:"binary_sizes,omitempty"`
	DDNS      []providerResult `json:"ddns"`
	Rivals    []rivalResult    `json:"rivals,omitempty"`
	InitTrace initTrace        `json:"init_trace"`
	Targets   []targetResult   `json:"targets"`
	Errors    []string         `json:"errors,omitempty"`

	ddnsBroken bool // a ddns scenario failed to run
}

// settings are the knobs of this run, so two result files can be compared.
type settings struct {
	Runs      int      `json:"runs"`
	ScaleRuns int      `json:"scale_runs"`
	DelayMs   int64    `json:"scale_provider_delay_ms"`
	Binary    string   `json:"binary"`
	Env       []string `json:"ddns_env,omitempty"` // -env: knobs being tried
}

// providerResult is ddns against one provider fake.
type providerResult struct {
	Provider  string       `json:"provider"`
	Unchanged series       `json:"unchanged"`
	Changed   series       `json:"changed"`
	Scale     []scalePoint `json:"scale"`
}

type scalePoint struct {
	Records int    `json:"records"`
	DelayMs int64  `json:"provider_delay_ms"`
	Result  series `json:"result"`
}

type rivalResult struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Transport string `json:"transport"`
	Unchanged series `json:"unchanged"`
	Changed   series `json:"changed"`
}

type initTrace struct {
	TotalMs float64    `json:"total_clock_ms"`
	Top     []initCost `json:"top"`
}

// fail records a scenario that could not run; the report lists it.
func (r *results) fail(format string, args ...any) {
	r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
}

// ddnsFail is fail for a ddns scenario, which also fails the bench: a
// rival that cannot run is a gap in the comparison, ddns not running is
// a broken build or harness.
func (r *results) ddnsFail(format string, args ...any) {
	r.fail(format, args...)
	r.ddnsBroken = true
}
