package providertest

import (
	"context"
	"sync"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
)

// firstUpdate also checks that every request went through the HTTP helper
// (the Observer counts what the fake received).
func firstUpdate(t *testing.T, e *env) {
	obs := &provider.Observer{}
	ctx := provider.WithObserver(context.Background(), obs)
	if err := e.good.Update(ctx, e.h.Records[0], v4a); err != nil {
		t.Fatalf("Update = %v", err)
	}
	wantPublished(t, e, e.h.Records[0], v4a)
	if got, sent := obs.Requests(), e.Faults.Requests(); got != sent || sent == 0 {
		t.Errorf("Observer counted %d requests, the fake received %d: send every request with Env.HTTP", got, sent)
	}
}

func idempotent(t *testing.T, e *env) {
	update(t, e.good, e.h.Records[0], v4a)
	update(t, e.good, e.h.Records[0], v4a)
	wantPublished(t, e, e.h.Records[0], v4a)
}

func change(t *testing.T, e *env) {
	update(t, e.good, e.h.Records[0], v4a)
	update(t, e.good, e.h.Records[0], v4b)
	wantPublished(t, e, e.h.Records[0], v4b)
}

func ipv6(t *testing.T, e *env) {
	update(t, e.good, e.h.Records[0], v4a)
	update(t, e.good, e.h.Records[0], v6a)
	update(t, e.good, e.h.Records[0], v6a)
	wantPublished(t, e, e.h.Records[0], v4a, v6a)
}

func wrongPassword(t *testing.T, e *env) {
	err := e.wrong.Update(context.Background(), e.h.Records[0], v4a)
	wantError(t, e, err, provider.ErrAuth, true)
	wantPublished(t, e, e.h.Records[0])
}

func unknownHost(t *testing.T, e *env) {
	err := e.good.Update(context.Background(), e.h.Missing, v4a)
	wantError(t, e, err, nil, true)
}

func concurrent(t *testing.T, e *env) {
	var wg sync.WaitGroup
	errs := make([]error, len(e.h.Records))
	for i, rec := range e.h.Records {
		wg.Go(func() { errs[i] = e.good.Update(context.Background(), rec, v4b) })
	}
	wg.Wait()
	for i, rec := range e.h.Records {
		if errs[i] != nil {
			t.Errorf("Update(%s) = %v", rec, errs[i])
		}
		wantPublished(t, e, rec, v4b)
	}
}
