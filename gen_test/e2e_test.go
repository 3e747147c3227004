package gen_test

// End to end: the generated client against a local httptest server (loopback only) that checks
// method, path, headers and the parsed form of each request and answers with the seed's sample
// XML (the repaired copy when one exists).

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/qgenrt"
)

const (
	e2eUser = "user"
	e2ePass = "pass"
)

// e2eExchange is what the server expects of one request and answers to it.
type e2eExchange struct {
	method string // GET or POST
	path   string
	form   url.Values // the parameters, parsed from the query (GET) or the body (POST)
	status int        // 0: 200
	answer []byte
}

// e2eSeen is one request as the server saw it.
type e2eSeen struct {
	method, uri, rawQuery, body string
	form                        url.Values
}

// e2eServer answers each request with the next exchange (the last one is repeated) after
// checking it against that exchange.
type e2eServer struct {
	srv *httptest.Server
	t   *testing.T

	mu        sync.Mutex
	exchanges []e2eExchange
	seen      []e2eSeen
}

func newE2EServer(t *testing.T, exchanges ...e2eExchange) *e2eServer {
	t.Helper()
	s := &e2eServer{t: t, exchanges: exchanges}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	host, _, err := net.SplitHostPort(s.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if a, err := netip.ParseAddr(host); err != nil || !a.IsLoopback() {
		t.Fatalf("the test server listens on %s, not on a loopback address", host)
	}
	return s
}

func (s *e2eServer) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.t.Errorf("reading the request body: %v", err)
	}
	s.mu.Lock()
	i := len(s.seen)
	var ex e2eExchange
	if len(s.exchanges) > 0 {
		ex = s.exchanges[min(i, len(s.exchanges)-1)]
	}
	seen := e2eSeen{method: r.Method, uri: r.RequestURI, rawQuery: r.URL.RawQuery, body: string(body)}
	s.seen = append(s.seen, seen)
	s.mu.Unlock()

	t := s.t
	if r.Method != ex.method {
		t.Errorf("request %d: method %s, want %s", i, r.Method, ex.method)
	}
	if r.URL.Path != ex.path {
		t.Errorf("request %d: path %q, want %q", i, r.URL.Path, ex.path)
	}
	if u, p, ok := r.BasicAuth(); !ok || u != e2eUser || p != e2ePass {
		t.Errorf("request %d: basic auth %q/%q (present %v), want %s/%s", i, u, p, ok, e2eUser, e2ePass)
	}
	if got := r.Header.Get("X-Requested-With"); got != "qgen" {
		t.Errorf("request %d: X-Requested-With %q, want qgen (the default)", i, got)
	}
	var form url.Values
	switch r.Method {
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("request %d: POST with Content-Type %q", i, ct)
		}
		if r.URL.RawQuery != "" {
			t.Errorf("request %d: POST with a query string %q", i, r.URL.RawQuery)
		}
		if form, err = url.ParseQuery(string(body)); err != nil {
			t.Errorf("request %d: body %q does not parse: %v", i, body, err)
		}
	case http.MethodGet:
		if len(body) != 0 {
			t.Errorf("request %d: GET with a body", i)
		}
		form = r.URL.Query()
	}
	if ex.form != nil {
		if diff := cmp.Diff(ex.form, form); diff != "" {
			t.Errorf("request %d: form (-want +got):\n%s", i, diff)
		}
	}
	s.mu.Lock()
	s.seen[i].form = form
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	if ex.status != 0 {
		w.WriteHeader(ex.status)
	}
	w.Write(ex.answer)
}

func (s *e2eServer) requests() []e2eSeen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]e2eSeen(nil), s.seen...)
}

func (s *e2eServer) client(t *testing.T) *gen.Client {
	t.Helper()
	c, err := gen.NewClient(s.srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth(e2eUser, e2ePass))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func e2eCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// checkBatch checks a BATCH_RETURN of one batch: its TEXT and its ID_SET.
func checkBatch(t *testing.T, out *gen.BatchReturn, text, ids string) {
	t.Helper()
	if out == nil {
		t.Fatal("nil result")
	}
	if n := len(out.Response.BatchList.Batch); n != 1 {
		t.Fatalf("%d batches, want 1", n)
	}
	b := out.Response.BatchList.Batch[0]
	if b.Text != text {
		t.Errorf("TEXT %q, want %q", b.Text, text)
	}
	if b.Code != nil {
		t.Errorf("CODE %d, want none", *b.Code)
	}
	if b.IDSet == nil || b.IDSet.String() != ids {
		t.Errorf("ID_SET %v, want %s", b.IDSet, ids)
	}
}

func checkDateTime(t *testing.T, got qgenrt.DateTime, want string) {
	t.Helper()
	w, err := time.Parse(time.RFC3339, want)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Time.Equal(w) {
		t.Errorf("DATETIME %v, want %s", got.Time, want)
	}
}

const (
	pathSharePoint = "/api/2.0/fo/auth/microsoft_sharepoint/"
	pathGreenplum  = "/api/2.0/fo/auth/greenplum/"
	pathUnix       = "/api/2.0/fo/auth/unix/"
	pathScan       = "/api/2.0/fo/scan/"
	pathSchedule   = "/api/2.0/fo/schedule/scan/"
)

func TestE2ESharePoint(t *testing.T) {
	t.Run("list", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "GET", path: pathSharePoint,
			form:   url.Values{"action": {"list"}, "details": {"All"}},
			answer: loadSeedSample(t, "15-sharepoint-list-all-details.xml"),
		})
		out, err := s.client(t).AuthMicrosoftSharepoint().List(e2eCtx(t), &gen.AuthMicrosoftSharepointListRequest{Details: gen.AuthMicrosoftSharepointDetailsAll})
		if err != nil {
			t.Fatal(err)
		}
		checkDateTime(t, out.Response.DateTime, "2020-03-11T22:56:20Z")
		if out.Response.AuthMicrosoftSharepointList == nil {
			t.Fatal("no AUTH_MICROSOFT_SHAREPOINT_LIST")
		}
		recs := out.Response.AuthMicrosoftSharepointList.AuthMicrosoftSharepoint
		var ids []int64
		var titles []string
		for _, r := range recs {
			ids = append(ids, r.ID)
			titles = append(titles, r.Title)
		}
		if diff := cmp.Diff([]int64{2372474, 2372483, 2372484}, ids); diff != "" {
			t.Errorf("IDs (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"SharePoint_WindowsAuth", "SharePoint_DatabaseAuth", "SharePoint123"}, titles); diff != "" {
			t.Errorf("TITLEs (-want +got):\n%s", diff)
		}
		if len(recs) != 3 {
			t.FailNow()
		}
		if m := recs[0].Mssql; m == nil || m.DBLocal == nil || *m.DBLocal || m.WindowsDomain == nil || *m.WindowsDomain != "sample.qualys.com" {
			t.Errorf("record 1 MSSQL %+v, want DB_LOCAL 0 and WINDOWS_DOMAIN sample.qualys.com", recs[0].Mssql)
		}
		if m := recs[1].Mssql; m == nil || m.DBLocal == nil || !*m.DBLocal || m.WindowsDomain != nil {
			t.Errorf("record 2 MSSQL %+v, want DB_LOCAL 1 and no WINDOWS_DOMAIN", recs[1].Mssql)
		}
		if recs[1].IPSet == nil || recs[1].IPSet.String() != "10.10.10.19-10.10.10.20" {
			t.Errorf("record 2 IP_SET %v, want 10.10.10.19-10.10.10.20", recs[1].IPSet)
		}
		if recs[2].Username == nil || *recs[2].Username != "userupdate" {
			t.Errorf("record 3 USERNAME %v, want userupdate", recs[2].Username)
		}
		if recs[0].Created.By != "joe_user" {
			t.Errorf("record 1 CREATED/BY %q, want joe_user", recs[0].Created.By)
		}
	})
	t.Run("create", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathSharePoint,
			form: url.Values{"action": {"create"}, "title": {"SharePoint"}, "ips": {"10.10.10.13"}, "username": {"username"},
				"password": {"password"}, "db_local": {"0"}, "windows_domain": {"sample.qualys.com"}},
			answer: loadSeedSample(t, "16-sharepoint-create-batch-return.xml"),
		})
		out, err := s.client(t).AuthMicrosoftSharepoint().Create(e2eCtx(t), &gen.AuthMicrosoftSharepointCreateRequest{
			Title: "SharePoint", IPs: ipSetOf("10.10.10.13"), Username: "username", Password: strP("password"),
			DBLocal: boolP(false), WindowsDomain: strP("sample.qualys.com"),
		})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, out, "Successfully Created", "72223")
		checkDateTime(t, out.Response.DateTime, "2020-02-13T07:31:33Z")
	})
	t.Run("update", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathSharePoint,
			form: url.Values{"action": {"update"}, "ids": {"10002"}, "title": {"SharePoint2"}, "username": {"newuser"},
				"password": {"newpassword"}, "comments": {"auth-updated"}},
			answer: loadSeedSample(t, "17-sharepoint-update-batch-return.xml"),
		})
		out, err := s.client(t).AuthMicrosoftSharepoint().Update(e2eCtx(t), &gen.AuthMicrosoftSharepointUpdateRequest{
			IDs: qgenrt.IDs(10002), Title: strP("SharePoint2"), Username: strP("newuser"), Password: strP("newpassword"),
			Comments: strP("auth-updated"),
		})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, out, "Successfully Updated", "72223") // the seed answers 72223, not the 10002 sent
	})
	t.Run("delete", func(t *testing.T) {
		// The seed's "deleting multiple records" request, sent as the delete it meant (the seed
		// prints action=list).
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathSharePoint,
			form:   url.Values{"action": {"delete"}, "ids": {"10000,10001"}},
			answer: loadSeedSample(t, "18-sharepoint-delete-batch-return.xml"),
		})
		out, err := s.client(t).AuthMicrosoftSharepoint().Delete(e2eCtx(t), &gen.AuthMicrosoftSharepointDeleteRequest{IDs: qgenrt.IDs(10000, 10001)})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, out, "Successfully Deleted", "72223")
	})
}

func TestE2EGreenplum(t *testing.T) {
	t.Run("list", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "GET", path: pathGreenplum,
			form:   url.Values{"action": {"list"}, "details": {"All"}},
			answer: loadSeedSample(t, "20-greenplum-list-all-details.xml"),
		})
		out, err := s.client(t).AuthGreenplum().List(e2eCtx(t), &gen.AuthGreenplumListRequest{Details: gen.AuthGreenplumDetailsAll})
		if err != nil {
			t.Fatal(err)
		}
		checkDateTime(t, out.Response.DateTime, "2020-01-05T11:41:28Z")
		if out.Response.AuthGreenplumList == nil || len(out.Response.AuthGreenplumList.AuthGreenplum) != 2 {
			t.Fatalf("want 2 AUTH_GREENPLUM records, got %+v", out.Response.AuthGreenplumList)
		}
		recs := out.Response.AuthGreenplumList.AuthGreenplum
		if recs[0].ID != 66186 || recs[1].ID != 66390 {
			t.Errorf("IDs %d, %d, want 66186, 66390", recs[0].ID, recs[1].ID)
		}
		if recs[0].Title != "greenplum auth" || recs[1].Title != "my greenplum record" {
			t.Errorf("TITLEs %q, %q", recs[0].Title, recs[1].Title)
		}
		if recs[1].Username != "root" || recs[1].Database != "postgres" || recs[1].Port != 5432 || recs[1].SSLVerify {
			t.Errorf("record 2: USERNAME %q DATABASE %q PORT %d SSL_VERIFY %v", recs[1].Username, recs[1].Database, recs[1].Port, recs[1].SSLVerify)
		}
		if recs[1].UnixConfFile != "/var/lib/pgsql/data/postgresql.conf" {
			t.Errorf("record 2 UNIX_CONF_FILE %q", recs[1].UnixConfFile)
		}
		if recs[0].IPSet == nil || recs[0].IPSet.String() != "10.20.32.111" {
			t.Errorf("record 1 IP_SET %v", recs[0].IPSet)
		}
		if recs[0].NetworkID == nil || *recs[0].NetworkID != 0 {
			t.Errorf("record 1 NETWORK_ID %v, want 0", recs[0].NetworkID)
		}
		if recs[0].Created.By != "qualys_jd" {
			t.Errorf("record 1 CREATED/BY %q", recs[0].Created.By)
		}
	})
	t.Run("create", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathGreenplum,
			// greenplum_unix_conf_file, the table's name (the seed's sample sends greenplum_unix_conf_path).
			form: url.Values{"action": {"create"}, "title": {"my greenplum record"}, "ips": {"10.10.10.1"}, "username": {"root"},
				"password": {"root"}, "greenplum_db_name": {"postgres"}, "port": {"5421"}, "greenplum_unix_conf_file": {"/tmp/postgresql.conf"}},
			answer: loadSeedSample(t, "21-greenplum-create-batch-return.xml"),
		})
		out, err := s.client(t).AuthGreenplum().Create(e2eCtx(t), &gen.AuthGreenplumCreateRequest{
			Title: "my greenplum record", IPs: ipSetOf("10.10.10.1"), Username: "root", Password: strP("root"),
			GreenplumDBName: "postgres", Port: intP(5421), GreenplumUnixConfFile: "/tmp/postgresql.conf",
		})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, out, "Successfully Created", "66391")
		checkDateTime(t, out.Response.DateTime, "2020-01-05T12:04:32Z")
		// Spaces travel form-encoded in the body.
		if body := s.requests()[0].body; !strings.Contains(body, "title=my+greenplum+record") {
			t.Errorf("body %q does not hold title=my+greenplum+record", body)
		}
	})
	t.Run("update", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathGreenplum,
			form:   url.Values{"action": {"update"}, "ids": {"66391"}, "title": {"my greenplum record"}, "comments": {"new comment"}},
			answer: loadSeedSample(t, "22-greenplum-update-batch-return.xml"),
		})
		out, err := s.client(t).AuthGreenplum().Update(e2eCtx(t), &gen.AuthGreenplumUpdateRequest{
			IDs: qgenrt.IDs(66391), Title: strP("my greenplum record"), Comments: strP("new comment"),
		})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, out, "Successfully Updated", "66391")
	})
	t.Run("delete", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathGreenplum,
			form:   url.Values{"action": {"delete"}, "ids": {"66391"}},
			answer: loadSeedSample(t, "23-greenplum-delete-batch-return.xml"),
		})
		out, err := s.client(t).AuthGreenplum().Delete(e2eCtx(t), &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(66391)})
		if err != nil {
			t.Fatal(err)
		}
		checkBatch(t, out, "Successfully Deleted", "66391")
		checkDateTime(t, out.Response.DateTime, "2020-01-05T12:10:16Z")
	})
}

// TestE2EUnixCreateThycotic creates a Checkpoint Firewall record whose password is in a Thycotic
// Secret Server vault.
func TestE2EUnixCreateThycotic(t *testing.T) {
	s := newE2EServer(t, e2eExchange{
		method: "POST", path: pathUnix,
		form: url.Values{"action": {"create"}, "title": {"Checkpoint"}, "sub_type": {"checkpoint_firewall"}, "username": {"root"},
			"login_type": {"vault"}, "vault_id": {"1741212"}, "vault_type": {"Thycotic Secret Server"}, "secret_name": {"secret"},
			"ips": {"10.10.24.67"}},
		answer: loadSeedSample(t, "01-unix-create-checkpoint-batch-return.xml"),
	})
	out, err := s.client(t).AuthUnix().Create(e2eCtx(t), &gen.AuthUnixCreateRequest{
		Title: "Checkpoint", SubType: gen.AuthUnixSubTypeCheckpointFirewall, Username: "root",
		LoginType: gen.AuthUnixLoginTypeVault, VaultID: intP(1741212), VaultType: strP("Thycotic Secret Server"),
		SecretName: strP("secret"), IPs: ipSetOf("10.10.24.67"),
	})
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, out, "Successfully Created", "2380515")
	checkDateTime(t, out.Response.DateTime, "2020-03-12T21:37:52Z")
	if body := s.requests()[0].body; !strings.Contains(body, "vault_type=Thycotic+Secret+Server") {
		t.Errorf("body %q does not hold vault_type=Thycotic+Secret+Server, as the sample writes it", body)
	}
}

func simpleReturnItems(t *testing.T, out *gen.SimpleReturn) map[string][]string {
	t.Helper()
	if out == nil {
		t.Fatal("nil result")
	}
	items := map[string][]string{}
	if out.Response.ItemList != nil {
		for _, it := range out.Response.ItemList.Item {
			items[it.Key] = it.Value
		}
	}
	return items
}

func TestE2EScanLaunchFQDN(t *testing.T) {
	s := newE2EServer(t, e2eExchange{
		method: "POST", path: pathScan,
		form: url.Values{"action": {"launch"}, "option_title": {"Initial Options"}, "fqdn": {"domain.qualys.com"},
			"iscanner_name": {"scanner_us"}},
		answer: loadSeedSample(t, "04-scan-launch-fqdn-simple-return.xml"),
	})
	out, err := s.client(t).Scan().Launch(e2eCtx(t), &gen.ScanLaunchRequest{
		OptionTitle: "Initial Options", FQDN: []string{"domain.qualys.com"}, IscannerName: strP("scanner_us"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Response.Text != "New vm scan launched" || out.Response.Code != nil {
		t.Errorf("TEXT %q CODE %v, want New vm scan launched and no CODE", out.Response.Text, out.Response.Code)
	}
	want := map[string][]string{"ID": {"136992"}, "REFERENCE": {"scan/1358285558.36992"}}
	if diff := cmp.Diff(want, simpleReturnItems(t, out)); diff != "" {
		t.Errorf("ITEM_LIST (-want +got):\n%s", diff)
	}
	checkDateTime(t, out.Response.DateTime, "2020-03-24T22:34:17Z")
}

func TestE2EScheduleUpdateFQDN(t *testing.T) {
	s := newE2EServer(t, e2eExchange{
		method: "POST", path: pathSchedule,
		form:   url.Values{"action": {"update"}, "id": {"11339"}, "target_from": {"assets"}, "fqdn": {"domain2.qualys.com"}},
		answer: loadSeedSample(t, "06-schedule-scan-update-fqdn-simple-return.xml"),
	})
	out, err := s.client(t).ScheduleScan().Update(e2eCtx(t), &gen.ScheduleScanUpdateRequest{
		ID: intP(11339), TargetFrom: gen.ScheduleScanTargetFromAssets, FQDN: []string{"domain2.qualys.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Response.Text != "Edit scheduled Scan Completed successfully" {
		t.Errorf("TEXT %q", out.Response.Text)
	}
	// The seed answers ID 146754, not the id=11339 sent.
	if diff := cmp.Diff(map[string][]string{"ID": {"146754"}}, simpleReturnItems(t, out)); diff != "" {
		t.Errorf("ITEM_LIST (-want +got):\n%s", diff)
	}
}

// simpleReturnError is a Qualys error answer: a SIMPLE_RETURN with a CODE (simple_return.dtd:
// RESPONSE (DATETIME, CODE?, TEXT, ITEM_LIST?)).
const simpleReturnError = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/2.0/simple_return.dtd">
<SIMPLE_RETURN>
  <RESPONSE>
    <DATETIME>2020-03-24T22:34:17Z</DATETIME>
    <CODE>1905</CODE>
    <TEXT>parameter fqdn has invalid value: DNS Tracking is not enabled</TEXT>
  </RESPONSE>
</SIMPLE_RETURN>
`

func TestE2ESimpleReturnError(t *testing.T) {
	const text = "parameter fqdn has invalid value: DNS Tracking is not enabled"
	for _, status := range []int{200, 400, 409} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			checkAPIError := func(t *testing.T, err error, endpoint, action string) {
				t.Helper()
				var ae *qgenrt.APIError
				if !errors.As(err, &ae) {
					t.Fatalf("error %v (%T) is not a *qgenrt.APIError", err, err)
				}
				want := qgenrt.APIError{StatusCode: status, Code: 1905, Text: text, Endpoint: endpoint, Action: action}
				if diff := cmp.Diff(want, *ae); diff != "" {
					t.Errorf("APIError (-want +got):\n%s", diff)
				}
			}
			// An action whose good answer is a SIMPLE_RETURN: a CODE still makes it an error.
			s := newE2EServer(t, e2eExchange{
				method: "POST", path: pathScan,
				form:   url.Values{"action": {"launch"}, "option_title": {"Initial Options"}, "fqdn": {"domain.qualys.com"}},
				status: status, answer: []byte(simpleReturnError),
			})
			out, err := s.client(t).Scan().Launch(e2eCtx(t), &gen.ScanLaunchRequest{OptionTitle: "Initial Options", FQDN: []string{"domain.qualys.com"}})
			if out != nil {
				t.Errorf("result %+v with an error answer", out)
			}
			checkAPIError(t, err, "scan", "launch")

			// An action whose good answer is a BATCH_RETURN.
			s = newE2EServer(t, e2eExchange{
				method: "POST", path: pathGreenplum,
				form:   url.Values{"action": {"delete"}, "ids": {"66391"}},
				status: status, answer: []byte(simpleReturnError),
			})
			bout, err := s.client(t).AuthGreenplum().Delete(e2eCtx(t), &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(66391)})
			if bout != nil {
				t.Errorf("result %+v with an error answer", bout)
			}
			checkAPIError(t, err, "auth/greenplum", "delete")

			// A list (GET).
			s = newE2EServer(t, e2eExchange{
				method: "GET", path: pathSharePoint,
				form:   url.Values{"action": {"list"}},
				status: status, answer: []byte(simpleReturnError),
			})
			lout, err := s.client(t).AuthMicrosoftSharepoint().List(e2eCtx(t), nil)
			if lout != nil {
				t.Errorf("result %+v with an error answer", lout)
			}
			checkAPIError(t, err, "auth/microsoft_sharepoint", "list")
		})
	}
	t.Run("not a SIMPLE_RETURN", func(t *testing.T) {
		s := newE2EServer(t, e2eExchange{
			method: "POST", path: pathGreenplum, status: 503, answer: []byte("<html>Service Unavailable</html>"),
		})
		_, err := s.client(t).AuthGreenplum().Delete(e2eCtx(t), &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(66391)})
		var he *qgenrt.HTTPError
		if !errors.As(err, &he) || he.StatusCode != 503 {
			t.Fatalf("error %v (%T), want a *qgenrt.HTTPError with status 503", err, err)
		}
		var ae *qgenrt.APIError
		if errors.As(err, &ae) {
			t.Errorf("a non-SIMPLE_RETURN answer is an APIError: %v", ae)
		}
	})
}

// TestE2ESecretsOnlyInPOSTBody: a request that carries a secret goes as POST, with the secret in
// the body and in no URL the server sees; a list without secrets goes as GET.
func TestE2ESecretsOnlyInPOSTBody(t *testing.T) {
	const (
		pw     = "e2e-S3cret-pw"
		phrase = "e2e-passphrase"
		key    = "e2e-client-key"
	)
	batch := loadSeedSample(t, "22-greenplum-update-batch-return.xml")
	s := newE2EServer(t,
		e2eExchange{method: "GET", path: pathSharePoint, form: url.Values{"action": {"list"}, "ids": {"72223"}},
			answer: loadSeedSample(t, "15-sharepoint-list-all-details.xml")},
		e2eExchange{method: "POST", path: pathSharePoint,
			form:   url.Values{"action": {"update"}, "ids": {"72223"}, "password": {pw}},
			answer: loadSeedSample(t, "17-sharepoint-update-batch-return.xml")},
		e2eExchange{method: "POST", path: pathGreenplum,
			form: url.Values{"action": {"update"}, "ids": {"66391"}, "password": {pw}, "passphrase": {phrase}, "client_key": {key},
				"passphrase_type": {"basic"}, "client_key_type": {"basic"}},
			answer: batch},
		e2eExchange{method: "POST", path: "/api/2.0/fo/auth/postgresql/",
			form:   url.Values{"action": {"update"}, "ids": {"72178"}, "password": {pw}},
			answer: loadSeedSample(t, "12-postgresql-update-windows-batch-return.xml")},
	)
	c := s.client(t)
	ctx := e2eCtx(t)
	if _, err := c.AuthMicrosoftSharepoint().List(ctx, &gen.AuthMicrosoftSharepointListRequest{IDs: qgenrt.IDs(72223)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuthMicrosoftSharepoint().Update(ctx, &gen.AuthMicrosoftSharepointUpdateRequest{IDs: qgenrt.IDs(72223), Password: strP(pw)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuthGreenplum().Update(ctx, &gen.AuthGreenplumUpdateRequest{
		IDs: qgenrt.IDs(66391), Password: strP(pw), Passphrase: strP(phrase), ClientKey: strP(key),
		PassphraseType: gen.AuthGreenplumPassphraseTypeBasic, ClientKeyType: gen.AuthGreenplumClientKeyTypeBasic,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuthPostgresql().Update(ctx, &gen.AuthPostgresqlUpdateRequest{IDs: qgenrt.IDs(72178), Password: strP(pw)}); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 4 {
		t.Fatalf("the server got %d requests, want 4", len(reqs))
	}
	if reqs[0].method != "GET" || reqs[0].rawQuery == "" {
		t.Errorf("the list went as %s with query %q, want GET with the parameters in the URL", reqs[0].method, reqs[0].rawQuery)
	}
	for i, r := range reqs {
		for _, secret := range []string{pw, phrase, key, url.QueryEscape(pw)} {
			if strings.Contains(r.uri, secret) {
				t.Errorf("request %d: the URL %q holds the secret %q", i, r.uri, secret)
			}
		}
		if i > 0 {
			if r.method != "POST" {
				t.Errorf("request %d carries a secret and went as %s", i, r.method)
			}
			if r.form.Get("password") != pw {
				t.Errorf("request %d: the body holds password %q, want it sent", i, r.form.Get("password"))
			}
		}
	}
}

// TestE2EInvalidRequestNeverSent: a request that fails validation returns the
// *qgenrt.ValidationError and never reaches the server.
func TestE2EInvalidRequestNeverSent(t *testing.T) {
	s := newE2EServer(t, e2eExchange{
		method: "POST", path: pathGreenplum, form: url.Values{"action": {"delete"}, "ids": {"66391"}},
		answer: loadSeedSample(t, "23-greenplum-delete-batch-return.xml"),
	})
	c := s.client(t)
	ctx := e2eCtx(t)
	calls := []struct {
		name  string
		field string
		call  func() (any, error)
	}{
		{"sharepoint create without title", "title", func() (any, error) {
			return c.AuthMicrosoftSharepoint().Create(ctx, &gen.AuthMicrosoftSharepointCreateRequest{IPs: ipSetOf("10.10.10.13"), Username: "u", Password: strP("password")})
		}},
		{"sharepoint create windows_domain with db_local=1", "windows_domain", func() (any, error) {
			return c.AuthMicrosoftSharepoint().Create(ctx, &gen.AuthMicrosoftSharepointCreateRequest{Title: "t", IPs: ipSetOf("10.10.10.13"),
				Username: "u", Password: strP("password"), DBLocal: boolP(true), WindowsDomain: strP("sample.qualys.com")})
		}},
		{"greenplum update ips with add_ips", "ips", func() (any, error) {
			return c.AuthGreenplum().Update(ctx, &gen.AuthGreenplumUpdateRequest{IDs: qgenrt.IDs(66391), IPs: ipSetOf("10.0.0.1"), AddIPs: ipSetOf("10.0.0.2")})
		}},
		{"greenplum delete without ids", "ids", func() (any, error) {
			return c.AuthGreenplum().Delete(ctx, &gen.AuthGreenplumDeleteRequest{})
		}},
		{"unix create Thycotic without secret_name", "secret_name", func() (any, error) {
			return c.AuthUnix().Create(ctx, &gen.AuthUnixCreateRequest{Title: "Checkpoint", Username: "root", LoginType: gen.AuthUnixLoginTypeVault,
				VaultID: intP(1741212), VaultType: strP("Thycotic Secret Server"), IPs: ipSetOf("10.10.24.67")})
		}},
		{"scan launch without target", "ip", func() (any, error) {
			return c.Scan().Launch(ctx, &gen.ScanLaunchRequest{OptionTitle: "Initial Options"})
		}},
		{"schedule update fqdn without target_from", "fqdn", func() (any, error) {
			return c.ScheduleScan().Update(ctx, &gen.ScheduleScanUpdateRequest{ID: intP(11339), FQDN: []string{"domain2.qualys.com"}})
		}},
		{"scan fetch without scan_ref", "scan_ref", func() (any, error) {
			return c.Scan().Fetch(ctx, &gen.ScanFetchRequest{OutputFormat: gen.ScanOutputFormatJsonExtended})
		}},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.call()
			var ve *qgenrt.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%T), want a *qgenrt.ValidationError", err, err)
			}
			named := false
			for _, fe := range ve.Errors {
				named = named || fe.Field == tc.field
			}
			if !named {
				t.Errorf("the error does not name %s: %v", tc.field, err)
			}
		})
	}
	if n := len(s.requests()); n != 0 {
		t.Fatalf("the server got %d requests from invalid calls, want 0", n)
	}
	// The server works: a valid call reaches it.
	if _, err := c.AuthGreenplum().Delete(ctx, &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(66391)}); err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("the server got %d requests after one valid call, want 1", n)
	}
}
