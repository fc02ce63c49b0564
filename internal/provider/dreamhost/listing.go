package dreamhost

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ddns-pi/ddns/internal/provider"
)

// record is one row of dns-list_records. All fields are strings in the API;
// editable is "0" or "1" (json.Number also takes a bare number, in case).
type record struct {
	Zone     string      `json:"zone"`
	Record   string      `json:"record"`
	Type     string      `json:"type"`
	Value    string      `json:"value"`
	Editable json.Number `json:"editable"`
}

func (r record) is(fqdn, typ string) bool {
	return strings.EqualFold(r.Record, fqdn) && strings.EqualFold(r.Type, typ)
}

// parseRecords decodes the data of a dns-list_records answer.
func parseRecords(data json.RawMessage) ([]record, error) {
	var recs []record
	if err := json.Unmarshal(data, &recs); err != nil {
		return nil, fmt.Errorf("%w: record list: %v", provider.ErrBadResponse, err)
	}
	return recs, nil
}

// listing caches dns-list_records for the client's lifetime (one run), so
// that one run costs one listing however many records it updates. The
// client keeps it current after its own adds and removes.
type listing struct {
	mu      sync.Mutex
	loaded  bool
	records []record
	flight  *flight // the fetch in progress, if any
}

type flight struct {
	done chan struct{}
	err  error
}

// matching returns the cached records for fqdn and typ, fetching the
// listing first if needed. Concurrent callers share one fetch; a failed
// fetch is reported to its waiters and retried by the next caller.
func (l *listing) matching(ctx context.Context, fetch func(context.Context) ([]record, error), fqdn, typ string) ([]record, error) {
	for {
		l.mu.Lock()
		if l.loaded {
			defer l.mu.Unlock()
			var out []record
			for _, r := range l.records {
				if r.is(fqdn, typ) {
					out = append(out, r)
				}
			}
			return out, nil
		}
		if f := l.flight; f != nil {
			l.mu.Unlock()
			select {
			case <-f.done:
				if f.err != nil {
					return nil, f.err
				}
				continue
			case <-ctx.Done():
				return nil, fmt.Errorf("%w: waiting for the record list: %w", provider.ErrUnavailable, ctx.Err())
			}
		}
		f := &flight{done: make(chan struct{})}
		l.flight = f
		l.mu.Unlock()
		recs, err := fetch(ctx)
		l.mu.Lock()
		l.flight, f.err = nil, err
		if err == nil {
			l.loaded, l.records = true, recs
		}
		l.mu.Unlock()
		close(f.done)
		if err != nil {
			return nil, err
		}
	}
}

// added records a successful dns-add_record.
func (l *listing) added(r record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r)
}

// removed records a successful dns-remove_record.
func (l *listing) removed(r record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = slices.DeleteFunc(l.records, func(x record) bool {
		return x.is(r.Record, r.Type) && strings.EqualFold(x.Value, r.Value)
	})
}
