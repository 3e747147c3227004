package codegen_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/internal/codegen"
	"github.com/qgen-project/qgen/internal/testenv"
)

// TestImportPath derives import paths from go.mod files: the nearest one wins, the folder
// need not exist, the module directive may be quoted or in a block, with comments.
func TestImportPath(t *testing.T) {
	root := t.TempDir()
	if _, err := codegen.ImportPath(root); !errors.Is(err, codegen.ErrNoModule) {
		t.Skipf("the temporary folder %s is in a module (%v); the cases need one that is not", root, err)
	}
	writeFile(t, filepath.Join(root, "m", "go.mod"), "// a comment\nmodule example.com/m // trailing\n\ngo 1.23\n")
	writeFile(t, filepath.Join(root, "m", "nested", "go.mod"), "module \"example.com/nested/v2\"\n")
	writeFile(t, filepath.Join(root, "block", "go.mod"), "module (\n\texample.com/block\n)\n")
	writeFile(t, filepath.Join(root, "raw", "go.mod"), "module `example.com/raw`\n")
	writeFile(t, filepath.Join(root, "none", "go.mod"), "go 1.23\n")
	writeFile(t, filepath.Join(root, "twice", "go.mod"), "module a b\n")
	for _, tc := range []struct {
		dir, want, err string
	}{
		{"m", "example.com/m", ""},
		{"m/gen", "example.com/m/gen", ""},
		{"m/not/yet/made", "example.com/m/not/yet/made", ""},
		{"m/gen/../qualys", "example.com/m/qualys", ""},
		{"m/nested", "example.com/nested/v2", ""},
		{"m/nested/qualys", "example.com/nested/v2/qualys", ""},
		{"block/x", "example.com/block/x", ""},
		{"raw/x", "example.com/raw/x", ""},
		{"m/my folder", "", `the folder name "my folder" cannot be part of an import path`},
		{"none/x", "", "no module directive"},
		{"twice/x", "", "malformed module directive"},
		{"elsewhere", "", codegen.ErrNoModule.Error()},
	} {
		got, err := codegen.ImportPath(filepath.Join(root, filepath.FromSlash(tc.dir)))
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: %q, %v; want error %q", tc.dir, got, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%s: %q, %v; want %q", tc.dir, got, err, tc.want)
		}
	}
	// A file where a folder is expected on the way up is not a go.mod.
	writeFile(t, filepath.Join(root, "m", "file"), "x")
	if got, err := codegen.ImportPath(filepath.Join(root, "m", "file", "sub")); err != nil || got != "example.com/m/file/sub" {
		t.Errorf("below a file: %q, %v", got, err)
	}
	// This repository's gen/, the relative way qgen.yaml names it.
	if got, err := codegen.ImportPath(filepath.Join(testenv.RepoRoot(), "gen")); err != nil || got != "github.com/qgen-project/qgen/gen" {
		t.Errorf("gen: %q, %v", got, err)
	}
	cfg, err := codegen.ReadConfig(filepath.Join(testenv.RepoRoot(), "qgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if on, path, err := cfg.FakePlan(); !on || path != "github.com/qgen-project/qgen/gen" || err != nil {
		t.Errorf("qgen.yaml: fake %v, %q, %v", on, path, err)
	}
}

// listGo lists the .go files below dir, with "/".
func listGo(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// TestFakeSwitch covers the config switch: unset, the fake package is written in a module and
// not outside one; fake: false removes its files (and the folder, when nothing else is in it);
// fake: true outside a module is an error.
func TestFakeSwitch(t *testing.T) {
	mod := t.TempDir()
	if _, err := codegen.ImportPath(mod); !errors.Is(err, codegen.ErrNoModule) {
		t.Skipf("the temporary folder is in a module: %v", err)
	}
	writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/app\n\ngo 1.23\n")
	writeFile(t, filepath.Join(mod, "qgen.yaml"), "out: internal/qualys\npackage: qualys\nendpoints: [auth/greenplum]\n")
	cfg, err := codegen.ReadConfig(filepath.Join(mod, "qgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(cfg *codegen.Config) []string {
		t.Helper()
		changes, err := codegen.Plan(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := codegen.Apply(cfg, changes); err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, c := range changes {
			kinds = append(kinds, c.Kind()+" "+c.Name)
		}
		return kinds
	}
	out := filepath.Join(mod, "internal", "qualys")
	run(cfg)
	want := []string{
		"auth_greenplum_calls.go", "auth_greenplum_requests.go", "auth_greenplum_validate.go", "client.go",
		"decode_auth_greenplum_list_output.go", "decode_batch_return.go", "decode_shared.go",
		"qualysfake/auth_greenplum.go", "qualysfake/server.go",
		"responses_auth_greenplum_list_output.go", "responses_batch_return.go", "responses_shared.go",
	}
	if diff := cmp.Diff(want, listGo(t, out)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	src, err := os.ReadFile(filepath.Join(out, "qualysfake", "auth_greenplum.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "\"example.com/app/internal/qualys\"") || !strings.HasPrefix(string(src), "// Code generated by qgen from spec/params/auth_greenplum.yaml. DO NOT EDIT.\n\npackage qualysfake\n") {
		t.Errorf("qualysfake/auth_greenplum.go starts:\n%.400s", src)
	}
	if again := run(cfg); len(again) != 0 {
		t.Errorf("a second run changed %v", again)
	}

	// fake: false removes the package, and its folder once empty.
	if err := os.WriteFile(filepath.Join(mod, "qgen.yaml"), []byte("out: internal/qualys\npackage: qualys\nendpoints: [auth/greenplum]\nfake: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	off, err := codegen.ReadConfig(filepath.Join(mod, "qgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"remove qualysfake/auth_greenplum.go", "remove qualysfake/server.go"}, run(off)); diff != "" {
		t.Errorf("fake: false (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(out, "qualysfake")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the empty qualysfake folder is left: %v", err)
	}

	// A hand-written file in the folder stays, and so does the folder; a stale generated file
	// in it goes.
	run(cfg)
	writeFile(t, filepath.Join(out, "qualysfake", "helpers_test.go"), "package qualysfake\n")
	writeFile(t, filepath.Join(out, "qualysfake", "old.go"), "// Code generated by qgen from spec/params/old.yaml. DO NOT EDIT.\n\npackage qualysfake\n")
	if diff := cmp.Diff([]string{"remove qualysfake/old.go"}, run(cfg)); diff != "" {
		t.Errorf("stale file (-want +got):\n%s", diff)
	}
	run(off)
	if diff := cmp.Diff([]string{"helpers_test.go"}, listGo(t, filepath.Join(out, "qualysfake"))); diff != "" {
		t.Errorf("after fake: false (-want +got):\n%s", diff)
	}
	// A hand-written file where the fake writes one is refused.
	writeFile(t, filepath.Join(out, "qualysfake", "server.go"), "package qualysfake\n")
	if _, err := codegen.Plan(cfg); err == nil || !strings.Contains(err.Error(), filepath.Join("qualysfake", "server.go")+" exists and was not written by qgen") {
		t.Errorf("hand-written server.go: %v", err)
	}

	// Outside a module: unset means off, true is an error.
	bare := t.TempDir()
	c := &codegen.Config{Out: filepath.Join(bare, "qualys"), Package: "qualys", Endpoints: []string{"auth/greenplum"}}
	changes, err := codegen.Plan(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		if strings.HasPrefix(ch.Name, "qualysfake/") {
			t.Errorf("outside a module, the fake is written: %s", ch.Name)
		}
	}
	on := true
	c.Fake = &on
	if _, err := codegen.Plan(c); err == nil || !strings.Contains(err.Error(), "no go.mod") || !strings.Contains(err.Error(), "fake: false") {
		t.Errorf("fake: true outside a module: %v", err)
	}
}

// TestFakeDownstream generates the binding in a module that requires qgen, as the README says,
// and runs a test there that uses the fake package through the generated client.
func TestFakeDownstream(t *testing.T) {
	dir := downstream(t)
	goGenerate(t, dir, "")
	writeFile(t, filepath.Join(dir, "titles.go"), `package downstream

import (
	"context"

	"example.com/downstream/qualys"
)

// Titles lists the titles of the Greenplum records.
func Titles(ctx context.Context, c *qualys.Client) ([]string, error) {
	recs, err := c.AuthGreenplum().ListAll(ctx, nil)
	if err != nil {
		return nil, err
	}
	var titles []string
	for _, r := range recs {
		titles = append(titles, r.Title)
	}
	return titles, nil
}
`)
	writeFile(t, filepath.Join(dir, "titles_test.go"), `package downstream

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"testing"

	"example.com/downstream/qualys"
	"example.com/downstream/qualys/qualysfake"
	"github.com/qgen-project/qgen/qgenrt"
)

func TestTitles(t *testing.T) {
	fake := qualysfake.New(qualysfake.PageSize(1))
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c, err := qualys.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("u", "p"))
	if err != nil {
		t.Fatal(err)
	}
	ips, _ := qgenrt.IPs("10.0.0.1")
	pw := "pw"
	for _, title := range []string{"one", "two"} {
		if _, err := c.AuthGreenplum().Create(context.Background(), &qualys.AuthGreenplumCreateRequest{
			Title: title, Username: "root", Password: &pw, IPs: ips,
			GreenplumDBName: "db", GreenplumUnixConfFile: "/etc/gp.conf",
		}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Titles(context.Background(), c)
	if err != nil || !reflect.DeepEqual(got, []string{"one", "two"}) {
		t.Fatalf("Titles: %v, %v", got, err)
	}
	fake.Inject(qualysfake.ServerError{Status: 503})
	c1, _ := qualys.NewClient(srv.URL, qgenrt.AllowHTTP(), qgenrt.BasicAuth("u", "p"), qgenrt.Retry(1, 1, 1))
	var he *qgenrt.HTTPError
	if _, err := Titles(context.Background(), c1); !errors.As(err, &he) || he.StatusCode != 503 {
		t.Fatalf("under a 503: %v", err)
	}
	if n := len(fake.Requests()); n != 5 {
		t.Errorf("%d requests", n)
	}
}
`)
	goCmd(t, dir, "mod", "tidy")
	goCmd(t, dir, "vet", "./...")
	goCmd(t, dir, "test", "./...")
}
