package provider

import (
	"context"
	"sync/atomic"
)

// Observer collects what a provider did for one Update (or one batch): how
// many requests it sent and whether it created the record rather than
// changed it. The updater attaches one to the context of each call and
// puts the figures into its report; providers never need to check for it.
type Observer struct {
	requests atomic.Int32
	created  atomic.Bool
}

type observerKey struct{}

// WithObserver returns ctx carrying o.
func WithObserver(ctx context.Context, o *Observer) context.Context {
	return context.WithValue(ctx, observerKey{}, o)
}

// observerOf is the Observer in ctx, or nil.
func observerOf(ctx context.Context) *Observer {
	o, _ := ctx.Value(observerKey{}).(*Observer)
	return o
}

// CountRequest notes one request sent; HTTP.Do calls it, and a provider
// that speaks another protocol calls it per message.
func CountRequest(ctx context.Context) {
	if o := observerOf(ctx); o != nil {
		o.requests.Add(1)
	}
}

// NoteCreated tells the updater that the record did not exist and was
// created.
func NoteCreated(ctx context.Context) {
	if o := observerOf(ctx); o != nil {
		o.created.Store(true)
	}
}

// Requests is how many requests were counted.
func (o *Observer) Requests() int { return int(o.requests.Load()) }

// Created reports whether the provider created the record.
func (o *Observer) Created() bool { return o.created.Load() }
