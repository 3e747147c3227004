package templates

import (
	"bytes"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/spec"
)

const fakeTestImport = "example.com/app/qualys"

func fakeFilesOf(t *testing.T, opts Options) []File {
	t.Helper()
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []File
	for _, f := range files {
		if strings.HasPrefix(f.Name, FakeDir(opts.Package)+"/") {
			out = append(out, f)
		}
	}
	return out
}

// TestFakeFiles checks the fake package's files: server.go and one file per endpoint, in
// <package>fake/, each with the header naming its spec file, package <package>fake, and imports
// of the standard library, qgenrt and the generated package only.
func TestFakeFiles(t *testing.T) {
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	files := fakeFilesOf(t, Options{Package: "qualys", Fake: true, ImportPath: fakeTestImport})
	want := []string{"qualysfake/server.go"}
	from := map[string]string{"qualysfake/server.go": "spec"}
	for _, e := range m.Endpoints {
		name := "qualysfake/" + strings.ReplaceAll(e.Name, "/", "_") + ".go"
		want = append(want, name)
		from[name] = e.File
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Name)
		first, _, _ := strings.Cut(string(f.Source), "\n")
		if f.From != from[f.Name] || first != "// "+Header(from[f.Name]) {
			t.Errorf("%s: header %q (from %q)", f.Name, first, f.From)
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Source, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if parsed.Name.Name != "qualysfake" {
			t.Errorf("%s: package %s", f.Name, parsed.Name.Name)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != Runtime && path != fakeTestImport {
				t.Errorf("%s imports %s", f.Name, path)
			}
		}
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}

	// Deterministic.
	again := fakeFilesOf(t, Options{Package: "qualys", Fake: true, ImportPath: fakeTestImport})
	for i := range files {
		if !bytes.Equal(files[i].Source, again[i].Source) {
			t.Errorf("%s differs between two runs", files[i].Name)
		}
	}

	// One endpoint: its file and the server only, and no other endpoint named.
	one := fakeFilesOf(t, Options{Package: "qualys", Fake: true, ImportPath: fakeTestImport, Endpoints: []string{"auth/greenplum"}})
	if len(one) != 2 || one[0].Name != "qualysfake/auth_greenplum.go" || one[1].Name != "qualysfake/server.go" {
		t.Fatalf("files for auth/greenplum: %v", one)
	}
	if bytes.Contains(one[0].Source, []byte("auth/unix")) {
		t.Error("auth_greenplum.go names auth/unix")
	}

	// Without the import path, no fake.
	if _, err := Generate(m, Options{Package: "qualys", Fake: true}); err == nil || !strings.Contains(err.Error(), "import path") {
		t.Errorf("no import path: %v", err)
	}
	// Off, nothing in the folder.
	if off := fakeFilesOf(t, Options{Package: "qualys", ImportPath: fakeTestImport}); len(off) != 0 {
		t.Errorf("Fake false wrote %d files", len(off))
	}
}

// TestFakeClassify checks what the fake does for each action of the built-in spec.
func TestFakeClassify(t *testing.T) {
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	g := &fakeGen{generator: &generator{m: m, opts: Options{Package: "qualys"}}, stores: map[string]*spec.Action{}, minCache: map[*spec.Type]map[string]bool{}}
	for _, e := range m.Endpoints {
		if a := fakeStoreAction(e); a != nil {
			g.stores[e.Name] = a
		}
	}
	names := map[fakeKind]string{fakeOther: "other", fakeRecords: "records", fakeIDGroups: "id groups", fakeCreate: "create", fakeUpdate: "update", fakeDelete: "delete", fakeRaw: "raw"}
	got := map[string]string{}
	for _, e := range m.Endpoints {
		for _, a := range e.Actions {
			fa := g.classify(m.Endpoints, e, a)
			s := names[fa.kind]
			switch fa.kind {
			case fakeRecords:
				s += " " + fa.listPath + "/" + fa.record.XMLName + " id=" + fa.idParam + " ref=" + fa.refParam + " filters=" + strings.Join(fa.filters, ",")
				if fa.warn != nil {
					s += " paged"
				}
			case fakeIDGroups:
				var groups []string
				for _, it := range fa.groupItems {
					groups = append(groups, it.field.XMLName+"="+it.endpoint)
				}
				s += " " + fa.groupPath + " " + strings.Join(groups, ",")
			case fakeUpdate, fakeDelete:
				s += " " + fa.target
			case fakeRaw:
				s += " ref=" + fa.refParam
			}
			got[e.Name+" "+a.Name] = s
		}
	}
	auth := func(n string) map[string]string {
		list := "records RESPONSE/" + n + "_LIST/" + n + " id=ids ref= filters= paged"
		e := "auth/" + strings.ToLower(strings.TrimPrefix(n, "AUTH_"))
		return map[string]string{e + " list": list, e + " create": "create", e + " update": "update ids", e + " delete": "delete ids"}
	}
	want := map[string]string{
		"auth list":            "id groups RESPONSE/AUTH_RECORDS AUTH_UNIX_IDS=auth/unix,AUTH_POSTGRESQL_IDS=auth/postgresql,AUTH_GREENPLUM_IDS=auth/greenplum,AUTH_MICROSOFT_SHAREPOINT_IDS=auth/microsoft_sharepoint",
		"scan launch":          "create",
		"scan list":            "records RESPONSE/SCAN_LIST/SCAN id= ref=scan_ref filters= paged",
		"scan fetch":           "raw ref=scan_ref",
		"schedule/scan create": "create",
		"schedule/scan update": "update id",
		"schedule/scan list":   "records RESPONSE/SCHEDULE_SCAN_LIST/SCAN id=id ref= filters=active paged",
	}
	for _, n := range []string{"AUTH_UNIX", "AUTH_POSTGRESQL", "AUTH_GREENPLUM", "AUTH_MICROSOFT_SHAREPOINT"} {
		for k, v := range auth(n) {
			want[k] = v
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got, want := fakeRefPrefix(m.Endpoint("scan")), "scan"; got != want {
		t.Errorf("reference prefix of scan: %q", got)
	}
	if got := fakeRefPrefix(m.Endpoint("schedule/scan")); got != "" {
		t.Errorf("reference prefix of schedule/scan: %q", got)
	}
}

// TestFakeMinimal checks the elements a minimal valid instance holds, and which are choice
// alternatives.
func TestFakeMinimal(t *testing.T) {
	d, err := dtdparse.Parse("t.dtd", []byte(`<!ELEMENT A (B, (C|D), E?, F*, G+, (H, I)?, (J|K)+, (L?|M), ((N, O)|P))>
<!ELEMENT T (#PCDATA)>
<!ELEMENT U EMPTY>
<!ELEMENT V (#PCDATA|B)*>
`))
	if err != nil {
		t.Fatal(err)
	}
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	if diff := cmp.Diff(set("B", "C", "G", "J", "N", "O"), fakeMinimalChildren(d.Element("A"))); diff != "" {
		t.Errorf("minimal A (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(set("C", "D", "J", "K", "L", "M", "N", "O", "P"), fakeChoiceNames(d.Element("A"))); diff != "" {
		t.Errorf("choices of A (-want +got):\n%s", diff)
	}
	for _, n := range []string{"T", "U", "V"} {
		if m := fakeMinimalChildren(d.Element(n)); len(m) != 0 {
			t.Errorf("minimal %s: %v", n, m)
		}
	}
	if m := fakeMinimalChildren(nil); len(m) != 0 {
		t.Errorf("minimal of nil: %v", m)
	}
}

// TestFakePath follows element and attribute paths through the response types.
func TestFakePath(t *testing.T) {
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	root := m.Endpoint("schedule/scan").Action("list").Response.Root
	for p, want := range map[string]string{
		"RESPONSE/SCHEDULE_SCAN_LIST/SCAN/ID":                            "Response.ScheduleScanList.Scan.ID",
		"RESPONSE/SCHEDULE_SCAN_LIST/SCAN/SCHEDULE/DAILY@frequency_days": "Response.ScheduleScanList.Scan.Schedule.Daily.FrequencyDays",
		"RESPONSE/WARNING_LIST/WARNING/URL":                              "Response.WarningList.Warning.URL",
		"RESPONSE/NOPE":                                                  "",
		"RESPONSE/DATETIME/X":                                            "",
		"RESPONSE@x":                                                     "",
	} {
		var names []string
		for _, f := range fakePath(root, p) {
			names = append(names, f.GoName)
		}
		if got := strings.Join(names, "."); got != want {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
}
