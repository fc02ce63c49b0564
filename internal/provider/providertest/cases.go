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

func skipIf(cond bool, why string) string {
	if cond {
		return why
	}
	return ""
}

func createOnce(t *testing.T, e *env) {
	obs := &provider.Observer{}
	ctx := provider.WithObserver(context.Background(), obs)
	if err := e.good.Update(ctx, e.h.Absent, v4a); err != nil {
		t.Fatalf("Update of an absent record = %v", err)
	}
	wantPublished(t, e, e.h.Absent, v4a)
	if !obs.Created() {
		t.Error("the provider created the record but did not say so (provider.NoteCreated)")
	}
	update(t, e.good, e.h.Absent, v4b)
	wantPublished(t, e, e.h.Absent, v4b) // one record, changed: no duplicate
}

func othersKept(t *testing.T, e *env) {
	rec := e.h.Records[0]
	before := e.h.Others(rec)
	update(t, e.good, rec, v4b)
	if after := e.h.Others(rec); after != before {
		t.Errorf("the update changed the record's other fields: %s, was %s", after, before)
	}
}

// batch sends every record (and IPv6 where supported) in one call.
// It is decided on the provider the case built, so a batching provider
// can never skip it.
func batch(t *testing.T, e *env) {
	b, ok := e.good.(provider.Batcher)
	if !ok {
		t.Skip("the provider does not batch")
	}
	var changes []provider.Change
	for _, rec := range e.h.Records {
		changes = append(changes, provider.Change{Record: rec, Addr: v4b})
		if e.h.Factory.IPv6 {
			changes = append(changes, provider.Change{Record: rec, Addr: v6a})
		}
	}
	errs := b.UpdateBatch(context.Background(), changes)
	if len(errs) != len(changes) {
		t.Fatalf("UpdateBatch returned %d results for %d changes", len(errs), len(changes))
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("change %d (%s %s) = %v", i, changes[i].Record, changes[i].Addr, err)
		}
	}
	for _, rec := range e.h.Records {
		if e.h.Factory.IPv6 {
			wantPublished(t, e, rec, v4b, v6a)
		} else {
			wantPublished(t, e, rec, v4b)
		}
	}
}
