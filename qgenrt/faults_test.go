package qgenrt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// faultListXML is a good faultAnswer of the read-only list call of the fault tests.
const faultListXML = `<?xml version="1.0" encoding="UTF-8" ?>
<ITEM_LIST_OUTPUT><RESPONSE><ITEM_LIST><ITEM><ID>1</ID></ITEM><ITEM><ID>2</ID></ITEM></ITEM_LIST></RESPONSE></ITEM_LIST_OUTPUT>
`

type faultListOutput struct {
	Response struct {
		IDs []int `xml:"ITEM_LIST>ITEM>ID"`
	} `xml:"RESPONSE"`
}

func faultListCall() Call {
	f := NewForm("list")
	f.String("details", "All")
	return Call{Endpoint: "item", Action: "list", Path: "/api/2.0/fo/item/", Methods: []string{"GET", "POST"},
		Form: f.Values(), Root: "ITEM_LIST_OUTPUT", ReadOnly: true}
}

// secretCreateCall changes state and carries a secret; methods as given.
func secretCreateCall(methods ...string) Call {
	call := createCall(true, methods...)
	call.SecretKeys = []string{"password"}
	return call
}

func faultLimitBody(code int, text string) string {
	return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">
<SIMPLE_RETURN><RESPONSE><DATETIME>2024-01-01T00:00:00Z</DATETIME><CODE>` + strconv.Itoa(code) +
		`</CODE><TEXT>` + text + `</TEXT></RESPONSE></SIMPLE_RETURN>`
}

// faultLimitHeaders sets the six limit headers; toWait < 0 leaves
// X-RateLimit-ToWait-Sec out.
func faultLimitHeaders(h http.Header, remaining, toWait, running int) {
	h.Set("X-RateLimit-Limit", "300")
	h.Set("X-RateLimit-Window-Sec", "3600")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	if toWait >= 0 {
		h.Set("X-RateLimit-ToWait-Sec", strconv.Itoa(toWait))
	}
	h.Set("X-Concurrency-Limit-Limit", "2")
	h.Set("X-Concurrency-Limit-Running", strconv.Itoa(running))
}

// Faults: each writes one faultAnswer (or fails to).

func faultAnswer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		faultLimitHeaders(w.Header(), 299, -1, 1)
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func faultLimited(code, toWait int, text string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		faultLimitHeaders(w.Header(), 0, toWait, 2)
		w.WriteHeader(http.StatusConflict)
		io.WriteString(w, faultLimitBody(code, text))
	}
}

// faultReset closes the connection with a TCP RST once the request is read,
// before any faultAnswer.
func faultReset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// faultCutTransfer promises 4096 bytes and sends the start of a good faultAnswer.
func faultCutTransfer(good string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 4096\r\n\r\n%s", good[:len(good)/2])
		buf.Flush()
		conn.Close()
	}
}

// faultStall answers only when the request's context ends (or after 10s).
func faultStall(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// faultServer serves the calls of a test with a handler per request. Its
// requests with action=warm (keep-alive warm-ups) are always answered with
// faultListXML and not counted.
type faultServer struct {
	*httptest.Server
	mu          sync.Mutex
	reqs        []seen
	inflight    int
	maxInflight int
	hits        atomic.Int32
	serve       func(n int) http.HandlerFunc // n counts the requests that are not warm-ups, from 1
}

func newFaultServer(t *testing.T, serve func(n int) http.HandlerFunc) *faultServer {
	t.Helper()
	s := &faultServer{serve: serve}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form := r.URL.RawQuery
		if r.Method == http.MethodPost {
			form = string(b)
		}
		q, _ := url.ParseQuery(form)
		u, p, ok := r.BasicAuth()
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Body: string(b),
			User: u, Password: p, HasAuth: ok, ContentType: fmt.Sprint(r.ContentLength, r.TransferEncoding)})
		s.inflight++
		s.maxInflight = max(s.maxInflight, s.inflight)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inflight--
			s.mu.Unlock()
		}()
		if q.Get("action") == "warm" {
			faultAnswer(200, faultListXML)(w, r)
			return
		}
		s.serve(int(s.hits.Add(1)))(w, r)
	}))
	s.Config.ErrorLog = faultDiscardLogger()
	t.Cleanup(s.Close)
	return s
}

func (s *faultServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func (s *faultServer) maxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInflight
}

// faultClock records the waits of a client and returns at once.
type faultClock struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *faultClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	return nil
}

func (f *faultClock) recorded() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// faultLogBuffer is an io.Writer safe for concurrent use.
type faultLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *faultLogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *faultLogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// faultClient is a client of s with a fake clock, backoff without jitter
// and a debug logger writing to logs.
func faultClient(t *testing.T, url string, clock *faultClock, logs io.Writer, opts ...Option) *Client {
	t.Helper()
	opts = append([]Option{AllowHTTP(), BasicAuth(testUser, testPassword),
		Logger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}, opts...)
	c, err := NewClient(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if clock != nil {
		c.sleep = clock.sleep
	}
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c
}

// leakMarkers are strings that must never show outside a POST body and the
// Authorization header.
var leakMarkers = []string{testPassword, "pa55", secretValue, "Authorization", "Basic "}

func checkNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, x := range leakMarkers {
		if strings.Contains(s, x) {
			t.Errorf("%s shows %q: %s", what, x, s)
		}
	}
}

func errIsType[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

func waitSecs(n ...int) []time.Duration {
	d := make([]time.Duration, len(n))
	for i, v := range n {
		d[i] = time.Duration(v) * time.Second
	}
	return d
}

// TestFaults runs a read-only call and calls that change state (sent as
// POST and as GET) against each fault. A read-only call is retried with
// the waits the faultAnswer asks for or the backoff schedule (1s, 2s, 4s: the
// defaults without jitter); a call that changes state reaches the server
// exactly once, after a warm-up call that leaves a keep-alive connection
// to reuse, and returns the typed error. No secret shows anywhere.
func TestFaults(t *testing.T) {
	good := func(n int) bool { return n > 1 } // the fault hits the first try only
	type check func(err error) string
	want := func(name string, ok func(error) bool) check {
		return func(err error) string {
			if !ok(err) {
				return fmt.Sprintf("error %v (%T), want %s", err, err, name)
			}
			return ""
		}
	}
	limitErr := func(code int, wait time.Duration) check {
		return func(err error) string {
			var le *LimitError
			var ae *APIError
			switch {
			case !errors.As(err, &le):
				return fmt.Sprintf("error %v (%T), want a *LimitError", err, err)
			case le.Code != code || le.StatusCode != 409 || le.Wait != wait:
				return fmt.Sprintf("LimitError code %d status %d wait %v, want %d 409 %v", le.Code, le.StatusCode, le.Wait, code, wait)
			case !le.Limits.Known || le.Limits.RateLimit != 300 || le.Limits.RateWindowSec != 3600 || le.Limits.RateRemaining != 0 ||
				le.Limits.ConcurrencyLimit != 2 || le.Limits.ConcurrencyRunning != 2:
				return fmt.Sprintf("LimitError limits %+v", le.Limits)
			case !errors.As(err, &ae) || ae.Code != code:
				return "errors.As(*APIError) does not find the code"
			}
			return ""
		}
	}
	httpErr := func(status int) check {
		return want("*HTTPError "+strconv.Itoa(status), func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.StatusCode == status
		})
	}
	transport := want("a transport error", func(err error) bool {
		return err != nil && !errIsType[*HTTPError](err) && !errIsType[*APIError](err) && !errIsType[*DecodeError](err) &&
			!errors.Is(err, context.DeadlineExceeded)
	})
	deadline := want("context.DeadlineExceeded", func(err error) bool { return errors.Is(err, context.DeadlineExceeded) })
	decodeErr := want("*DecodeError", errIsType[*DecodeError])
	tooLarge := want("*BodyTooLargeError", errIsType[*BodyTooLargeError])
	big := "<BATCH_RETURN>" + strings.Repeat(" ", 5000) + "</BATCH_RETURN>"

	tests := []struct {
		name    string
		fault   http.HandlerFunc
		persist bool          // the fault answers every try, not only the first
		timeout time.Duration // of the context; 0: none
		opts    []Option
		// read-only: requests, recorded waits, error (nil: success)
		roHits  int
		roWaits []time.Duration
		roErr   check
		// changing state: the error
		scErr check
	}{
		{name: "409 1965 with ToWait", fault: faultLimited(1965, 7, "This API cannot be run again for another 7 seconds"),
			roHits: 2, roWaits: waitSecs(7), scErr: limitErr(1965, 7*time.Second)},
		{name: "409 1965 without ToWait, figure in text", fault: faultLimited(1965, -1, "This API cannot be run again for another 12 seconds"),
			roHits: 2, roWaits: waitSecs(12), scErr: limitErr(1965, 12*time.Second)},
		{name: "409 1965 without ToWait nor figure", fault: faultLimited(1965, -1, "This API cannot be run again yet"),
			roHits: 2, roWaits: waitSecs(1), scErr: limitErr(1965, 0)},
		{name: "409 1960 concurrency", fault: faultLimited(1960, -1, "Concurrency limit exceeded"),
			roHits: 2, roWaits: waitSecs(1), scErr: limitErr(1960, 0)},
		{name: "409 1965 persistent", fault: faultLimited(1965, 3, "This API cannot be run again for another 3 seconds"), persist: true,
			opts:   []Option{Retry(3, time.Second, 30*time.Second)},
			roHits: 3, roWaits: waitSecs(3, 3), roErr: limitErr(1965, 3*time.Second), scErr: limitErr(1965, 3*time.Second)},
		{name: "503", fault: faultAnswer(503, "<html>busy</html>"), roHits: 2, roWaits: waitSecs(1), scErr: httpErr(503)},
		{name: "500 SIMPLE_RETURN", fault: faultAnswer(500, faultLimitBody(999, "Internal error")), roHits: 2, roWaits: waitSecs(1),
			scErr: want("*APIError 500", func(err error) bool {
				var ae *APIError
				return errors.As(err, &ae) && ae.StatusCode == 500 && ae.Code == 999 && !errIsType[*LimitError](err)
			})},
		{name: "503 persistent", fault: faultAnswer(503, "<html>busy</html>"), persist: true,
			roHits: 4, roWaits: waitSecs(1, 2, 4), roErr: httpErr(503), scErr: httpErr(503)},
		{name: "connection reset", fault: faultReset, roHits: 2, roWaits: waitSecs(1), scErr: transport},
		{name: "connection reset persistent", fault: faultReset, persist: true, roHits: 4, roWaits: waitSecs(1, 2, 4), roErr: transport, scErr: transport},
		{name: "truncated transfer", fault: faultCutTransfer(batchReturnXML), roHits: 2, roWaits: waitSecs(1), scErr: transport},
		{name: "truncated XML", fault: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("action") == "list" {
				faultAnswer(200, faultListXML[:strings.Index(faultListXML, "</ITEM_LIST>")])(w, r)
			} else {
				faultAnswer(200, batchReturnXML[:strings.Index(batchReturnXML, "</BATCH>")])(w, r)
			}
		},
			roHits: 1, roErr: decodeErr, scErr: decodeErr},
		{name: "body over MaxBodySize", fault: faultAnswer(200, big), opts: []Option{MaxBodySize(4096)},
			roHits: 1, roErr: tooLarge, scErr: tooLarge},
		{name: "delay past the deadline", fault: faultStall, timeout: 100 * time.Millisecond,
			roHits: 1, roErr: deadline, scErr: deadline},
	}
	logs := &faultLogBuffer{}
	for _, tt := range tests {
		serve := func(n int) http.HandlerFunc {
			if tt.persist || !good(n) {
				return tt.fault
			}
			return func(w http.ResponseWriter, r *http.Request) {
				q, _ := url.ParseQuery(r.URL.RawQuery)
				if q.Get("action") == "list" {
					faultAnswer(200, faultListXML)(w, r)
				} else {
					faultAnswer(200, batchReturnXML)(w, r)
				}
			}
		}
		// run makes call; warm first sends a call on the same client, so
		// that call goes on a reused keep-alive connection.
		run := func(t *testing.T, call Call, out any, warm bool) (*faultServer, *faultClock, error) {
			s := newFaultServer(t, serve)
			clock := &faultClock{}
			c := faultClient(t, s.URL, clock, logs, tt.opts...)
			if warm {
				w := faultListCall()
				w.Form = url.Values{"action": {"warm"}}
				w.Root = ""
				if err := c.Do(context.Background(), w, nil); err != nil {
					t.Fatalf("warm-up: %v", err)
				}
			}
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			t0 := time.Now()
			err := c.Do(ctx, call, out)
			if d := time.Since(t0); d > 5*time.Second {
				t.Errorf("Do took %v", d)
			}
			for _, r := range s.requests() {
				checkNoSecret(t, "a URL the server saw", r.Path+"?"+r.RawQuery)
				if strings.Contains(r.Body, "action=create") && !strings.Contains(r.Body, secretValue) && call.Secret {
					t.Errorf("the POST body lost the secret: %q", r.Body)
				}
			}
			if err != nil {
				checkNoSecret(t, "an error", err.Error())
				noLeak(t, err)
			}
			return s, clock, err
		}
		t.Run(tt.name+"/read-only", func(t *testing.T) {
			var out faultListOutput
			s, clock, err := run(t, faultListCall(), &out, false)
			hits := int(s.hits.Load())
			t.Logf("requests %d, waits %v, error: %v", hits, clock.recorded(), err)
			if hits != tt.roHits {
				t.Errorf("the server got %d requests, want %d", hits, tt.roHits)
			}
			if got := clock.recorded(); fmt.Sprint(got) != fmt.Sprint(tt.roWaits) {
				t.Errorf("waits %v, want %v", got, tt.roWaits)
			}
			if tt.roErr == nil {
				if err != nil {
					t.Fatalf("error %v, want success", err)
				}
				if fmt.Sprint(out.Response.IDs) != "[1 2]" {
					t.Errorf("decoded %+v", out)
				}
				return
			}
			if msg := tt.roErr(err); msg != "" {
				t.Error(msg)
			}
			if out.Response.IDs != nil {
				t.Errorf("out was filled on error: %+v", out)
			}
		})
		for _, methods := range [][]string{{"POST"}, {"GET", "POST"}} {
			t.Run(tt.name+"/changes state "+strings.Join(methods, ","), func(t *testing.T) {
				call := secretCreateCall(methods...)
				if len(methods) > 1 {
					call = createCall(false, methods...) // no secret: sent as a GET
				}
				var out batchReturn
				s, clock, err := run(t, call, &out, true)
				hits := int(s.hits.Load())
				t.Logf("requests %d, waits %v, error: %v", hits, clock.recorded(), err)
				if hits != 1 {
					t.Errorf("the server got %d requests, want exactly 1", hits)
				}
				if waits := clock.recorded(); len(waits) != 0 {
					t.Errorf("waited %v", waits)
				}
				if r := s.requests()[1]; r.Method != map[int]string{1: "POST", 2: "GET"}[len(methods)] {
					t.Errorf("sent as %s", r.Method)
				} else if r.Method == "GET" && (r.ContentType != "0 []" || r.Body != "") {
					t.Errorf("the GET was sent with a body: length, transfer encoding %s, body %q", r.ContentType, r.Body)
				}
				if msg := tt.scErr(err); msg != "" {
					t.Error(msg)
				}
				if out.Response.Batches != nil {
					t.Errorf("out was filled on error: %+v", out)
				}
			})
		}
	}
	out := logs.String()
	checkNoSecret(t, "the log", out)
	for _, v := range []string{"My record", "My+record", "ids=", "title", testUser, "details=All"} {
		if strings.Contains(out, v) {
			t.Errorf("the log shows %q", v)
		}
	}
	for _, v := range []string{"msg=\"qualys: answer\"", "method=GET", "method=POST", "path=/api/2.0/fo/item/", "status=409", "status=503",
		"duration=", "msg=\"qualys: retrying\"", "reason=\"code 1965\"", "wait=7s", "msg=\"qualys: not retried: the call changes state\"",
		"msg=\"qualys: not retried: no tries left\"", "reason=\"transport error\""} {
		if !strings.Contains(out, v) {
			t.Errorf("the log has no %q", v)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s", out)
	}
}

// TestWaitPastDeadline: a wait longer than what is left of the context
// returns the typed error at once, with the real clock.
func TestWaitPastDeadline(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault http.HandlerFunc
		opts  []Option
		check func(error) bool
	}{
		{"ToWait 60s", faultLimited(1965, 60, "This API cannot be run again for another 60 seconds"), nil,
			func(err error) bool { var le *LimitError; return errors.As(err, &le) && le.Wait == time.Minute }},
		{"backoff 10s", faultAnswer(503, "busy"), []Option{Retry(4, 10*time.Second, time.Minute)},
			func(err error) bool { return errIsType[*HTTPError](err) }},
		{"ToWait 10m over MaxWait", faultLimited(1965, 600, "x"), nil,
			func(err error) bool { var le *LimitError; return errors.As(err, &le) && le.Wait == 10*time.Minute }},
		{"23 hours in text", faultLimited(1965, -1, "This API cannot be run again for another 23 hours"), nil,
			func(err error) bool { var le *LimitError; return errors.As(err, &le) && le.Wait == 23*time.Hour }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newFaultServer(t, func(int) http.HandlerFunc { return tt.fault })
			c := faultClient(t, s.URL, nil, io.Discard, tt.opts...) // the real clock
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if tt.name == "23 hours in text" {
				ctx = context.WithoutCancel(ctx) // no deadline: MaxWait stops it
			}
			t0 := time.Now()
			err := c.Do(ctx, faultListCall(), &faultListOutput{})
			d := time.Since(t0)
			t.Logf("returned after %v: %v", d.Round(time.Millisecond), err)
			if !tt.check(err) {
				t.Errorf("error %v (%T)", err, err)
			}
			if d > time.Second {
				t.Errorf("Do returned after %v", d)
			}
			if n := s.hits.Load(); n != 1 {
				t.Errorf("the server got %d requests", n)
			}
		})
	}
}

// TestCancelDuringWait: a context canceled while the client waits to retry
// ends the wait; the error is both the last failure and the cancellation.
func TestCancelDuringWait(t *testing.T) {
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultLimited(1965, 30, "x") })
	c := faultClient(t, s.URL, nil, io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	t0 := time.Now()
	err := c.Do(ctx, faultListCall(), &faultListOutput{})
	d := time.Since(t0)
	if !errors.Is(err, context.Canceled) || !errIsType[*LimitError](err) {
		t.Errorf("error %v, want a *LimitError and context.Canceled", err)
	}
	if d > 2*time.Second {
		t.Errorf("Do returned after %v", d)
	}
	if n := s.hits.Load(); n != 1 {
		t.Errorf("the server got %d requests", n)
	}
	t.Logf("returned after %v: %v", d.Round(time.Millisecond), err)
}

// TestBackoffSchedule: without a server figure, retry n waits base*2^(n-1)
// up to the cap; with jitter, between half of that and all of it.
func TestBackoffSchedule(t *testing.T) {
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(502, "bad gateway") })
	clock := &faultClock{}
	c := faultClient(t, s.URL, clock, io.Discard, Retry(7, 100*time.Millisecond, 500*time.Millisecond))
	if err := c.Do(context.Background(), faultListCall(), nil); !errIsType[*HTTPError](err) {
		t.Fatalf("error %v", err)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond,
		500 * time.Millisecond, 500 * time.Millisecond, 500 * time.Millisecond}
	if got := clock.recorded(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v", got, want)
	}
	if n := s.hits.Load(); n != 7 {
		t.Errorf("the server got %d requests, want 7", n)
	}
	c.jitter = equalJitter
	for n := 1; n <= 6; n++ {
		for range 200 {
			if d := c.backoff(n); d < want[n-1]/2 || d > want[n-1] {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, want[n-1]/2, want[n-1])
			}
		}
	}
}

// TestCertificateNotRetried: a refused certificate is not a fault that
// goes away.
func TestCertificateNotRetried(t *testing.T) {
	var hits atomic.Int32
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	s.Config.ErrorLog = faultDiscardLogger() // the refused handshake
	defer s.Close()
	clock := &faultClock{}
	c := faultClient(t, s.URL, clock, io.Discard)
	err := c.Do(context.Background(), faultListCall(), nil)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("error %v", err)
	}
	if w := clock.recorded(); len(w) != 0 {
		t.Errorf("retried after %v", w)
	}
}

func TestLimits(t *testing.T) {
	var toWait atomic.Int32
	toWait.Store(-1)
	s := newFaultServer(t, func(n int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				io.WriteString(w, faultListXML) // no limit headers
				return
			}
			faultLimitHeaders(w.Header(), 300-n, int(toWait.Load()), n%3)
			if n == 3 {
				w.Header().Del("X-Concurrency-Limit-Limit") // kept from before
			}
			io.WriteString(w, faultListXML)
		}
	})
	c := faultClient(t, s.URL, &faultClock{}, io.Discard)
	if l := c.Limits(); l != (Limits{}) {
		t.Errorf("Limits() before any faultAnswer = %+v", l)
	}
	do := func() {
		t.Helper()
		if err := c.Do(context.Background(), faultListCall(), nil); err != nil {
			t.Fatal(err)
		}
	}
	do()
	if l := c.Limits(); l.Known {
		t.Errorf("Limits() after an faultAnswer without headers = %+v", l)
	}
	before := time.Now()
	toWait.Store(5)
	do()
	l := c.Limits()
	if l.At.Before(before) || l.At.After(time.Now()) {
		t.Errorf("At = %v", l.At)
	}
	l.At = time.Time{}
	if want := (Limits{RateLimit: 300, RateWindowSec: 3600, RateRemaining: 298, RateToWaitSec: 5, ConcurrencyLimit: 2,
		ConcurrencyRunning: 2, Known: true}); l != want {
		t.Errorf("Limits() = %+v, want %+v", l, want)
	}
	toWait.Store(-1)
	do()
	l = c.Limits()
	l.At = time.Time{}
	if want := (Limits{RateLimit: 300, RateWindowSec: 3600, RateRemaining: 297, RateToWaitSec: 0, ConcurrencyLimit: 2,
		ConcurrencyRunning: 0, Known: true}); l != want {
		t.Errorf("Limits() = %+v, want %+v", l, want)
	}
	// Concurrent calls and readers (run with -race).
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			c.Do(context.Background(), faultListCall(), nil)
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				if l := c.Limits(); !l.Known || l.RateLimit != 300 {
					t.Errorf("Limits() = %+v", l)
					return
				}
			}
		}()
	}
	wg.Wait()
	// The figures are those of one of the concurrent answers (4 to 12).
	if l, n := c.Limits(), int(s.hits.Load()); n != 11 || l.RateRemaining < 300-n || l.RateRemaining > 300-4 {
		t.Errorf("Limits() = %+v after %d answers", l, n)
	}
}

func TestLimitConcurrency(t *testing.T) {
	// limit is what the server says in X-Concurrency-Limit-Limit (0: nothing).
	run := func(t *testing.T, initial, limit, calls int) int {
		s := newFaultServer(t, func(n int) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				if limit > 0 {
					w.Header().Set("X-Concurrency-Limit-Limit", strconv.Itoa(limit))
				}
				time.Sleep(20 * time.Millisecond)
				io.WriteString(w, faultListXML)
			}
		})
		c := faultClient(t, s.URL, &faultClock{}, io.Discard, LimitConcurrency(initial))
		var wg sync.WaitGroup
		for range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := c.Do(context.Background(), faultListCall(), nil); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := int(s.hits.Load()); n != calls {
			t.Errorf("the server got %d requests, want %d", n, calls)
		}
		return s.maxInFlight()
	}
	t.Run("initial", func(t *testing.T) {
		if m := run(t, 2, 0, 16); m > 2 || m < 1 {
			t.Errorf("%d requests in flight, want at most 2", m)
		} else {
			t.Logf("LimitConcurrency(2), 16 calls: at most %d in flight", m)
		}
	})
	t.Run("from the header", func(t *testing.T) {
		if m := run(t, 5, 3, 16); m > 5 {
			t.Errorf("%d requests in flight, want at most 5 (3 once an faultAnswer says so)", m)
		} else {
			t.Logf("LimitConcurrency(5), header 3, 16 calls: at most %d in flight", m)
		}
	})
	t.Run("header lowers", func(t *testing.T) {
		// One call first: from then on the limit is 1.
		s := newFaultServer(t, func(n int) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Concurrency-Limit-Limit", "1")
				time.Sleep(10 * time.Millisecond)
				io.WriteString(w, faultListXML)
			}
		})
		c := faultClient(t, s.URL, &faultClock{}, io.Discard, LimitConcurrency(8))
		if err := c.Do(context.Background(), faultListCall(), nil); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.Do(context.Background(), faultListCall(), nil)
			}()
		}
		wg.Wait()
		if m := s.maxInFlight(); m != 1 {
			t.Errorf("%d requests in flight, want 1", m)
		}
	})
	t.Run("waiting honours ctx", func(t *testing.T) {
		release := make(chan struct{})
		s := newFaultServer(t, func(n int) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				<-release
				io.WriteString(w, faultListXML)
			}
		})
		c := faultClient(t, s.URL, &faultClock{}, io.Discard, LimitConcurrency(1))
		first := make(chan error, 1)
		go func() { first <- c.Do(context.Background(), faultListCall(), nil) }()
		for s.hits.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		t0 := time.Now()
		err := c.Do(ctx, secretCreateCall("POST"), nil)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting for a concurrency slot") {
			t.Errorf("error %v", err)
		}
		if d := time.Since(t0); d > time.Second {
			t.Errorf("returned after %v", d)
		}
		close(release)
		if err := <-first; err != nil {
			t.Error(err)
		}
		if n := s.hits.Load(); n != 1 {
			t.Errorf("the server got %d requests, want 1", n)
		}
		// The slot of the abandoned wait is free again.
		if err := c.Do(context.Background(), faultListCall(), nil); err != nil {
			t.Error(err)
		}
	})
}

func TestLimiterRandomCancel(t *testing.T) {
	l := newLimiter(3)
	var in, peak atomic.Int32
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%5)*100*time.Microsecond)
			defer cancel()
			if l.acquire(ctx) != nil {
				return
			}
			n := in.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(50 * time.Microsecond)
			in.Add(-1)
			l.release()
		}()
		if i == 100 {
			l.setLimit(2)
		}
	}
	wg.Wait()
	if p := peak.Load(); p > 3 {
		t.Errorf("peak %d", p)
	}
	if l.inflight != 0 || len(l.waiters) != 0 {
		t.Errorf("left %d in flight, %d waiting", l.inflight, len(l.waiters))
	}
}

func TestBodyTooLarge(t *testing.T) {
	const limit = 1000
	body := func(n int) string { return "<X>" + strings.Repeat("a", n-7) + "</X>" }
	for _, tt := range []struct {
		name    string
		size    int
		chunked bool
		ok      bool
	}{
		{"at the cap", limit, false, true},
		{"one byte over, Content-Length", limit + 1, false, false},
		{"one byte over, chunked", limit + 1, true, false},
		{"8 MiB chunked", 8 << 20, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newFaultServer(t, func(int) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					if !tt.chunked {
						w.Header().Set("Content-Length", strconv.Itoa(tt.size))
					}
					b := body(tt.size)
					for len(b) > 0 { // several writes: chunked when no length
						n := min(len(b), 64<<10)
						if _, err := io.WriteString(w, b[:n]); err != nil {
							return
						}
						b = b[n:]
						http.NewResponseController(w).Flush()
					}
				}
			})
			var read atomic.Int64
			hc := &http.Client{Transport: faultCountingTransport{http.DefaultTransport, &read}}
			c := faultClient(t, s.URL, &faultClock{}, io.Discard, MaxBodySize(limit), HTTPClient(hc))
			got, err := c.DoRaw(context.Background(), faultListCall())
			if tt.ok {
				if err != nil || len(got) != tt.size {
					t.Errorf("DoRaw = %d bytes, %v", len(got), err)
				}
				return
			}
			var be *BodyTooLargeError
			if !errors.As(err, &be) || be.Limit != limit || got != nil {
				t.Fatalf("DoRaw = %d bytes, %v", len(got), err)
			}
			if tt.chunked && be.Length != -1 || !tt.chunked && be.Length != int64(tt.size) {
				t.Errorf("Length = %d", be.Length)
			}
			if n := read.Load(); n > limit+1 {
				t.Errorf("read %d bytes of the faultAnswer, want at most %d", n, limit+1)
			}
			if n := s.hits.Load(); n != 1 {
				t.Errorf("the server got %d requests (a read-only call is not retried for this)", n)
			}
			t.Logf("%v; %d bytes read", err, read.Load())
		})
	}
}

// faultCountingTransport counts the bytes read of faultAnswer bodies.
type faultCountingTransport struct {
	rt http.RoundTripper
	n  *atomic.Int64
}

func (ct faultCountingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := ct.rt.RoundTrip(r)
	if err == nil {
		resp.Body = faultCountingBody{resp.Body, ct.n}
	}
	return resp, err
}

type faultCountingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b faultCountingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func TestDecodeError(t *testing.T) {
	body := batchReturnXML[:strings.Index(batchReturnXML, "</BATCH>")]
	s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, body) })
	c := faultClient(t, s.URL, &faultClock{}, io.Discard)
	out := batchReturn{}
	out.Response.DateTime = DateTime{time.Unix(1, 0)}
	before := out
	err := c.Do(context.Background(), createCall(false, "POST"), &out)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T)", err, err)
	}
	if de.Root != "BATCH_RETURN" || de.Offset != int64(len(body)) || de.Line != strings.Count(body, "\n")+1 || de.StatusCode != 200 {
		t.Errorf("DecodeError %+v; body %d bytes, %d lines", de, len(body), strings.Count(body, "\n")+1)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("error %v does not say unexpected EOF", err)
	}
	if fmt.Sprint(out) != fmt.Sprint(before) {
		t.Errorf("out changed: %+v", out)
	}
	t.Log(err)
}

func TestEchoRedaction(t *testing.T) {
	echo := func(root, postData string) string {
		return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE ` + root + ` SYSTEM "https://qualysapi.qualys.com/api/2.0/` + strings.ToLower(root) + `.dtd">
<` + root + `>
  <REQUEST>
    <DATETIME>2024-01-01T00:00:00Z</DATETIME>
    <USER_LOGIN>` + testUser + `</USER_LOGIN>
    <RESOURCE>https://qualysapi.qualys.com/api/2.0/fo/auth/greenplum/</RESOURCE>
    <PARAM_LIST>
      <PARAM><KEY>action</KEY><VALUE>create</VALUE></PARAM>
      <PARAM><KEY> password </KEY><VALUE><![CDATA[` + secretValue + `]]></VALUE></PARAM>
      <PARAM><KEY>title</KEY><VALUE><![CDATA[My record</VALUE>]]></VALUE></PARAM>
      <PARAM><KEY>passphrase</KEY><VALUE>` + secretValue + `&amp;2</VALUE></PARAM>
      <PARAM><KEY>password</KEY><VALUE/></PARAM>
    </PARAM_LIST>
    <POST_DATA>` + postData + `</POST_DATA>
  </REQUEST>
  <RESPONSE><DATETIME>2020-01-05T12:04:32Z</DATETIME><TEXT>` + secretValue + ` is not in the echo</TEXT></RESPONSE>
</` + root + `>`
	}
	type echoDoc struct {
		Request struct {
			Params []struct {
				Key   string `xml:"KEY"`
				Value string `xml:"VALUE"`
			} `xml:"PARAM_LIST>PARAM"`
			PostData string `xml:"POST_DATA"`
		} `xml:"REQUEST"`
		Response struct {
			Text string `xml:"TEXT"`
		} `xml:"RESPONSE"`
	}
	post := "action=create&password=" + secretValue + "&title=My+record&passphrase=" + secretValue
	for _, tt := range []struct {
		name       string
		secretKeys []string
		postData   string
		params     string // KEY=VALUE of each PARAM
		post       string
	}{
		{"CDATA POST_DATA", []string{"password", "passphrase"}, "<![CDATA[" + post + "]]>",
			"action=create password=[redacted] title=My record</VALUE> passphrase=[redacted] password=",
			"action=create&password=[redacted]&title=My+record&passphrase=[redacted]"},
		{"escaped POST_DATA", []string{"password", "passphrase"}, strings.ReplaceAll(post, "&", "&amp;"),
			"action=create password=[redacted] title=My record</VALUE> passphrase=[redacted] password=",
			"action=create&password=[redacted]&title=My+record&passphrase=[redacted]"},
		{"every value when Secret and no SecretKeys", nil, "<![CDATA[" + post + "]]>",
			"action=[redacted] password=[redacted] title=[redacted] passphrase=[redacted] password=",
			"action=[redacted]&password=[redacted]&title=[redacted]&passphrase=[redacted]"},
		{"POST_DATA that is not a form", []string{"password"}, "%zz=1&amp;password=x",
			"action=create password=[redacted] title=My record</VALUE> passphrase=" + secretValue + "&2 password=", "[redacted]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(200, echo("ECHO_OUTPUT", tt.postData)) })
			c := faultClient(t, s.URL, &faultClock{}, io.Discard)
			call := createCall(true, "POST")
			call.Root, call.SecretKeys = "ECHO_OUTPUT", tt.secretKeys
			var out echoDoc
			if err := c.Do(context.Background(), call, &out); err != nil {
				t.Fatal(err)
			}
			var params []string
			for _, p := range out.Request.Params {
				params = append(params, strings.TrimSpace(p.Key)+"="+p.Value)
			}
			if got := strings.Join(params, " "); got != tt.params {
				t.Errorf("params\n got %s\nwant %s", got, tt.params)
			}
			if out.Request.PostData != tt.post {
				t.Errorf("POST_DATA\n got %s\nwant %s", out.Request.PostData, tt.post)
			}
			if out.Response.Text != secretValue+" is not in the echo" {
				t.Errorf("RESPONSE changed: %q", out.Response.Text)
			}
		})
	}
	t.Run("HTTPError body", func(t *testing.T) {
		doc := strings.Replace(echo("SIMPLE_RETURN", "<![CDATA["+post+"]]>"), "<TEXT>"+secretValue+" is not in the echo</TEXT>", "", 1)
		s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(400, doc) })
		c := faultClient(t, s.URL, &faultClock{}, io.Discard)
		err := c.Do(context.Background(), secretCreateCall("POST"), nil)
		var he *HTTPError
		if !errors.As(err, &he) {
			t.Fatalf("error %v", err)
		}
		if strings.Contains(string(he.Body), secretValue) || !strings.Contains(string(he.Body), Redacted) {
			t.Errorf("HTTPError.Body: %s", he.Body)
		}
	})
	t.Run("broken REQUEST", func(t *testing.T) {
		doc := `<ECHO_OUTPUT><REQUEST><PARAM_LIST><PARAM><KEY>password</KEY><VALUE>` + secretValue + `</PARAM></PARAM_LIST></REQUEST></ECHO_OUTPUT>`
		s := newFaultServer(t, func(int) http.HandlerFunc { return faultAnswer(500, doc) })
		c := faultClient(t, s.URL, &faultClock{}, io.Discard)
		err := c.Do(context.Background(), secretCreateCall("POST"), nil)
		var he *HTTPError
		if !errors.As(err, &he) || string(he.Body) != "<ECHO_OUTPUT>[redacted]" {
			t.Errorf("error %v, body %q", err, he.Body)
		}
	})
	t.Run("nothing to redact", func(t *testing.T) {
		for _, doc := range []string{batchReturnXML, echo("ECHO_OUTPUT", post), "<A><B/><REQUEST>" + secretValue + "</REQUEST></A>", "  <!-- <REQUEST --> <A/>"} {
			call := faultListCall()
			if got := redactEcho([]byte(doc), &call); string(got) != doc {
				t.Errorf("a call without secrets changed %q", doc)
			}
			call = secretCreateCall("POST")
			if doc != echo("ECHO_OUTPUT", post) {
				if got := redactEcho([]byte(doc), &call); string(got) != doc {
					t.Errorf("changed %q to %q", doc, got)
				}
			}
		}
	})
}

func TestCallFormat(t *testing.T) {
	call := secretCreateCall("POST")
	call.Form.Add("password", "second-"+secretValue)
	call.ReadOnly = false
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%20v"} {
		for _, v := range []any{call, &call, []Call{call}, struct{ C Call }{call}, map[string]Call{"c": call}} {
			got := fmt.Sprintf(format, v)
			checkNoSecret(t, "Sprintf("+format+")", got)
			for _, x := range []string{"My record", "1-5", "second-"} {
				if strings.Contains(got, x) {
					t.Errorf("Sprintf(%s, %T) shows %q: %s", format, v, x, got)
				}
			}
		}
	}
	if got := call.String(); !strings.Contains(got, "Endpoint:auth/greenplum") || !strings.Contains(got, "password:[[redacted] [redacted]]") ||
		!strings.Contains(got, "SecretKeys:[password]") {
		t.Errorf("String() = %s", got)
	}
	if got := fmt.Sprintf("%#v", call); !strings.HasPrefix(got, "qgenrt.Call{Endpoint:\"auth/greenplum\"") ||
		!strings.Contains(got, `"password":[]string{"[redacted]", "[redacted]"}`) {
		t.Errorf("%%#v = %s", got)
	}
	if got := fmt.Sprintf("%v", call); !strings.HasPrefix(got, "{auth/greenplum create /api/2.0/fo/auth/greenplum/ [POST] map[") {
		t.Errorf("%%v = %s", got)
	}
	if call.Form.Get("password") != secretValue {
		t.Error("printing changed the form")
	}
	t.Logf("%%v:  %v\n%%#v: %#v", call, call)
}

// pagedServer serves a list of pages pages: page i (from 1) holds the IDs
// 10i+1 and 10i+2 and, but for the last, a WARNING 1980 whose URL asks
// for id_min=10(i+1)+1. url makes the URL of page i+1 from its query.
func pagedServer(t *testing.T, pages int, url func(s *faultServer, query string) string) *faultServer {
	var s *faultServer
	s = newFaultServer(t, func(n int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			page := 1
			if m := r.Form.Get("id_min"); m != "" {
				v, err := strconv.Atoi(m)
				if err != nil {
					http.Error(w, "bad id_min", 400)
					return
				}
				page = v / 10
			}
			var b strings.Builder
			fmt.Fprintf(&b, "<PAGE_OUTPUT><RESPONSE><ITEM_LIST><ITEM><ID>%d</ID></ITEM><ITEM><ID>%d</ID></ITEM></ITEM_LIST>", 10*page+1, 10*page+2)
			if page < pages {
				q := "action=list&details=All&truncation_limit=2&id_min=" + strconv.Itoa(10*(page+1)+1)
				fmt.Fprintf(&b, "<WARNING_LIST><WARNING><CODE>1980</CODE><TEXT>2 record limit exceeded. Use URL to get next batch of results.</TEXT><URL><![CDATA[%s]]></URL></WARNING></WARNING_LIST>", url(s, q))
			}
			b.WriteString("</RESPONSE></PAGE_OUTPUT>")
			faultAnswer(200, b.String())(w, r)
		}
	})
	return s
}

type pageOutput struct {
	Response struct {
		IDs         []int `xml:"ITEM_LIST>ITEM>ID"`
		WarningList *struct {
			Warning []struct {
				Code *int64  `xml:"CODE"`
				Text string  `xml:"TEXT"`
				URL  *string `xml:"URL"`
			} `xml:"WARNING"`
		} `xml:"WARNING_LIST"`
	} `xml:"RESPONSE"`
}

// nextPage is the next function generated code passes to Pages.
func nextPage(p *pageOutput) (string, bool) {
	if p.Response.WarningList == nil {
		return "", false
	}
	for _, w := range p.Response.WarningList.Warning {
		if u, ok := Continuation(w.Code, w.URL); ok {
			return u, true
		}
	}
	return "", false
}

func pageCall() Call {
	call := faultListCall()
	call.Root = "PAGE_OUTPUT"
	call.Form.Set("truncation_limit", "2")
	return call
}

func pagedSameServer(s *faultServer, q string) string {
	return s.URL + "/api/2.0/fo/item/?" + q
}

// collectPages ranges over Pages and returns the IDs of each page and the
// errors.
func collectPages(t *testing.T, seq func(yield func(*pageOutput, error) bool)) (pages [][]int, errs []error) {
	t.Helper()
	for p, err := range seq {
		if (p == nil) == (err == nil) {
			t.Fatalf("yield(%v, %v)", p, err)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		pages = append(pages, p.Response.IDs)
	}
	return pages, errs
}

func TestPages(t *testing.T) {
	s := pagedServer(t, 4, pagedSameServer)
	c := faultClient(t, s.URL, &faultClock{}, io.Discard)
	pages, errs := collectPages(t, Pages(context.Background(), c, pageCall(), nextPage))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := fmt.Sprint(pages); got != "[[11 12] [21 22] [31 32] [41 42]]" {
		t.Errorf("pages %s", got)
	}
	var queries []string
	for _, r := range s.requests() {
		if r.Path != "/api/2.0/fo/item/" || r.Method != "GET" {
			t.Errorf("request %s %s", r.Method, r.Path)
		}
		queries = append(queries, r.RawQuery)
	}
	want := []string{"action=list&details=All&truncation_limit=2",
		"action=list&details=All&id_min=21&truncation_limit=2",
		"action=list&details=All&id_min=31&truncation_limit=2",
		"action=list&details=All&id_min=41&truncation_limit=2"}
	if fmt.Sprint(queries) != fmt.Sprint(want) {
		t.Errorf("queries\n%s\nwant\n%s", strings.Join(queries, "\n"), strings.Join(want, "\n"))
	}
	t.Logf("4 pages: %v", pages)
}

func TestPagesRefused(t *testing.T) {
	var evilHits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { evilHits.Add(1) }))
	defer evil.Close()
	tests := []struct {
		name   string
		url    func(s *faultServer, q string) string
		reason string
	}{
		{"another host", func(s *faultServer, q string) string { return evil.URL + "/api/2.0/fo/item/?" + q }, "names host 127.0.0.1:"},
		{"another host name", func(s *faultServer, q string) string {
			return strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/api/2.0/fo/item/?" + q
		}, "names host localhost:"},
		{"another scheme", func(s *faultServer, q string) string {
			return strings.Replace(s.URL, "http:", "https:", 1) + "/api/2.0/fo/item/?" + q
		}, "names scheme https, not http"},
		{"another path", func(s *faultServer, q string) string { return s.URL + "/api/2.0/fo/scan/?" + q }, "names another path"},
		{"user info", func(s *faultServer, q string) string {
			return strings.Replace(s.URL, "//", "//"+url.UserPassword(testUser, testPassword).String()+"@", 1) + "/api/2.0/fo/item/?" + q
		}, "holds user info"},
		{"relative", func(s *faultServer, q string) string { return "/api/2.0/fo/item/?" + q }, "not absolute"},
		{"scheme-relative", func(s *faultServer, q string) string {
			return "//" + strings.TrimPrefix(evil.URL, "http://") + "/api/2.0/fo/item/?" + q
		}, "not absolute"},
		{"another action", func(s *faultServer, q string) string {
			return s.URL + "/api/2.0/fo/item/?" + strings.Replace(q, "action=list", "action=delete", 1)
		}, "another action than list"},
		{"the same page", func(s *faultServer, q string) string {
			return s.URL + "/api/2.0/fo/item/?action=list&details=All&truncation_limit=2"
		}, "the page just read"},
		{"no URL", func(s *faultServer, q string) string { return "" }, "gives no URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := pagedServer(t, 3, tt.url)
			c := faultClient(t, s.URL, &faultClock{}, io.Discard)
			pages, errs := collectPages(t, Pages(context.Background(), c, pageCall(), nextPage))
			if len(pages) != 1 || len(errs) != 1 {
				t.Fatalf("pages %v, errors %v", pages, errs)
			}
			var pe *PagingError
			if !errors.As(errs[0], &pe) || pe.Page != 1 || !strings.Contains(pe.Reason, tt.reason) {
				t.Errorf("error %v (%T), want a *PagingError saying %q", errs[0], errs[0], tt.reason)
			}
			checkNoSecret(t, "the error", errs[0].Error())
			if strings.Contains(errs[0].Error(), "id_min") || strings.Contains(errs[0].Error(), testUser) {
				t.Errorf("the error shows the query or user: %v", errs[0])
			}
			if n := s.hits.Load(); n != 1 {
				t.Errorf("the server got %d requests", n)
			}
			t.Logf("%v", errs[0])
		})
	}
	if n := evilHits.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

func TestPageCap(t *testing.T) {
	s := pagedServer(t, 5, pagedSameServer)
	c := faultClient(t, s.URL, &faultClock{}, io.Discard, PageCap(3))
	pages, errs := collectPages(t, Pages(context.Background(), c, pageCall(), nextPage))
	var pe *PagingError
	if len(pages) != 3 || len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Page != 3 || !strings.Contains(pe.Reason, "PageCap") {
		t.Fatalf("pages %v, errors %v", pages, errs)
	}
	if n := s.hits.Load(); n != 3 {
		t.Errorf("the server got %d requests", n)
	}
	// Exactly PageCap pages and no more: no error.
	s = pagedServer(t, 3, pagedSameServer)
	c = faultClient(t, s.URL, &faultClock{}, io.Discard, PageCap(3))
	if pages, errs := collectPages(t, Pages(context.Background(), c, pageCall(), nextPage)); len(pages) != 3 || len(errs) != 0 {
		t.Errorf("pages %v, errors %v", pages, errs)
	}
	t.Logf("PageCap(3) on 5 pages: %v", errs[0])
}

func TestPagesStop(t *testing.T) {
	t.Run("break", func(t *testing.T) {
		s := pagedServer(t, 5, pagedSameServer)
		c := faultClient(t, s.URL, &faultClock{}, io.Discard)
		n := 0
		for p, err := range Pages(context.Background(), c, pageCall(), nextPage) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if p.Response.IDs[0] == 21 {
				break
			}
		}
		if n != 2 || s.hits.Load() != 2 {
			t.Errorf("%d pages, %d requests", n, s.hits.Load())
		}
	})
	t.Run("context canceled between pages", func(t *testing.T) {
		s := pagedServer(t, 5, pagedSameServer)
		c := faultClient(t, s.URL, &faultClock{}, io.Discard)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var pages int
		var errs []error
		for p, err := range Pages(ctx, c, pageCall(), nextPage) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			pages++
			if p.Response.IDs[0] == 11 {
				cancel()
			}
		}
		if pages != 1 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || s.hits.Load() != 1 {
			t.Errorf("%d pages, errors %v, %d requests", pages, errs, s.hits.Load())
		}
	})
	t.Run("a page fails", func(t *testing.T) {
		inner := pagedServer(t, 5, pagedSameServer)
		s := newFaultServer(t, func(n int) http.HandlerFunc {
			if n == 3 {
				return faultAnswer(200, "<PAGE_OUTPUT><RESPONSE><ITEM_LIST><ITEM>")
			}
			return func(w http.ResponseWriter, r *http.Request) { inner.Config.Handler.ServeHTTP(w, r) }
		})
		c := faultClient(t, s.URL, &faultClock{}, io.Discard)
		// inner's continuation URLs name inner: rewrite them to s.
		next := func(p *pageOutput) (string, bool) {
			u, ok := nextPage(p)
			return strings.Replace(u, inner.URL, s.URL, 1), ok
		}
		pages, errs := collectPages(t, Pages(context.Background(), c, pageCall(), next))
		if len(pages) != 2 || len(errs) != 1 || !errIsType[*DecodeError](errs[0]) {
			t.Errorf("pages %v, errors %v", pages, errs)
		}
	})
	t.Run("a 5xx page is retried", func(t *testing.T) {
		inner := pagedServer(t, 3, pagedSameServer)
		s := newFaultServer(t, func(n int) http.HandlerFunc {
			if n == 2 {
				return faultAnswer(503, "busy")
			}
			return func(w http.ResponseWriter, r *http.Request) { inner.Config.Handler.ServeHTTP(w, r) }
		})
		clock := &faultClock{}
		c := faultClient(t, s.URL, clock, io.Discard)
		next := func(p *pageOutput) (string, bool) {
			u, ok := nextPage(p)
			return strings.Replace(u, inner.URL, s.URL, 1), ok
		}
		pages, errs := collectPages(t, Pages(context.Background(), c, pageCall(), next))
		if fmt.Sprint(pages) != "[[11 12] [21 22] [31 32]]" || len(errs) != 0 || fmt.Sprint(clock.recorded()) != "[1s]" {
			t.Errorf("pages %v, errors %v, waits %v", pages, errs, clock.recorded())
		}
	})
}

func TestContinuation(t *testing.T) {
	code := func(n int64) *int64 { return &n }
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		code *int64
		url  *string
		want string
		ok   bool
	}{
		{nil, nil, "", false},
		{code(1980), str(" https://h/x?id_min=1\n"), "https://h/x?id_min=1", true},
		{code(1980), nil, "", true},
		{code(1981), str("https://h/x"), "", false},
		{nil, str("https://h/x"), "", false},
	} {
		if got, ok := Continuation(tt.code, tt.url); got != tt.want || ok != tt.ok {
			t.Errorf("Continuation(%v, %v) = %q, %v", tt.code, tt.url, got, ok)
		}
	}
}

func TestOptionsRefused(t *testing.T) {
	for _, tt := range []struct {
		opt  Option
		want string
	}{
		{Retry(0, time.Second, time.Second), "at least 1 try"},
		{Retry(3, 0, time.Second), "0 < base <= cap"},
		{Retry(3, 2*time.Second, time.Second), "0 < base <= cap"},
		{MaxWait(-1), "MaxWait"},
		{MaxBodySize(0), "MaxBodySize"},
		{PageCap(0), "PageCap"},
		{LimitConcurrency(0), "LimitConcurrency"},
	} {
		if _, err := NewClient(US1, tt.opt); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
	if _, err := NewClient(US1, Retry(1, time.Millisecond, time.Millisecond), MaxWait(0), MaxBodySize(1), PageCap(1), LimitConcurrency(1), Logger(nil)); err != nil {
		t.Error(err)
	}
}

func TestWaitInText(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"This API cannot be run again for another 23 hours":       23 * time.Hour,
		"This API cannot be run again for another 1 second.":      time.Second,
		"this api cannot be run again for another 45 SECONDS":     45 * time.Second,
		"This API cannot be run again for another 5 minutes":      5 * time.Minute,
		"This API cannot be run again until tomorrow":             0,
		"This API cannot be run again for another few seconds":    0,
		"This API cannot be run again for another 3 fortnights":   0,
		"This API cannot be run again for another -3 seconds":     0,
		"This API cannot be run again for another 99999999 hours": 0,
		"Concurrency limit of 2 exceeded; for another":            0,
		"": 0,
	} {
		if got := waitInText(text); got != want {
			t.Errorf("waitInText(%q) = %v, want %v", text, got, want)
		}
	}
}

func faultDiscardLogger() *log.Logger { return log.New(io.Discard, "", 0) }
