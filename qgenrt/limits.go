package qgenrt

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SIMPLE_RETURN and WARNING codes the client acts on.
const (
	CodeConcurrencyLimit = 1960 // too many calls of the subscription in flight
	CodeRateLimit        = 1965 // "This API cannot be run again for another N seconds"
	CodeTruncated        = 1980 // WARNING: the list is truncated; its URL asks for the next page
)

// Limits are the API limit figures of the subscription, as the headers of
// an answer give them (see Client.Limits).
type Limits struct {
	RateLimit          int // X-RateLimit-Limit: calls allowed per window
	RateWindowSec      int // X-RateLimit-Window-Sec: the window, in seconds
	RateRemaining      int // X-RateLimit-Remaining: calls left in the window
	RateToWaitSec      int // X-RateLimit-ToWait-Sec: seconds until the next call is allowed; 0 when the answer had none
	ConcurrencyLimit   int // X-Concurrency-Limit-Limit: calls allowed in flight
	ConcurrencyRunning int // X-Concurrency-Limit-Running: calls in flight
	// Known is true once an answer carried one of these headers; At is
	// when the client read the last such answer.
	Known bool
	At    time.Time
}

// limitHeaders are the headers of Limits, with their fields.
var limitHeaders = []struct {
	name  string
	field func(*Limits) *int
}{
	{"X-RateLimit-Limit", func(l *Limits) *int { return &l.RateLimit }},
	{"X-RateLimit-Window-Sec", func(l *Limits) *int { return &l.RateWindowSec }},
	{"X-RateLimit-Remaining", func(l *Limits) *int { return &l.RateRemaining }},
	{"X-RateLimit-ToWait-Sec", func(l *Limits) *int { return &l.RateToWaitSec }},
	{"X-Concurrency-Limit-Limit", func(l *Limits) *int { return &l.ConcurrencyLimit }},
	{"X-Concurrency-Limit-Running", func(l *Limits) *int { return &l.ConcurrencyRunning }},
}

// Limits returns the limit figures of the last answer that carried any
// (Known is false before). A figure an answer leaves out keeps its earlier
// value, except RateToWaitSec, which is 0 then. It is safe for concurrent
// use.
func (c *Client) Limits() Limits {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limits
}

// observe records the limit headers of an answer. It returns the figures
// as Limits now gives them and the answer's own X-RateLimit-ToWait-Sec
// (0 when it has none).
func (c *Client) observe(h http.Header) (Limits, int) {
	next, found, toWait := Limits{}, false, 0
	c.mu.Lock()
	defer c.mu.Unlock()
	next = c.limits
	next.RateToWaitSec = 0
	for _, lh := range limitHeaders {
		v := h.Get(lh.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			continue
		}
		*lh.field(&next) = n
		found = true
		if lh.name == "X-RateLimit-ToWait-Sec" {
			toWait = n
		}
	}
	if !found {
		return c.limits, 0
	}
	next.Known, next.At = true, c.now()
	c.limits = next
	if c.sem != nil && next.ConcurrencyLimit > 0 {
		c.sem.setLimit(next.ConcurrencyLimit)
	}
	return next, toWait
}

// LimitError is an answer that a rate limit (CODE 1965) or the concurrency
// limit (CODE 1960) refused, usually with HTTP 409. Its APIError holds the
// status, code, text and call, and errors.As finds it as an *APIError too.
// A read-only call returns it when its retries are spent or when the wait
// is longer than MaxWait or than its context allows; a call that changes
// state returns it at once.
type LimitError struct {
	APIError
	// Wait is how long to wait before calling again: the answer's
	// X-RateLimit-ToWait-Sec, else the "for another N seconds (minutes,
	// hours)" of its text, else 0 (unknown).
	Wait time.Duration
	// Limits are the client's limit figures once the answer was read.
	Limits Limits
}

// Error is the APIError's text, then the wait and the figures, such as
// "qualys scan list: code 1965: This API cannot be run again for another
// 10 seconds (wait 10s; rate 300 per 3600s, 0 left; concurrency 1 of 2)".
func (e *LimitError) Error() string {
	var parts []string
	if e.Wait > 0 {
		parts = append(parts, "wait "+e.Wait.String())
	}
	if l := e.Limits; l.Known {
		if l.RateLimit > 0 {
			parts = append(parts, "rate "+strconv.Itoa(l.RateLimit)+" per "+strconv.Itoa(l.RateWindowSec)+"s, "+
				strconv.Itoa(l.RateRemaining)+" left")
		}
		if l.ConcurrencyLimit > 0 {
			parts = append(parts, "concurrency "+strconv.Itoa(l.ConcurrencyRunning)+" of "+strconv.Itoa(l.ConcurrencyLimit))
		}
	}
	s := e.APIError.Error()
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, "; ") + ")"
	}
	return s
}

// Unwrap returns the *APIError.
func (e *LimitError) Unwrap() error { return &e.APIError }

// limitError is the *LimitError of a SIMPLE_RETURN answer with CODE 1965
// or 1960, whatever its status, else nil.
func limitError(status int, body []byte, call *Call, limits Limits, toWait int) *LimitError {
	if t := bytes.TrimLeft(body, " \t\r\n\ufeff"); len(t) == 0 || t[0] != '<' || !bytes.Contains(body, []byte("SIMPLE_RETURN")) {
		return nil
	}
	if root, err := rootElement(body); err != nil || root != "SIMPLE_RETURN" {
		return nil
	}
	sr, err := parseSimpleReturn(body)
	if err != nil || !sr.hasCode || sr.code != CodeRateLimit && sr.code != CodeConcurrencyLimit {
		return nil
	}
	wait := time.Duration(toWait) * time.Second
	if wait <= 0 {
		wait = waitInText(sr.text)
	}
	return &LimitError{APIError: *sr.apiError(status, call), Wait: wait, Limits: limits}
}

// waitInText reads the wait of "cannot be run again for another 23 hours",
// or returns 0.
func waitInText(text string) time.Duration {
	_, rest, ok := strings.Cut(strings.ToLower(text), "for another ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) < 2 {
		return 0
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n <= 0 || n > 1e6 {
		return 0
	}
	unit := strings.TrimRight(f[1], ".,;")
	switch strings.TrimSuffix(unit, "s") {
	case "second", "sec":
		return time.Duration(n) * time.Second
	case "minute", "min":
		return time.Duration(n) * time.Minute
	case "hour":
		return time.Duration(n) * time.Hour
	case "day":
		return time.Duration(n) * 24 * time.Hour
	}
	return 0
}

// limiter is a counting semaphore whose size can change. Waiters are
// served in order.
type limiter struct {
	mu       sync.Mutex
	limit    int
	inflight int
	waiters  []chan struct{}
}

func newLimiter(n int) *limiter { return &limiter{limit: n} }

// acquire takes a slot, waiting until one is free or ctx ends.
func (l *limiter) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	if l.inflight < l.limit && len(l.waiters) == 0 {
		l.inflight++
		l.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	l.waiters = append(l.waiters, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		for i, w := range l.waiters {
			if w == ch {
				l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
				l.mu.Unlock()
				return ctx.Err()
			}
		}
		l.mu.Unlock()
		l.release() // granted meanwhile: give it back
		return ctx.Err()
	}
}

func (l *limiter) release() {
	l.mu.Lock()
	l.inflight--
	l.grant()
	l.mu.Unlock()
}

func (l *limiter) setLimit(n int) {
	l.mu.Lock()
	l.limit = n
	l.grant()
	l.mu.Unlock()
}

// grant hands free slots to waiters; l.mu is held.
func (l *limiter) grant() {
	for l.inflight < l.limit && len(l.waiters) > 0 {
		ch := l.waiters[0]
		l.waiters = l.waiters[1:]
		l.inflight++
		close(ch)
	}
}
