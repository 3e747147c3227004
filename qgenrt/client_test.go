package qgenrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	testUser     = "quays_ab"
	testPassword = "pa55:w0rd/secret"
	secretValue  = "db-password-42" // a secret parameter's value
)

const batchReturnXML = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE BATCH_RETURN SYSTEM 
"https://qualysapi.qualys.com/api/2.0/batch_return.dtd">
<BATCH_RETURN>
    <RESPONSE>
        <DATETIME>2020-01-05T12:04:32Z</DATETIME>
        <BATCH_LIST>
            <BATCH>
                <TEXT>Successfully Created</TEXT>
                <ID_SET>
                    <ID>66391</ID>
                </ID_SET>
            </BATCH>
        </BATCH_LIST>
    </RESPONSE>
</BATCH_RETURN>
`

const simpleReturnOK = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">
<SIMPLE_RETURN><RESPONSE><DATETIME>2020-03-24T22:34:17Z</DATETIME><TEXT>New vm scan launched</TEXT>
<ITEM_LIST><ITEM><KEY>ID</KEY><VALUE>136992</VALUE></ITEM></ITEM_LIST></RESPONSE></SIMPLE_RETURN>
`

const simpleReturnError = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">
<SIMPLE_RETURN><RESPONSE><DATETIME>2020-03-24T22:34:17Z</DATETIME><CODE>1905</CODE><TEXT>parameter title is missing</TEXT></RESPONSE></SIMPLE_RETURN>
`

// batchReturn is shaped as generated code shapes it.
type batchReturn struct {
	Response struct {
		DateTime DateTime `xml:"DATETIME"`
		Batches  []struct {
			Text  string `xml:"TEXT"`
			IDSet *IDSet `xml:"ID_SET"`
		} `xml:"BATCH_LIST>BATCH"`
	} `xml:"RESPONSE"`
}

type simpleReturnDoc struct {
	Response struct {
		DateTime DateTime `xml:"DATETIME"`
		Code     int64    `xml:"CODE"`
		Text     string   `xml:"TEXT"`
		Items    []struct {
			Key    string   `xml:"KEY"`
			Values []string `xml:"VALUE"`
		} `xml:"ITEM_LIST>ITEM"`
	} `xml:"RESPONSE"`
}

// seen is what the test server received.
type seen struct {
	Method, Path, RawQuery, Body string
	User, Password               string
	HasAuth                      bool
	RequestedWith, UserAgent     string
	ContentType                  string
}

// server answers every request with status and body and records what it
// saw.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newServer(t *testing.T, status int, body string) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		u, p, ok := r.BasicAuth()
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{
			Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Body: string(b),
			User: u, Password: p, HasAuth: ok,
			RequestedWith: r.Header.Get("X-Requested-With"), UserAgent: r.Header.Get("User-Agent"),
			ContentType: r.Header.Get("Content-Type"),
		})
		s.mu.Unlock()
		if strings.HasPrefix(strings.TrimSpace(body), "<") && !strings.Contains(body, "<html>") {
			w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func (s *server) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(s.URL, append([]Option{AllowHTTP(), BasicAuth(testUser, testPassword)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func createCall(secret bool, methods ...string) Call {
	f := NewForm("create")
	f.String("title", "My record")
	f.IDs("ids", IDSet{{1, 5}})
	if secret {
		f.String("password", secretValue)
	}
	return Call{Endpoint: "auth/greenplum", Action: "create", Path: "/api/2.0/fo/auth/greenplum/",
		Methods: methods, Form: f.Values(), Secret: secret, Root: "BATCH_RETURN"}
}

// noLeak fails when err shows a credential or a form value.
func noLeak(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []string{testPassword, "pa55", secretValue, "My record", "My+record", "Authorization", "Basic "} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q shows %q", err, s)
		}
	}
}

func TestMethodSelection(t *testing.T) {
	const form = "action=create&ids=1-5&title=My+record"
	const secretForm = "action=create&ids=1-5&password=" + secretValue + "&title=My+record"
	tests := []struct {
		name    string
		call    Call
		want    seen // Method, RawQuery, Body, ContentType
		wantErr string
	}{
		{"GET allowed", createCall(false, "GET", "POST"), seen{Method: "GET", RawQuery: form}, ""},
		{"GET only", createCall(false, "get"), seen{Method: "GET", RawQuery: form}, ""},
		{"secret with GET allowed", createCall(true, "GET", "POST"), seen{Method: "POST", Body: secretForm, ContentType: "application/x-www-form-urlencoded"}, ""},
		{"POST only", createCall(false, "POST"), seen{Method: "POST", Body: form, ContentType: "application/x-www-form-urlencoded"}, ""},
		{"no methods", createCall(false), seen{Method: "POST", Body: form, ContentType: "application/x-www-form-urlencoded"}, ""},
		{"secret with GET only", createCall(true, "GET"), seen{}, "a secret is never sent in a URL"},
		{"neither", createCall(false, "PUT"), seen{}, "allows neither GET nor POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, 200, batchReturnXML)
			var out batchReturn
			err := s.client(t).Do(context.Background(), tt.call, &out)
			noLeak(t, err)
			reqs := s.requests()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want %q", err, tt.wantErr)
				}
				if len(reqs) != 0 {
					t.Errorf("the server got %d requests, want none", len(reqs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(reqs) != 1 {
				t.Fatalf("the server got %d requests", len(reqs))
			}
			got := seen{Method: reqs[0].Method, RawQuery: reqs[0].RawQuery, Body: reqs[0].Body, ContentType: reqs[0].ContentType}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if reqs[0].Path != "/api/2.0/fo/auth/greenplum/" {
				t.Errorf("path = %q", reqs[0].Path)
			}
			if tt.call.Secret && (strings.Contains(reqs[0].RawQuery, secretValue) || reqs[0].RawQuery != "") {
				t.Errorf("a secret call put %q in the URL", reqs[0].RawQuery)
			}
		})
	}
}

func TestLongFormGoesInPOST(t *testing.T) {
	ids := make([]int64, 600)
	for i := range ids {
		ids[i] = int64(1000 + 2*i)
	}
	for _, tt := range []struct {
		methods []string
		want    string
	}{{[]string{"GET", "POST"}, "POST"}, {[]string{"GET"}, "GET"}} {
		s := newServer(t, 200, batchReturnXML)
		call := createCall(false, tt.methods...)
		call.Form.Set("ids", IDs(ids...).String())
		if err := s.client(t).Do(context.Background(), call, nil); err != nil {
			t.Fatal(err)
		}
		if got := s.requests()[0].Method; got != tt.want {
			t.Errorf("methods %v, %d-byte form: %s, want %s", tt.methods, len(call.Form.Encode()), got, tt.want)
		}
	}
}

func TestHeaders(t *testing.T) {
	s := newServer(t, 200, batchReturnXML)
	if err := s.client(t).Do(context.Background(), createCall(false, "GET"), nil); err != nil {
		t.Fatal(err)
	}
	if err := s.client(t, RequestedWith("my-tool"), UserAgent("my-agent/1.0")).Do(context.Background(), createCall(true, "POST"), nil); err != nil {
		t.Fatal(err)
	}
	noAuth, err := NewClient(s.URL+"/", AllowHTTP())
	if err != nil {
		t.Fatal(err)
	}
	if err := noAuth.Do(context.Background(), createCall(false, "GET"), nil); err != nil {
		t.Fatal(err)
	}
	want := []seen{
		{User: testUser, Password: testPassword, HasAuth: true, RequestedWith: "qgen", UserAgent: "qgen"},
		{User: testUser, Password: testPassword, HasAuth: true, RequestedWith: "my-tool", UserAgent: "my-agent/1.0"},
		{RequestedWith: "qgen", UserAgent: "qgen"},
	}
	var got []seen
	for _, r := range s.requests() {
		got = append(got, seen{User: r.User, Password: r.Password, HasAuth: r.HasAuth, RequestedWith: r.RequestedWith, UserAgent: r.UserAgent})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecode(t *testing.T) {
	s := newServer(t, 200, batchReturnXML)
	var out batchReturn
	if err := s.client(t).Do(context.Background(), createCall(false, "POST"), &out); err != nil {
		t.Fatal(err)
	}
	if out.Response.DateTime.Time != time.Date(2020, 1, 5, 12, 4, 32, 0, time.UTC) ||
		len(out.Response.Batches) != 1 || out.Response.Batches[0].Text != "Successfully Created" ||
		out.Response.Batches[0].IDSet.String() != "66391" {
		t.Errorf("decoded %+v", out)
	}

	s = newServer(t, 200, simpleReturnOK)
	var sr simpleReturnDoc
	call := Call{Endpoint: "scan", Action: "launch", Path: "/api/2.0/fo/scan/", Methods: []string{"POST"}, Root: "SIMPLE_RETURN"}
	if err := s.client(t).Do(context.Background(), call, &sr); err != nil {
		t.Fatal(err)
	}
	if sr.Response.Text != "New vm scan launched" || len(sr.Response.Items) != 1 ||
		sr.Response.Items[0].Key != "ID" || sr.Response.Items[0].Values[0] != "136992" {
		t.Errorf("decoded %+v", sr)
	}
}

func TestAPIError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		root   string
		want   *APIError
	}{
		{"200 error, other root", 200, simpleReturnError, "BATCH_RETURN",
			&APIError{StatusCode: 200, Code: 1905, Text: "parameter title is missing", Endpoint: "auth/greenplum", Action: "create"}},
		{"200 error, SIMPLE_RETURN wanted", 200, simpleReturnError, "SIMPLE_RETURN",
			&APIError{StatusCode: 200, Code: 1905, Text: "parameter title is missing", Endpoint: "auth/greenplum", Action: "create"}},
		{"400 error", 400, simpleReturnError, "BATCH_RETURN",
			&APIError{StatusCode: 400, Code: 1905, Text: "parameter title is missing", Endpoint: "auth/greenplum", Action: "create"}},
		{"409 rate limit, whitespace", 409, "<SIMPLE_RETURN>\n <RESPONSE>\n  <DATETIME>2020-03-24T22:34:17Z</DATETIME>\n  <CODE> 1965 </CODE>\n  <TEXT>\n   This API cannot be run again for another 23 hours\n  </TEXT>\n </RESPONSE>\n</SIMPLE_RETURN>", "BATCH_RETURN",
			&APIError{StatusCode: 409, Code: 1965, Text: "This API cannot be run again for another 23 hours", Endpoint: "auth/greenplum", Action: "create"}},
		{"200 success SIMPLE_RETURN when another root is wanted", 200, simpleReturnOK, "BATCH_RETURN",
			&APIError{StatusCode: 200, Code: 0, Text: "New vm scan launched", Endpoint: "auth/greenplum", Action: "create"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, tt.status, tt.body)
			call := createCall(false, "POST")
			call.Root = tt.root
			out := simpleReturnDoc{}
			out.Response.Text = "untouched"
			var err error
			if tt.root == "SIMPLE_RETURN" {
				err = s.client(t).Do(context.Background(), call, &out)
			} else {
				err = s.client(t).Do(context.Background(), call, &batchReturn{})
			}
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if diff := cmp.Diff(tt.want, ae); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if out.Response.Text != "untouched" {
				t.Errorf("out changed on error")
			}
			noLeak(t, err)
		})
	}
	e := &APIError{StatusCode: 200, Code: 1905, Text: "parameter title is missing", Endpoint: "auth/greenplum", Action: "create"}
	if got, want := e.Error(), "qualys auth/greenplum create: code 1905: parameter title is missing"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &APIError{StatusCode: 200, Text: "New vm scan launched", Endpoint: "scan", Action: "launch"}
	if got, want := e.Error(), "qualys scan launch: New vm scan launched"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestHTTPError(t *testing.T) {
	html := "<html><head><title>500 Internal Server Error</title></head><body>" + strings.Repeat("oops ", 200) + "</body></html>"
	tests := []struct {
		name   string
		status int
		body   string
		want   string // Status
	}{
		{"500 html", 500, html, "500 Internal Server Error"},
		{"401 text", 401, "Bad Login/Password", "401 Unauthorized"},
		{"400 SIMPLE_RETURN without CODE", 400, simpleReturnOK, "400 Bad Request"},
		{"503 empty", 503, "", "503 Service Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, tt.status, tt.body)
			err := s.client(t).Do(context.Background(), createCall(false, "POST"), &batchReturn{})
			var he *HTTPError
			if !errors.As(err, &he) {
				t.Fatalf("error %v (%T) is not an *HTTPError", err, err)
			}
			wantBody := tt.body
			if len(wantBody) > 512 {
				wantBody = wantBody[:512]
			}
			want := &HTTPError{StatusCode: tt.status, Status: tt.want, Body: []byte(wantBody), Endpoint: "auth/greenplum", Action: "create"}
			if diff := cmp.Diff(want, he, cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got := err.Error(); got != "qualys auth/greenplum create: HTTP "+tt.want {
				t.Errorf("Error() = %q", got)
			}
			noLeak(t, err)
		})
	}
}

func TestNoRedirect(t *testing.T) {
	var hit atomic.Bool
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit.Store(true) }))
	defer target.Close()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/steal", http.StatusFound)
	}))
	defer s.Close()
	c, err := NewClient(s.URL, AllowHTTP(), BasicAuth(testUser, testPassword))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Do(context.Background(), createCall(false, "GET"), nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusFound {
		t.Errorf("error = %v, want an *HTTPError 302", err)
	}
	if hit.Load() {
		t.Error("the client followed the redirect")
	}
}

func TestWrongRoot(t *testing.T) {
	s := newServer(t, 200, `<?xml version="1.0" encoding="UTF-8" ?><AUTH_UNIX_LIST_OUTPUT><RESPONSE/></AUTH_UNIX_LIST_OUTPUT>`)
	err := s.client(t).Do(context.Background(), createCall(false, "POST"), &batchReturn{})
	if err == nil || !strings.Contains(err.Error(), "answer has root element <AUTH_UNIX_LIST_OUTPUT>, want <BATCH_RETURN>") {
		t.Errorf("error = %v", err)
	}
}

// TestMalformed: any malformed answer is an error and out keeps the value it
// had before the call.
func TestMalformed(t *testing.T) {
	tests := []struct{ name, body, wantErr string }{
		{"truncated", batchReturnXML[:strings.Index(batchReturnXML, "</BATCH>")], "unexpected EOF"},
		{"truncated in prolog", `<?xml version="1.0"`, "malformed XML answer"},
		{"mismatched", `<BATCH_RETURN><RESPONSE><DATETIME>2020-01-05T12:04:32Z</DATETIME></BATCH_RETURN>`, "closed by"},
		{"element after root", `<BATCH_RETURN><RESPONSE/></BATCH_RETURN><BATCH_RETURN/>`, "element <BATCH_RETURN> after the root element"},
		{"text after root", `<BATCH_RETURN><RESPONSE/></BATCH_RETURN>junk`, "text after the root element"},
		{"text before root", `junk<BATCH_RETURN/>`, "text before the root element"},
		{"empty", ``, "no root element"},
		{"html", `<!DOCTYPE html><html><body><p>maintenance<br></body></html>`, "answer has root element <html>"},
		{"bad entity", `<BATCH_RETURN><RESPONSE>&nbsp;</RESPONSE></BATCH_RETURN>`, "invalid character entity &nbsp;"},
		{"bad date", `<BATCH_RETURN><RESPONSE><DATETIME>soon</DATETIME></RESPONSE></BATCH_RETURN>`, "RFC 3339"},
		{"bad id set", `<BATCH_RETURN><RESPONSE><DATETIME/><BATCH_LIST><BATCH><ID_SET><ID>x</ID></ID_SET></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>`, "<ID> in <ID_SET>"},
		{"other encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><BATCH_RETURN/>`, "ISO-8859-1"},
		{"truncated SIMPLE_RETURN", `<SIMPLE_RETURN><RESPONSE><CODE>1905</CODE>`, "malformed SIMPLE_RETURN answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, 200, tt.body)
			var out batchReturn
			out.Response.Batches = append(out.Response.Batches, out.Response.Batches...)
			out.Response.DateTime = DateTime{time.Unix(1, 0)}
			before := out
			err := s.client(t).Do(context.Background(), createCall(false, "POST"), &out)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(before, out); diff != "" {
				t.Errorf("out changed on error (-before +after):\n%s", diff)
			}
		})
	}
}

func TestDoOut(t *testing.T) {
	s := newServer(t, 200, batchReturnXML)
	c := s.client(t)
	for _, out := range []any{batchReturn{}, (*batchReturn)(nil)} {
		err := c.Do(context.Background(), createCall(false, "POST"), out)
		if err == nil || !strings.Contains(err.Error(), "non-nil pointer") {
			t.Errorf("Do(%T): error = %v", out, err)
		}
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("bad out sent %d requests", n)
	}
	if err := c.Do(context.Background(), createCall(false, "POST"), nil); err != nil {
		t.Errorf("Do(nil out): %v", err)
	}
}

func TestContext(t *testing.T) {
	started := make(chan struct{}, 1)
	ended := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // the server watches the connection once the body is read
		started <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		ended <- struct{}{}
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, AllowHTTP(), BasicAuth(testUser, testPassword))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-started; cancel() }()
		t0 := time.Now()
		err := c.Do(ctx, createCall(true, "POST"), &batchReturn{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
		if d := time.Since(t0); d > 5*time.Second {
			t.Errorf("Do returned after %v", d)
		}
		noLeak(t, err)
		<-ended
	})
	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.DoRaw(ctx, createCall(false, "GET"))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error = %v, want context.DeadlineExceeded", err)
		}
		noLeak(t, err)
		<-started
		<-ended
	})
	t.Run("already canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := c.Do(ctx, createCall(false, "GET"), &batchReturn{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
		select {
		case <-started:
			t.Error("a canceled call reached the server")
		case <-time.After(50 * time.Millisecond):
		}
	})
}

func TestDoRaw(t *testing.T) {
	const csv = "\"ID\",\"TITLE\"\n\"66391\",\"My record\"\n"
	s := newServer(t, 200, csv)
	got, err := s.client(t).DoRaw(context.Background(), createCall(false, "GET"))
	if err != nil || string(got) != csv {
		t.Errorf("DoRaw = %q, %v", got, err)
	}
	const json = `[{"id": 1}]`
	s = newServer(t, 200, json)
	if got, err := s.client(t).DoRaw(context.Background(), createCall(false, "GET")); err != nil || string(got) != json {
		t.Errorf("DoRaw = %q, %v", got, err)
	}
	for _, tt := range []struct {
		status int
		body   string
		code   int
	}{{200, simpleReturnError, 1905}, {400, simpleReturnError, 1905}, {200, simpleReturnOK, 0}} {
		s = newServer(t, tt.status, tt.body)
		got, err := s.client(t).DoRaw(context.Background(), createCall(false, "GET"))
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != tt.code || ae.StatusCode != tt.status || got != nil {
			t.Errorf("%d %.40q: DoRaw = %q, %v; want an *APIError code %d", tt.status, tt.body, got, err, tt.code)
		}
	}
	s = newServer(t, 502, "<html>bad gateway</html>")
	if _, err := s.client(t).DoRaw(context.Background(), createCall(false, "GET")); !errors.As(err, new(*HTTPError)) {
		t.Errorf("502: error = %v, want an *HTTPError", err)
	}
}

func TestNoSecretInErrors(t *testing.T) {
	// A server that is gone: the transport error must not show the URL of
	// a GET (it holds the form) or the credentials.
	s := newServer(t, 200, batchReturnXML)
	c := s.client(t)
	s.Close()
	for _, call := range []Call{createCall(false, "GET"), createCall(true, "POST")} {
		err := c.Do(context.Background(), call, &batchReturn{})
		if err == nil {
			t.Fatal("no error from a closed server")
		}
		if !strings.Contains(err.Error(), "qualys auth/greenplum create: ") || !strings.Contains(err.Error(), s.URL+"/api/2.0/fo/auth/greenplum/:") {
			t.Errorf("error = %v", err)
		}
		noLeak(t, err)
		if strings.Contains(err.Error(), "ids=") || strings.Contains(err.Error(), "?") {
			t.Errorf("error shows the query: %v", err)
		}
	}
	// Nor may printing the client.
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(format, c); strings.Contains(got, "pa55") || !strings.Contains(got, s.URL) {
			t.Errorf("Sprintf(%q, client) = %s", format, got)
		}
	}
}

func TestNewClient(t *testing.T) {
	tests := []struct {
		url     string
		opts    []Option
		base    string
		wantErr string
	}{
		{url: US1, base: "https://qualysapi.qualys.com"},
		{url: "https://qualysapi.qg2.apps.qualys.eu/", base: EU2},
		{url: "https://example.com:8443/prefix//", base: "https://example.com:8443/prefix"},
		{url: "http://127.0.0.1:1234", wantErr: "must be https"},
		{url: "http://127.0.0.1:1234/", opts: []Option{AllowHTTP()}, base: "http://127.0.0.1:1234"},
		{url: "ftp://example.com", opts: []Option{AllowHTTP()}, wantErr: "must be an https URL"},
		{url: "qualysapi.qualys.com", wantErr: "must be an https URL"},
		{url: "https://", wantErr: "no host"},
		{url: "https://user:pa55@example.com", wantErr: "must not hold credentials"},
		{url: "https://example.com/?a=b", wantErr: "query or fragment"},
		{url: "https://example.com/#x", wantErr: "query or fragment"},
		{url: "https://exa mple.com:x/", wantErr: "base URL"},
		{url: US1, opts: []Option{BasicAuth("a:b", "c")}, wantErr: "cannot contain ':'"},
		{url: US1, opts: []Option{RequestedWith("")}, wantErr: "X-Requested-With must not be empty"},
		{url: US1, opts: []Option{UserAgent("a\r\nX-Evil: 1")}, wantErr: "control characters"},
		{url: US1, opts: []Option{nil, HTTPClient(nil)}, base: US1},
	}
	for _, tt := range tests {
		c, err := NewClient(tt.url, tt.opts...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NewClient(%q) error = %v, want %q", tt.url, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "pa55") {
				t.Errorf("NewClient(%q) error shows the password: %v", tt.url, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("NewClient(%q): %v", tt.url, err)
			continue
		}
		if c.BaseURL() != tt.base {
			t.Errorf("NewClient(%q).BaseURL() = %q, want %q", tt.url, c.BaseURL(), tt.base)
		}
	}
	for _, u := range []string{US1, US2, US3, US4, EU1, EU2, IN1, CA1, AE1, UK1, AU1} {
		if _, err := NewClient(u); err != nil {
			t.Errorf("NewClient(%s): %v", u, err)
		}
	}
}

func TestTLS(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != testUser || p != testPassword {
			w.WriteHeader(401)
			return
		}
		io.WriteString(w, batchReturnXML)
	}))
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below
	defer s.Close()
	c, err := NewClient(s.URL, BasicAuth(testUser, testPassword), HTTPClient(s.Client()))
	if err != nil {
		t.Fatal(err)
	}
	var out batchReturn
	if err := c.Do(context.Background(), createCall(true, "POST"), &out); err != nil {
		t.Fatal(err)
	}
	// Without the test server's certificate the default client refuses it.
	c, err = NewClient(s.URL, BasicAuth(testUser, testPassword))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Do(context.Background(), createCall(true, "POST"), &out)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("error = %v, want a certificate error", err)
	}
	noLeak(t, err)
}

func TestBadPath(t *testing.T) {
	s := newServer(t, 200, batchReturnXML)
	call := createCall(false, "GET")
	call.Path = "api/2.0/fo/auth/greenplum/"
	if err := s.client(t).Do(context.Background(), call, nil); err == nil || !strings.Contains(err.Error(), "does not start with /") {
		t.Errorf("error = %v", err)
	}
	call.Path = "/api/2.0/fo/%zz/"
	err := s.client(t).Do(context.Background(), call, nil)
	if err == nil {
		t.Fatal("no error")
	}
	noLeak(t, err)
	if _, perr := url.Parse(s.URL + call.Path); perr == nil {
		t.Fatal("test path parses")
	}
}
