package jsonrest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
)

// TestConverge checks the order of the steps: create when nothing, change
// the first unless one holds the value, removals only after the change,
// none without remove.
func TestConverge(t *testing.T) {
	t.Parallel()
	h := provider.NewHTTP(&http.Client{}, "t")
	tests := []struct {
		values  []string
		keep    bool // pass a nil remove
		want    string
		created bool
	}{
		{nil, false, "create", true},
		{[]string{"1.1.1.1"}, false, "", false},
		{[]string{"::ffff:1.1.1.1"}, false, "", false},
		{[]string{"9.9.9.9"}, false, "change 0", false},
		{[]string{"9.9.9.9", "8.8.8.8"}, false, "change 0, remove 1", false},
		{[]string{"9.9.9.9", "1.1.1.1", "8.8.8.8"}, false, "remove 0, remove 2", false},
		{[]string{"9.9.9.9", "8.8.8.8"}, true, "change 0", false},
		{[]string{"9.9.9.9", "1.1.1.1"}, true, "", false},
	}
	for _, tc := range tests {
		var steps []string
		obs := &provider.Observer{}
		remove := func(i int) error { steps = append(steps, fmt.Sprint("remove ", i)); return nil }
		if tc.keep {
			remove = nil
		}
		err := Converge(provider.WithObserver(context.Background(), obs), h, tc.values, netip.MustParseAddr("1.1.1.1"),
			func() error { steps = append(steps, "create"); return nil },
			func(i int) error { steps = append(steps, fmt.Sprint("change ", i)); return nil },
			remove)
		if got := strings.Join(steps, ", "); err != nil || got != tc.want || obs.Created() != tc.created {
			t.Errorf("Converge(%v) = %v, steps %q, created %v; want %q, %v", tc.values, err, got, obs.Created(), tc.want, tc.created)
		}
	}
}

// TestConvergeRemovalFails: addr is published, so a refused removal is
// temporary (the next run retries it) and the message says what is live.
func TestConvergeRemovalFails(t *testing.T) {
	t.Parallel()
	h := provider.NewHTTP(&http.Client{}, "t")
	failed := fmt.Errorf("%w: boom", provider.ErrAuth)
	err := Converge(context.Background(), h, []string{"9.9.9.9", "8.8.8.8"}, netip.MustParseAddr("1.1.1.1"), nil,
		func(int) error { return nil }, func(int) error { return failed })
	if !errors.Is(err, provider.ErrUnavailable) || provider.Permanent(err) ||
		!strings.Contains(err.Error(), "1.1.1.1 is published") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("failed removal = %v", err)
	}
}
