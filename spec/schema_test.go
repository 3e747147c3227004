package spec_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles spec/schema/table.schema.json.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("schema", "table.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("table.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("table.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// yamlToJSONValue turns YAML into the generic value the validator takes.
func yamlToJSONValue(t *testing.T, src []byte) any {
	t.Helper()
	js, err := yaml.YAMLToJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTablesMatchSchema validates every table and fragment against the JSON
// Schema that editors use, and checks that each names the schema.
func TestTablesMatchSchema(t *testing.T) {
	sch := compileSchema(t)
	var files []string
	err := filepath.WalkDir("params", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".yaml") {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no tables under params: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(src), "\n")
		want := "# yaml-language-server: $schema=" + filepath.ToSlash(must(filepath.Rel(filepath.Dir(file), filepath.Join("schema", "table.schema.json"))))
		if first != want {
			t.Errorf("%s: first line %q, want %q", file, first, want)
		}
		if err := sch.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("%s does not match the schema:\n%v", file, err)
		}
	}
}

// TestSchemaRejects checks that the schema catches the mistakes editors
// should see while typing.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	for name, src := range map[string]string{
		"unknown key":       "path: /api/2.0/fo/x/\nacions: {}\n",
		"bad type":          "path: /api/2.0/fo/x/\nactions: {list: {methods: [GET], response: x}}\nparams: {a: {type: integer}}\n",
		"bad method":        "path: /api/2.0/fo/x/\nactions: {list: {methods: [PUT], response: x}}\n",
		"bad use":           "path: /api/2.0/fo/x/\nactions: {list: {methods: [GET], response: x}}\nparams: {a: {type: string, in: {list: mandatory}}}\n",
		"unknown rule":      "path: /api/2.0/fo/x/\nactions: {list: {methods: [GET], response: x}}\nrules: [{required_when: {param: a}}]\n",
		"two rule kinds":    "path: /api/2.0/fo/x/\nactions: {list: {methods: [GET], response: x}}\nrules: [{exclusive: {params: [a, b]}, at_least_one: {params: [a, b]}}]\n",
		"path and fragment": "path: /api/2.0/fo/x/\nfragment: x\nactions: {list: {methods: [GET], response: x}}\n",
		"no actions":        "path: /api/2.0/fo/x/\n",
		"bad path":          "path: /api/2.0/x\nactions: {list: {methods: [GET], response: x}}\n",
	} {
		if err := sch.Validate(yamlToJSONValue(t, []byte(src))); err == nil {
			t.Errorf("%s: the schema accepts\n%s", name, src)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestConfigSchema validates the repository's qgen.yaml against the config
// schema, and checks that the schema rejects a typo.
func TestConfigSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("schema", "config.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("config.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "qgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(yamlToJSONValue(t, src)); err != nil {
		t.Errorf("qgen.yaml does not match the schema: %v", err)
	}
	if err := sch.Validate(yamlToJSONValue(t, []byte("out: gen\npackges: x\n"))); err == nil {
		t.Error("the config schema accepts an unknown key")
	}
}
