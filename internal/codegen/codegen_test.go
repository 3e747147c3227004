package codegen_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/internal/codegen"
	"github.com/qgen-project/qgen/internal/testenv"
	"github.com/qgen-project/qgen/templates"
)

// TestGenUpToDate regenerates the binding as qgen.yaml says and compares it
// with the committed gen/: it fails with the diff when gen/ is stale.
func TestGenUpToDate(t *testing.T) {
	cfg, err := codegen.ReadConfig(filepath.Join(testenv.RepoRoot(), "qgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	changes, err := codegen.Plan(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) > 0 {
		t.Errorf("gen/ is stale; run make generate and commit it:\n%s", codegen.Diff(cfg, changes))
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot reads every file of a folder with its modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = info.ModTime().Format(time.RFC3339Nano) + "\n" + string(data)
	}
	return out
}

// TestGenerateWritesOnlyWhatChanges covers the output folder's contract:
// unchanged files are not rewritten, a stale qgen file is removed, other
// files are never touched, and a failed run leaves the folder as it was.
func TestGenerateWritesOnlyWhatChanges(t *testing.T) {
	out := t.TempDir()
	cfg := &codegen.Config{Out: out, Package: "qualys", Endpoints: []string{"auth/greenplum"}}
	apply := func() []codegen.Change {
		t.Helper()
		changes, err := codegen.Plan(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := codegen.Apply(cfg, changes); err != nil {
			t.Fatal(err)
		}
		return changes
	}
	first := apply()
	if len(first) == 0 {
		t.Fatal("nothing generated")
	}
	writeFile(t, filepath.Join(out, "mine.go"), "package qualys\n\n// Hand-written.\n")
	writeFile(t, filepath.Join(out, "old_endpoint_calls.go"), templates.HeaderPrefix+"spec/params/old.yaml. DO NOT EDIT.\n\npackage qualys\n")
	// Age every file, so that a rewrite would show in the modification time.
	old := time.Now().Add(-time.Hour)
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		os.Chtimes(filepath.Join(out, e.Name()), old, old)
	}
	before := snapshot(t, out)
	second := apply()
	var kinds []string
	for _, c := range second {
		kinds = append(kinds, c.Kind()+" "+c.Name)
	}
	if diff := cmp.Diff([]string{"remove old_endpoint_calls.go"}, kinds); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}
	after := snapshot(t, out)
	delete(before, "old_endpoint_calls.go")
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("files changed although their content did not (-before +after):\n%s", diff)
	}

	// A spec error: nothing is written.
	bad := t.TempDir()
	writeFile(t, filepath.Join(bad, "params", "auth_greenplum.yaml"), "path: /api/2.0/fo/auth/greenplum/\nactions:\n  list: {methods: [GET], response: nope}\n")
	cfg.Spec = []string{bad}
	if _, err := codegen.Plan(cfg); err == nil {
		t.Fatal("a spec error was not reported")
	} else {
		var list diag.ErrorList
		if !errors.As(err, &list) || !strings.Contains(list.Pretty(), "auth_greenplum.yaml:3:36: action list answers with DTD \"nope\"") {
			t.Errorf("unexpected error:\n%v", err)
		}
	}
	if diff := cmp.Diff(after, snapshot(t, out)); diff != "" {
		t.Errorf("a failed run changed the output folder:\n%s", diff)
	}
}

// TestRefusesToOverwriteHandWrittenFile checks that a file without qgen's
// header is never replaced.
func TestRefusesToOverwriteHandWrittenFile(t *testing.T) {
	out := t.TempDir()
	writeFile(t, filepath.Join(out, "client.go"), "package qualys\n")
	_, err := codegen.Plan(&codegen.Config{Out: out, Package: "qualys"})
	if err == nil || !strings.Contains(err.Error(), "was not written by qgen") {
		t.Errorf("got %v", err)
	}
}

func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// downstream makes a module that requires this one through a replace
// directive, as a user's repository would.
func downstream(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a module; skipped with -short")
	}
	dir := t.TempDir()
	root, err := filepath.Abs(testenv.RepoRoot())
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/downstream\n\ngo 1.23\n\nrequire github.com/qgen-project/qgen v0.0.0\n\nreplace github.com/qgen-project/qgen => "+root+"\n")
	return dir
}

// goGenerate runs the README's go:generate line (with extra flags before
// -out) in a downstream module: gen.go holds the line, and tools.go, as the
// README says, keeps qgen's own dependencies in go.sum.
func goGenerate(t *testing.T, dir, flags string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "gen.go"), "package downstream\n\n//go:generate go run github.com/qgen-project/qgen/cmd/qgen generate "+flags+"-out ./qualys -pkg qualys\n")
	writeFile(t, filepath.Join(dir, "tools.go"), "//go:build tools\n\npackage downstream\n\nimport _ \"github.com/qgen-project/qgen/cmd/qgen\"\n")
	goCmd(t, dir, "mod", "tidy")
	goCmd(t, dir, "generate", "./...")
}

// TestGoGenerateDownstream is the README's one line in another module: go
// generate, go build and go vet pass, with no spec files there.
func TestGoGenerateDownstream(t *testing.T) {
	dir := downstream(t)
	goGenerate(t, dir, "")
	writeFile(t, filepath.Join(dir, "use.go"), `package downstream

import (
	"context"

	"example.com/downstream/qualys"
	"github.com/qgen-project/qgen/qgenrt"
)

// Titles lists the titles of the Greenplum records.
func Titles(ctx context.Context) ([]string, error) {
	c, err := qualys.NewClient(qgenrt.US1, qgenrt.BasicAuth("user", "secret"))
	if err != nil {
		return nil, err
	}
	out, err := c.AuthGreenplum().List(ctx, nil)
	if err != nil {
		return nil, err
	}
	var titles []string
	if l := out.Response.AuthGreenplumList; l != nil {
		for _, r := range l.AuthGreenplum {
			titles = append(titles, r.Title)
		}
	}
	return titles, nil
}
`)
	goCmd(t, dir, "mod", "tidy")
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
	if _, err := os.Stat(filepath.Join(dir, "qualys", "auth_greenplum_calls.go")); err != nil {
		t.Fatal(err)
	}
}

// TestNewRecordTypeIsSpecFilesOnly adds a record type the way a maintainer
// would: a copy of the Greenplum table and DTD under a new name in an
// overlay folder, no Go code. The binding generates, builds, and a sample
// answer of the new type decodes and survives a round trip through XML.
func TestNewRecordTypeIsSpecFilesOnly(t *testing.T) {
	dir := downstream(t)
	root := testenv.RepoRoot()
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	overlay := filepath.Join(dir, "myspec")
	table := strings.NewReplacer("/api/2.0/fo/auth/greenplum/", "/api/2.0/fo/auth/newdb/", "auth_greenplum_list_output", "auth_newdb_list_output").Replace(read("spec/params/auth_greenplum.yaml"))
	writeFile(t, filepath.Join(overlay, "params", "auth_newdb.yaml"), table)
	writeFile(t, filepath.Join(overlay, "dtd", "auth_newdb_list_output.dtd"), strings.ReplaceAll(read("spec/dtd/auth_greenplum_list_output.dtd"), "AUTH_GREENPLUM", "AUTH_NEWDB"))
	sample := strings.ReplaceAll(read("testdata/seed/samples/printed/20-greenplum-list-all-details.xml"), "AUTH_GREENPLUM", "AUTH_NEWDB")
	writeFile(t, filepath.Join(dir, "testdata", "list.xml"), sample)
	goGenerate(t, dir, "-spec ./myspec ")
	writeFile(t, filepath.Join(dir, "qualys_test.go"), `package downstream

import (
	"encoding/xml"
	"os"
	"reflect"
	"testing"

	"example.com/downstream/qualys"
)

func TestRoundTrip(t *testing.T) {
	src, err := os.ReadFile("testdata/list.xml")
	if err != nil {
		t.Fatal(err)
	}
	var out qualys.AuthNewdbListOutput
	if err := xml.Unmarshal(src, &out); err != nil {
		t.Fatal(err)
	}
	recs := out.Response.AuthNewdbList.AuthNewdb
	if len(recs) != 2 || recs[0].ID != 66186 || recs[0].Title != "greenplum auth" || recs[1].Title != "my greenplum record" {
		t.Fatalf("decoded %+v", recs)
	}
	again, err := xml.Marshal(&out)
	if err != nil {
		t.Fatal(err)
	}
	var back qualys.AuthNewdbListOutput
	if err := xml.Unmarshal(again, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out.Response.AuthNewdbList, back.Response.AuthNewdbList) {
		t.Errorf("the round trip changed the records:\n%+v\n%+v", out.Response.AuthNewdbList, back.Response.AuthNewdbList)
	}
	var req qualys.AuthNewdbCreateRequest
	if err := req.Validate(); err == nil {
		t.Error("an empty create request validated")
	}
	_ = qualys.NewClient
}
`)
	goCmd(t, dir, "mod", "tidy")
	goCmd(t, dir, "vet", "./...")
	goCmd(t, dir, "test", "./...")
}
