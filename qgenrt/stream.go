package qgenrt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"reflect"
	"strconv"
)

// Document is a generated document type: the root of an answer, with a
// decoder generated from its DTD.
type Document interface {
	Decode(d *Decoder) error
}

// decodeDocument decodes a whole answer into a new value of out's type,
// stored in out only when it decoded without error.
func (c *Client) decodeDocument(ctx context.Context, call *Call, status int, root string, r io.Reader, out Document) error {
	tmp := reflect.New(reflect.TypeOf(out).Elem())
	err := c.decodeWith(ctx, call, status, root, r, func(d *Decoder) error { return tmp.Interface().(Document).Decode(d) })
	if err == nil {
		reflect.ValueOf(out).Elem().Set(tmp.Elem())
	}
	return err
}

// decodeWith runs decode on a Decoder reading r, checks what follows the
// root, reports drift, and turns the Decoder's errors into *DecodeError
// (an error of decode's own, or of the reader, is returned as it is).
func (c *Client) decodeWith(ctx context.Context, call *Call, status int, root string, r io.Reader, decode func(d *Decoder) error) error {
	d, _ := c.decoders.Get().(*Decoder)
	if d == nil {
		d = &Decoder{}
	}
	d.Reset(r)
	d.SetStrict(c.strict)
	defer func() {
		d.Reset(nil)
		c.decoders.Put(d)
	}()
	err := decode(d)
	if err == nil {
		err = d.Finish()
	}
	if drift := d.Drift(); len(drift) > 0 && (err == nil || errors.Is(err, errStopped)) {
		c.reportDrift(ctx, call, append([]Drift(nil), drift...), d.DriftDropped())
	}
	if err == nil || errors.Is(err, errStopped) {
		return err
	}
	if got := string(d.rootName); d.begun && call.Root != "" && got != call.Root {
		return call.errorf("answer has root element <%s>, want <%s>", got, call.Root) // as Do says it
	}
	de := &DecodeError{StatusCode: status, Endpoint: call.Endpoint, Action: call.Action, Root: root, Offset: -1, Err: err}
	var se *SyntaxError
	var ce *ContentError
	switch {
	case errors.As(err, &se):
		de.Offset, de.Line, de.Column = se.Offset, se.Line, se.Col
	case errors.As(err, &ce):
		de.Offset, de.Line, de.Column = ce.Offset, ce.Line, ce.Col
	default:
		return err
	}
	if de.Root == "" && d.begun {
		de.Root = string(d.rootName)
	}
	return de
}

func (c *Client) reportDrift(ctx context.Context, call *Call, drift []Drift, dropped int) {
	if c.onDrift != nil {
		c.onDrift(call.Endpoint, call.Action, drift)
		return
	}
	for _, x := range drift {
		c.logAttrs(ctx, slog.LevelWarn, "qualys: the answer differs from its DTD",
			slog.String("endpoint", call.Endpoint), slog.String("action", call.Action), slog.String("drift", x.String()))
	}
	if dropped > 0 {
		c.logAttrs(ctx, slog.LevelWarn, "qualys: more differences from the DTD, not recorded",
			slog.String("endpoint", call.Endpoint), slog.String("action", call.Action), slog.Int("occurrences", dropped))
	}
}

// Stream sends call and runs decode (usually a generated Stream method
// driven to its end) on its XML answer as the answer arrives, so that
// memory does not grow with the answer: MaxBodySize does not apply. Errors,
// retries and limits are those of Do, except that a failure in the middle
// of the answer is not retried, as decode may have used part of it. A
// SIMPLE_RETURN answer is an *APIError as for Do. A call that carries a
// secret (call.Secret, or call.SecretKeys) is read whole first, so that
// echoed secrets are redacted as Do redacts them. A failure of the
// transfer in the middle of the answer is the transport error Do gives
// (wrapping the context's error when it ended), not a *DecodeError.
func (c *Client) Stream(ctx context.Context, call Call, decode func(d *Decoder) error) error {
	// Echoed secrets are redacted (see redactEcho) for SecretKeys as well
	// as for Secret: such an answer is read whole.
	r := c.sendTries(ctx, &call, !call.Secret && len(call.SecretKeys) == 0)
	if r.err != nil {
		return r.err
	}
	if r.stream != nil {
		defer r.stream.Close()
		// The root is the answer's, which decodeWith takes from the
		// Decoder ("" when the prolog failed), not the one asked for.
		body := &readFailure{r: r.stream}
		err := c.decodeWith(ctx, &call, r.status, "", body, decode)
		if body.err != nil && err != nil && !errors.Is(err, errStopped) && errors.Is(err, body.err) {
			// The transfer failed, not the XML: the error Do gives for a
			// failure while it reads the answer (not retried here).
			method, _ := call.method(call.Form.Encode())
			return transportError(ctx, &call, method, c.base+call.Path, fmt.Errorf("reading the answer: %w", body.err))
		}
		return err
	}
	root, err := checkRoot(&call, r.status, r.body)
	if err != nil {
		return err
	}
	return c.decodeWith(ctx, &call, r.status, root, bytes.NewReader(r.body), decode)
}

// readFailure is a streamed answer that remembers the first error of its
// reader other than io.EOF: a failure of the transfer (a cut connection,
// the context ended), which the Scanner returns as it is.
type readFailure struct {
	r   io.Reader
	err error
}

func (b *readFailure) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

// Records yields the records of every page of a paged list, streamed: each
// page is read with Stream and stream (a generated Stream method of the
// page's type), and the next page is asked for as Pages does, once the
// page has been read. Records of a page are yielded as they are read, so
// an error in a page may follow some of its records. Each yield has either
// a record or an error; an error ends it.
func Records[P, R any](ctx context.Context, c *Client, call Call, stream func(page *P, d *Decoder) iter.Seq2[*R, error], next func(page *P) (url string, ok bool)) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var zero R
		stopped := false
		fetch := func(cur Call) (*P, error) {
			page := new(P)
			err := c.Stream(ctx, cur, func(d *Decoder) error {
				for r, err := range stream(page, d) {
					if err != nil {
						return err
					}
					if !yield(*r, nil) {
						stopped = true
						return errStopped
					}
				}
				return nil
			})
			return page, err
		}
		for _, err := range pages(c, call, fetch, next) {
			if stopped {
				return
			}
			if err != nil {
				yield(zero, err)
				return
			}
		}
	}
}

// pageCapReason is the PagingError reason when PageCap pages were read.
func pageCapReason(n int) string {
	return "the page cap of " + strconv.Itoa(n) + " pages is reached and the list goes on (PageCap)"
}
