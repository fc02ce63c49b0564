package updater

import (
	"context"
	"net/netip"
	"sync"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

// fakeProvider records calls and answers with fn (nil: success).
type fakeProvider struct {
	mu       sync.Mutex
	calls    []string
	inFlight int
	maxSeen  int
	fn       func(ctx context.Context, rec provider.Record, addr netip.Addr) error
}

func (f *fakeProvider) Update(ctx context.Context, rec provider.Record, addr netip.Addr) error {
	f.mu.Lock()
	f.calls = append(f.calls, rec.FQDN()+"="+addr.String())
	f.inFlight++
	f.maxSeen = max(f.maxSeen, f.inFlight)
	f.mu.Unlock()
	var err error
	if f.fn != nil {
		err = f.fn(ctx, rec, addr)
	}
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	return err
}

func (f *fakeProvider) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// fakeDetector answers per family and counts calls.
type fakeDetector struct {
	addrs map[family.Family]netip.Addr
	err   error
	calls int
}

func (d *fakeDetector) Detect(_ context.Context, f family.Family) (netip.Addr, string, error) {
	d.calls++
	if d.err != nil {
		return netip.Addr{}, "", d.err
	}
	return d.addrs[f], "fake", nil
}

// memStore keeps the state in memory; loadErr simulates a damaged file.
type memStore struct {
	file    state.File
	loadErr error
	saves   int
}

func (m *memStore) Load() (state.File, error) {
	f := state.File{Version: state.Version, Records: map[string]state.Record{}}
	for k, v := range m.file.Records {
		f.Records[k] = v
	}
	return f, m.loadErr
}

func (m *memStore) Save(f state.File) error {
	m.saves++
	m.file = f
	return nil
}

// fakeBatcher is a provider with the batch capability; Update must not be
// called when UpdateBatch is offered.
type fakeBatcher struct {
	fakeProvider
	batches [][]provider.Change
	// batchFn answers a batch; nil: success for every change.
	batchFn func(ctx context.Context, changes []provider.Change) []error
}

func (f *fakeBatcher) UpdateBatch(ctx context.Context, changes []provider.Change) []error {
	f.mu.Lock()
	f.batches = append(f.batches, changes)
	f.mu.Unlock()
	if f.batchFn != nil {
		return f.batchFn(ctx, changes)
	}
	return make([]error, len(changes))
}

// fakeClock is a clock that only moves when a wait asks it to (to the
// wait's end) or a test advances it; it records every wait.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Wait(ctx context.Context, until time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, until)
	if until.After(c.t) {
		c.t = until
	}
	return ctx.Err()
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) waited() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Time(nil), c.waits...)
}
