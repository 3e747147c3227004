package templates

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/spec"
)

// fakeServerSource is the part of the fake server package that does not
// depend on the spec: the handler, the store, the faults, the answers and the
// form parsing helpers the per-endpoint files call. It is emitted as it is,
// after the header, with {{PKG}} replaced by the fake package's name and
// {{GEN}} by the generated package's. It imports the standard library and
// qgenrt only. (Go source in a string: a raw string cannot hold a backquote,
// so the code below has none.)
const fakeServerSource = `// Package {{PKG}} is a fake Qualys API server for the tests of code that
// uses package {{GEN}}: an http.Handler that serves every generated endpoint
// from an in-memory store.
//
// Each request is checked as Qualys checks it: basic auth and the
// X-Requested-With header must be present, the path must be an endpoint's,
// the action one of its actions, the method one the action allows, no secret
// may travel in the URL, every parameter must be one the action accepts,
// given once, and parse (Parse... functions, the inverse of the request
// types' Form), and the request must pass the generated Validate. A request
// that fails is answered with HTTP 400 and a SIMPLE_RETURN with CODE 1905 and
// a TEXT saying what is wrong (never a parameter's value: Validate's messages
// never quote one). Qualys answers some of these errors with HTTP 200; the
// fake always uses 400. Missing or wrong credentials get HTTP 401 and CODE
// 2000.
//
// A valid request is served from the store: create (and launch) stores the
// request's parameters (secrets and echo_request left out) under a new ID
// and answers with the new ID; update merges the parameters into the
// records named by ids (or id), add_X and remove_X changing X; delete
// removes them; list answers the endpoint's list output with one record per
// stored record (ids, id, the *_ref parameter and parameters the create
// action also accepts filter it), built from the generated response types:
// fields named like a parameter carry its value and every other required
// element a placeholder, so that every answer is valid against the
// endpoint's DTD; flags are written 1 and 0, as Qualys writes them. The
// auth list answers the IDs of the records of each auth endpoint. fetch
// answers a small JSON array (or CSV, for output_format csv...).
// echo_request is accepted and ignored: no answer echoes the request.
//
// Options: Credentials, PageSize (list answers carry at most N records and
// a WARNING CODE 1980 whose URL asks for the next page with id_min), WithLimits
// (the X-RateLimit-* and X-Concurrency-Limit-* headers every answer
// carries), Clock, FirstID, BaseURL. Inject plays faults: rate and
// concurrency limits, server errors, truncated bodies, delays, connection
// resets, truncation warnings and next-page URLs on another host. Requests
// lists every request the server saw.
package {{PKG}}

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/qgen-project/qgen/qgenrt"
)

// Codes of the SIMPLE_RETURN and WARNING answers of the fake.
const (
	// CodeInvalidParameter answers every bad request (HTTP 400).
	CodeInvalidParameter = 1905
	// CodeConcurrencyLimit answers a ConcurrencyLimited fault (HTTP 409).
	CodeConcurrencyLimit = 1960
	// CodeRateLimit answers a RateLimited fault (HTTP 409).
	CodeRateLimit = 1965
	// CodeTruncated is the WARNING of a list answer that has a next page.
	CodeTruncated = 1980
	// CodeBadLogin answers a request without (the right) credentials (HTTP 401).
	CodeBadLogin = 2000
)

// maxRequestBody is the largest request body the fake reads.
const maxRequestBody = 4 << 20

// Server is the fake. Create it with New and serve it, with
// httptest.NewServer(s) for instance. It is safe for concurrent use.
type Server struct {
	user, password string
	checkPassword  bool
	pageSize       int
	limits         Limits
	now            func() time.Time
	baseURL        *url.URL

	mu       sync.Mutex
	nextID   int64
	stores   map[string]map[int64]*Record // endpoint name -> ID -> record
	faults   []Fault
	requests []RecordedRequest
	inflight int
}

// Option configures a Server.
type Option func(*Server)

// Credentials makes the server accept only this user name and password
// (HTTP basic auth). Without it any credentials are accepted, but they must
// be present.
func Credentials(user, password string) Option {
	return func(s *Server) { s.user, s.password, s.checkPassword = user, password, true }
}

// PageSize makes list answers carry at most n records, with a WARNING CODE
// 1980 whose URL asks for the next page: the server's URL, the request's
// path and parameters, and id_min set to the next record's ID. n <= 0
// turns paging off, the default.
func PageSize(n int) Option { return func(s *Server) { s.pageSize = n } }

// Limits are the figures of the limit headers every answer carries:
// X-RateLimit-Limit, X-RateLimit-Window-Sec, X-RateLimit-Remaining (0 in a
// RateLimited answer) and X-Concurrency-Limit-Limit. Every answer also has
// X-Concurrency-Limit-Running, the number of requests the server is serving,
// this one included (the limit in a ConcurrencyLimited answer), and a
// RateLimited answer with ToWait has X-RateLimit-ToWait-Sec.
type Limits struct {
	RateLimit        int
	RateWindowSec    int
	RateRemaining    int
	ConcurrencyLimit int
}

// DefaultLimits are the figures of a server without WithLimits.
func DefaultLimits() Limits {
	return Limits{RateLimit: 300, RateWindowSec: 3600, RateRemaining: 299, ConcurrencyLimit: 2}
}

// WithLimits sets the figures of the limit headers.
func WithLimits(l Limits) Option { return func(s *Server) { s.limits = l } }

// Clock sets the server's clock (default time.Now): the DATETIME of its
// answers and the creation and modification times of records.
func Clock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// FirstID is the ID of the first record created (default 1001); later
// records count up from it, across every endpoint.
func FirstID(id int64) Option {
	return func(s *Server) {
		if id > 0 {
			s.nextID = id
		}
	}
}

// BaseURL is the scheme and host (and port) of the next-page URLs of list
// answers. By default they name the host the request was sent to.
func BaseURL(u string) Option {
	return func(s *Server) {
		if p, err := url.Parse(u); err == nil && p.Scheme != "" && p.Host != "" {
			s.baseURL = &url.URL{Scheme: p.Scheme, Host: p.Host}
		}
	}
}

// New returns a server with an empty store.
func New(opts ...Option) *Server {
	s := &Server{limits: DefaultLimits(), now: time.Now, nextID: 1001, stores: map[string]map[int64]*Record{}}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s
}

// Fault is a failure the server plays for one request (see Inject):
// RateLimited, ConcurrencyLimited, ServerError, Truncated, Delay, Reset,
// TruncationWarning or NextPageOtherHost.
type Fault interface{ fault() }

// RateLimited answers HTTP 409 with a SIMPLE_RETURN CODE 1965 "This API
// cannot be run again for another N seconds.", X-RateLimit-Remaining 0 and,
// when ToWait > 0, X-RateLimit-ToWait-Sec.
type RateLimited struct {
	// ToWait is the X-RateLimit-ToWait-Sec header; 0: the header is absent.
	ToWait int
	// Seconds is the N of the text; 0: ToWait, or 1 when ToWait is 0 too.
	Seconds int
}

// ConcurrencyLimited answers HTTP 409 with a SIMPLE_RETURN CODE 1960 and
// X-Concurrency-Limit-Running equal to the limit.
type ConcurrencyLimited struct{}

// ServerError answers Status (default 500) with a small HTML body.
type ServerError struct{ Status int }

// Truncated cuts the answer the request gets in half. Without KeepLength
// the half is the whole answer (its Content-Length says so): the client
// reads malformed XML. With KeepLength the Content-Length is the whole
// answer's and the connection is closed after the half: the client's read
// fails (unexpected EOF).
type Truncated struct{ KeepLength bool }

// Delay waits D before serving the request as usual; a request whose
// context ends meanwhile gets no answer.
type Delay struct{ D time.Duration }

// Reset closes the connection without an answer (with SO_LINGER 0, so the
// client sees a reset where the platform allows). Go's HTTP client may send
// an idempotent request again by itself when a reused connection fails;
// disable keep-alives to see every reset.
type Reset struct{}

// TruncationWarning gives a list answer a WARNING CODE 1980 with a next-page
// URL (id_min after its last record) even when the list has no more
// records. Other answers are not changed.
type TruncationWarning struct{}

// NextPageOtherHost is TruncationWarning with a URL on Host (default
// qualysapi.other.invalid) instead of the server's own.
type NextPageOtherHost struct{ Host string }

func (RateLimited) fault()        {}
func (ConcurrencyLimited) fault() {}
func (ServerError) fault()        {}
func (Truncated) fault()          {}
func (Delay) fault()              {}
func (Reset) fault()              {}
func (TruncationWarning) fault()  {}
func (NextPageOtherHost) fault()  {}

// Inject queues f for the next request that has no fault queued yet: each
// request takes the first queued fault, whatever the request is (a list
// fault does nothing to another answer). A nil f is ignored.
func (s *Server) Inject(f Fault) { s.InjectN(1, f) }

// InjectN queues f for each of the next n requests.
func (s *Server) InjectN(n int, f Fault) {
	if f == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults = append(s.faults, f)
	}
}

// PendingFaults is the number of queued faults no request took yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

// RecordedRequest is a request as the server saw it.
type RecordedRequest struct {
	Method   string
	Path     string
	RawQuery string
	// Form holds the parameters of the query and of the body, together.
	Form   url.Values
	Header http.Header
	// Fault is the fault the request took; nil when none.
	Fault Fault
}

// Requests returns every request the server saw, in order of arrival.
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordedRequest, len(s.requests))
	for i, r := range s.requests {
		r.Form = cloneValues(r.Form)
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// Record is a stored record.
type Record struct {
	Endpoint string // "auth/greenplum"
	ID       int64
	// Ref is the reference of a record of an endpoint whose actions take a
	// *_ref parameter (scan: "scan/1585089413.1001"); "" otherwise.
	Ref string
	// Params are the parameters the record was created with, as updates
	// changed them: secrets, action and echo_request left out.
	Params            url.Values
	Created, Modified time.Time
}

func (r *Record) clone() Record {
	c := *r
	c.Params = cloneValues(r.Params)
	return c
}

// Records returns the records of endpoint ("auth/greenplum"), by ID.
func (s *Server) Records(endpoint string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sorted(endpoint)
}

// sorted copies the records of an endpoint in ID order; s.mu is held.
func (s *Server) sorted(endpoint string) []Record {
	var out []Record
	for _, r := range s.stores[endpoint] {
		out = append(out, r.clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// endpoint is what an endpoint's file registers.
type endpoint struct {
	name, path string
	ref        string // prefix of record references; "" when records have none
	actions    []*action
}

func (e *endpoint) action(name string) *action {
	for _, a := range e.actions {
		if a.name == name {
			return a
		}
	}
	return nil
}

// action is one action of an endpoint.
type action struct {
	name    string
	methods []string
	params  []string // every parameter the action accepts
	secrets []string
	// list is true for an action that lists records: it accepts id_min,
	// is filtered by idParam, refParam and filters, and is paged.
	list     bool
	pageable bool
	idParam  string
	refParam string
	filters  []string
	// check parses the form into the request type and validates it.
	check func(url.Values) error
	serve func(*Server, *exchange)
}

// endpoints are the registered endpoints, by path.
var endpoints = map[string]*endpoint{}

func register(e *endpoint) { endpoints[e.path] = e }

// exchange is one request being served.
type exchange struct {
	w      http.ResponseWriter
	r      *http.Request
	ep     *endpoint
	act    *action
	values url.Values
	user   string
	at     qgenrt.DateTime // the answer's DATETIME
	fault  Fault
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	form, formErr := requestForm(r, body, readErr)
	s.mu.Lock()
	var f Fault
	if len(s.faults) > 0 {
		f = s.faults[0]
		s.faults = s.faults[1:]
	}
	s.requests = append(s.requests, RecordedRequest{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Form: cloneValues(form), Header: r.Header.Clone(), Fault: f,
	})
	s.inflight++
	now := s.now()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()
	x := &exchange{w: w, r: r, values: form, fault: f, at: dt(now)}
	switch f := f.(type) {
	case Delay:
		if !sleep(r.Context(), f.D) {
			return
		}
	case Reset:
		reset(w)
		return
	case RateLimited:
		n := f.Seconds
		if n <= 0 {
			n = f.ToWait
		}
		if n <= 0 {
			n = 1
		}
		s.fail(x, http.StatusConflict, CodeRateLimit, fmt.Sprintf("This API cannot be run again for another %d seconds.", n))
		return
	case ConcurrencyLimited:
		s.fail(x, http.StatusConflict, CodeConcurrencyLimit, fmt.Sprintf("Concurrency limit of %d calls has been reached; try again when a running call has finished.", s.limits.ConcurrencyLimit))
		return
	case ServerError:
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		s.write(x, status, "text/html; charset=UTF-8", []byte("<html><body><h1>"+strconv.Itoa(status)+" "+http.StatusText(status)+"</h1></body></html>\n"))
		return
	}
	s.route(x, formErr)
}

// route checks the request and hands it to its action.
func (s *Server) route(x *exchange, formErr error) {
	r := x.r
	user, pass, ok := r.BasicAuth()
	if !ok || user == "" || s.checkPassword && (user != s.user || pass != s.password) {
		x.w.Header().Set("WWW-Authenticate", "Basic realm=\"Qualys API\"")
		s.fail(x, http.StatusUnauthorized, CodeBadLogin, "Bad Login/Password")
		return
	}
	x.user = user
	if strings.TrimSpace(r.Header.Get("X-Requested-With")) == "" {
		s.fail(x, http.StatusBadRequest, CodeInvalidParameter, "The X-Requested-With header is required.")
		return
	}
	ep := endpoints[r.URL.Path]
	if ep == nil {
		ep = endpoints[r.URL.Path+"/"]
	}
	if ep == nil {
		s.write(x, http.StatusNotFound, "text/html; charset=UTF-8", []byte("<html><body><h1>404 Not Found</h1></body></html>\n"))
		return
	}
	x.ep = ep
	bad := func(format string, args ...any) {
		s.fail(x, http.StatusBadRequest, CodeInvalidParameter, fmt.Sprintf(format, args...))
	}
	if formErr != nil {
		bad("%v", formErr)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		bad("HTTP method %s is not allowed; use GET or POST.", r.Method)
		return
	}
	names := x.values["action"]
	switch {
	case len(names) == 0:
		bad("Missing required parameter: action.")
		return
	case len(names) > 1:
		bad("Parameter action is given more than once.")
		return
	}
	act := ep.action(names[0])
	if act == nil {
		var have []string
		for _, a := range ep.actions {
			have = append(have, a.name)
		}
		bad("Parameter action has an invalid value; %s accepts %s.", ep.path, strings.Join(have, ", "))
		return
	}
	x.act = act
	if !contains(act.methods, r.Method) {
		bad("action=%s must be sent with %s, not %s.", act.name, strings.Join(act.methods, " or "), r.Method)
		return
	}
	query := r.URL.Query()
	for _, k := range act.secrets {
		if query.Has(k) {
			bad("Parameter %s is a secret: send it in a POST body, never in the URL.", k)
			return
		}
	}
	var twice, unknown []string
	for k, vs := range x.values {
		if len(vs) > 1 {
			twice = append(twice, k)
		}
		if k != "action" && !contains(act.params, k) && !(act.list && k == "id_min") {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(twice)
	sort.Strings(unknown)
	if len(unknown) > 0 {
		bad("Unrecognized parameter(s) for action=%s: %s.", act.name, strings.Join(unknown, ", "))
		return
	}
	if len(twice) > 0 {
		bad("Parameter(s) given more than once: %s.", strings.Join(twice, ", "))
		return
	}
	if v, ok := x.values["id_min"]; ok {
		if n, err := strconv.ParseInt(v[0], 10, 64); err != nil || n < 1 {
			bad("id_min: not a positive integer.")
			return
		}
	}
	if err := act.check(x.values); err != nil {
		bad("%v", err)
		return
	}
	act.serve(s, x)
}

// requestForm is the parameters of the query and of a form body.
func requestForm(r *http.Request, body []byte, readErr error) (url.Values, error) {
	if readErr != nil {
		return url.Values{}, errors.New("The request body could not be read.")
	}
	if len(body) > maxRequestBody {
		return url.Values{}, errors.New("The request body is too large.")
	}
	form, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return url.Values{}, errors.New("The query of the URL does not parse.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return form, nil
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/x-www-form-urlencoded" {
			return form, errors.New("The request body must be application/x-www-form-urlencoded.")
		}
	}
	b, err := url.ParseQuery(string(body))
	if err != nil {
		return form, errors.New("The request body does not parse as a form.")
	}
	for k, vs := range b {
		form[k] = append(form[k], vs...)
	}
	return form, nil
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// reset closes the connection of w without an answer.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// headers sets the limit headers of an answer.
func (s *Server) headers(x *exchange) {
	s.mu.Lock()
	running := s.inflight
	s.mu.Unlock()
	l := s.limits
	remaining := l.RateRemaining
	h := x.w.Header()
	switch f := x.fault.(type) {
	case RateLimited:
		remaining = 0
		if f.ToWait > 0 {
			h.Set("X-RateLimit-ToWait-Sec", strconv.Itoa(f.ToWait))
		}
	case ConcurrencyLimited:
		running = l.ConcurrencyLimit
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.RateLimit))
	h.Set("X-RateLimit-Window-Sec", strconv.Itoa(l.RateWindowSec))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-Concurrency-Limit-Limit", strconv.Itoa(l.ConcurrencyLimit))
	h.Set("X-Concurrency-Limit-Running", strconv.Itoa(running))
}

// write sends an answer, cut when the request took a Truncated fault.
func (s *Server) write(x *exchange, status int, contentType string, body []byte) {
	s.headers(x)
	h := x.w.Header()
	h.Set("Content-Type", contentType)
	if t, ok := x.fault.(Truncated); ok {
		cut := body[:len(body)/2]
		if t.KeepLength {
			h.Set("Content-Length", strconv.Itoa(len(body)))
		} else {
			h.Set("Content-Length", strconv.Itoa(len(cut)))
		}
		x.w.WriteHeader(status)
		x.w.Write(cut)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	x.w.WriteHeader(status)
	x.w.Write(body)
}

// fail answers a SIMPLE_RETURN with a CODE.
func (s *Server) fail(x *exchange, status, code int, text string) {
	s.write(x, status, "text/xml; charset=UTF-8", simpleReturn(x.at, code, text))
}

const qualysDTDs = "https://qualysapi.qualys.com"

// prolog is the XML declaration and DOCTYPE of an answer.
func prolog(root, dtd string) string {
	return "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE " + root + " SYSTEM \"" + qualysDTDs + dtd + "\">\n"
}

// simpleReturn is a SIMPLE_RETURN error answer.
func simpleReturn(at qgenrt.DateTime, code int, text string) []byte {
	var b bytes.Buffer
	b.WriteString(prolog("SIMPLE_RETURN", "/api/2.0/simple_return.dtd"))
	b.WriteString("<SIMPLE_RETURN>\n  <RESPONSE>\n    <DATETIME>")
	b.WriteString(at.UTC().Format(qgenrt.DateTimeLayout))
	b.WriteString("</DATETIME>\n    <CODE>")
	b.WriteString(strconv.Itoa(code))
	b.WriteString("</CODE>\n    <TEXT>")
	xml.EscapeText(&b, []byte(text))
	b.WriteString("</TEXT>\n  </RESPONSE>\n</SIMPLE_RETURN>\n")
	return b.Bytes()
}

// answer marshals doc, an answer of the root element root whose DTD is at
// dtd (a path on the Qualys API server), and sends it. flags are the
// elements of the DTD that hold a 0/1 flag: encoding/xml writes a bool as
// true or false, Qualys as 1 or 0.
func (s *Server) answer(x *exchange, doc any, root, dtd string, flags ...string) {
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		s.write(x, http.StatusInternalServerError, "text/plain; charset=UTF-8", []byte("{{PKG}}: cannot marshal the answer: "+err.Error()+"\n"))
		return
	}
	for _, f := range flags {
		out = bytes.ReplaceAll(out, []byte("<"+f+">true</"+f+">"), []byte("<"+f+">1</"+f+">"))
		out = bytes.ReplaceAll(out, []byte("<"+f+">false</"+f+">"), []byte("<"+f+">0</"+f+">"))
	}
	body := append([]byte(prolog(root, dtd)), out...)
	s.write(x, http.StatusOK, "text/xml; charset=UTF-8", append(body, '\n'))
}

// storable is the part of a form a record keeps.
func storable(v url.Values, act *action, drop ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k == "action" || k == "echo_request" || k == "id_min" || contains(act.secrets, k) || contains(drop, k) || len(vs) == 0 {
			continue
		}
		out[k] = []string{vs[0]}
	}
	return out
}

// create stores the request's parameters as a new record.
func (s *Server) create(x *exchange) Record {
	return s.add(x.ep, storable(x.values, x.act))
}

// add stores a record.
func (s *Server) add(ep *endpoint, params url.Values) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextID
	s.nextID++
	now := s.now()
	r := &Record{Endpoint: ep.name, ID: id, Params: params, Created: now, Modified: now}
	if ep.ref != "" {
		r.Ref = ep.ref + "/" + strconv.FormatInt(now.Unix(), 10) + "." + strconv.FormatInt(id, 10)
	}
	if s.stores[ep.name] == nil {
		s.stores[ep.name] = map[int64]*Record{}
	}
	s.stores[ep.name][id] = r
	return r.clone()
}

// addForm stores the form of a create request, as the Add... methods do.
func (s *Server) addForm(path, action string, form url.Values) Record {
	ep := endpoints[path]
	return s.add(ep, storable(form, ep.action(action)))
}

// change updates (merging the request's parameters) or deletes the records
// the ID set of parameter param names, and returns their IDs. When a single
// ID names no record, or nothing matches, it answers the error and returns
// false.
func (s *Server) change(x *exchange, param string, remove bool) ([]int64, bool) {
	set, _ := qgenrt.ParseIDSet(x.values.Get(param))
	s.mu.Lock()
	store := s.stores[x.ep.name]
	var ids []int64
	for id := range store {
		if set.Contains(id) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var missing []string
	for _, r := range set {
		if r.Lo == r.Hi && store[r.Lo] == nil {
			missing = append(missing, strconv.FormatInt(r.Lo, 10))
		}
	}
	problem := ""
	switch {
	case len(missing) > 0:
		problem = fmt.Sprintf("%s: no record with ID %s.", param, strings.Join(missing, ", "))
	case len(ids) == 0:
		problem = fmt.Sprintf("%s: no record matches.", param)
	}
	if problem != "" {
		s.mu.Unlock()
		s.fail(x, http.StatusBadRequest, CodeInvalidParameter, problem)
		return nil, false
	}
	now := s.now()
	for _, id := range ids {
		if remove {
			delete(store, id)
			continue
		}
		merge(store[id].Params, storable(x.values, x.act, param))
		store[id].Modified = now
	}
	s.mu.Unlock()
	return ids, true
}

// merge sets the parameters of src in dst: add_X appends to X, remove_X
// removes entries of X (comma-separated lists, compared as text).
func merge(dst, src url.Values) {
	keys := make([]string, 0, len(src))
	for k := range src {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		switch {
		case strings.HasPrefix(k, "add_"):
			return 1
		case strings.HasPrefix(k, "remove_"):
			return 2
		}
		return 0
	}
	sort.Slice(keys, func(i, j int) bool {
		if a, b := rank(keys[i]), rank(keys[j]); a != b {
			return a < b
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		v := src.Get(k)
		switch rank(k) {
		case 1:
			base := strings.TrimPrefix(k, "add_")
			if cur := dst.Get(base); cur != "" && v != "" {
				v = cur + "," + v
			} else if v == "" {
				v = cur
			}
			dst.Set(base, v)
		case 2:
			base := strings.TrimPrefix(k, "remove_")
			drop := map[string]bool{}
			for _, e := range strings.Split(v, ",") {
				drop[strings.TrimSpace(e)] = true
			}
			var keep []string
			for _, e := range strings.Split(dst.Get(base), ",") {
				if e = strings.TrimSpace(e); e != "" && !drop[e] {
					keep = append(keep, e)
				}
			}
			dst.Set(base, strings.Join(keep, ","))
		default:
			dst.Set(k, v)
		}
	}
}

// list returns the records of a list answer, in ID order, and the URL of
// the next page ("" when there is none).
func (s *Server) list(x *exchange) ([]Record, string) {
	a := x.act
	var set qgenrt.IDSet
	filterIDs := false
	if a.idParam != "" {
		if v, ok := x.values[a.idParam]; ok {
			set, _ = qgenrt.ParseIDSet(v[0])
			filterIDs = true
		}
	}
	var idMin int64
	if v := x.values.Get("id_min"); v != "" {
		idMin, _ = strconv.ParseInt(v, 10, 64)
	}
	s.mu.Lock()
	all := s.sorted(x.ep.name)
	s.mu.Unlock()
	var recs []Record
next:
	for _, r := range all {
		if r.ID < idMin || filterIDs && !set.Contains(r.ID) {
			continue
		}
		if a.refParam != "" {
			if v, ok := x.values[a.refParam]; ok && v[0] != r.Ref {
				continue
			}
		}
		for _, f := range a.filters {
			if v, ok := x.values[f]; ok && v[0] != r.Params.Get(f) {
				continue next
			}
		}
		recs = append(recs, r)
	}
	if !a.pageable {
		return recs, ""
	}
	truncated, nextID, host := false, idMin, ""
	if len(recs) > 0 {
		nextID = recs[len(recs)-1].ID + 1
	}
	if nextID < 1 {
		nextID = 1
	}
	if n := s.pageSize; n > 0 && len(recs) > n {
		truncated, nextID = true, recs[n].ID
		recs = recs[:n]
	}
	switch f := x.fault.(type) {
	case TruncationWarning:
		truncated = true
	case NextPageOtherHost:
		truncated, host = true, f.Host
		if host == "" {
			host = "qualysapi.other.invalid"
		}
	}
	if !truncated {
		return recs, ""
	}
	return recs, s.nextPage(x, nextID, host)
}

// nextPage is the URL of the page of a list that starts at idMin.
func (s *Server) nextPage(x *exchange, idMin int64, host string) string {
	u := &url.URL{Scheme: "http", Host: x.r.Host}
	if x.r.TLS != nil {
		u.Scheme = "https"
	}
	if s.baseURL != nil {
		u.Scheme, u.Host = s.baseURL.Scheme, s.baseURL.Host
	}
	if host != "" {
		u.Host = host
	}
	u.Path = x.r.URL.Path
	q := url.Values{}
	for k, vs := range x.values {
		if !contains(x.act.secrets, k) {
			q[k] = vs
		}
	}
	q.Set("id_min", strconv.FormatInt(idMin, 10))
	u.RawQuery = q.Encode()
	return u.String()
}

// truncationText is the TEXT of the WARNING of a page of n records.
func truncationText(n int) string {
	return strconv.Itoa(n) + " record limit exceeded. Use URL to get next batch of results."
}

// idsOf is the ID set of the records of endpoint; nil when it has none.
func (s *Server) idsOf(endpoint string) qgenrt.IDSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int64
	for id := range s.stores[endpoint] {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return qgenrt.IDs(ids...)
}

// fetch answers the results of a record (the one whose Ref is the value of
// refParam, when given): a small JSON array (report header, summary,
// results) or, when output_format names csv, a CSV table.
func (s *Server) fetch(x *exchange, refParam string) {
	var rec *Record
	if ref := x.values.Get(refParam); refParam != "" && ref != "" {
		s.mu.Lock()
		for _, r := range s.stores[x.ep.name] {
			if r.Ref == ref {
				c := r.clone()
				rec = &c
			}
		}
		s.mu.Unlock()
		if rec == nil {
			s.fail(x, http.StatusBadRequest, CodeInvalidParameter, refParam+": no record with this reference.")
			return
		}
	}
	summary := map[string]any{"status": "Finished", "type": "API", "duration": "00:00:05", "active_hosts": "1", "total_hosts": "1"}
	if rec != nil {
		for k, v := range rec.Params {
			summary[k] = v[0]
		}
		summary["reference"] = rec.Ref
		summary["launch_date"] = rec.Created.UTC().Format("01/02/2006 15:04:05")
	}
	result := map[string]any{"ip": "10.0.0.1", "dns": "fake.example.invalid", "qid": 6, "title": "DNS Host Name", "type": "Ig", "severity": 1, "result": "fake.example.invalid"}
	if strings.Contains(x.values.Get("output_format"), "csv") {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{"Scan Results", x.at.UTC().Format("01/02/2006 15:04:05")})
		w.Write([]string{"Reference", "Status"})
		w.Write([]string{fmt.Sprint(summary["reference"]), "Finished"})
		w.Write([]string{"IP", "DNS", "QID", "Title", "Type", "Severity", "Result"})
		w.Write([]string{"10.0.0.1", "fake.example.invalid", "6", "DNS Host Name", "Ig", "1", "fake.example.invalid"})
		w.Flush()
		s.write(x, http.StatusOK, "text/csv; charset=UTF-8", b.Bytes())
		return
	}
	header := map[string]any{"scan_report_template_title": "Scan Results", "result_date": x.at.UTC().Format("01/02/2006 15:04:05"), "username": x.user}
	body, err := json.MarshalIndent([]any{header, summary, result}, "", "  ")
	if err != nil {
		s.write(x, http.StatusInternalServerError, "text/plain; charset=UTF-8", []byte(err.Error()+"\n"))
		return
	}
	s.write(x, http.StatusOK, "application/json; charset=UTF-8", append(body, '\n'))
}

// Helpers of the generated code.

func ptr[T any](v T) *T { return &v }

// dt is t as a response date-time: UTC, whole seconds.
func dt(t time.Time) qgenrt.DateTime { return qgenrt.DateTime{Time: t.UTC().Truncate(time.Second)} }

// placeholderIPs is the IP set of required IP_SET elements no parameter fills.
func placeholderIPs() qgenrt.IPSet {
	s, _ := qgenrt.ParseIPSet("10.0.0.1")
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// The values of a record's parameters, for the fields of list answers: ok
// is false when the parameter is absent, empty or does not parse.

func (r *Record) text(name string) (string, bool) {
	v := r.Params.Get(name)
	return v, v != ""
}

func (r *Record) num(name string) (int64, bool) {
	n, err := strconv.ParseInt(r.Params.Get(name), 10, 64)
	return n, err == nil
}

func (r *Record) flag(name string) (bool, bool) {
	switch r.Params.Get(name) {
	case "1":
		return true, true
	case "0":
		return false, true
	}
	return false, false
}

func (r *Record) date(name string) (qgenrt.DateTime, bool) {
	t, ok := parseTime(r.Params.Get(name))
	return dt(t), ok
}

func (r *Record) ids(name string) (qgenrt.IDSet, bool) {
	s, err := qgenrt.ParseIDSet(r.Params.Get(name))
	return s, err == nil && len(s) > 0
}

func (r *Record) ips(name string) (qgenrt.IPSet, bool) {
	s, err := qgenrt.ParseIPSet(r.Params.Get(name))
	return s, err == nil && len(s) > 0
}

func (r *Record) list(name string) ([]string, bool) {
	v := r.Params.Get(name)
	if v == "" {
		return nil, false
	}
	return strings.Split(v, ","), true
}

// ParseError is a form whose parameters do not parse as the request type's
// fields. Its problems name the parameters, never their values.
type ParseError struct {
	Endpoint, Action string
	Problems         []string // "ips: not a list of IP addresses and ranges a-b"
}

// Error lists every problem on its own line.
func (e *ParseError) Error() string {
	noun := "parameters do"
	if len(e.Problems) == 1 {
		noun = "parameter does"
	}
	return e.Endpoint + " " + e.Action + ": " + strconv.Itoa(len(e.Problems)) + " " + noun + " not parse:\n  " + strings.Join(e.Problems, "\n  ")
}

// formParser reads the parameters of a form as the request types hold
// them: the inverse of their Form methods.
type formParser struct {
	v   url.Values
	bad []string
}

func (p *formParser) problem(name, what string) { p.bad = append(p.bad, name+": "+what) }

func (p *formParser) err(endpoint, action string) error {
	if len(p.bad) == 0 {
		return nil
	}
	return &ParseError{Endpoint: endpoint, Action: action, Problems: p.bad}
}

// str is a string parameter that is "" when absent.
func (p *formParser) str(name string) string { return p.v.Get(name) }

// optStr is a string parameter that is nil when absent.
func (p *formParser) optStr(name string) *string {
	vs, ok := p.v[name]
	if !ok || len(vs) == 0 {
		return nil
	}
	return ptr(vs[0])
}

func (p *formParser) optInt(name string) *int64 {
	s := p.optStr(name)
	if s == nil {
		return nil
	}
	n, err := strconv.ParseInt(*s, 10, 64)
	if err != nil {
		p.problem(name, "not an integer")
		return nil
	}
	return &n
}

func (p *formParser) optFlag(name string) *bool {
	s := p.optStr(name)
	if s == nil {
		return nil
	}
	switch *s {
	case "1":
		return ptr(true)
	case "0":
		return ptr(false)
	}
	p.problem(name, "must be 0 or 1")
	return nil
}

func (p *formParser) optTime(name string) *time.Time {
	s := p.optStr(name)
	if s == nil {
		return nil
	}
	t, ok := parseTime(*s)
	if !ok {
		p.problem(name, "not a date-time such as 2020-03-12T21:37:52Z")
		return nil
	}
	return &t
}

// parseTime reads a date-time as Form writes it (qgenrt.DateTimeLayout),
// any RFC 3339 time, or a date.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{qgenrt.DateTimeLayout, time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// list is a comma-separated list: nil when absent, empty when "".
func (p *formParser) list(name string) []string {
	s := p.optStr(name)
	if s == nil {
		return nil
	}
	if *s == "" {
		return []string{}
	}
	return strings.Split(*s, ",")
}

func (p *formParser) ids(name string) qgenrt.IDSet {
	s := p.optStr(name)
	if s == nil {
		return nil
	}
	set, err := qgenrt.ParseIDSet(*s)
	if err != nil {
		p.problem(name, "not a list of positive IDs and ID ranges a-b")
		return nil
	}
	return set
}

func (p *formParser) ips(name string) qgenrt.IPSet {
	s := p.optStr(name)
	if s == nil {
		return nil
	}
	set, err := qgenrt.ParseIPSet(*s)
	if err != nil {
		p.problem(name, "not a list of IP addresses and ranges a-b")
		return nil
	}
	return set
}
`

// fakeParseName is the exported function of the fake package that reads an
// action's form into its request type.
func fakeParseName(e *spec.Endpoint, a *spec.Action) string { return "Parse" + e.GoName + a.GoName }

// parseFunc emits the inverse of an action's Form: url.Values to the
// request type, each parameter read as Form writes it (strings as they are,
// *int64 in decimal, *bool as 0/1, enums, comma lists, ID and IP sets,
// times in qgenrt.DateTimeLayout). Parameters that do not parse are a
// *ParseError naming them.
func (g *fakeGen) parseFunc(f *jen.File, e *spec.Endpoint, a *spec.Action) {
	req := requestName(e, a)
	fields := jen.Dict{}
	for _, p := range a.Params {
		fields[jen.Id(p.GoName)] = g.parseExpr(e, p)
	}
	docLines(f, fmt.Sprintf("%s reads the form of action=%s of %s into a %s.%s: the inverse of its Form method. It reads the parameters the action accepts (not action); one that does not parse makes a *ParseError naming it. The request is not validated: call its Validate.", fakeParseName(e, a), a.Name, e.Path, g.opts.Package, req))
	f.Func().Id(fakeParseName(e, a)).Params(jen.Id("v").Qual("net/url", "Values")).Params(jen.Op("*").Qual(g.genPath, req), jen.Error()).Block(
		jen.Id("p").Op(":=").Op("&").Id("formParser").Values(jen.Dict{jen.Id("v"): jen.Id("v")}),
		jen.Id("r").Op(":=").Op("&").Qual(g.genPath, req).Values(fields),
		jen.If(jen.Err().Op(":=").Id("p").Dot("err").Call(jen.Lit(e.Name), jen.Lit(a.Name)), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		),
		jen.Return(jen.Id("r"), jen.Nil()),
	)
	f.Line()
}

// parseExpr reads one parameter as the request field holds it.
func (g *fakeGen) parseExpr(e *spec.Endpoint, p *spec.ActionParam) jen.Code {
	call := func(m string) *jen.Statement { return jen.Id("p").Dot(m).Call(jen.Lit(p.Name)) }
	switch p.Kind {
	case spec.Int:
		return call("optInt")
	case spec.Flag:
		return call("optFlag")
	case spec.DateTime:
		return call("optTime")
	case spec.Enum:
		return jen.Qual(g.genPath, enumName(e, p.Param)).Call(call("str"))
	case spec.List:
		return call("list")
	case spec.IDs:
		return call("ids")
	case spec.IPs:
		return call("ips")
	}
	if isPtrString(p) {
		return call("optStr")
	}
	return call("str")
}
