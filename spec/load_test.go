package spec_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/internal/golden"
	"github.com/qgen-project/qgen/spec"
)

func load(t *testing.T, overlays ...string) *spec.Model {
	t.Helper()
	m, err := spec.Load(overlays...)
	if err != nil {
		var list diag.ErrorList
		if errors.As(err, &list) {
			t.Fatalf("Load:\n%s", list.Pretty())
		}
		t.Fatal(err)
	}
	return m
}

// TestBuiltinSpec loads the embedded spec: it must load without errors or
// warnings, and each endpoint as resolved is golden.
func TestBuiltinSpec(t *testing.T) {
	m := load(t)
	for _, w := range m.Warnings {
		t.Errorf("warning: %s", w.Error())
	}
	var names []string
	for _, e := range m.Endpoints {
		names = append(names, e.Name)
		golden.Check(t, filepath.Join("testdata", "endpoints", strings.ReplaceAll(e.Name, "/", "_")+".golden"), spec.FormatEndpoint(m, e))
	}
	want := []string{"auth", "auth/greenplum", "auth/microsoft_sharepoint", "auth/postgresql", "auth/unix", "scan", "schedule/scan"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("endpoints (-want +got):\n%s", diff)
	}
}

// TestSharedTypes checks that an element with one structure in several DTDs
// is one type, and that one whose structure differs gets a type per
// structure with a stable name.
func TestSharedTypes(t *testing.T) {
	m := load(t)
	types := map[string]*spec.Type{}
	byElement := map[string][]string{}
	for _, ty := range m.Types {
		types[ty.GoName] = ty
		byElement[ty.Element] = append(byElement[ty.Element], ty.GoName)
	}
	for _, el := range []string{"REQUEST", "WARNING_LIST", "WARNING", "GLOSSARY", "CREATED"} {
		if len(byElement[el]) != 1 {
			t.Errorf("%s: want one shared type, got %v", el, byElement[el])
		}
	}
	if diff := cmp.Diff([]string{"AuthMicrosoftSharepointDigitalVault", "DigitalVault"}, byElement["DIGITAL_VAULT"]); diff != "" {
		t.Errorf("DIGITAL_VAULT types (-want +got):\n%s", diff)
	}
	// The Greenplum and SharePoint vaults differ in their children.
	gp, sp := types["DigitalVault"], types["AuthMicrosoftSharepointDigitalVault"]
	if gp == nil || sp == nil || gp.Signature == sp.Signature {
		t.Fatalf("the DIGITAL_VAULT variants are not distinct")
	}
	if diff := cmp.Diff([]string{"auth_greenplum_list_output", "auth_postgresql_list_output", "auth_unix_list_output"}, gp.DTDs); diff != "" {
		t.Errorf("DigitalVault DTDs (-want +got):\n%s", diff)
	}
	// ID_SET is an ID set wherever it appears.
	w := types["Warning"]
	if w == nil {
		t.Fatal("no Warning type")
	}
	var idset *spec.Field
	for _, f := range w.Fields {
		if f.XMLName == "ID_SET" {
			idset = f
		}
	}
	if idset == nil || idset.Scalar != spec.ScalarIDSet || !idset.Optional || idset.Repeated {
		t.Errorf("WARNING/ID_SET = %+v, want an optional idset", idset)
	}
}

// TestFieldShapes checks what the content models say about children.
func TestFieldShapes(t *testing.T) {
	m := load(t)
	var rec *spec.Type
	for _, ty := range m.Types {
		if ty.GoName == "AuthGreenplum" {
			rec = ty
		}
	}
	if rec == nil {
		t.Fatal("no AuthGreenplum type")
	}
	type shape struct {
		Kind               spec.FieldKind
		Scalar             spec.Scalar
		Repeated, Optional bool
	}
	got := map[string]shape{}
	for _, f := range rec.Fields {
		got[f.XMLName] = shape{f.Kind, f.Scalar, f.Repeated, f.Optional}
	}
	want := map[string]shape{
		"ID":             {spec.TextField, spec.ScalarInt, false, false},
		"TITLE":          {spec.TextField, spec.ScalarString, false, false},
		"PORT":           {spec.TextField, spec.ScalarInt, false, false},
		"SSL_VERIFY":     {spec.TextField, spec.ScalarFlag, false, false},
		"IP_SET":         {spec.TextField, spec.ScalarIPSet, false, true},
		"UNIX_CONF_FILE": {spec.TextField, spec.ScalarString, false, false},
		"CREATED":        {spec.StructField, "", false, false},
		"COMMENTS":       {spec.TextField, spec.ScalarString, false, true},
	}
	for name, w := range want {
		if diff := cmp.Diff(w, got[name]); diff != "" {
			t.Errorf("AUTH_GREENPLUM/%s (-want +got):\n%s", name, diff)
		}
	}
	list := m.Endpoint("auth/greenplum").Action("list").Response.Root
	if list == nil || list.GoName != "AuthGreenplumListOutput" {
		t.Fatalf("list root = %v", list)
	}
}

// TestOverlayIncludesBuiltinFragment adds a record type by dropping in a
// table and a DTD: the table includes built-in fragments and answers with a
// built-in DTD as well as its own.
func TestOverlayIncludesBuiltinFragment(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("params", "auth_greenplum.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	table := strings.ReplaceAll(string(src), "/api/2.0/fo/auth/greenplum/", "/api/2.0/fo/auth/greenplum2/")
	table = strings.ReplaceAll(table, "auth_greenplum_list_output", "auth_greenplum2_list_output")
	dtd, err := os.ReadFile(filepath.Join("dtd", "auth_greenplum_list_output.dtd"))
	if err != nil {
		t.Fatal(err)
	}
	dtdText := strings.ReplaceAll(string(dtd), "AUTH_GREENPLUM", "AUTH_GREENPLUM2")
	for name, text := range map[string]string{"params/auth_greenplum2.yaml": table, "dtd/auth_greenplum2_list_output.dtd": dtdText} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := load(t, dir)
	e := m.Endpoint("auth/greenplum2")
	if e == nil {
		t.Fatal("the overlay endpoint is missing")
	}
	if diff := cmp.Diff([]string{"auth_record", "login", "target_hosts", "network"}, e.Includes); diff != "" {
		t.Errorf("includes (-want +got):\n%s", diff)
	}
	if got := e.Action("list").Response.Root.GoName; got != "AuthGreenplum2ListOutput" {
		t.Errorf("list root = %s", got)
	}
	if got := e.Action("create").Response.Root.GoName; got != "BatchReturn" {
		t.Errorf("create root = %s", got)
	}
	if e.File != filepath.ToSlash(filepath.Join(dir, "params", "auth_greenplum2.yaml")) {
		t.Errorf("File = %s", e.File)
	}
}

// TestOverlayReplacesBuiltin checks that an overlay file replaces the
// built-in file of the same name.
func TestOverlayReplacesBuiltin(t *testing.T) {
	layer := spec.Layer{Name: "mine", FS: fstest.MapFS{"params/auth.yaml": {Data: []byte(
		"path: /api/2.0/fo/auth/\ntitle: Replaced\nactions:\n  list: {methods: [POST], response: auth_records}\n")}}}
	m, err := spec.LoadLayers(spec.Builtin(), layer)
	if err != nil {
		t.Fatal(err)
	}
	e := m.Endpoint("auth")
	if e.Title != "Replaced" || e.File != "mine/params/auth.yaml" || strings.Join(e.Action("list").Methods, ",") != "POST" {
		t.Errorf("auth = %+v", e)
	}
}
