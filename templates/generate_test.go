package templates

import (
	"bytes"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/qgen-project/qgen/spec"
)

func builtinFiles(t *testing.T) []File {
	t.Helper()
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(m, Options{Package: "qualys"})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var generatedHeader = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

// TestGeneratedFiles checks what every file promises a reviewer: Go's
// generated-code header naming the spec file (no version, no date), and
// imports of the standard library and qgenrt only.
func TestGeneratedFiles(t *testing.T) {
	for _, f := range builtinFiles(t) {
		first, _, _ := strings.Cut(string(f.Source), "\n")
		if !generatedHeader.MatchString(first) || first != "// "+Header(f.From) {
			t.Errorf("%s: header %q", f.Name, first)
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Source, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != Runtime {
				t.Errorf("%s imports %s: generated code may import only the standard library and %s", f.Name, path, Runtime)
			}
		}
	}
}

// TestDeterministic renders twice from two loads of the spec.
func TestDeterministic(t *testing.T) {
	a, b := builtinFiles(t), builtinFiles(t)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Source, b[i].Source) {
			t.Errorf("%s differs between two runs", a[i].Name)
		}
	}
}

// TestBadOutputShown checks that emitted source that does not parse is an
// error showing the lines around the fault, numbered.
func TestBadOutputShown(t *testing.T) {
	f := jen.NewFile("qualys")
	f.NoFormat = true
	f.Func().Id("Good").Params().Block()
	f.Func().Id("Bad").Params().Block(jen.Id("x").Op(":=").Op(")"))
	_, err := render("bad.go", f)
	if err == nil {
		t.Fatal("no error for source that does not parse")
	}
	msg := err.Error()
	for _, want := range []string{"emitted source of bad.go does not parse", ">>    6 | x := )", "   5 | func Bad () {"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error lacks %q:\n%s", want, msg)
		}
	}
}

// TestSelectEndpoints generates one endpoint with the response types it
// needs, and refuses an unknown one.
func TestSelectEndpoints(t *testing.T) {
	m, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(m, Options{Package: "qualys", Endpoints: []string{"auth/greenplum"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := "auth_greenplum_calls.go auth_greenplum_requests.go auth_greenplum_validate.go client.go decode_auth_greenplum_list_output.go decode_batch_return.go decode_shared.go responses_auth_greenplum_list_output.go responses_batch_return.go responses_shared.go"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files:\n got %s\nwant %s", got, want)
	}
	if _, err := Generate(m, Options{Package: "qualys", Endpoints: []string{"auth/nope"}}); err == nil || !strings.Contains(err.Error(), `no endpoint "auth/nope"`) {
		t.Errorf("unknown endpoint: %v", err)
	}
}
