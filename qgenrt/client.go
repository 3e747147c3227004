package qgenrt

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
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

// Client sends calls to one Qualys platform. It is safe for concurrent use.
type Client struct {
	base          string
	user, pass    string
	auth          bool
	hc            *http.Client
	requestedWith string
	userAgent     string
	allowHTTP     bool
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

// NewClient returns a client for baseURL, such as US1. The URL must be
// https (http only with AllowHTTP), have a host, and carry no user info,
// query or fragment; trailing slashes are dropped.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	c := &Client{requestedWith: "qgen", userAgent: "qgen"}
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
	c.base = u.Scheme + "://" + u.Host + strings.TrimRight(u.EscapedPath(), "/")
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
	if c.hc == nil {
		c.hc = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	return c, nil
}

// BaseURL is the base URL requests go to.
func (c *Client) BaseURL() string { return c.base }

// String describes c without its credentials.
func (c *Client) String() string { return "qgenrt.Client(" + c.base + ")" }

// GoString is String, so that %#v does not print the password either.
func (c *Client) GoString() string { return c.String() }

// Call is one API request, as generated code describes it.
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
// nil to only check the answer).
//
// A non-2xx answer is an *APIError when it is a SIMPLE_RETURN with a CODE,
// else an *HTTPError. A 2xx SIMPLE_RETURN is an *APIError unless call.Root
// is SIMPLE_RETURN and the answer has no CODE. Another root than call.Root
// is an error naming both. The answer is decoded into a new value that is
// stored in *out only when the whole document decoded without error and
// nothing but white space, comments and processing instructions follows
// the root element: on any error *out is left as it was. The XML must be
// UTF-8; a DOCTYPE is read but never fetched.
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
	root, err := rootElement(body)
	if err != nil {
		return call.errorf("malformed XML answer: %v", err)
	}
	if root == "SIMPLE_RETURN" {
		sr, err := parseSimpleReturn(body)
		if err != nil {
			return call.errorf("malformed SIMPLE_RETURN answer: %v", err)
		}
		if call.Root != "SIMPLE_RETURN" || sr.hasCode {
			return sr.apiError(status, &call)
		}
	}
	if call.Root != "" && root != call.Root {
		return call.errorf("answer has root element <%s>, want <%s>", root, call.Root)
	}
	if err := decodeXML(body, out); err != nil {
		return call.errorf("decoding the <%s> answer: %v", root, err)
	}
	return nil
}

// DoRaw sends call and returns the body of an answer that is not XML (CSV,
// JSON). Errors are those of Do: a non-2xx answer is an *APIError or an
// *HTTPError, and a 2xx answer that is a SIMPLE_RETURN is an *APIError.
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

// send makes the request and reads the answer. It returns the status and
// body of a 2xx answer; anything else is an error.
func (c *Client) send(ctx context.Context, call *Call) (int, []byte, error) {
	if !strings.HasPrefix(call.Path, "/") {
		return 0, nil, call.errorf("path %q does not start with /", call.Path)
	}
	query := call.Form.Encode()
	method, err := call.method(query)
	if err != nil {
		return 0, nil, err
	}
	where := c.base + call.Path // never with the query: errors must not hold form values
	target, body := where, io.Reader(nil)
	if method == http.MethodGet {
		if query != "" {
			target += "?" + query
		}
	} else {
		body = strings.NewReader(query)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return 0, nil, call.errorf("%s %s: cannot build the request", method, where)
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
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, transportError(ctx, call, method, where, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, transportError(ctx, call, method, where, fmt.Errorf("reading the answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 0, nil, statusError(call, resp, data)
	}
	return resp.StatusCode, data, nil
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

// rootElement is the name of the document's root element. It reads only
// the prolog: markup before the root must be well-formed and no text but
// white space may precede it.
func rootElement(body []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return "", errors.New("no root element")
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return "", errors.New("text before the root element")
			}
		}
	}
}

type simpleReturn struct {
	code    int
	hasCode bool
	text    string
}

func parseSimpleReturn(body []byte) (simpleReturn, error) {
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
func decodeXML(body []byte, out any) error {
	var tmp reflect.Value
	var target any = new(struct{})
	if out != nil {
		tmp = reflect.New(reflect.TypeOf(out).Elem())
		target = tmp.Interface()
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(target); err != nil {
		if err == io.EOF {
			return errors.New("no root element")
		}
		return err
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return fmt.Errorf("element <%s> after the root element", t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return errors.New("text after the root element")
			}
		}
	}
	if out != nil {
		reflect.ValueOf(out).Elem().Set(tmp.Elem())
	}
	return nil
}
