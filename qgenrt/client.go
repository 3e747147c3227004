package qgenrt

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Base URLs of the Qualys platforms: the "API server URL" of an account,
// which Qualys shows under Help > About and lists on its platform
// identification page (https://www.qualys.com/platform-identification/).
// US1 is the one the v10.x release notes use. For a platform not listed
// here, pass its URL from that page to NewClient.
const (
	US1 = "https://qualysapi.qualys.com"
	US2 = "https://qualysapi.qg2.apps.qualys.com"
	US3 = "https://qualysapi.qg3.apps.qualys.com"
	US4 = "https://qualysapi.qg4.apps.qualys.com"
	EU1 = "https://qualysapi.qualys.eu"
	EU2 = "https://qualysapi.qg2.apps.qualys.eu"
	IN1 = "https://qualysapi.qg1.apps.qualys.in"
	CA1 = "https://qualysapi.qg1.apps.qualys.ca"
	AE1 = "https://qualysapi.qg1.apps.qualys.ae"
	UK1 = "https://qualysapi.qg1.apps.qualys.co.uk"
	AU1 = "https://qualysapi.qg1.apps.qualys.com.au"
)

// maxGETQuery is the longest encoded form sent in a URL when the action
// also allows POST; a longer one goes in a POST body.
const maxGETQuery = 2000

// httpErrorBody is how much of a non-2xx answer an HTTPError keeps.
const httpErrorBody = 512

// Defaults of the options that tune the client under faults and limits.
const (
	DefaultTries       = 4                // Retry: tries of a read-only call, the first included
	DefaultBackoffBase = time.Second      // Retry: the wait before the first retry without a server figure
	DefaultBackoffCap  = 30 * time.Second // Retry: the longest backoff wait
	DefaultMaxWait     = 5 * time.Minute  // MaxWait: the longest server-requested wait honoured
	DefaultMaxBodySize = 256 << 20        // MaxBodySize: 256 MiB
	DefaultPageCap     = 1000             // PageCap: pages Pages reads at most
)

// Client sends calls to one Qualys platform. It is safe for concurrent use.
type Client struct {
	base          string
	scheme, host  string // of base, lower case, host with its port
	basePath      string // of base, without a trailing slash
	user, pass    string
	auth          bool
	hc            *http.Client
	requestedWith string
	userAgent     string
	allowHTTP     bool

	tries                   int
	backoffBase, backoffCap time.Duration
	maxWait                 time.Duration
	maxBody                 int64
	pageCap                 int
	log                     *slog.Logger
	limitConc               bool
	concInitial             int
	strict                  bool
	onDrift                 func(endpoint, action string, drift []Drift)
	decoders                sync.Pool // of *Decoder, to reuse their buffers

	// sleep waits d or until ctx ends (then it returns ctx.Err()); jitter
	// picks a backoff wait in [d/2, d]; now is the clock of Limits.At and
	// of logged durations. Tests replace them.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(d time.Duration) time.Duration
	now    func() time.Time

	sem *limiter // nil without LimitConcurrency

	mu     sync.Mutex
	limits Limits
}

// Option configures a Client.
type Option func(*Client)

// BasicAuth sends user and password with every request (HTTP basic auth).
func BasicAuth(user, password string) Option {
	return func(c *Client) { c.user, c.pass, c.auth = user, password, true }
}

// HTTPClient sends requests with hc. The default client follows no
// redirects (a 3xx answer is an *HTTPError), so that credentials are never
// replayed to another URL; a client given here is used as it is.
func HTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// RequestedWith sets the X-Requested-With header Qualys requires (default "qgen").
func RequestedWith(s string) Option { return func(c *Client) { c.requestedWith = s } }

// UserAgent sets the User-Agent header (default "qgen").
func UserAgent(s string) Option { return func(c *Client) { c.userAgent = s } }

// AllowHTTP lets NewClient accept an http:// base URL, for tests against a
// local server. Credentials then travel in clear text.
func AllowHTTP() Option { return func(c *Client) { c.allowHTTP = true } }

// Retry sets how read-only calls (Call.ReadOnly) are retried: at most max
// tries in all (1: never retried), after a rate or concurrency limit
// answer, a 5xx answer, or a transport failure (no answer, or an answer
// cut off while it is read; not a refused certificate). Before each retry the
// client waits what the answer asks (X-RateLimit-ToWait-Sec, else the
// "for another N seconds" of the answer's TEXT), else backs off: before
// retry n it waits a random time between half and all of base*2^(n-1),
// never more than capWait. Defaults: DefaultTries, DefaultBackoffBase,
// DefaultBackoffCap. NewClient refuses max < 1, base <= 0 or
// capWait < base. Calls that change state are never retried.
func Retry(max int, base, capWait time.Duration) Option {
	return func(c *Client) { c.tries, c.backoffBase, c.backoffCap = max, base, capWait }
}

// MaxWait is the longest wait a limit answer may ask for (default
// DefaultMaxWait): a read-only call asked to wait longer is not retried
// and returns the *LimitError at once. NewClient refuses d < 0.
func MaxWait(d time.Duration) Option { return func(c *Client) { c.maxWait = d } }

// MaxBodySize caps the size of an answer (default DefaultMaxBodySize): a
// longer answer is a *BodyTooLargeError, and at most n+1 bytes of it are
// read. Do and DoRaw hold a whole answer in memory, so the cap bounds
// that memory; paged lists (Pages) keep each page far below the default.
// Stream does not hold the answer and does not apply it, but to the
// answers it reads whole: one shorter than 4 KiB, a SIMPLE_RETURN, and the
// answer to a call that carries a secret. NewClient refuses n < 1.
func MaxBodySize(n int64) Option { return func(c *Client) { c.maxBody = n } }

// PageCap is how many pages Pages reads at most (default DefaultPageCap);
// a last page that still asks for more ends the iteration with a
// *PagingError. NewClient refuses n < 1.
func PageCap(n int) Option { return func(c *Client) { c.pageCap = n } }

// Logger logs each exchange (at Debug: endpoint, action, method, path,
// status, duration, try) and each retry decision (Info when a call is
// retried or not retried because it changes state, Warn when retries stop).
// It never logs form values, the query, headers or answers. nil logs
// nothing, the default.
func Logger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// LimitConcurrency keeps the calls in flight from this client under the
// subscription's concurrency limit: a call waits before sending, honouring
// its context, while as many calls as the limit are in flight. The limit
// is the last X-Concurrency-Limit-Limit answered, and initial until an
// answer gives one. It counts this client's calls only (the answers'
// X-Concurrency-Limit-Running counts the subscription's). NewClient
// refuses initial < 1.
func LimitConcurrency(initial int) Option {
	return func(c *Client) { c.limitConc, c.concInitial = true, initial }
}

// StrictDecoding makes every difference between an answer and its DTD an
// error (a *DecodeError wrapping a *ContentError) instead of drift. See
// Decoder.
func StrictDecoding() Option { return func(c *Client) { c.strict = true } }

// OnDrift sets the function that receives the drift of each answer that
// has some (see Decoder): an element, attribute or order that its DTD does
// not allow, read past. It is called once per answer, after decoding, with
// a slice it may keep. Without it, drift is logged at level Warn (see
// Logger).
func OnDrift(f func(endpoint, action string, drift []Drift)) Option {
	return func(c *Client) { c.onDrift = f }
}

// NewClient returns a client for baseURL, such as US1. The URL must be
// https (http only with AllowHTTP), have a host, and carry no user info,
// query or fragment; trailing slashes are dropped.
//
// TLS certificates are verified by the default HTTP client; a client given
// with HTTPClient is used as configured (InsecureSkipVerify included: that
// is its owner's choice).
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	c := &Client{
		requestedWith: "qgen", userAgent: "qgen",
		tries: DefaultTries, backoffBase: DefaultBackoffBase, backoffCap: DefaultBackoffCap,
		maxWait: DefaultMaxWait, maxBody: DefaultMaxBodySize, pageCap: DefaultPageCap,
		sleep: sleepCtx, jitter: equalJitter, now: time.Now,
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which may hold credentials
		}
		return nil, fmt.Errorf("qgenrt: base URL: %v", err)
	}
	switch {
	case u.Scheme == "http" && !c.allowHTTP:
		return nil, errors.New("qgenrt: base URL must be https (http only with AllowHTTP)")
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, errors.New("qgenrt: base URL must be an https URL")
	case u.User != nil:
		return nil, errors.New("qgenrt: base URL must not hold credentials; use BasicAuth")
	case u.Host == "":
		return nil, errors.New("qgenrt: base URL has no host")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, errors.New("qgenrt: base URL must not have a query or fragment")
	}
	c.scheme, c.host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	c.basePath = strings.TrimRight(u.EscapedPath(), "/")
	c.base = u.Scheme + "://" + u.Host + c.basePath
	if strings.Contains(c.user, ":") {
		return nil, errors.New("qgenrt: a basic auth user name cannot contain ':'")
	}
	if c.requestedWith == "" {
		return nil, errors.New("qgenrt: X-Requested-With must not be empty")
	}
	for _, h := range []string{c.requestedWith, c.userAgent} {
		if strings.ContainsFunc(h, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
			return nil, errors.New("qgenrt: header values must not hold control characters")
		}
	}
	switch {
	case c.tries < 1:
		return nil, errors.New("qgenrt: Retry needs at least 1 try")
	case c.backoffBase <= 0 || c.backoffCap < c.backoffBase:
		return nil, errors.New("qgenrt: Retry needs 0 < base <= cap")
	case c.maxWait < 0:
		return nil, errors.New("qgenrt: MaxWait must not be negative")
	case c.maxBody < 1:
		return nil, errors.New("qgenrt: MaxBodySize must be at least 1")
	case c.pageCap < 1:
		return nil, errors.New("qgenrt: PageCap must be at least 1")
	case c.limitConc && c.concInitial < 1:
		return nil, errors.New("qgenrt: LimitConcurrency needs an initial limit of at least 1")
	}
	if c.limitConc {
		c.sem = newLimiter(c.concInitial)
	}
	if c.hc == nil {
		c.hc = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	return c, nil
}

// sleepCtx waits d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// equalJitter is a random duration in [d/2, d].
func equalJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d-d/2+1)
}

// BaseURL is the base URL requests go to.
func (c *Client) BaseURL() string { return c.base }

// String describes c without its credentials.
func (c *Client) String() string { return "qgenrt.Client(" + c.base + ")" }

// GoString is String, so that %#v does not print the password either.
func (c *Client) GoString() string { return c.String() }

// Call is one API request, as generated code describes it.
//
// Printing a Call (%v, %+v, %#v, %s, %q; String, GoString) shows its form's
// keys but never their values: every value prints as "[redacted]".
type Call struct {
	// Endpoint ("auth/greenplum") and Action ("create") name the call in errors.
	Endpoint, Action string
	// Path is the URL path, from "/": "/api/2.0/fo/auth/greenplum/".
	Path string
	// Methods are the HTTP methods the action allows; none means POST.
	Methods []string
	// Form is the request's parameters.
	Form url.Values
	// Secret is true when Form holds a secret: the call is then a POST.
	Secret bool
	// Root is the root element of a good answer. "" accepts any root but
	// SIMPLE_RETURN, which is then an *APIError.
	Root string
	// ReadOnly is true for calls that change nothing (list, fetch): only
	// they are retried (see Retry). A call that changes state (create,
	// update, delete, launch) is sent once: whatever happens, it is never
	// sent again.
	ReadOnly bool
	// SecretKeys names the Form keys whose values are secrets. Their
	// values are redacted from the request the answer echoes (see Do).
	// When it is empty and Secret is true, every echoed value is redacted.
	SecretKeys []string
}

// method picks GET when the action allows it, the form holds no secret and
// is short (or POST is not allowed); else POST.
func (call *Call) method(query string) (string, error) {
	get, post := false, len(call.Methods) == 0
	for _, m := range call.Methods {
		switch strings.ToUpper(m) {
		case http.MethodGet:
			get = true
		case http.MethodPost:
			post = true
		}
	}
	switch {
	case get && !call.Secret && (!post || len(query) <= maxGETQuery):
		return http.MethodGet, nil
	case post:
		return http.MethodPost, nil
	case get:
		return "", call.errorf("the request holds a secret and the action allows only GET; a secret is never sent in a URL")
	}
	return "", call.errorf("the action allows neither GET nor POST (%s)", strings.Join(call.Methods, ", "))
}

func (call *Call) errorf(format string, args ...any) error {
	return fmt.Errorf("qualys %s %s: %s", call.Endpoint, call.Action, fmt.Sprintf(format, args...))
}

// APIError is an error Qualys reported in a SIMPLE_RETURN answer.
type APIError struct {
	StatusCode int    // HTTP status
	Code       int    // the answer's CODE; 0 when it has none
	Text       string // the answer's TEXT
	Endpoint   string
	Action     string
}

// Error is "qualys ENDPOINT ACTION: code CODE: TEXT".
func (e *APIError) Error() string {
	s := "qualys " + e.Endpoint + " " + e.Action + ": "
	if e.Code != 0 {
		s += "code " + strconv.Itoa(e.Code) + ": "
	}
	if e.Text == "" {
		return s + "error without text (HTTP " + strconv.Itoa(e.StatusCode) + ")"
	}
	return s + e.Text
}

// HTTPError is a non-2xx answer that is not a Qualys SIMPLE_RETURN error.
type HTTPError struct {
	StatusCode int
	Status     string // "500 Internal Server Error"
	Body       []byte // the first 512 bytes of the answer
	Endpoint   string
	Action     string
}

// Error is "qualys ENDPOINT ACTION: HTTP STATUS"; the body is in Body only.
func (e *HTTPError) Error() string {
	return "qualys " + e.Endpoint + " " + e.Action + ": HTTP " + e.Status
}

// Do sends call and decodes its XML answer into out, a non-nil pointer (or
// nil to only check the answer). A generated document type (a Document) is
// decoded by its generated decoder, which records drift (see OnDrift and
// StrictDecoding); any other type by encoding/xml.
//
// A rate or concurrency limit answer (SIMPLE_RETURN CODE 1965 or 1960,
// usually HTTP 409) is a *LimitError, which unwraps to an *APIError. Another
// non-2xx answer is an *APIError when it is a SIMPLE_RETURN with a CODE,
// else an *HTTPError. A 2xx SIMPLE_RETURN is an *APIError unless call.Root
// is SIMPLE_RETURN and the answer has no CODE. Another root than call.Root
// is an error naming both. An answer longer than MaxBodySize is a
// *BodyTooLargeError; malformed or truncated XML is a *DecodeError. The
// answer is decoded into a new value that is stored in *out only when the
// whole document decoded without error and nothing but white space,
// comments and processing instructions follows the root element: on any
// error *out is left as it was. The XML must be UTF-8; a DOCTYPE is read
// but never fetched.
//
// A read-only call (call.ReadOnly) is retried as Retry says; a call that
// changes state is sent once. The limit headers of every answer update
// Limits.
//
// Echoed secrets: when the answer echoes the request (<REQUEST>, sent by
// Qualys for echo_request=1), the text of each <VALUE> of a <PARAM> of its
// <PARAM_LIST> whose <KEY> is in call.SecretKeys (every <VALUE> when
// SecretKeys is empty and call.Secret is true) becomes "[redacted]", and so
// does the value of each such key in its URL-encoded <POST_DATA> (all of
// POST_DATA when it does not parse as a form), before anything reads the
// answer: out, errors and HTTPError.Body never hold them. A <REQUEST> that
// is not well-formed is cut off from its start to the end of the answer.
// Nothing else of the answer is changed.
func (c *Client) Do(ctx context.Context, call Call, out any) error {
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return call.errorf("Do needs a non-nil pointer to decode into, got %T", out)
		}
	}
	status, body, err := c.send(ctx, &call)
	if err != nil {
		return err
	}
	root, err := checkRoot(&call, status, body)
	if err != nil {
		return err
	}
	if doc, ok := out.(Document); ok {
		return c.decodeDocument(ctx, &call, status, root, bytes.NewReader(body), doc)
	}
	if perr := decodeXML(body, out); perr != nil {
		return perr.decodeError(&call, status, root)
	}
	return nil
}

// checkRoot returns the root element of an answer read whole, after
// turning a SIMPLE_RETURN into an *APIError (unless it is the answer
// asked for, without a CODE) and another root than call.Root into an
// error.
func checkRoot(call *Call, status int, body []byte) (string, error) {
	root, perr := rootElement(body)
	if perr != nil {
		return "", perr.decodeError(call, status, "")
	}
	if root == "SIMPLE_RETURN" {
		sr, perr := parseSimpleReturn(body)
		if perr != nil {
			return "", perr.decodeError(call, status, root)
		}
		if call.Root != "SIMPLE_RETURN" || sr.hasCode {
			return "", sr.apiError(status, call)
		}
	}
	if call.Root != "" && root != call.Root {
		return "", call.errorf("answer has root element <%s>, want <%s>", root, call.Root)
	}
	return root, nil
}

// DoRaw sends call and returns the body of an answer that is not XML (CSV,
// JSON). Errors, retries and limits are those of Do: a non-2xx answer is a
// *LimitError, an *APIError or an *HTTPError, and a 2xx answer that is a
// SIMPLE_RETURN is an *APIError. Only XML answers are redacted (see Do).
func (c *Client) DoRaw(ctx context.Context, call Call) ([]byte, error) {
	status, body, err := c.send(ctx, &call)
	if err != nil {
		return nil, err
	}
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		if root, err := rootElement(body); err == nil && root == "SIMPLE_RETURN" {
			if sr, err := parseSimpleReturn(body); err == nil {
				return nil, sr.apiError(status, &call)
			}
		}
	}
	return body, nil
}

// send makes the request, retrying a read-only call as Retry says, and
// reads the answer. It returns the status and body of a 2xx answer that is
// not a limit answer; anything else is an error.
func (c *Client) send(ctx context.Context, call *Call) (int, []byte, error) {
	r := c.sendTries(ctx, call, false)
	return r.status, r.body, r.err
}

// sendTries is send; with stream set, a 2xx answer that is not a
// SIMPLE_RETURN comes back unread as r.stream, for the caller to read and
// close.
func (c *Client) sendTries(ctx context.Context, call *Call, stream bool) tryResult {
	if !strings.HasPrefix(call.Path, "/") {
		return tryResult{err: call.errorf("path %q does not start with /", call.Path)}
	}
	query := call.Form.Encode()
	method, err := call.method(query)
	if err != nil {
		return tryResult{err: err}
	}
	for try := 1; ; try++ {
		r := c.exchange(ctx, call, method, query, try, stream)
		if r.err == nil {
			return r
		}
		if !r.retry {
			return tryResult{err: r.err}
		}
		attrs := []slog.Attr{slog.String("endpoint", call.Endpoint), slog.String("action", call.Action),
			slog.Int("try", try), slog.String("reason", r.reason)}
		if !call.ReadOnly {
			c.logAttrs(ctx, slog.LevelInfo, "qualys: not retried: the call changes state", attrs...)
			return tryResult{err: r.err}
		}
		if try >= c.tries {
			c.logAttrs(ctx, slog.LevelWarn, "qualys: not retried: no tries left", attrs...)
			return tryResult{err: r.err}
		}
		if ctx.Err() != nil {
			return tryResult{err: r.err}
		}
		wait := r.wait
		if wait <= 0 {
			wait = c.backoff(try)
		}
		attrs = append(attrs, slog.Duration("wait", wait))
		if r.wait > c.maxWait {
			c.logAttrs(ctx, slog.LevelWarn, "qualys: not retried: the answer asks for a wait longer than MaxWait", attrs...)
			return tryResult{err: r.err}
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
			c.logAttrs(ctx, slog.LevelWarn, "qualys: not retried: the wait ends after the context's deadline", attrs...)
			return tryResult{err: r.err}
		}
		c.logAttrs(ctx, slog.LevelInfo, "qualys: retrying", attrs...)
		if err := c.sleep(ctx, wait); err != nil {
			return tryResult{err: &retryStopped{err: r.err, ctx: err}}
		}
	}
}

// retryStopped is the last failure of a call whose wait before its next
// try was cut short by its context: it unwraps to both.
type retryStopped struct{ err, ctx error }

func (e *retryStopped) Error() string {
	return e.err.Error() + " (retry abandoned: " + e.ctx.Error() + ")"
}
func (e *retryStopped) Unwrap() []error { return []error{e.err, e.ctx} }

// backoff is the wait before retry n (n = 1 after the first try): a
// random time in [d/2, d] for d = base*2^(n-1), at most cap.
func (c *Client) backoff(n int) time.Duration {
	d := c.backoffBase
	for i := 1; i < n && d < c.backoffCap; i++ {
		d *= 2
	}
	return c.jitter(min(d, c.backoffCap))
}

// tryResult is the outcome of one exchange. retry says whether a read-only
// call may try again; wait is the wait the answer asks for (0: none).
type tryResult struct {
	status int
	body   []byte
	stream io.ReadCloser // instead of body, for a streamed answer
	err    error
	retry  bool
	wait   time.Duration
	reason string
}

// exchange sends the request once and reads its answer.
func (c *Client) exchange(ctx context.Context, call *Call, method, query string, try int, stream bool) tryResult {
	where := c.base + call.Path // never with the query: errors must not hold form values
	if c.sem != nil {
		if err := c.sem.acquire(ctx); err != nil {
			return tryResult{err: fmt.Errorf("qualys %s %s: waiting for a concurrency slot: %w", call.Endpoint, call.Action, err)}
		}
	}
	// The slot is held until the answer is read: by the caller, for a
	// streamed answer (see slotCloser).
	streamed := false
	defer func() {
		if c.sem != nil && !streamed {
			c.sem.release()
		}
	}()
	target, reqBody := where, io.Reader(nil)
	if method == http.MethodGet {
		if query != "" {
			target += "?" + query
		}
	} else {
		reqBody = strings.NewReader(query)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reqBody)
	if err != nil {
		return tryResult{err: call.errorf("%s %s: cannot build the request", method, where)}
	}
	if method == http.MethodGet && !call.ReadOnly {
		// net/http replays a GET on its own when a reused connection fails
		// before the answer: a body it cannot rewind stops that, and is
		// sent as no body at all.
		req.Body = noReplay{}
	}
	if c.auth {
		req.SetBasicAuth(c.user, c.pass)
	}
	req.Header.Set("X-Requested-With", c.requestedWith)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	start := c.now()
	attrs := func(more ...slog.Attr) []slog.Attr {
		return append([]slog.Attr{slog.String("endpoint", call.Endpoint), slog.String("action", call.Action),
			slog.String("method", method), slog.String("path", call.Path), slog.Int("try", try),
			slog.Duration("duration", c.now().Sub(start))}, more...)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		err = transportError(ctx, call, method, where, err)
		c.logAttrs(ctx, slog.LevelDebug, "qualys: no answer", attrs(slog.String("error", err.Error()))...)
		return tryResult{err: err, retry: ctx.Err() == nil && !permanentTransportError(err), reason: "transport error"}
	}
	handedOff := false
	defer func() {
		if !handedOff {
			resp.Body.Close()
		}
	}()
	limits, toWait := c.observe(resp.Header)
	var head []byte
	if stream && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		// A SIMPLE_RETURN (an error, or a limit answer to retry) is small
		// and names itself in its first bytes: such an answer is read whole
		// as Do reads it; any other is handed over unread.
		head = make([]byte, streamPeek)
		n, err := io.ReadFull(resp.Body, head)
		head = head[:n]
		if err == nil && !bytes.Contains(head, []byte("SIMPLE_RETURN")) {
			handedOff, streamed = true, true
			c.logAttrs(ctx, slog.LevelDebug, "qualys: answer", attrs(slog.Int("status", resp.StatusCode), slog.Bool("streamed", true))...)
			return tryResult{status: resp.StatusCode, stream: prefixedBody{io.MultiReader(bytes.NewReader(head), resp.Body), &slotCloser{body: resp.Body, sem: c.sem}}}
		}
		if err != io.EOF && err != io.ErrUnexpectedEOF && err != nil {
			err = transportError(ctx, call, method, where, fmt.Errorf("reading the answer: %w", err))
			return tryResult{err: err, retry: ctx.Err() == nil, reason: "transport error while reading the answer"}
		}
	}
	data, err := c.readBody(resp, call, head)
	c.logAttrs(ctx, slog.LevelDebug, "qualys: answer", attrs(slog.Int("status", resp.StatusCode))...)
	if err != nil {
		if _, ok := err.(*BodyTooLargeError); ok {
			return tryResult{err: err}
		}
		err = transportError(ctx, call, method, where, fmt.Errorf("reading the answer: %w", err))
		return tryResult{err: err, retry: ctx.Err() == nil, reason: "transport error while reading the answer"}
	}
	data = redactEcho(data, call)
	if le := limitError(resp.StatusCode, data, call, limits, toWait); le != nil {
		return tryResult{err: le, retry: true, wait: le.Wait, reason: "code " + strconv.Itoa(le.Code)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return tryResult{err: statusError(call, resp, data), retry: resp.StatusCode >= 500,
			reason: "HTTP " + strconv.Itoa(resp.StatusCode)}
	}
	return tryResult{status: resp.StatusCode, body: data}
}

// noReplay is an empty request body without GetBody: a request with it is
// not "replayable" for net/http, which then never sends it twice.
type noReplay struct{}

func (noReplay) Read([]byte) (int, error) { return 0, io.EOF }
func (noReplay) Close() error             { return nil }

// streamPeek is how much of a streamed answer is read before it is handed
// over, to tell a SIMPLE_RETURN from the answer asked for.
const streamPeek = 4 << 10

// slotCloser closes a streamed answer and frees its concurrency slot, once.
type slotCloser struct {
	body io.Closer
	sem  *limiter // nil without LimitConcurrency
	once sync.Once
}

func (c *slotCloser) Close() error {
	err := c.body.Close()
	c.once.Do(func() {
		if c.sem != nil {
			c.sem.release()
		}
	})
	return err
}

// prefixedBody is an answer whose first bytes were read already.
type prefixedBody struct {
	io.Reader
	io.Closer
}

// readBody reads at most MaxBodySize+1 bytes of the answer, after head,
// the part of it read already.
func (c *Client) readBody(resp *http.Response, call *Call, head []byte) ([]byte, error) {
	tooLarge := func(n int64) error {
		return &BodyTooLargeError{StatusCode: resp.StatusCode, Limit: c.maxBody, Length: n, Endpoint: call.Endpoint, Action: call.Action}
	}
	if resp.ContentLength > c.maxBody {
		return nil, tooLarge(resp.ContentLength)
	}
	src := io.Reader(resp.Body)
	if len(head) > 0 {
		src = io.MultiReader(bytes.NewReader(head), resp.Body)
	}
	data, err := io.ReadAll(io.LimitReader(src, c.maxBody+1))
	if int64(len(data)) > c.maxBody {
		return nil, tooLarge(-1)
	}
	return data, err
}

func (c *Client) logAttrs(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if c.log != nil {
		c.log.LogAttrs(ctx, level, msg, attrs...)
	}
}

// permanentTransportError reports whether a transport error will not go away by trying
// again: the server's certificate is refused.
func permanentTransportError(err error) bool {
	var (
		cv *tls.CertificateVerificationError
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}

// transportError reports a failed exchange. It drops the *url.Error
// wrapper, whose URL may hold a GET form, and wraps ctx.Err() when the
// context ended.
func transportError(ctx context.Context, call *Call, method, where string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("qualys %s %s: %s %s: %w (%v)", call.Endpoint, call.Action, method, where, cerr, err)
	}
	return fmt.Errorf("qualys %s %s: %s %s: %w", call.Endpoint, call.Action, method, where, err)
}

func statusError(call *Call, resp *http.Response, body []byte) error {
	if root, err := rootElement(body); err == nil && root == "SIMPLE_RETURN" {
		if sr, err := parseSimpleReturn(body); err == nil && sr.hasCode {
			return sr.apiError(resp.StatusCode, call)
		}
	}
	status := resp.Status
	if status == "" {
		status = strconv.Itoa(resp.StatusCode)
	}
	return &HTTPError{
		StatusCode: resp.StatusCode,
		Status:     status,
		Body:       bytes.Clone(body[:min(len(body), httpErrorBody)]),
		Endpoint:   call.Endpoint,
		Action:     call.Action,
	}
}

// xmlError is an XML error with where the decoder was when it failed.
type xmlError struct {
	offset       int64
	line, column int
	err          error
}

func newXMLError(d *xml.Decoder, err error) *xmlError {
	e := &xmlError{offset: -1, err: err}
	if d != nil {
		e.offset = d.InputOffset()
		e.line, e.column = d.InputPos()
	}
	return e
}

func (e *xmlError) decodeError(call *Call, status int, root string) *DecodeError {
	return &DecodeError{StatusCode: status, Endpoint: call.Endpoint, Action: call.Action, Root: root,
		Offset: e.offset, Line: e.line, Column: e.column, Err: e.err}
}

// rootElement is the name of the document's root element. It reads only
// the prolog: markup before the root must be well-formed and no text but
// white space may precede it.
func rootElement(body []byte) (string, *xmlError) {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return "", newXMLError(d, errors.New("no root element"))
		}
		if err != nil {
			return "", newXMLError(d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return "", newXMLError(d, errors.New("text before the root element"))
			}
		}
	}
}

type simpleReturn struct {
	code    int
	hasCode bool
	text    string
}

func parseSimpleReturn(body []byte) (simpleReturn, *xmlError) {
	var doc struct {
		Response struct {
			Code *string `xml:"CODE"`
			Text string  `xml:"TEXT"`
		} `xml:"RESPONSE"`
	}
	if err := decodeXML(body, &doc); err != nil {
		return simpleReturn{}, err
	}
	sr := simpleReturn{text: strings.TrimSpace(doc.Response.Text)}
	if doc.Response.Code != nil {
		sr.hasCode = true
		sr.code, _ = strconv.Atoi(strings.TrimSpace(*doc.Response.Code)) // not a number: 0
	}
	return sr, nil
}

func (sr simpleReturn) apiError(status int, call *Call) *APIError {
	return &APIError{StatusCode: status, Code: sr.code, Text: sr.text, Endpoint: call.Endpoint, Action: call.Action}
}

// decodeXML decodes the whole document into a new value of out's type and
// stores it in *out only on success; a nil out only checks the document.
func decodeXML(body []byte, out any) *xmlError {
	var tmp reflect.Value
	var target any = new(struct{})
	if out != nil {
		tmp = reflect.New(reflect.TypeOf(out).Elem())
		target = tmp.Interface()
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(target); err != nil {
		if err == io.EOF {
			return newXMLError(d, errors.New("no root element"))
		}
		return newXMLError(d, err)
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return newXMLError(d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return newXMLError(d, fmt.Errorf("element <%s> after the root element", t.Name.Local))
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return newXMLError(d, errors.New("text after the root element"))
			}
		}
	}
	if out != nil {
		reflect.ValueOf(out).Elem().Set(tmp.Elem())
	}
	return nil
}
