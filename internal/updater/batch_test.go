package updater

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
	"github.com/ddns-pi/ddns/internal/state"
)

func batchEnv(hosts ...string) (*env, *fakeBatcher) {
	e := newEnv(hosts...)
	b := &fakeBatcher{}
	e.u.Provider = b
	e.u.Settings.Families = []family.Family{family.V4, family.V6}
	return e, b
}

func TestBatchSendsEveryDueChangeInOneCall(t *testing.T) {
	t.Parallel()
	e, b := batchEnv("home", "www")
	b.batchFn = func(ctx context.Context, changes []provider.Change) []error {
		provider.CountRequest(ctx)
		errs := make([]error, len(changes))
		for i, c := range changes {
			if c.Record.Host == "www" && c.Family() == family.V6 {
				errs[i] = fmt.Errorf("fake: %w: no AAAA for www", provider.ErrNotFound)
			}
		}
		return errs
	}
	err := e.run(context.Background())
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v, want ErrRefused for www AAAA", err)
	}
	if len(b.batches) != 1 || len(b.batches[0]) != 4 || b.count() != 0 {
		t.Fatalf("batches %v, single updates %d; want one batch of 4 and no Update", b.batches, b.count())
	}
	want := []provider.Change{
		{Record: provider.Record{Domain: "example.com", Host: "home"}, Addr: addrA},
		{Record: provider.Record{Domain: "example.com", Host: "home"}, Addr: addr6},
		{Record: provider.Record{Domain: "example.com", Host: "www"}, Addr: addrA},
		{Record: provider.Record{Domain: "example.com", Host: "www"}, Addr: addr6},
	}
	if !slices.Equal(b.batches[0], want) {
		t.Errorf("batch %v, want %v", b.batches[0], want)
	}
	if got := actions(e.last); !slices.Equal(got, []Action{Updated, Updated, Updated, Refused}) {
		t.Errorf("actions %v", got)
	}
	for _, en := range e.last.Entries {
		if !en.Batched || en.Requests != 1 {
			t.Errorf("entry %+v: want batched with the batch's 1 request", en)
		}
	}
	if r := e.rec("www", 6); r.Outcome != state.Refused || e.rec("www", 4).IP != addrA {
		t.Errorf("state: www AAAA %+v, www A %+v", r, e.rec("www", 4))
	}
	// Next run: only the IPv4 change is due (the refusal is remembered,
	// the rest unchanged).
	e.d.addrs[family.V4] = addrB
	b.batchFn = nil
	if err := e.run(context.Background()); !errors.Is(err, ErrRefused) {
		t.Fatalf("second run: %v", err)
	}
	if len(b.batches) != 2 || len(b.batches[1]) != 2 || b.batches[1][0].Addr != addrB {
		t.Errorf("second batch %v, want the two IPv4 changes", b.batches[1:])
	}
}

func TestBatchWithTheWrongNumberOfResultsFailsEveryChange(t *testing.T) {
	t.Parallel()
	e, b := batchEnv("home")
	b.batchFn = func(context.Context, []provider.Change) []error { return []error{nil} }
	err := e.run(context.Background())
	if !errors.Is(err, ErrTemporary) || !errors.Is(err, provider.ErrBadResponse) {
		t.Fatalf("err %v", err)
	}
	if got := actions(e.last); !slices.Equal(got, []Action{Failed, Failed}) {
		t.Errorf("actions %v", got)
	}
}

func TestNothingDueSendsNoBatch(t *testing.T) {
	t.Parallel()
	e, b := batchEnv("home")
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(b.batches) != 1 {
		t.Errorf("batches %d, want 1 (the second run has nothing to send)", len(b.batches))
	}
}
