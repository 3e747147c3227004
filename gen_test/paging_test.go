package gen_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/qgenrt"
)

// greenplumPage is one page of a Greenplum list: records from id to id+1,
// and, when more is set, a WARNING 1980 whose URL asks for the next page.
func greenplumPage(id int, more string) string {
	rec := func(n int) string {
		return fmt.Sprintf(`<AUTH_GREENPLUM><ID>%d</ID><TITLE><![CDATA[record %d]]></TITLE><USERNAME>root</USERNAME>
<DATABASE>postgres</DATABASE><PORT>5432</PORT><SSL_VERIFY>0</SSL_VERIFY><UNIX_CONF_FILE>/x</UNIX_CONF_FILE>
<CREATED><DATETIME>2020-01-05T09:14:54Z</DATETIME><BY>qualys_jd</BY></CREATED>
<LAST_MODIFIED><DATETIME>2020-01-05T09:14:54Z</DATETIME></LAST_MODIFIED></AUTH_GREENPLUM>`, n, n)
	}
	warning := ""
	if more != "" {
		warning = `<WARNING_LIST><WARNING><CODE>1980</CODE><TEXT>2 record limit exceeded. Use URL to get next batch of results.</TEXT><URL><![CDATA[` + more + `]]></URL></WARNING></WARNING_LIST>`
	}
	return `<?xml version="1.0" encoding="UTF-8" ?>
<AUTH_GREENPLUM_LIST_OUTPUT><RESPONSE><DATETIME>2020-01-05T11:41:28Z</DATETIME>
<AUTH_GREENPLUM_LIST>` + rec(id) + rec(id+1) + `</AUTH_GREENPLUM_LIST>` + warning + `</RESPONSE></AUTH_GREENPLUM_LIST_OUTPUT>`
}

// TestListAllFollowsPages reads a list of three pages through the
// generated iterator: every record, in order, each page asked for with the
// continuation URL's query.
func TestListAllFollowsPages(t *testing.T) {
	var queries []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		idMin, _ := strconv.Atoi(r.URL.Query().Get("id_min"))
		switch idMin {
		case 0:
			fmt.Fprint(w, greenplumPage(1, srv.URL+"/api/2.0/fo/auth/greenplum/?action=list&details=All&id_min=3"))
		case 3:
			fmt.Fprint(w, greenplumPage(3, srv.URL+"/api/2.0/fo/auth/greenplum/?action=list&details=All&id_min=5"))
		default:
			fmt.Fprint(w, greenplumPage(5, ""))
		}
	}))
	defer srv.Close()
	c, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := c.AuthGreenplum().ListAll(context.Background(), &gen.AuthGreenplumListRequest{Details: gen.AuthGreenplumDetailsAll})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if diff := cmp.Diff([]int64{1, 2, 3, 4, 5, 6}, ids); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"action=list&details=All", "action=list&details=All&id_min=3", "action=list&details=All&id_min=5"}, queries); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
}

// TestListAllRefusesAnotherHost checks that a continuation URL naming
// another host is an error, never followed, and that ListAll then returns
// no records.
func TestListAllRefusesAnotherHost(t *testing.T) {
	var other atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer evil.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, greenplumPage(1, evil.URL+"/api/2.0/fo/auth/greenplum/?action=list&id_min=3"))
	}))
	defer srv.Close()
	c, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := c.AuthGreenplum().ListAll(context.Background(), nil)
	var pe *qgenrt.PagingError
	if !errors.As(err, &pe) || recs != nil {
		t.Fatalf("ListAll = %d records, %v; want no records and a *qgenrt.PagingError", len(recs), err)
	}
	if other.Load() != 0 {
		t.Errorf("the other host got %d requests", other.Load())
	}
	// The iterator yields the first page's records, then the error.
	var n int
	var last error
	for r, err := range c.AuthGreenplum().ListRecords(context.Background(), nil) {
		if err != nil {
			last = err
			break
		}
		n += int(r.ID)
	}
	if n != 3 || !errors.As(last, &pe) {
		t.Errorf("ListRecords: ids summing to %d then %v", n, last)
	}
}

// TestReadOnlyRetriedCreateSentOnce checks the generated calls' retry
// policy: a list blocked by the rate limit is retried after the wait the
// server asks for, a create is sent exactly once and returns the limit.
func TestReadOnlyRetriedCreateSentOnce(t *testing.T) {
	var lists, creates atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		n := &lists
		if r.Form.Get("action") == "create" {
			n = &creates
		}
		if n.Add(1) == 1 {
			w.Header().Set("X-RateLimit-ToWait-Sec", "0")
			w.WriteHeader(http.StatusConflict)
			fmt.Fprint(w, `<SIMPLE_RETURN><RESPONSE><DATETIME>2020-01-05T11:41:28Z</DATETIME><CODE>1965</CODE><TEXT>This API cannot be run again for another 0 seconds</TEXT></RESPONSE></SIMPLE_RETURN>`)
			return
		}
		if r.Form.Get("action") == "create" {
			fmt.Fprint(w, `<BATCH_RETURN><RESPONSE><DATETIME>2020-01-05T12:04:32Z</DATETIME><BATCH_LIST><BATCH><TEXT>Successfully Created</TEXT><ID_SET><ID>66391</ID></ID_SET></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>`)
			return
		}
		fmt.Fprint(w, greenplumPage(1, ""))
	}))
	defer srv.Close()
	c, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("user", "pass"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuthGreenplum().List(context.Background(), nil); err != nil || lists.Load() != 2 {
		t.Errorf("list: %v after %d requests; want success after 2", err, lists.Load())
	}
	pw := "root"
	_, err = c.AuthGreenplum().Create(context.Background(), &gen.AuthGreenplumCreateRequest{
		Title: "t", Username: "root", Password: &pw, GreenplumDBName: "postgres", GreenplumUnixConfFile: "/tmp/postgresql.conf",
		IPs: qgenrt.IPSet{mustIPRange(t, "10.10.10.1")},
	})
	var le *qgenrt.LimitError
	if !errors.As(err, &le) || le.Code != 1965 || creates.Load() != 1 {
		t.Errorf("create: %v after %d requests; want a *qgenrt.LimitError after exactly 1", err, creates.Load())
	}
}

func mustIPRange(t *testing.T, s string) qgenrt.IPRange {
	t.Helper()
	set, err := qgenrt.ParseIPSet(s)
	if err != nil || len(set) != 1 {
		t.Fatalf("ParseIPSet(%q) = %v, %v", s, set, err)
	}
	return set[0]
}
