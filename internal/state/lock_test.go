package state

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLockExcludes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, second := New(dir), New(dir)

	unlock, err := first.Lock(t.Context())
	if err != nil {
		t.Fatalf("first Lock: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if _, err := second.Lock(ctx); !errors.Is(err, ErrLocked) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Lock while held = %v, want ErrLocked", err)
	}

	if err := unlock(); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	unlock2, err := second.Lock(t.Context())
	if err != nil {
		t.Fatalf("second Lock after unlock: %v", err)
	}
	if err := unlock2(); err != nil {
		t.Fatalf("unlock: %v", err)
	}
}

// TestLockWaits checks that a waiting Lock gets the lock once it is
// released, rather than only failing or succeeding at once.
func TestLockWaits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unlock, err := New(dir).Lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := New(dir).Lock(t.Context())
		if err == nil {
			err = u()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("second Lock returned %v while the first still held the lock", err)
	case <-time.After(100 * time.Millisecond):
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatalf("waiting Lock: %v", err)
	}
}

func TestLockCancelled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unlock, err := New(dir).Lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := New(dir).Lock(ctx); !errors.Is(err, ErrLocked) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock with a cancelled context = %v", err)
	}
}
