package gen_test

// The generated streamed lists (ListRecords, ListAll) and Do with the
// generated decoders, through real HTTP: records come as the answer
// arrives, MaxBodySize does not apply to them, errors, retries and paging
// are those of Do and ListPages, breaking out closes the answer, drift is
// reported.

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/qgenrt"
)

// streamGuard bounds every wait of these tests for something that must
// happen: reaching it is a failure, never a pass.
const streamGuard = 20 * time.Second

const streamUnixHead = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE AUTH_UNIX_LIST_OUTPUT SYSTEM "https://qualysapi.qualys.com/api/2.0/fo/auth/unix/auth_unix_list_output.dtd">
<AUTH_UNIX_LIST_OUTPUT>
  <RESPONSE>
    <DATETIME>2020-03-11T22:48:01Z</DATETIME>
    <AUTH_UNIX_LIST>
`

// streamUnixRecord is an AUTH_UNIX of about 500 bytes, with most kinds of
// values (CDATA, a flag, an IP set, optional integers, date-times).
func streamUnixRecord(id int) string {
	return fmt.Sprintf(`      <AUTH_UNIX>
        <ID>%d</ID>
        <TITLE><![CDATA[record %d & co]]></TITLE>
        <USERNAME>root</USERNAME>
        <CLEARTEXT_PASSWORD>%d</CLEARTEXT_PASSWORD>
        <IP_SET><IP>10.0.%d.%d</IP><IP_RANGE>10.1.0.1-10.1.0.%d</IP_RANGE></IP_SET>
        <NETWORK_ID>%d</NETWORK_ID>
        <CREATED><DATETIME>2020-03-11T22:15:56Z</DATETIME><BY>quays_ab</BY></CREATED>
        <LAST_MODIFIED><DATETIME>2020-03-11T22:15:56Z</DATETIME></LAST_MODIFIED>
        <COMMENTS> comment %d </COMMENTS>
      </AUTH_UNIX>
`, id, id, id%2, id/250%250, id%250, 2+id%250, id%7, id)
}

// streamUnixTail ends a list page; with next, a WARNING 1980 asks for the
// page at that URL.
func streamUnixTail(next string) string {
	s := "    </AUTH_UNIX_LIST>\n"
	if next != "" {
		s += `    <WARNING_LIST><WARNING><CODE>1980</CODE><TEXT>30 record limit exceeded. Use URL to get next batch of results.</TEXT><URL><![CDATA[` +
			next + `]]></URL></WARNING></WARNING_LIST>` + "\n"
	}
	return s + "  </RESPONSE>\n</AUTH_UNIX_LIST_OUTPUT>\n"
}

// streamUnixPage is a list page of the records from to to, inclusive.
func streamUnixPage(from, to int, next string) string {
	var b strings.Builder
	b.WriteString(streamUnixHead)
	for i := from; i <= to; i++ {
		b.WriteString(streamUnixRecord(i))
	}
	b.WriteString(streamUnixTail(next))
	return b.String()
}

func streamUnixCall() qgenrt.Call {
	return qgenrt.Call{Endpoint: "auth/unix", Action: "list", Path: "/api/2.0/fo/auth/unix/", Methods: []string{"GET", "POST"},
		Form: (&gen.AuthUnixListRequest{}).Form(), ReadOnly: true, Root: "AUTH_UNIX_LIST_OUTPUT"}
}

func streamClient(t *testing.T, url string, opts ...qgenrt.Option) *gen.Client {
	t.Helper()
	c, err := gen.NewClient(url, append([]qgenrt.Option{qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// streamServer serves each request with handler and counts them; its
// queries are in order.
type streamServer struct {
	*httptest.Server
	mu      sync.Mutex
	queries []string
}

func newStreamServer(t *testing.T, handler func(n int, w http.ResponseWriter, r *http.Request)) *streamServer {
	t.Helper()
	s := &streamServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		s.mu.Lock()
		s.queries = append(s.queries, r.Form.Encode())
		n := len(s.queries)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		handler(n, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *streamServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries...)
}

// collectRecords ranges over seq and returns the records, then the errors.
// It fails when a yield holds both a record and an error.
func collectRecords(t *testing.T, seq func(yield func(gen.AuthUnix, error) bool)) ([]gen.AuthUnix, []error) {
	t.Helper()
	var recs []gen.AuthUnix
	var errs []error
	for r, err := range seq {
		if err != nil {
			if r.ID != 0 {
				t.Errorf("a yield with error %v has record %d", err, r.ID)
			}
			errs = append(errs, err)
			continue
		}
		if len(errs) > 0 {
			t.Errorf("record %d after the error %v", r.ID, errs[0])
		}
		recs = append(recs, r)
	}
	return recs, errs
}

func recordIDs(recs []gen.AuthUnix) []int64 {
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

func idsFrom(from, to int) []int64 {
	var ids []int64
	for i := from; i <= to; i++ {
		ids = append(ids, int64(i))
	}
	return ids
}

// unmarshalRecords is what xml.Unmarshal gives for the records of pages.
func unmarshalRecords(t *testing.T, pages ...string) []gen.AuthUnix {
	t.Helper()
	var all []gen.AuthUnix
	for _, p := range pages {
		var out gen.AuthUnixListOutput
		if err := xml.Unmarshal([]byte(p), &out); err != nil {
			t.Fatal(err)
		}
		all = append(all, out.Response.AuthUnixList.AuthUnix...)
	}
	return all
}

// TestListRecordsStreams proves that records arrive while the answer is
// still being sent: the server sends the first 400 records (about 200 KB)
// and waits until the test has received a record before it sends the
// other 400 and ends the answer. A client that read the answer whole
// would only get its first record once the server gave up waiting.
func TestListRecordsStreams(t *testing.T) {
	const first, total = 400, 800
	release := make(chan struct{})
	var ended atomic.Bool
	outcome := make(chan string, 1)
	srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, streamUnixHead)
		for i := 1; i <= first; i++ {
			io.WriteString(w, streamUnixRecord(i))
		}
		http.NewResponseController(w).Flush()
		select {
		case <-release:
			outcome <- "released"
		case <-r.Context().Done():
			outcome <- "the client went away"
			return
		case <-time.After(streamGuard):
			outcome <- "no record reached the test while the server waited"
		}
		for i := first + 1; i <= total; i++ {
			io.WriteString(w, streamUnixRecord(i))
		}
		io.WriteString(w, streamUnixTail(""))
		ended.Store(true)
	})
	c := streamClient(t, srv.URL)
	var recs []gen.AuthUnix
	for r, err := range c.AuthUnix().ListRecords(context.Background(), nil) {
		if err != nil {
			t.Fatalf("after %d records: %v", len(recs), err)
		}
		if len(recs) == 0 {
			if ended.Load() {
				t.Error("the first record came after the server had ended the answer")
			}
			close(release)
		}
		recs = append(recs, r)
	}
	if got := <-outcome; got != "released" {
		t.Error(got)
	}
	if diff := cmp.Diff(idsFrom(1, total), recordIDs(recs)); diff != "" {
		t.Errorf("record IDs (-want +got):\n%s", diff)
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestListRecordsIgnoresMaxBodySize: an answer of about 100 KB against a
// MaxBodySize of 8 KiB streams whole through ListRecords and ListAll, with
// or without a Content-Length, and is a *qgenrt.BodyTooLargeError for List
// and ListPages, which read it whole.
func TestListRecordsIgnoresMaxBodySize(t *testing.T) {
	const limit = 8 << 10
	page := streamUnixPage(1, 200, "")
	if len(page) < 10*limit {
		t.Fatalf("the page is only %d bytes", len(page))
	}
	want := unmarshalRecords(t, page)
	for _, withLength := range []bool{false, true} {
		t.Run("Content-Length "+strconv.FormatBool(withLength), func(t *testing.T) {
			srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if withLength {
					w.Header().Set("Content-Length", strconv.Itoa(len(page)))
				}
				io.WriteString(w, page)
			})
			c := streamClient(t, srv.URL, qgenrt.MaxBodySize(limit))
			ctx := context.Background()
			recs, errs := collectRecords(t, c.AuthUnix().ListRecords(ctx, nil))
			if len(errs) != 0 {
				t.Fatalf("ListRecords: %v", errs)
			}
			if diff := cmp.Diff(want, recs, cmpOpts); diff != "" {
				t.Errorf("ListRecords differs from xml.Unmarshal (-unmarshal +streamed):\n%s", diff)
			}
			all, err := c.AuthUnix().ListAll(ctx, nil)
			if err != nil || len(all) != 200 {
				t.Errorf("ListAll = %d records, %v", len(all), err)
			}

			var be *qgenrt.BodyTooLargeError
			out, err := c.AuthUnix().List(ctx, nil)
			if !errors.As(err, &be) || be.Limit != limit || out != nil {
				t.Errorf("List = %v, %v; want a *qgenrt.BodyTooLargeError", out, err)
			}
			var pages int
			var perrs []error
			for p, err := range c.AuthUnix().ListPages(ctx, nil) {
				if p != nil {
					pages++
				}
				if err != nil {
					perrs = append(perrs, err)
				}
			}
			if pages != 0 || len(perrs) != 1 || !errors.As(perrs[0], &be) {
				t.Errorf("ListPages: %d pages, errors %v; want only a *qgenrt.BodyTooLargeError", pages, perrs)
			}
			if n := len(srv.requests()); n != 4 {
				t.Errorf("%d requests, want 4 (a BodyTooLargeError is not retried)", n)
			}
		})
	}
}

// TestListRecordsSimpleReturn: a 2xx SIMPLE_RETURN with a CODE, short or
// longer than the 4 KiB the client peeks at, is an *qgenrt.APIError, not
// retried; a rate limit answer (CODE 1965, with HTTP 409 or 200) to the
// streamed list is retried as Do retries it.
func TestListRecordsSimpleReturn(t *testing.T) {
	simple := func(code int, text, padding string) string {
		return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">
<SIMPLE_RETURN><RESPONSE><DATETIME>2020-03-24T22:34:17Z</DATETIME><CODE>` + strconv.Itoa(code) + `</CODE><TEXT>` + text + `</TEXT>` +
			padding + `</RESPONSE></SIMPLE_RETURN>`
	}
	var items strings.Builder
	items.WriteString("<ITEM_LIST>")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&items, "<ITEM><KEY>K%d</KEY><VALUE>value %d</VALUE></ITEM>", i, i)
	}
	items.WriteString("</ITEM_LIST>")
	if items.Len() < 8<<10 {
		t.Fatalf("padding of %d bytes", items.Len())
	}
	for _, tt := range []struct {
		name, padding string
	}{{"short", ""}, {"longer than the peek", items.String()}} {
		t.Run("CODE 1905, "+tt.name, func(t *testing.T) {
			srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, simple(1905, "parameter ids has invalid value", tt.padding))
			})
			c := streamClient(t, srv.URL, qgenrt.Retry(4, time.Millisecond, time.Millisecond))
			recs, errs := collectRecords(t, c.AuthUnix().ListRecords(context.Background(), nil))
			var ae *qgenrt.APIError
			if len(recs) != 0 || len(errs) != 1 || !errors.As(errs[0], &ae) {
				t.Fatalf("%d records, errors %v; want one *qgenrt.APIError", len(recs), errs)
			}
			if ae.Code != 1905 || ae.StatusCode != 200 || ae.Text != "parameter ids has invalid value" || ae.Endpoint != "auth/unix" || ae.Action != "list" {
				t.Errorf("APIError %+v", ae)
			}
			all, err := c.AuthUnix().ListAll(context.Background(), nil)
			if all != nil || !errors.As(err, &ae) {
				t.Errorf("ListAll = %d records, %v", len(all), err)
			}
			if n := len(srv.requests()); n != 2 {
				t.Errorf("%d requests, want 2 (an APIError is not retried)", n)
			}
		})
	}
	t.Run("CODE 1965 retried", func(t *testing.T) {
		page := streamUnixPage(1, 60, "")
		srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			switch n {
			case 1:
				w.Header().Set("X-RateLimit-ToWait-Sec", "0")
				w.WriteHeader(http.StatusConflict)
				io.WriteString(w, simple(1965, "This API cannot be run again for another 0 seconds", ""))
			case 2:
				io.WriteString(w, simple(1965, "This API cannot be run again until the window ends", items.String()))
			default:
				io.WriteString(w, page)
			}
		})
		c := streamClient(t, srv.URL, qgenrt.Retry(4, time.Millisecond, time.Millisecond))
		all, err := c.AuthUnix().ListAll(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(idsFrom(1, 60), recordIDs(all)); diff != "" {
			t.Errorf("record IDs (-want +got):\n%s", diff)
		}
		if n := len(srv.requests()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("CODE 1965, retries spent", func(t *testing.T) {
		srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, simple(1965, "This API cannot be run again for another 0 seconds", items.String()))
		})
		c := streamClient(t, srv.URL, qgenrt.Retry(3, time.Millisecond, time.Millisecond))
		recs, errs := collectRecords(t, c.AuthUnix().ListRecords(context.Background(), nil))
		var le *qgenrt.LimitError
		var ae *qgenrt.APIError
		if len(recs) != 0 || len(errs) != 1 || !errors.As(errs[0], &le) || !errors.As(errs[0], &ae) || ae.Code != 1965 {
			t.Fatalf("%d records, errors %v; want one *qgenrt.LimitError", len(recs), errs)
		}
		if n := len(srv.requests()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
}

// TestListRecordsCutOff: an answer whose XML ends in the middle of a record
// gives the records before it, then one *qgenrt.DecodeError that says
// where (the start tag left open), whether it was streamed or short
// enough to be read whole; ListAll then returns no records. A transfer cut
// in the middle of a streamed answer gives the records before it and a
// transport error, not retried.
func TestListRecordsCutOff(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    int // whole records before the cut
	}{{"streamed", 30}, {"read whole", 2}} {
		t.Run(tt.name, func(t *testing.T) {
			full := streamUnixPage(1, tt.n+1, "")
			cut := strings.Index(full, "<ID>"+strconv.Itoa(tt.n+1)+"</ID>")
			open := strings.Index(full[cut:], "<TITLE>") + cut // the innermost start tag left open
			body := full[:strings.Index(full[open:], "]]>")+open+len("]]>")]
			if (len(body) > 4<<10) != (tt.name == "streamed") {
				t.Fatalf("a body of %d bytes for %s", len(body), tt.name)
			}
			srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
			c := streamClient(t, srv.URL)
			recs, errs := collectRecords(t, c.AuthUnix().ListRecords(context.Background(), nil))
			if diff := cmp.Diff(idsFrom(1, tt.n), recordIDs(recs)); diff != "" {
				t.Errorf("record IDs (-want +got):\n%s", diff)
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", errs)
			}
			var de *qgenrt.DecodeError
			if !errors.As(errs[0], &de) {
				t.Fatalf("error %v (%T), want a *qgenrt.DecodeError", errs[0], errs[0])
			}
			line := strings.Count(body[:open], "\n") + 1
			col := open - strings.LastIndex(body[:open], "\n")
			if de.Offset != int64(open) || de.Line != line || de.Column != col || de.Root != "AUTH_UNIX_LIST_OUTPUT" || de.StatusCode != 200 ||
				de.Endpoint != "auth/unix" || de.Action != "list" {
				t.Errorf("DecodeError %+v; want offset %d, line %d, column %d", de, open, line, col)
			}
			all, err := c.AuthUnix().ListAll(context.Background(), nil)
			if all != nil || !errors.As(err, &de) {
				t.Errorf("ListAll = %d records, %v; want none and a *qgenrt.DecodeError", len(all), err)
			}
			if n := len(srv.requests()); n != 2 {
				t.Errorf("%d requests, want 2 (a DecodeError is not retried)", n)
			}
			t.Log(errs[0])
		})
	}
	t.Run("transfer cut", func(t *testing.T) {
		full := streamUnixPage(1, 31, "")
		cut := strings.Index(full, "<ID>31</ID>")
		srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, full[:cut]) // chunked: the cut is seen as one
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		})
		c := streamClient(t, srv.URL, qgenrt.Retry(4, time.Millisecond, time.Millisecond))
		recs, errs := collectRecords(t, c.AuthUnix().ListRecords(context.Background(), nil))
		if diff := cmp.Diff(idsFrom(1, 30), recordIDs(recs)); diff != "" {
			t.Errorf("record IDs (-want +got):\n%s", diff)
		}
		if len(errs) != 1 {
			t.Fatalf("errors %v, want one", errs)
		}
		var de *qgenrt.DecodeError
		if !errors.Is(errs[0], io.ErrUnexpectedEOF) || errors.As(errs[0], &de) {
			t.Errorf("error %v (%T); want a transport error wrapping io.ErrUnexpectedEOF, not a *qgenrt.DecodeError", errs[0], errs[0])
		}
		if n := len(srv.requests()); n != 1 {
			t.Errorf("%d requests, want 1: a failure in the middle of a streamed answer is not retried", n)
		}
		t.Log(errs[0])
	})
}

// TestListRecordsPages reads two pages: the records of both, in order,
// equal to those of ListPages and of xml.Unmarshal; the first page's
// records come before the second page is asked for, with the query of
// the continuation URL.
func TestListRecordsPages(t *testing.T) {
	var srv *streamServer
	pages := map[string]string{}
	srv = newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, pages[r.Form.Get("id_min")])
	})
	pages[""] = streamUnixPage(1, 30, srv.URL+"/api/2.0/fo/auth/unix/?action=list&details=All&id_min=31")
	pages["31"] = streamUnixPage(31, 60, "")
	c := streamClient(t, srv.URL)
	ctx := context.Background()
	req := &gen.AuthUnixListRequest{Details: gen.AuthUnixDetailsAll}
	var recs []gen.AuthUnix
	for r, err := range c.AuthUnix().ListRecords(ctx, req) {
		if err != nil {
			t.Fatalf("after %d records: %v", len(recs), err)
		}
		recs = append(recs, r)
		switch n := len(srv.requests()); {
		case r.ID <= 30 && n != 1:
			t.Errorf("record %d came after %d requests, want 1", r.ID, n)
		case r.ID > 30 && n != 2:
			t.Errorf("record %d came after %d requests, want 2", r.ID, n)
		}
	}
	want := unmarshalRecords(t, pages[""], pages["31"])
	if diff := cmp.Diff(want, recs, cmpOpts); diff != "" {
		t.Errorf("records differ from xml.Unmarshal (-unmarshal +streamed):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"action=list&details=All", "action=list&details=All&id_min=31"}, srv.requests()); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
	var paged []gen.AuthUnix
	for p, err := range c.AuthUnix().ListPages(ctx, req) {
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, p.Response.AuthUnixList.AuthUnix...)
	}
	if diff := cmp.Diff(paged, recs, cmpOpts); diff != "" {
		t.Errorf("ListRecords differs from ListPages (-pages +records):\n%s", diff)
	}
}

// TestListRecordsBreak: breaking out of ListRecords in the middle of a
// page that asks for another closes the answer without reading the rest
// (the server, which waits, sees its request end) and asks for no other
// page.
func TestListRecordsBreak(t *testing.T) {
	outcome := make(chan string, 1)
	var srv *streamServer
	srv = newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n > 1 {
			io.WriteString(w, streamUnixPage(1001, 1002, ""))
			return
		}
		io.WriteString(w, streamUnixHead)
		for i := 1; i <= 400; i++ {
			io.WriteString(w, streamUnixRecord(i))
		}
		http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
			outcome <- "closed"
			return
		case <-time.After(streamGuard):
			outcome <- "the client neither closed the answer nor went away after breaking out"
		}
		io.WriteString(w, streamUnixTail(srv.URL+"/api/2.0/fo/auth/unix/?action=list&id_min=1001"))
	})
	c := streamClient(t, srv.URL)
	var ids []int64
	for r, err := range c.AuthUnix().ListRecords(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if ids = append(ids, r.ID); len(ids) == 3 {
			break
		}
	}
	if got := <-outcome; got != "closed" {
		t.Error(got)
	}
	if diff := cmp.Diff(idsFrom(1, 3), ids); diff != "" {
		t.Errorf("record IDs (-want +got):\n%s", diff)
	}
	if q := srv.requests(); len(q) != 1 {
		t.Errorf("requests %q, want only the first page's", q)
	}
}

// TestListRecordsCancel cancels the context in the middle of a streamed
// answer that the server holds open: ListRecords ends with an error that
// wraps context.Canceled, without hanging and without a retry.
func TestListRecordsCancel(t *testing.T) {
	srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, streamUnixHead)
		for i := 1; i <= 400; i++ {
			io.WriteString(w, streamUnixRecord(i))
		}
		http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(streamGuard):
		}
	})
	c := streamClient(t, srv.URL, qgenrt.Retry(4, time.Millisecond, time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		n    int
		errs []error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		for _, err := range c.AuthUnix().ListRecords(ctx, nil) {
			if err != nil {
				res.errs = append(res.errs, err)
				continue
			}
			if res.n++; res.n == 5 {
				cancel()
			}
		}
		done <- res
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(streamGuard):
		t.Fatal("ListRecords did not end after its context was canceled")
	}
	if res.n < 5 || res.n > 400 || len(res.errs) != 1 {
		t.Fatalf("%d records, errors %v; want at least 5 records, then one error", res.n, res.errs)
	}
	if err := res.errs[0]; !errors.Is(err, context.Canceled) {
		t.Errorf("error %v (%T) does not wrap context.Canceled", err, err)
	}
	var de *qgenrt.DecodeError
	if errors.As(res.errs[0], &de) {
		t.Errorf("a canceled context is not a malformed answer: %v", res.errs[0])
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	t.Log(res.errs[0])
}

// TestStreamDrift: an unknown element in two records of a list is drift.
// With OnDrift, it is called once per answer with the drift (where it was
// first seen, how often), and the values are those of xml.Unmarshal, for
// ListRecords and for List (Do); without OnDrift, a Logger gets one Warn
// line naming it; with StrictDecoding, the call fails with a
// *qgenrt.DecodeError wrapping a *qgenrt.ContentError with Drift set.
func TestStreamDrift(t *testing.T) {
	page := streamUnixPage(1, 30, "")
	for _, id := range []int{2, 5} {
		rec := streamUnixRecord(id)
		page = strings.Replace(page, rec, strings.Replace(rec, "<CLEARTEXT_PASSWORD>", `<WIN_CONF_FILE>c:\pg</WIN_CONF_FILE><CLEARTEXT_PASSWORD>`, 1), 1)
	}
	at := strings.Index(page, "<WIN_CONF_FILE>")
	want := qgenrt.Drift{
		Line: strings.Count(page[:at], "\n") + 1, Col: at - strings.LastIndex(page[:at], "\n"),
		Path: "AUTH_UNIX_LIST_OUTPUT/RESPONSE/AUTH_UNIX_LIST/AUTH_UNIX", Msg: "unknown element <WIN_CONF_FILE>", Count: 2,
	}
	var whole gen.AuthUnixListOutput
	if err := xml.Unmarshal([]byte(page), &whole); err != nil {
		t.Fatal(err)
	}
	srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) { io.WriteString(w, page) })
	ctx := context.Background()

	type report struct {
		endpoint, action string
		drift            []qgenrt.Drift
	}
	var mu sync.Mutex
	var reports []report
	onDrift := qgenrt.OnDrift(func(endpoint, action string, drift []qgenrt.Drift) {
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, report{endpoint, action, drift})
	})
	takeReports := func() []report {
		mu.Lock()
		defer mu.Unlock()
		r := reports
		reports = nil
		return r
	}
	checkReports := func(t *testing.T, got []report) {
		t.Helper()
		if len(got) != 1 {
			t.Fatalf("OnDrift called %d times, want once: %+v", len(got), got)
		}
		if got[0].endpoint != "auth/unix" || got[0].action != "list" {
			t.Errorf("OnDrift(%q, %q)", got[0].endpoint, got[0].action)
		}
		if diff := cmp.Diff([]qgenrt.Drift{want}, got[0].drift); diff != "" {
			t.Errorf("drift (-want +got):\n%s", diff)
		}
	}

	t.Run("OnDrift/ListRecords", func(t *testing.T) {
		takeReports() // those a failed subtest left
		c := streamClient(t, srv.URL, onDrift)
		recs, errs := collectRecords(t, c.AuthUnix().ListRecords(ctx, nil))
		if len(errs) != 0 {
			t.Fatal(errs)
		}
		if diff := cmp.Diff(whole.Response.AuthUnixList.AuthUnix, recs, cmpOpts); diff != "" {
			t.Errorf("records differ from xml.Unmarshal (-unmarshal +streamed):\n%s", diff)
		}
		checkReports(t, takeReports())
	})
	t.Run("OnDrift/List", func(t *testing.T) {
		takeReports() // those a failed subtest left
		c := streamClient(t, srv.URL, onDrift)
		out, err := c.AuthUnix().List(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&whole, out, cmpOpts); diff != "" {
			t.Errorf("List differs from xml.Unmarshal (-unmarshal +List):\n%s", diff)
		}
		checkReports(t, takeReports())
	})
	t.Run("OnDrift/once per page", func(t *testing.T) {
		takeReports() // those a failed subtest left
		var psrv *streamServer
		psrv = newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				io.WriteString(w, strings.Replace(page, streamUnixTail(""), streamUnixTail(psrv.URL+"/api/2.0/fo/auth/unix/?action=list&id_min=31"), 1))
				return
			}
			io.WriteString(w, page)
		})
		c := streamClient(t, psrv.URL, onDrift)
		all, err := c.AuthUnix().ListAll(ctx, nil)
		if err != nil || len(all) != 60 {
			t.Fatalf("ListAll = %d records, %v", len(all), err)
		}
		got := takeReports()
		if len(got) != 2 {
			t.Fatalf("OnDrift called %d times for 2 pages: %+v", len(got), got)
		}
		checkReports(t, got[1:])
	})
	t.Run("Logger", func(t *testing.T) {
		takeReports() // those a failed subtest left
		var logs bytes.Buffer
		c := streamClient(t, srv.URL, qgenrt.Logger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
		all, err := c.AuthUnix().ListAll(ctx, nil)
		if err != nil || len(all) != 30 {
			t.Fatalf("ListAll = %d records, %v", len(all), err)
		}
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		if len(lines) != 1 {
			t.Fatalf("log lines:\n%s\nwant one", logs.String())
		}
		for _, s := range []string{"level=WARN", "endpoint=auth/unix", "action=list", "drift=" + strconv.Quote(want.String())} {
			if !strings.Contains(lines[0], s) {
				t.Errorf("log line %s\ndoes not hold %s", lines[0], s)
			}
		}
		if len(takeReports()) != 0 {
			t.Error("OnDrift of another client called")
		}
	})
	t.Run("StrictDecoding", func(t *testing.T) {
		takeReports() // those a failed subtest left
		c := streamClient(t, srv.URL, qgenrt.StrictDecoding(), onDrift)
		check := func(what string, err error) {
			t.Helper()
			var de *qgenrt.DecodeError
			var ce *qgenrt.ContentError
			if !errors.As(err, &de) || !errors.As(de.Err, &ce) || !ce.Drift {
				t.Fatalf("%s: error %v (%T), want a *qgenrt.DecodeError wrapping a *qgenrt.ContentError for drift", what, err, err)
			}
			if ce.Line != want.Line || ce.Col != want.Col || ce.Path != want.Path || ce.Msg != want.Msg ||
				de.Line != want.Line || de.Column != want.Col || de.Offset != int64(at) {
				t.Errorf("%s: %+v wrapping %+v; want %v at byte %d", what, de, ce, want, at)
			}
		}
		recs, errs := collectRecords(t, c.AuthUnix().ListRecords(ctx, nil))
		if diff := cmp.Diff([]int64{1}, recordIDs(recs)); diff != "" || len(errs) != 1 {
			t.Fatalf("records %v, errors %v; want record 1, then an error", recordIDs(recs), errs)
		}
		check("ListRecords", errs[0])
		all, err := c.AuthUnix().ListAll(ctx, nil)
		if all != nil {
			t.Errorf("ListAll returned %d records with its error", len(all))
		}
		check("ListAll", err)
		out, err := c.AuthUnix().List(ctx, nil)
		if out != nil {
			t.Errorf("List returned %v with its error", out)
		}
		check("List", err)
		if got := takeReports(); len(got) != 0 {
			t.Errorf("OnDrift called when strict: %+v", got)
		}
	})
}

// TestStreamDoGeneratedTrailing: Do decodes a generated document type with
// the generated decoder, which reads up to the end of the root; anything
// but white space, comments and processing instructions after it is a
// *qgenrt.DecodeError at that place, and out is left as it was. Streamed
// (ListRecords), the records come, then the same error.
func TestStreamDoGeneratedTrailing(t *testing.T) {
	good := streamUnixPage(1, 2, "")
	for _, tt := range []struct{ name, trailer string }{
		{"element", "<EXTRA/>"},
		{"second root", "<AUTH_UNIX_LIST_OUTPUT></AUTH_UNIX_LIST_OUTPUT>"},
		{"text", "garbage"},
		{"bad markup", "<!-- a -- b -->"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := good + "<!-- fine --><?pi fine?>\n " + tt.trailer + "\n"
			at := strings.LastIndex(body, tt.trailer)
			srv := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
			c := streamClient(t, srv.URL)
			sentinel := "kept"
			out := gen.AuthUnixListOutput{Response: gen.AuthUnixResponse{AuthUnixList: &gen.AuthUnixList{AuthUnix: []gen.AuthUnix{{ID: 99, Comments: &sentinel}}}}}
			before := out
			err := c.Runtime().Do(context.Background(), streamUnixCall(), &out)
			var de *qgenrt.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Do: error %v (%T), want a *qgenrt.DecodeError", err, err)
			}
			if de.Root != "AUTH_UNIX_LIST_OUTPUT" || de.StatusCode != 200 || de.Offset < int64(at) || de.Offset >= int64(at+len(tt.trailer)) ||
				de.Line != strings.Count(body[:de.Offset], "\n")+1 {
				t.Errorf("DecodeError %+v; the trailer is at byte %d, line %d", de, at, strings.Count(body[:at], "\n")+1)
			}
			if diff := cmp.Diff(before, out, cmpOpts); diff != "" || out.Response.AuthUnixList.AuthUnix[0].Comments != &sentinel {
				t.Errorf("out changed (-before +after):\n%s", diff)
			}
			if got, err := c.AuthUnix().List(context.Background(), nil); got != nil || !errors.As(err, &de) {
				t.Errorf("List = %v, %v", got, err)
			}
			t.Log(err)

			long := streamUnixPage(1, 30, "") + " " + tt.trailer
			srv2 := newStreamServer(t, func(n int, w http.ResponseWriter, r *http.Request) { io.WriteString(w, long) })
			recs, errs := collectRecords(t, streamClient(t, srv2.URL).AuthUnix().ListRecords(context.Background(), nil))
			if len(recs) != 30 || len(errs) != 1 || !errors.As(errs[0], &de) {
				t.Errorf("ListRecords: %d records, errors %v; want 30, then a *qgenrt.DecodeError", len(recs), errs)
			}
		})
	}
}
