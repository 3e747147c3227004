package gen_test

// The fake server of gen/genfake: every answer it gives for every endpoint and action is valid
// against the action's DTD and decodes with the generated client; bad requests get SIMPLE_RETURN
// 1905; records round-trip through create, list, update and delete; lists page; each fault does
// what it says; Requests records what the server saw. TestFakeDownstreamStyle uses only gen,
// genfake and qgenrt, as a user's test would.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/gen/genfake"
	"github.com/qgen-project/qgen/qgenrt"
	"github.com/qgen-project/qgen/spec"
	"github.com/qgen-project/qgen/xmlvalid"
)

const (
	fkUser = "fake_user"
	fkPass = "Fake-Pa55-never-in-a-URL"
)

// fkAnswer is one exchange as the client's transport saw it.
type fkAnswer struct {
	method, path, action string
	status               int
	header               http.Header
	body                 []byte
}

// fkCapture is a RoundTripper that keeps every answer.
type fkCapture struct {
	base    http.RoundTripper
	mu      sync.Mutex
	answers []fkAnswer
}

func (c *fkCapture) RoundTrip(req *http.Request) (*http.Response, error) {
	action := req.URL.Query().Get("action")
	if action == "" && req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			b, _ := io.ReadAll(rc)
			rc.Close()
			if f, err := url.ParseQuery(string(b)); err == nil {
				action = f.Get("action")
			}
		}
	}
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.answers = append(c.answers, fkAnswer{req.Method, req.URL.Path, action, resp.StatusCode, resp.Header.Clone(), body})
	c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func (c *fkCapture) all() []fkAnswer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]fkAnswer(nil), c.answers...)
}

// fkEnv is a fake behind a loopback httptest server and a generated client of it that never
// retries.
type fkEnv struct {
	fake *genfake.Server
	srv  *httptest.Server
	cap  *fkCapture
	c    *gen.Client
}

func fkStart(t *testing.T, opts ...genfake.Option) *fkEnv {
	t.Helper()
	fake := genfake.New(append([]genfake.Option{genfake.Credentials(fkUser, fkPass)}, opts...)...)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	env := &fkEnv{fake: fake, srv: srv, cap: &fkCapture{base: srv.Client().Transport}}
	env.c = env.client(t, qgenrt.Retry(1, time.Millisecond, time.Millisecond))
	return env
}

// client is a generated client of the fake that records its answers in e.cap.
func (e *fkEnv) client(t *testing.T, opts ...qgenrt.Option) *gen.Client {
	t.Helper()
	hc := &http.Client{Transport: e.cap, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c, err := gen.NewClient(e.srv.URL, append([]qgenrt.Option{qgenrt.AllowHTTP(), qgenrt.BasicAuth(fkUser, fkPass), qgenrt.HTTPClient(hc)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fkCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// fkValidators checks documents against the spec's DTDs.
type fkValidators struct {
	m     *spec.Model
	mu    sync.Mutex
	cache map[string]*xmlvalid.Validator
}

func fkLoad(t *testing.T) *fkValidators {
	t.Helper()
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &fkValidators{m: m, cache: map[string]*xmlvalid.Validator{}}
}

// validate reports the problems of doc against the DTD named dtd, with root as its root.
func (v *fkValidators) validate(dtd string, doc []byte) []string {
	d := v.m.DTD(dtd)
	if d == nil {
		return []string{"no DTD " + dtd}
	}
	v.mu.Lock()
	val := v.cache[dtd]
	if val == nil {
		val = xmlvalid.New(d.Parsed)
		v.cache[dtd] = val
	}
	v.mu.Unlock()
	var out []string
	for _, p := range val.Validate(dtd+".xml", doc, xmlvalid.Options{Root: d.Root}) {
		if !p.Warning {
			out = append(out, p.Error())
		}
	}
	return out
}

// fkRoot is the root element of an XML document, or "".
func fkRoot(doc []byte) string {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
}

// check validates every answer: SIMPLE_RETURN errors against simple_return.dtd, other XML
// answers against their action's DTD, raw answers as JSON or CSV. It returns the endpoint and
// action ("auth/unix create") of every valid 200 answer.
func (v *fkValidators) check(t *testing.T, answers []fkAnswer) map[string]int {
	t.Helper()
	covered := map[string]int{}
	for i, a := range answers {
		var e *spec.Endpoint
		for _, x := range v.m.Endpoints {
			if x.Path == a.path {
				e = x
			}
		}
		if e == nil {
			t.Errorf("answer %d: %s %s is no endpoint's path", i, a.method, a.path)
			continue
		}
		act := e.Action(a.action)
		where := fmt.Sprintf("answer %d (%s %s, HTTP %d)", i, e.Name, a.action, a.status)
		switch {
		case fkRoot(a.body) == "SIMPLE_RETURN" && (a.status != http.StatusOK || act == nil || act.Response.DTD == nil || act.Response.DTD.Name != "simple_return"):
			if ps := v.validate("simple_return", a.body); len(ps) > 0 {
				t.Errorf("%s: the error answer is not valid against simple_return.dtd:\n%s\n%s", where, strings.Join(ps, "\n"), a.body)
			}
		case act == nil:
			t.Errorf("%s: no action %q", where, a.action)
		case act.Response.DTD != nil:
			if ps := v.validate(act.Response.DTD.Name, a.body); len(ps) > 0 {
				t.Errorf("%s: not valid against %s.dtd:\n%s\n%s", where, act.Response.DTD.Name, strings.Join(ps, "\n"), a.body)
			} else if a.status == http.StatusOK {
				covered[e.Name+" "+act.Name]++
			}
		default:
			ct := a.header.Get("Content-Type")
			switch {
			case strings.HasPrefix(ct, "application/json"):
				var arr []map[string]any
				if err := json.Unmarshal(a.body, &arr); err != nil || len(arr) == 0 {
					t.Errorf("%s: not a JSON array of objects: %v\n%s", where, err, a.body)
					continue
				}
			case strings.HasPrefix(ct, "text/csv"):
				r := csv.NewReader(bytes.NewReader(a.body))
				r.FieldsPerRecord = -1 // rows of several widths, as in Qualys' CSV
				if rows, err := r.ReadAll(); err != nil || len(rows) < 2 {
					t.Errorf("%s: not CSV: %v\n%s", where, err, a.body)
					continue
				}
			default:
				t.Errorf("%s: raw answer with Content-Type %q", where, ct)
				continue
			}
			covered[e.Name+" "+act.Name]++
		}
	}
	return covered
}

func fkMust(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// fkBatchIDs are the IDs of the first BATCH of an answer.
func fkBatchIDs(t *testing.T, out *gen.BatchReturn) []int64 {
	t.Helper()
	b := out.Response.BatchList.Batch
	if len(b) != 1 || b[0].IDSet == nil {
		t.Fatalf("BATCH_RETURN without one BATCH with an ID_SET: %+v", out.Response.BatchList)
	}
	var ids []int64
	for _, r := range *b[0].IDSet {
		for id := r.Lo; id <= r.Hi; id++ {
			ids = append(ids, id)
		}
	}
	return ids
}

// fkItems are the ITEMs of a SIMPLE_RETURN.
func fkItems(t *testing.T, out *gen.SimpleReturn) map[string]string {
	t.Helper()
	items := map[string]string{}
	if out.Response.ItemList == nil {
		t.Fatalf("SIMPLE_RETURN without ITEM_LIST: %+v", out.Response)
	}
	for _, it := range out.Response.ItemList.Item {
		items[it.Key] = strings.Join(it.Value, ",")
	}
	return items
}

// fkScenario calls every action of every endpoint, with records in the store, through the
// generated client.
func fkScenario(t *testing.T, ctx context.Context, c *gen.Client) {
	t.Helper()
	// auth/unix, one record with a vault.
	out, err := c.AuthUnix().Create(ctx, rtUnixC(func(r *gen.AuthUnixCreateRequest) { r.Comments = strP("first") }).(*gen.AuthUnixCreateRequest))
	fkMust(t, "unix create", err)
	unix := fkBatchIDs(t, out)
	out, err = c.AuthUnix().Create(ctx, seedCases()["01"].req.(*gen.AuthUnixCreateRequest))
	fkMust(t, "unix create (vault)", err)
	unix = append(unix, fkBatchIDs(t, out)...)
	_, err = c.AuthUnix().List(ctx, nil)
	fkMust(t, "unix list", err)
	_, err = c.AuthUnix().List(ctx, &gen.AuthUnixListRequest{IDs: qgenrt.IDs(unix[0]), Details: gen.AuthUnixDetailsAll})
	fkMust(t, "unix list ids", err)
	_, err = c.AuthUnix().Update(ctx, &gen.AuthUnixUpdateRequest{IDs: qgenrt.IDs(unix[0]), Title: strP("renamed"), AddIPs: ipSetOf("10.0.0.9")})
	fkMust(t, "unix update", err)
	_, err = c.AuthUnix().Delete(ctx, &gen.AuthUnixDeleteRequest{IDs: qgenrt.IDs(unix[1])})
	fkMust(t, "unix delete", err)

	// auth/postgresql.
	pout, err := c.AuthPostgresql().Create(ctx, rtPgC(func(r *gen.AuthPostgresqlCreateRequest) {
		r.PgsqlWinConfPath, r.Port, r.NetworkID = strP(winConf), intP(5433), intP(7)
	}).(*gen.AuthPostgresqlCreateRequest))
	fkMust(t, "postgresql create", err)
	pg := fkBatchIDs(t, pout)
	pout, err = c.AuthPostgresql().Create(ctx, rtPgC(nil).(*gen.AuthPostgresqlCreateRequest))
	fkMust(t, "postgresql create", err)
	pg = append(pg, fkBatchIDs(t, pout)...)
	_, err = c.AuthPostgresql().List(ctx, nil)
	fkMust(t, "postgresql list", err)
	_, err = c.AuthPostgresql().Update(ctx, &gen.AuthPostgresqlUpdateRequest{IDs: qgenrt.IDs(pg...), Comments: strP("both")})
	fkMust(t, "postgresql update", err)
	_, err = c.AuthPostgresql().Delete(ctx, &gen.AuthPostgresqlDeleteRequest{IDs: qgenrt.IDs(pg[0])})
	fkMust(t, "postgresql delete", err)

	// auth/greenplum, with hosts and ssl_verify.
	gout, err := c.AuthGreenplum().Create(ctx, rtGpC(func(r *gen.AuthGreenplumCreateRequest) {
		r.SSLVerify, r.Hosts = boolP(true), []string{"db1.example.com", "db2.example.com"}
	}).(*gen.AuthGreenplumCreateRequest))
	fkMust(t, "greenplum create", err)
	gp := fkBatchIDs(t, gout)
	_, err = c.AuthGreenplum().List(ctx, nil)
	fkMust(t, "greenplum list", err)
	_, err = c.AuthGreenplum().Update(ctx, &gen.AuthGreenplumUpdateRequest{IDs: qgenrt.IDs(gp...), Port: intP(6000)})
	fkMust(t, "greenplum update", err)
	gout, err = c.AuthGreenplum().Create(ctx, rtGpC(nil).(*gen.AuthGreenplumCreateRequest))
	fkMust(t, "greenplum create", err)
	_, err = c.AuthGreenplum().Delete(ctx, &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(fkBatchIDs(t, gout)...)})
	fkMust(t, "greenplum delete", err)

	// auth/microsoft_sharepoint, with a domain.
	sout, err := c.AuthMicrosoftSharepoint().Create(ctx, rtSpC(func(r *gen.AuthMicrosoftSharepointCreateRequest) {
		r.DBLocal, r.WindowsDomain, r.Kerberos = boolP(false), strP("CORP"), boolP(true)
	}).(*gen.AuthMicrosoftSharepointCreateRequest))
	fkMust(t, "sharepoint create", err)
	sp := fkBatchIDs(t, sout)
	_, err = c.AuthMicrosoftSharepoint().List(ctx, nil)
	fkMust(t, "sharepoint list", err)
	_, err = c.AuthMicrosoftSharepoint().Update(ctx, &gen.AuthMicrosoftSharepointUpdateRequest{IDs: qgenrt.IDs(sp...), Username: strP("other")})
	fkMust(t, "sharepoint update", err)
	sout, err = c.AuthMicrosoftSharepoint().Create(ctx, rtSpC(nil).(*gen.AuthMicrosoftSharepointCreateRequest))
	fkMust(t, "sharepoint create", err)
	_, err = c.AuthMicrosoftSharepoint().Delete(ctx, &gen.AuthMicrosoftSharepointDeleteRequest{IDs: qgenrt.IDs(fkBatchIDs(t, sout)...)})
	fkMust(t, "sharepoint delete", err)

	// auth: the IDs of every type.
	_, err = c.Auth().List(ctx, nil)
	fkMust(t, "auth list", err)

	// scan.
	lout, err := c.Scan().Launch(ctx, rtScanL(func(r *gen.ScanLaunchRequest) { r.ScanTitle = strP("my scan") }).(*gen.ScanLaunchRequest))
	fkMust(t, "scan launch", err)
	ref := fkItems(t, lout)["REFERENCE"]
	_, err = c.Scan().Launch(ctx, seedCases()["04"].req.(*gen.ScanLaunchRequest))
	fkMust(t, "scan launch (fqdn)", err)
	_, err = c.Scan().List(ctx, nil)
	fkMust(t, "scan list", err)
	_, err = c.Scan().List(ctx, &gen.ScanListRequest{ScanRef: strP(ref)})
	fkMust(t, "scan list ref", err)
	_, err = c.Scan().Fetch(ctx, &gen.ScanFetchRequest{ScanRef: ref, OutputFormat: gen.ScanOutputFormatJsonExtended})
	fkMust(t, "scan fetch json", err)
	_, err = c.Scan().Fetch(ctx, &gen.ScanFetchRequest{ScanRef: ref, OutputFormat: gen.ScanOutputFormatCsv})
	fkMust(t, "scan fetch csv", err)

	// schedule/scan, daily and weekly.
	cout, err := c.ScheduleScan().Create(ctx, rtSchedC(nil).(*gen.ScheduleScanCreateRequest))
	fkMust(t, "schedule create", err)
	sched := fkItems(t, cout)["ID"]
	_, err = c.ScheduleScan().Create(ctx, rtSchedC(func(r *gen.ScheduleScanCreateRequest) {
		r.Occurrence, r.FrequencyDays, r.FrequencyWeeks, r.Weekdays = gen.ScheduleScanOccurrenceWeekly, nil, intP(2), []string{"monday", "friday"}
		r.AssetGroups, r.IP = []string{"My AG"}, nil
	}).(*gen.ScheduleScanCreateRequest))
	fkMust(t, "schedule create weekly", err)
	var id int64
	fmt.Sscan(sched, &id)
	_, err = c.ScheduleScan().Update(ctx, &gen.ScheduleScanUpdateRequest{ID: intP(id), Active: boolP(false), StartHour: intP(3)})
	fkMust(t, "schedule update", err)
	_, err = c.ScheduleScan().List(ctx, nil)
	fkMust(t, "schedule list", err)
	_, err = c.ScheduleScan().List(ctx, &gen.ScheduleScanListRequest{ID: intP(id), Active: boolP(false)})
	fkMust(t, "schedule list id", err)
}

// TestFakeEveryAnswerValid runs the scenario without paging and with pages of one record: every
// answer is valid against its DTD (and was decoded by the generated client), and every action of
// the spec answered at least once.
func TestFakeEveryAnswerValid(t *testing.T) {
	v := fkLoad(t)
	for _, pageSize := range []int{0, 1} {
		t.Run(fmt.Sprintf("page size %d", pageSize), func(t *testing.T) {
			env := fkStart(t, genfake.PageSize(pageSize))
			fkScenario(t, fkCtx(t), env.c)
			answers := env.cap.all()
			covered := v.check(t, answers)
			for _, e := range v.m.Endpoints {
				for _, a := range e.Actions {
					if covered[e.Name+" "+a.Name] == 0 {
						t.Errorf("no valid answer of %s %s", e.Name, a.Name)
					}
				}
			}
			warnings := 0
			for _, a := range answers {
				if bytes.Contains(a.body, []byte(">true<")) || bytes.Contains(a.body, []byte(">false<")) {
					t.Errorf("a flag written true or false, not 1 or 0:\n%s", a.body)
				}
				if bytes.Contains(a.body, []byte("<CODE>1980</CODE>")) {
					warnings++
				}
			}
			if pageSize == 0 && warnings != 0 || pageSize == 1 && warnings == 0 {
				t.Errorf("page size %d: %d answers with WARNING 1980", pageSize, warnings)
			}
		})
	}
}

// TestFakeRoundTripGreenplum creates, lists, updates and deletes Greenplum records through
// the generated client.
func TestFakeRoundTripGreenplum(t *testing.T) {
	env := fkStart(t)
	ctx := fkCtx(t)
	svc := env.c.AuthGreenplum()
	out, err := svc.Create(ctx, &gen.AuthGreenplumCreateRequest{
		Title: "my greenplum record", Username: "root", Password: strP(fkPass),
		GreenplumDBName: "postgres", GreenplumUnixConfFile: "/tmp/postgresql.conf",
		IPs: ipSetOf("10.10.10.1", "10.10.10.5-10.10.10.9"), Comments: strP("first"), NetworkID: intP(12),
		Port: intP(5433), SSLVerify: boolP(true), Hosts: []string{"db.example.com"},
	})
	fkMust(t, "create", err)
	if got := out.Response.BatchList.Batch[0].Text; got != "Successfully Created" {
		t.Errorf("create text %q", got)
	}
	ids := fkBatchIDs(t, out)
	if len(ids) != 1 {
		t.Fatalf("create answered IDs %v", ids)
	}
	recs, err := svc.ListAll(ctx, nil)
	fkMust(t, "list", err)
	if len(recs) != 1 {
		t.Fatalf("list: %d records", len(recs))
	}
	r := recs[0]
	if r.ID != ids[0] || r.Title != "my greenplum record" || r.Username != "root" || r.Database != "postgres" ||
		r.UnixConfFile != "/tmp/postgresql.conf" || r.Port != 5433 || !r.SSLVerify ||
		r.IPSet == nil || r.IPSet.String() != "10.10.10.1,10.10.10.5-10.10.10.9" ||
		r.Comments == nil || *r.Comments != "first" || r.NetworkID == nil || *r.NetworkID != 12 ||
		r.Hosts == nil || !reflect.DeepEqual(r.Hosts.Host, []string{"db.example.com"}) || r.Created.By != fkUser || r.Created.DateTime.IsZero() {
		t.Errorf("listed record %+v", r)
	}
	_, err = svc.Update(ctx, &gen.AuthGreenplumUpdateRequest{IDs: qgenrt.IDs(ids...), Title: strP("renamed"), AddIPs: ipSetOf("10.10.10.20")})
	fkMust(t, "update add_ips", err)
	_, err = svc.Update(ctx, &gen.AuthGreenplumUpdateRequest{IDs: qgenrt.IDs(ids...), RemoveIPs: ipSetOf("10.10.10.1"), Comments: strP("")})
	fkMust(t, "update remove_ips", err)
	lout, err := svc.List(ctx, &gen.AuthGreenplumListRequest{IDs: qgenrt.IDs(ids...)})
	fkMust(t, "list after update", err)
	r = lout.Response.AuthGreenplumList.AuthGreenplum[0]
	if r.Title != "renamed" || r.IPSet.String() != "10.10.10.5-10.10.10.9,10.10.10.20" || r.Comments != nil || r.Port != 5433 {
		t.Errorf("after update: title %q, ips %v, comments %v, port %d", r.Title, r.IPSet, r.Comments, r.Port)
	}
	dout, err := svc.Delete(ctx, &gen.AuthGreenplumDeleteRequest{IDs: qgenrt.IDs(ids...)})
	fkMust(t, "delete", err)
	if got := fkBatchIDs(t, dout); !reflect.DeepEqual(got, ids) || dout.Response.BatchList.Batch[0].Text != "Successfully Deleted" {
		t.Errorf("delete answered %v %q", got, dout.Response.BatchList.Batch[0].Text)
	}
	lout, err = svc.List(ctx, nil)
	fkMust(t, "list after delete", err)
	if lout.Response.AuthGreenplumList != nil {
		t.Errorf("records left after delete: %+v", lout.Response.AuthGreenplumList)
	}
	if len(env.fake.Records("auth/greenplum")) != 0 {
		t.Error("the store still holds records")
	}
	// The password went in a POST body only, was never stored and never answered.
	for _, rq := range env.fake.Requests() {
		if strings.Contains(rq.RawQuery, fkPass) || strings.Contains(rq.Path, fkPass) {
			t.Errorf("the password is in a URL: %s?%s", rq.Path, rq.RawQuery)
		}
	}
	for _, a := range env.cap.all() {
		if bytes.Contains(a.body, []byte(fkPass)) {
			t.Errorf("an answer holds the password:\n%s", a.body)
		}
	}
}

// TestFakeRoundTripSharePoint does the same for SharePoint records, whose MSSQL element holds
// the db_local, windows_domain and authentication flags.
func TestFakeRoundTripSharePoint(t *testing.T) {
	env := fkStart(t)
	ctx := fkCtx(t)
	svc := env.c.AuthMicrosoftSharepoint()
	var ids []int64
	for i, title := range []string{"sp one", "sp two"} {
		out, err := svc.Create(ctx, &gen.AuthMicrosoftSharepointCreateRequest{
			Title: title, Username: fmt.Sprintf("user%d", i), Password: strP(fkPass), IPs: ipSetOf("10.0.1.1"),
			DBLocal: boolP(false), WindowsDomain: strP("CORP"), NTLMv2: boolP(true), Comments: strP("c"),
		})
		fkMust(t, "create", err)
		ids = append(ids, fkBatchIDs(t, out)...)
	}
	lout, err := svc.List(ctx, nil)
	fkMust(t, "list", err)
	recs := lout.Response.AuthMicrosoftSharepointList.AuthMicrosoftSharepoint
	if len(recs) != 2 || recs[0].ID != ids[0] || recs[1].ID != ids[1] || recs[0].Title != "sp one" || recs[1].Username == nil || *recs[1].Username != "user1" {
		t.Fatalf("listed %+v", recs)
	}
	ms := recs[0].Mssql
	if ms == nil || ms.DBLocal == nil || *ms.DBLocal || ms.WindowsDomain == nil || *ms.WindowsDomain != "CORP" || ms.NTLMv2 == nil || !*ms.NTLMv2 {
		t.Errorf("MSSQL %+v", ms)
	}
	uout, err := svc.Update(ctx, &gen.AuthMicrosoftSharepointUpdateRequest{IDs: qgenrt.IDs(ids...), Comments: strP("both changed")})
	fkMust(t, "update", err)
	if got := fkBatchIDs(t, uout); !reflect.DeepEqual(got, ids) || uout.Response.BatchList.Batch[0].Text != "Successfully Updated" {
		t.Errorf("update answered %v", got)
	}
	for _, r := range env.fake.Records("auth/microsoft_sharepoint") {
		if r.Params.Get("comments") != "both changed" || r.Params.Has("password") || !r.Modified.After(r.Created.Add(-time.Nanosecond)) {
			t.Errorf("stored %+v", r)
		}
	}
	_, err = svc.Delete(ctx, &gen.AuthMicrosoftSharepointDeleteRequest{IDs: qgenrt.IDs(ids[0])})
	fkMust(t, "delete", err)
	all, err := svc.ListAll(ctx, nil)
	fkMust(t, "list after delete", err)
	if len(all) != 1 || all[0].ID != ids[1] || all[0].Comments == nil || *all[0].Comments != "both changed" {
		t.Errorf("after delete: %+v", all)
	}
	// A record that does not exist: the fake answers 1905, the client an *APIError.
	_, err = svc.Update(ctx, &gen.AuthMicrosoftSharepointUpdateRequest{IDs: qgenrt.IDs(ids[0]), Comments: strP("x")})
	var ae *qgenrt.APIError
	if !errors.As(err, &ae) || ae.Code != genfake.CodeInvalidParameter || ae.StatusCode != http.StatusBadRequest || !strings.Contains(ae.Text, "no record with ID") {
		t.Errorf("update of a deleted record: %v", err)
	}
}

// fkRaw sends a request to the fake without the generated client.
type fkRaw struct {
	method, path string
	query, body  url.Values
	noAuth       bool
	badPassword  bool
	noRequested  bool
}

func (r fkRaw) send(t *testing.T, base string) (int, http.Header, []byte) {
	t.Helper()
	target := base + r.path
	if r.query != nil {
		target += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		body = strings.NewReader(r.body.Encode())
	}
	req, err := http.NewRequest(r.method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	switch {
	case r.badPassword:
		req.SetBasicAuth(fkUser, "wrong")
	case !r.noAuth:
		req.SetBasicAuth(fkUser, fkPass)
	}
	if !r.noRequested {
		req.Header.Set("X-Requested-With", "qgen test")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// fkSimpleReturn is the CODE and TEXT of a SIMPLE_RETURN.
func fkSimpleReturn(t *testing.T, body []byte) (int, string) {
	t.Helper()
	var sr gen.SimpleReturn
	if err := xml.Unmarshal(body, &sr); err != nil {
		t.Fatalf("not a SIMPLE_RETURN: %v\n%s", err, body)
	}
	if sr.Response.Code == nil {
		t.Fatalf("SIMPLE_RETURN without CODE:\n%s", body)
	}
	return int(*sr.Response.Code), sr.Response.Text
}

// TestFakeBadRequests checks that the fake answers a request Qualys would refuse with a
// SIMPLE_RETURN error valid against its DTD, naming the problem and never a value.
func TestFakeBadRequests(t *testing.T) {
	v := fkLoad(t)
	env := fkStart(t)
	unix := "/api/2.0/fo/auth/unix/"
	good := func() url.Values {
		return url.Values{"action": {"create"}, "title": {"t"}, "username": {"u"}, "password": {fkPass}, "ips": {"10.0.0.1"}}
	}
	with := func(f func(url.Values)) url.Values { v := good(); f(v); return v }
	cases := []struct {
		name   string
		req    fkRaw
		status int
		code   int
		text   string
	}{
		{"missing required", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Del("title") })}, 400, 1905, "title: required"},
		{"rule", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Del("password") })}, 400, 1905, "one_of_required"},
		{"too long", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Set("password", strings.Repeat("p", 101)+fkPass) })}, 400, 1905, "password: max_length 100"},
		{"does not parse", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Set("ips", "10.0.0.x"); v.Set("network_id", "twelve") })}, 400, 1905, "2 parameters do not parse:\n  ips: not a list of IP addresses and ranges a-b\n  network_id: not an integer"},
		{"bad flag", fkRaw{method: "GET", path: unix, query: url.Values{"action": {"list"}, "echo_request": {"yes"}}}, 400, 1905, "echo_request: must be 0 or 1"},
		{"unknown parameter", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Set("colour", "red") })}, 400, 1905, "Unrecognized parameter(s) for action=create: colour"},
		{"twice", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Add("title", "again") })}, 400, 1905, "given more than once: title"},
		{"unknown action", fkRaw{method: "GET", path: unix, query: url.Values{"action": {"launch"}}}, 400, 1905, "Parameter action has an invalid value"},
		{"no action", fkRaw{method: "GET", path: unix, query: url.Values{"ids": {"1"}}}, 400, 1905, "Missing required parameter: action"},
		{"GET for create", fkRaw{method: "GET", path: unix, query: with(func(v url.Values) {
			v.Del("password")
			v.Set("login_type", "vault")
			v.Set("vault_id", "1")
			v.Set("vault_type", "CyberArk AIM")
		})}, 400, 1905, "action=create must be sent with POST, not GET"},
		{"secret in the URL", fkRaw{method: "POST", path: unix, query: url.Values{"password": {fkPass}}, body: with(func(v url.Values) { v.Del("password") })}, 400, 1905, "Parameter password is a secret"},
		{"PUT", fkRaw{method: "PUT", path: unix, body: good()}, 400, 1905, "HTTP method PUT is not allowed"},
		{"no X-Requested-With", fkRaw{method: "POST", path: unix, body: good(), noRequested: true}, 400, 1905, "X-Requested-With"},
		{"no credentials", fkRaw{method: "POST", path: unix, body: good(), noAuth: true}, 401, 2000, "Bad Login/Password"},
		{"wrong password", fkRaw{method: "POST", path: unix, body: good(), badPassword: true}, 401, 2000, "Bad Login/Password"},
		{"bad id_min", fkRaw{method: "GET", path: unix, query: url.Values{"action": {"list"}, "id_min": {"0"}}}, 400, 1905, "id_min: not a positive integer"},
		{"id_min on create", fkRaw{method: "POST", path: unix, body: with(func(v url.Values) { v.Set("id_min", "5") })}, 400, 1905, "Unrecognized parameter(s) for action=create: id_min"},
		{"no such scan", fkRaw{method: "GET", path: "/api/2.0/fo/scan/", query: url.Values{"action": {"fetch"}, "scan_ref": {"scan/1.1"}}}, 400, 1905, "scan_ref: no record with this reference"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := tc.req.send(t, env.srv.URL)
			if status != tc.status {
				t.Errorf("HTTP %d, want %d\n%s", status, tc.status, body)
			}
			if ps := v.validate("simple_return", body); len(ps) > 0 {
				t.Errorf("not valid against simple_return.dtd:\n%s\n%s", strings.Join(ps, "\n"), body)
			}
			code, text := fkSimpleReturn(t, body)
			if code != tc.code || !strings.Contains(text, tc.text) {
				t.Errorf("CODE %d TEXT %q, want %d and %q", code, text, tc.code, tc.text)
			}
			if strings.Contains(string(body), fkPass) || strings.Contains(string(body), "10.0.0.x") || strings.Contains(string(body), "twelve") {
				t.Errorf("the answer quotes a value:\n%s", body)
			}
			if h.Get("X-RateLimit-Limit") == "" || h.Get("X-Concurrency-Limit-Limit") == "" {
				t.Errorf("limit headers missing: %v", h)
			}
			if tc.status == 401 && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if status, _, _ := (fkRaw{method: "GET", path: "/api/2.0/fo/nope/", query: url.Values{"action": {"list"}}}).send(t, env.srv.URL); status != http.StatusNotFound {
		t.Errorf("unknown path: HTTP %d", status)
	}
	if n := len(env.fake.Records("auth/unix")); n != 0 {
		t.Errorf("bad requests stored %d records", n)
	}

	// The same refusal through the runtime the generated client uses: an *APIError.
	err := env.c.Runtime().Do(fkCtx(t), qgenrt.Call{
		Endpoint: "auth/unix", Action: "create", Path: unix, Methods: []string{"POST"},
		Form: url.Values{"action": {"create"}, "title": {"t"}}, Root: "BATCH_RETURN",
	}, new(gen.BatchReturn))
	var ae *qgenrt.APIError
	if !errors.As(err, &ae) || ae.Code != 1905 || ae.StatusCode != 400 || !strings.Contains(ae.Text, "username: required") {
		t.Errorf("through the runtime: %v", err)
	}
}

// TestFakeParseIsFormInverse fills every field of every request type, encodes it with Form and
// parses it back with the fake's Parse function: the same request comes back.
func TestFakeParseIsFormInverse(t *testing.T) {
	parsers := map[string]any{
		"auth list":                        genfake.ParseAuthList,
		"auth/greenplum list":              genfake.ParseAuthGreenplumList,
		"auth/greenplum create":            genfake.ParseAuthGreenplumCreate,
		"auth/greenplum update":            genfake.ParseAuthGreenplumUpdate,
		"auth/greenplum delete":            genfake.ParseAuthGreenplumDelete,
		"auth/microsoft_sharepoint list":   genfake.ParseAuthMicrosoftSharepointList,
		"auth/microsoft_sharepoint create": genfake.ParseAuthMicrosoftSharepointCreate,
		"auth/microsoft_sharepoint update": genfake.ParseAuthMicrosoftSharepointUpdate,
		"auth/microsoft_sharepoint delete": genfake.ParseAuthMicrosoftSharepointDelete,
		"auth/postgresql list":             genfake.ParseAuthPostgresqlList,
		"auth/postgresql create":           genfake.ParseAuthPostgresqlCreate,
		"auth/postgresql update":           genfake.ParseAuthPostgresqlUpdate,
		"auth/postgresql delete":           genfake.ParseAuthPostgresqlDelete,
		"auth/unix list":                   genfake.ParseAuthUnixList,
		"auth/unix create":                 genfake.ParseAuthUnixCreate,
		"auth/unix update":                 genfake.ParseAuthUnixUpdate,
		"auth/unix delete":                 genfake.ParseAuthUnixDelete,
		"scan launch":                      genfake.ParseScanLaunch,
		"scan list":                        genfake.ParseScanList,
		"scan fetch":                       genfake.ParseScanFetch,
		"schedule/scan create":             genfake.ParseScheduleScanCreate,
		"schedule/scan update":             genfake.ParseScheduleScanUpdate,
		"schedule/scan list":               genfake.ParseScheduleScanList,
	}
	m := fkLoad(t).m
	for _, e := range m.Endpoints {
		for _, a := range e.Actions {
			key := e.Name + " " + a.Name
			p, ok := parsers[key]
			if !ok {
				t.Errorf("no parser listed for %s", key)
				continue
			}
			fn := reflect.ValueOf(p)
			for variant := 0; variant < 2; variant++ {
				req := reflect.New(fn.Type().Out(0).Elem())
				fkFill(req.Elem(), variant)
				form := req.MethodByName("Form").Call(nil)[0].Interface().(url.Values)
				out := fn.Call([]reflect.Value{reflect.ValueOf(form)})
				if err, _ := out[1].Interface().(error); err != nil {
					t.Errorf("%s: %v", key, err)
					continue
				}
				if diff := cmp.Diff(req.Interface(), out[0].Interface()); diff != "" {
					t.Errorf("%s (variant %d): Parse(Form(r)) != r (-want +got):\n%s", key, variant, diff)
				}
			}
		}
	}
	// A form that does not parse names the parameters, never the values.
	_, err := genfake.ParseAuthUnixUpdate(url.Values{"ids": {"0"}, "network_id": {"1.5"}, "ips": {"10.0.0.1/24"}, "echo_request": {"true"}})
	var pe *genfake.ParseError
	if !errors.As(err, &pe) || len(pe.Problems) != 4 || strings.Contains(err.Error(), "1.5") || strings.Contains(err.Error(), "/24") {
		t.Errorf("ParseAuthUnixUpdate: %v", err)
	}
	_, err = genfake.ParseScanList(url.Values{"launched_after_datetime": {"yesterday"}})
	if !errors.As(err, &pe) || pe.Problems[0] != "launched_after_datetime: not a date-time such as 2020-03-12T21:37:52Z" {
		t.Errorf("ParseScanList: %v", err)
	}
}

// fkFill sets every field of a request: variant 0 with ordinary values, variant 1 with empty
// ones that are still sent (empty strings, lists and sets, zero numbers, false).
func fkFill(v reflect.Value, variant int) {
	at := time.Date(2020, 3, 12, 21, 37, 52, 0, time.UTC)
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch x := f.Addr().Interface().(type) {
		case *string:
			*x = "text " + v.Type().Field(i).Name
		case **string:
			*x = strP([]string{"text", ""}[variant])
		case **int64:
			*x = intP([]int64{42, 0}[variant])
		case **bool:
			*x = boolP(variant == 0)
		case **time.Time:
			*x = &at
		case *[]string:
			*x = [][]string{{"a", "b c"}, {}}[variant]
		case *qgenrt.IDSet:
			*x = []qgenrt.IDSet{{{Lo: 1, Hi: 1}, {Lo: 5, Hi: 9}}, {}}[variant]
		case *qgenrt.IPSet:
			*x = []qgenrt.IPSet{ipSetOf("10.0.0.1", "10.0.0.5-10.0.0.9", "2001:db8::1"), {}}[variant]
		default:
			if f.Kind() == reflect.String { // an enum type
				f.SetString("value")
			} else {
				panic(fmt.Sprintf("fkFill: field %s of type %s", v.Type().Field(i).Name, f.Type()))
			}
		}
	}
}

// TestFakePaging lists 10 records in pages of 3: four pages, each but the last with WARNING
// 1980 whose URL asks for the next page with id_min; the generated iterator follows them, and
// so does a hand-made call with the URL's query.
func TestFakePaging(t *testing.T) {
	env := fkStart(t, genfake.PageSize(3), genfake.FirstID(500))
	ctx := fkCtx(t)
	var want []int64
	for i := 0; i < 10; i++ {
		rec, err := env.fake.AddAuthGreenplum(rtGpC(func(r *gen.AuthGreenplumCreateRequest) { r.Title = fmt.Sprintf("gp %02d", i) }).(*gen.AuthGreenplumCreateRequest))
		fkMust(t, "add", err)
		want = append(want, rec.ID)
	}
	if want[0] != 500 || want[9] != 509 {
		t.Fatalf("IDs %v", want)
	}

	// The generated iterator.
	var got []int64
	pages := 0
	for page, err := range env.c.AuthGreenplum().ListPages(ctx, nil) {
		fkMust(t, "page", err)
		pages++
		for _, r := range page.Response.AuthGreenplumList.AuthGreenplum {
			got = append(got, r.ID)
		}
		warned := page.Response.WarningList != nil
		if warned != (pages < 4) {
			t.Errorf("page %d: WARNING_LIST %v", pages, page.Response.WarningList)
		}
	}
	if pages != 4 || !reflect.DeepEqual(got, want) {
		t.Errorf("%d pages, IDs %v", pages, got)
	}

	// By hand: the first page's URL, then a call with its query.
	first, err := env.c.AuthGreenplum().List(ctx, &gen.AuthGreenplumListRequest{Details: gen.AuthGreenplumDetailsAll})
	fkMust(t, "first page", err)
	w := first.Response.WarningList.Warning[0]
	if w.Code == nil || *w.Code != 1980 || w.URL == nil || !strings.Contains(w.Text, "3 record limit exceeded") {
		t.Fatalf("warning %+v", w)
	}
	u, err := url.Parse(*w.URL)
	fkMust(t, "URL", err)
	if base, _ := url.Parse(env.srv.URL); u.Host != base.Host || u.Path != "/api/2.0/fo/auth/greenplum/" {
		t.Errorf("next page URL %s", u)
	}
	q := u.Query()
	if q.Get("id_min") != "503" || q.Get("action") != "list" || q.Get("details") != "All" {
		t.Errorf("next page query %v", q)
	}
	var second gen.AuthGreenplumListOutput
	err = env.c.Runtime().Do(ctx, qgenrt.Call{
		Endpoint: "auth/greenplum", Action: "list", Path: u.Path, Methods: []string{"GET", "POST"}, Form: q,
		Root: "AUTH_GREENPLUM_LIST_OUTPUT", ReadOnly: true,
	}, &second)
	fkMust(t, "second page by hand", err)
	if recs := second.Response.AuthGreenplumList.AuthGreenplum; len(recs) != 3 || recs[0].ID != 503 || recs[0].Title != "gp 03" {
		t.Errorf("second page %+v", recs)
	}

	// ListAll, filtered by ids: pages of the filtered list.
	all, err := env.c.AuthGreenplum().ListAll(ctx, &gen.AuthGreenplumListRequest{IDs: qgenrt.IDSet{{Lo: 502, Hi: 508}}})
	fkMust(t, "ListAll ids", err)
	if len(all) != 7 || all[0].ID != 502 || all[6].ID != 508 {
		t.Errorf("ListAll with ids: %d records", len(all))
	}
	seen := map[int64]bool{}
	for _, r := range all {
		if seen[r.ID] {
			t.Errorf("record %d listed twice", r.ID)
		}
		seen[r.ID] = true
	}
}

// fkGet sends a valid list request on a connection of its own and reads the whole answer.
func fkGet(t *testing.T, env *fkEnv) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", env.srv.URL+"/api/2.0/fo/auth/unix/?action=list", nil)
	req.SetBasicAuth(fkUser, fkPass)
	req.Header.Set("X-Requested-With", "test")
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// TestFakeFaults checks each fault on the wire and as the generated client sees it.
func TestFakeFaults(t *testing.T) {
	v := fkLoad(t)
	env := fkStart(t, genfake.WithLimits(genfake.Limits{RateLimit: 10, RateWindowSec: 60, RateRemaining: 9, ConcurrencyLimit: 3}))
	ctx := fkCtx(t)
	create := func(c *gen.Client) error {
		_, err := c.AuthUnix().Create(ctx, rtUnixC(nil).(*gen.AuthUnixCreateRequest))
		return err
	}

	t.Run("RateLimited", func(t *testing.T) {
		env.fake.Inject(genfake.RateLimited{ToWait: 7})
		resp, body, err := fkGet(t, env)
		fkMust(t, "get", err)
		if resp.StatusCode != 409 || resp.Header.Get("X-RateLimit-ToWait-Sec") != "7" || resp.Header.Get("X-RateLimit-Remaining") != "0" {
			t.Errorf("HTTP %d, headers %v", resp.StatusCode, resp.Header)
		}
		if code, text := fkSimpleReturn(t, body); code != 1965 || text != "This API cannot be run again for another 7 seconds." {
			t.Errorf("CODE %d TEXT %q", code, text)
		}
		if ps := v.validate("simple_return", body); len(ps) > 0 {
			t.Error(ps)
		}
		env.fake.Inject(genfake.RateLimited{Seconds: 3})
		err = create(env.c)
		var le *qgenrt.LimitError
		var ae *qgenrt.APIError
		if !errors.As(err, &le) || le.Wait != 3*time.Second || !errors.As(err, &ae) || ae.Code != 1965 || ae.StatusCode != 409 {
			t.Errorf("client: %v", err)
		}
		if h := env.cap.all(); h[len(h)-1].header.Get("X-RateLimit-ToWait-Sec") != "" {
			t.Error("ToWait 0 sent X-RateLimit-ToWait-Sec")
		}
	})
	t.Run("ConcurrencyLimited", func(t *testing.T) {
		env.fake.Inject(genfake.ConcurrencyLimited{})
		resp, body, err := fkGet(t, env)
		fkMust(t, "get", err)
		if code, _ := fkSimpleReturn(t, body); resp.StatusCode != 409 || code != 1960 || resp.Header.Get("X-Concurrency-Limit-Running") != "3" {
			t.Errorf("HTTP %d CODE %d, headers %v", resp.StatusCode, code, resp.Header)
		}
		env.fake.Inject(genfake.ConcurrencyLimited{})
		var ae *qgenrt.APIError
		if err := create(env.c); !errors.As(err, &ae) || ae.Code != 1960 {
			t.Errorf("client: %v", err)
		}
	})
	t.Run("ServerError", func(t *testing.T) {
		env.fake.Inject(genfake.ServerError{Status: 503})
		resp, _, err := fkGet(t, env)
		fkMust(t, "get", err)
		if resp.StatusCode != 503 || resp.Header.Get("X-RateLimit-Limit") != "10" {
			t.Errorf("HTTP %d, headers %v", resp.StatusCode, resp.Header)
		}
		env.fake.Inject(genfake.ServerError{})
		var he *qgenrt.HTTPError
		if err := create(env.c); !errors.As(err, &he) || he.StatusCode != 500 {
			t.Errorf("client: %v", err)
		}
		// A read-only call is retried: two 502s, then the answer.
		before := len(env.fake.Requests())
		env.fake.InjectN(2, genfake.ServerError{Status: 502})
		c := env.client(t, qgenrt.Retry(3, time.Millisecond, 2*time.Millisecond))
		if _, err := c.AuthUnix().List(ctx, nil); err != nil {
			t.Errorf("list after two 502s: %v", err)
		}
		if n := len(env.fake.Requests()) - before; n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("Truncated", func(t *testing.T) {
		full, whole, err := fkGet(t, env)
		fkMust(t, "get", err)
		env.fake.Inject(genfake.Truncated{})
		resp, body, err := fkGet(t, env)
		fkMust(t, "get", err)
		if resp.StatusCode != 200 || len(body) != len(whole)/2 || !bytes.HasPrefix(whole, body) || full.ContentLength != int64(len(whole)) {
			t.Errorf("cut answer: %d of %d bytes", len(body), len(whole))
		}
		env.fake.Inject(genfake.Truncated{})
		var de *qgenrt.DecodeError
		if _, err := env.c.AuthUnix().List(ctx, nil); !errors.As(err, &de) {
			t.Errorf("client: %v", err)
		}
		env.fake.Inject(genfake.Truncated{KeepLength: true})
		if _, _, err := fkGet(t, env); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("KeepLength: read error %v, want unexpected EOF", err)
		}
		env.fake.Inject(genfake.Truncated{KeepLength: true})
		if err := create(env.c); err == nil || errors.As(err, &de) {
			t.Errorf("client, KeepLength: %v", err)
		}
	})
	t.Run("Delay", func(t *testing.T) {
		env.fake.Inject(genfake.Delay{D: 60 * time.Millisecond})
		start := time.Now()
		if _, err := env.c.AuthUnix().List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 60*time.Millisecond {
			t.Errorf("answered after %v", d)
		}
		env.fake.Inject(genfake.Delay{D: 5 * time.Second})
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := env.c.AuthUnix().List(short, nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("client: %v", err)
		}
	})
	t.Run("Reset", func(t *testing.T) {
		env.fake.Inject(genfake.Reset{})
		if _, _, err := fkGet(t, env); err == nil {
			t.Error("no error after a reset")
		}
		env.fake.Inject(genfake.Reset{})
		before := len(env.fake.Requests())
		c := env.client(t, qgenrt.Retry(1, time.Millisecond, time.Millisecond))
		err := create(c)
		var ne net.Error
		if err == nil || !(errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "reset")) {
			t.Errorf("client: %v", err)
		}
		reqs := env.fake.Requests()[before:]
		if len(reqs) != 1 || reqs[0].Fault != (genfake.Reset{}) {
			t.Errorf("the create was sent %d times", len(reqs))
		}
	})
	t.Run("TruncationWarning", func(t *testing.T) {
		env.fake.Inject(genfake.TruncationWarning{})
		out, err := env.c.AuthUnix().List(ctx, nil)
		fkMust(t, "list", err)
		last := out.Response.AuthUnixList.AuthUnix[len(out.Response.AuthUnixList.AuthUnix)-1].ID
		w := out.Response.WarningList
		if w == nil || *w.Warning[0].Code != 1980 || !strings.Contains(*w.Warning[0].URL, fmt.Sprintf("id_min=%d", last+1)) {
			t.Errorf("warning %+v", w)
		}
	})
	t.Run("NextPageOtherHost", func(t *testing.T) {
		env.fake.Inject(genfake.NextPageOtherHost{})
		out, err := env.c.AuthUnix().List(ctx, nil)
		fkMust(t, "list", err)
		if u, _ := url.Parse(*out.Response.WarningList.Warning[0].URL); u.Host != "qualysapi.other.invalid" {
			t.Errorf("URL %s", u)
		}
		env.fake.Inject(genfake.NextPageOtherHost{Host: "evil.example"})
		_, err = env.c.AuthUnix().ListAll(ctx, nil)
		var pe *qgenrt.PagingError
		if !errors.As(err, &pe) || !strings.Contains(pe.Reason, "evil.example") {
			t.Errorf("ListAll: %v", err)
		}
	})
	if n := env.fake.PendingFaults(); n != 0 {
		t.Errorf("%d faults left", n)
	}
	// Every answer carries the limit headers with the configured figures.
	for i, a := range env.cap.all() {
		h := a.header
		if h.Get("X-RateLimit-Limit") != "10" || h.Get("X-RateLimit-Window-Sec") != "60" || h.Get("X-Concurrency-Limit-Limit") != "3" || h.Get("X-Concurrency-Limit-Running") == "" {
			t.Errorf("answer %d: headers %v", i, h)
		}
	}
	if l := env.c.Runtime().Limits(); !l.Known || l.RateLimit != 10 || l.ConcurrencyLimit != 3 {
		t.Errorf("client limits %+v", l)
	}
	// Every answer but the 5xx and the cut one is valid against its DTD.
	var whole []fkAnswer
	cut := 0
	for _, a := range env.cap.all() {
		switch {
		case a.status >= 500:
		case xml.NewDecoder(bytes.NewReader(a.body)).Decode(new(struct{})) != nil:
			cut++
		default:
			whole = append(whole, a)
		}
	}
	if cut != 1 {
		t.Errorf("%d cut answers reached the client, want 1", cut)
	}
	v.check(t, whole)
}

// TestFakeRequestsRecorded sends creates from many goroutines: the fake saw each exactly once,
// and no secret in any URL.
func TestFakeRequestsRecorded(t *testing.T) {
	env := fkStart(t)
	ctx := fkCtx(t)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := env.c.AuthUnix().Create(ctx, rtUnixC(func(r *gen.AuthUnixCreateRequest) {
				r.Title, r.Password = fmt.Sprintf("record %02d", i), strP(fkPass)
			}).(*gen.AuthUnixCreateRequest))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fkMust(t, "create", err)
	}
	titles := map[string]int{}
	for _, r := range env.fake.Requests() {
		if r.Method != http.MethodPost || r.Form.Get("action") != "create" || r.Form.Get("password") != fkPass {
			t.Errorf("request %s %s %v", r.Method, r.Path, r.Form)
		}
		if strings.Contains(r.RawQuery, fkPass) || strings.Contains(r.RawQuery, "password") {
			t.Errorf("secret in the URL: %s", r.RawQuery)
		}
		if r.Header.Get("X-Requested-With") == "" || r.Header.Get("Authorization") == "" {
			t.Errorf("headers %v", r.Header)
		}
		titles[r.Form.Get("title")]++
	}
	if len(titles) != n {
		t.Errorf("%d distinct titles, want %d", len(titles), n)
	}
	for title, c := range titles {
		if c != 1 {
			t.Errorf("%s sent %d times", title, c)
		}
	}
	recs := env.fake.Records("auth/unix")
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
		if r.Params.Has("password") {
			t.Errorf("record %d stores the password", r.ID)
		}
	}
	if len(recs) != n || !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] < ids[j] }) || ids[0] != 1001 || ids[n-1] != 1001+n-1 {
		t.Errorf("records %v", ids)
	}
}

// TestFakeDownstreamStyle is a test as a user of the generated client writes it: only the gen,
// genfake and qgenrt packages and the standard library.
func TestFakeDownstreamStyle(t *testing.T) {
	fake := genfake.New(genfake.Credentials("api_user", "api-password"), genfake.PageSize(2))
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client, err := gen.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("api_user", "api-password"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// Seed the store, then read it through the client, every page.
	for _, title := range []string{"a", "b", "c"} {
		ips, _ := qgenrt.IPs("192.0.2.1")
		if _, err := fake.AddAuthGreenplum(&gen.AuthGreenplumCreateRequest{
			Title: title, Username: "root", Password: ptrTo("pw"), IPs: ips,
			GreenplumDBName: "db", GreenplumUnixConfFile: "/etc/gp.conf",
		}); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := client.AuthGreenplum().ListAll(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[2].Title != "c" {
		t.Fatalf("records %+v", recs)
	}

	// A rate limit: the create is not retried and fails with the limit.
	fake.Inject(genfake.RateLimited{ToWait: 30})
	ips, _ := qgenrt.IPs("192.0.2.9")
	_, err = client.AuthGreenplum().Create(ctx, &gen.AuthGreenplumCreateRequest{
		Title: "d", Username: "root", Password: ptrTo("pw"), IPs: ips, GreenplumDBName: "db", GreenplumUnixConfFile: "/etc/gp.conf",
	})
	var limit *qgenrt.LimitError
	if !errors.As(err, &limit) || limit.Wait != 30*time.Second {
		t.Fatalf("create under a rate limit: %v", err)
	}
	creates := 0
	for _, r := range fake.Requests() {
		if r.Form.Get("action") == "create" {
			creates++
		}
		if strings.Contains(r.RawQuery, "pw") {
			t.Errorf("a password in a URL: %s", r.RawQuery)
		}
	}
	if creates != 1 {
		t.Errorf("the create was sent %d times", creates)
	}
	if n := len(fake.Records("auth/greenplum")); n != 3 {
		t.Errorf("%d records", n)
	}
}

func ptrTo[T any](v T) *T { return &v }
