package jsonapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ddns-pi/ddns/internal/provider"
)

// TestConverge checks the order of the steps: create when nothing, change
// the first unless one holds the value, removals only after the change.
func TestConverge(t *testing.T) {
	t.Parallel()
	h := provider.NewHTTP(&http.Client{}, "t")
	tests := []struct {
		values  []string
		want    string
		created bool
	}{
		{nil, "create", true},
		{[]string{"1.1.1.1"}, "", false},
		{[]string{"9.9.9.9"}, "change 0", false},
		{[]string{"9.9.9.9", "8.8.8.8"}, "change 0, remove 1", false},
		{[]string{"9.9.9.9", "1.1.1.1", "8.8.8.8"}, "remove 0, remove 2", false},
	}
	for _, tc := range tests {
		var steps []string
		obs := &provider.Observer{}
		err := Converge(provider.WithObserver(context.Background(), obs), h, tc.values, "1.1.1.1",
			func() error { steps = append(steps, "create"); return nil },
			func(i int) error { steps = append(steps, fmt.Sprint("change ", i)); return nil },
			func(i int) error { steps = append(steps, fmt.Sprint("remove ", i)); return nil })
		if got := strings.Join(steps, ", "); err != nil || got != tc.want || obs.Created() != tc.created {
			t.Errorf("Converge(%v) = %v, steps %q, created %v; want %q, %v", tc.values, err, got, obs.Created(), tc.want, tc.created)
		}
	}
	failed := errors.New("boom")
	err := Converge(context.Background(), h, []string{"9.9.9.9", "8.8.8.8"}, "1.1.1.1", nil,
		func(int) error { return nil }, func(int) error { return failed })
	if !errors.Is(err, failed) || !strings.Contains(err.Error(), "1.1.1.1 is published") {
		t.Errorf("failed removal = %v", err)
	}
}
