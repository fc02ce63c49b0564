package updater

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ddns-pi/ddns/internal/family"
	"github.com/ddns-pi/ddns/internal/provider"
)

func TestReportEntries(t *testing.T) {
	t.Parallel()
	e := newEnv("new", "old", "gone")
	e.u.Settings.Concurrency = 1
	e.p.fn = func(ctx context.Context, rec provider.Record, _ netip.Addr) error {
		provider.CountRequest(ctx)
		e.clock.advance(2 * time.Second)
		switch rec.Host {
		case "new":
			provider.CountRequest(ctx)
			provider.NoteCreated(ctx)
		case "gone":
			return fmt.Errorf("fake: %w: no such host", provider.ErrNotFound)
		}
		return nil
	}
	err := e.run(context.Background())
	if !errors.Is(err, ErrRefused) || !errors.Is(err, provider.ErrNotFound) {
		t.Fatalf("err %v", err)
	}
	want := []Entry{
		{Record: "new.example.com", Family: family.V4, Action: Created, After: addrA, Detected: addrA,
			Duration: 2 * time.Second, Requests: 2},
		{Record: "old.example.com", Family: family.V4, Action: Updated, After: addrA, Detected: addrA,
			Duration: 2 * time.Second, Requests: 1},
		{Record: "gone.example.com", Family: family.V4, Action: Refused, Detected: addrA,
			Duration: 2 * time.Second, Requests: 1,
			Message: "fake: update gone.example.com: fake: domain or host not found: no such host"},
	}
	r := e.last
	if len(r.Entries) != len(want) {
		t.Fatalf("entries %+v", r.Entries)
	}
	for i, w := range want {
		got := r.Entries[i]
		got.Err = nil
		if got != w {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	if !r.Started.Equal(t0) || r.Duration != 6*time.Second || r.Worst() != Permanent || r.Count(Updated) != 1 {
		t.Errorf("report: started %v, duration %v, worst %v, updated %d", r.Started, r.Duration, r.Worst(), r.Count(Updated))
	}
}

func TestReportBeforeAndAfter(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.d.addrs[family.V4] = addrB
	e.p.fn = func(context.Context, provider.Record, netip.Addr) error {
		return fmt.Errorf("fake: %w: 502", provider.ErrUnavailable)
	}
	if err := e.run(context.Background()); !errors.Is(err, ErrTemporary) {
		t.Fatal(err)
	}
	got := e.last.Entries[0]
	if got.Action != Failed || got.Before != addrA || got.After != addrA || got.Detected != addrB ||
		!strings.Contains(got.Message, "502") {
		t.Errorf("failed change: %+v", got)
	}
	e.p.fn = nil
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := e.last.Entries[0]; got.Action != Updated || got.Before != addrA || got.After != addrB {
		t.Errorf("update: %+v", got)
	}
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := e.last.Entries[0]; got.Action != Unchanged || got.Before != addrB || got.After != addrB || got.Err != nil {
		t.Errorf("unchanged: %+v", got)
	}
}

func TestReportDryRunAndNoAddress(t *testing.T) {
	t.Parallel()
	e := newEnv("home")
	e.u.Settings.Families = []family.Family{family.V4, family.V6}
	e.u.Settings.DryRun = true
	e.d.addrs[family.V6] = netip.Addr{}
	e.d.err = nil
	detector := e.u.Detector
	e.u.Detector = detectorFunc(func(ctx context.Context, f family.Family) (netip.Addr, string, error) {
		if f == family.V6 {
			return netip.Addr{}, "", errors.New("no IPv6 route")
		}
		return detector.Detect(ctx, f)
	})
	err := e.run(context.Background())
	if !errors.Is(err, ErrTemporary) || !strings.Contains(err.Error(), "no IPv6 route") {
		t.Fatalf("err %v", err)
	}
	got := actions(e.last)
	if len(got) != 2 || got[0] != DryRun || got[1] != NoAddress {
		t.Errorf("actions %v, want dry-run for IPv4 and no-address for IPv6", got)
	}
	if e.p.count() != 0 || e.s.saves != 0 {
		t.Errorf("dry run sent %d, saved %d", e.p.count(), e.s.saves)
	}
}

type detectorFunc func(ctx context.Context, f family.Family) (netip.Addr, string, error)

func (d detectorFunc) Detect(ctx context.Context, f family.Family) (netip.Addr, string, error) {
	return d(ctx, f)
}

func TestReportVerdict(t *testing.T) {
	t.Parallel()
	refused := fmt.Errorf("a: %w", provider.ErrAuth)
	failed := errors.New("b: 502")
	tests := []struct {
		name    string
		r       Report
		worst   Severity
		wantErr error // nil: Err must be nil
		texts   []string
	}{
		{name: "empty", r: Report{}, worst: OK},
		{name: "all fine", r: Report{Entries: []Entry{{Action: Updated}, {Action: Unchanged}, {Action: Created}, {Action: DryRun}}}, worst: OK},
		{name: "failed", r: Report{Entries: []Entry{{Action: Updated}, {Action: Failed, Err: failed}}},
			worst: Temporary, wantErr: ErrTemporary, texts: []string{"b: 502"}},
		{name: "refusal outranks failure", r: Report{Entries: []Entry{{Action: Failed, Err: failed}, {Action: Refused, Err: refused}}},
			worst: Permanent, wantErr: ErrRefused, texts: []string{"b: 502", "a: credentials refused"}},
		{name: "remembered refusal", r: Report{Entries: []Entry{{Action: SkippedRefusal, Record: "x", Message: "old"}}},
			worst: Permanent, wantErr: ErrRefused, texts: []string{"x", "old"}},
		{name: "backoff", r: Report{Entries: []Entry{{Action: SkippedBackoff, Err: failed}}}, worst: Temporary, wantErr: ErrTemporary},
		{name: "no address", r: Report{Entries: []Entry{{Action: NoAddress, Err: failed}}}, worst: Temporary, wantErr: ErrTemporary},
		{name: "problem", r: Report{Problems: []error{errors.New("save state: disk full")}},
			worst: Temporary, wantErr: ErrTemporary, texts: []string{"disk full"}},
		{name: "same text once", r: Report{Entries: []Entry{{Action: NoAddress, Err: failed}, {Action: NoAddress, Err: failed}}},
			worst: Temporary, wantErr: ErrTemporary},
	}
	for _, tc := range tests {
		if got := tc.r.Worst(); got != tc.worst {
			t.Errorf("%s: Worst = %v, want %v", tc.name, got, tc.worst)
		}
		err := tc.r.Err()
		if tc.wantErr == nil {
			if err != nil {
				t.Errorf("%s: Err = %v, want nil", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == ErrTemporary && errors.Is(err, ErrRefused)) {
			t.Errorf("%s: Err = %v, want %v", tc.name, err, tc.wantErr)
		}
		for _, s := range tc.texts {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: Err %q lacks %q", tc.name, err, s)
			}
		}
		if tc.name == "same text once" && strings.Count(err.Error(), "b: 502") != 1 {
			t.Errorf("%s: %q", tc.name, err)
		}
	}
}
