package qgenrt

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestProblems(t *testing.T) {
	str := func(s string) *string { return &s }
	i64 := func(n int64) *int64 { return &n }
	long := strings.Repeat("é", 171) // 171 characters, 342 bytes

	tests := []struct {
		name  string
		check func(p *Problems)
		want  []FieldError // nil: no problem
	}{
		{"required ok", func(p *Problems) { p.Required("title", true) }, nil},
		{"required", func(p *Problems) { p.Required("title", false) }, []FieldError{{"title", "required", "", ""}}},

		{"length ok", func(p *Problems) { p.Length("folder", strings.Repeat("é", 169), 0, 169) }, nil},
		{"length unset", func(p *Problems) { p.Length("title", "", 1, 255) }, nil},
		{"max_length in characters", func(p *Problems) { p.Length("folder", long, 0, 169) }, []FieldError{{"folder", "max_length", "169", "171 characters"}}},
		{"min_length", func(p *Problems) { p.Length("windows_domain", "a", 2, 256) }, []FieldError{{"windows_domain", "min_length", "2", "1 character"}}},
		{"no limits", func(p *Problems) { p.Length("x", long, 0, 0) }, nil},
		{"opt length nil", func(p *Problems) { p.OptLength("folder", nil, 1, 1) }, nil},
		{"opt length clear", func(p *Problems) { p.OptLength("windows_domain", str(""), 1, 256) }, nil},
		{"opt length", func(p *Problems) { p.OptLength("folder", &long, 0, 169) }, []FieldError{{"folder", "max_length", "169", "171 characters"}}},

		{"ascii ok", func(p *Problems) { p.Charset("title", " ~Az09!", ASCII) }, nil},
		{"ascii", func(p *Problems) { p.Charset("title", "ab\tcdé", ASCII) },
			[]FieldError{{"title", "charset", "ascii", "2 characters outside printable ASCII (U+0020-U+007E), the first at position 3"}}},
		{"ascii DEL", func(p *Problems) { p.Charset("title", "\x7f", ASCII) },
			[]FieldError{{"title", "charset", "ascii", "1 character outside printable ASCII (U+0020-U+007E), the first at position 1"}}},
		{"ascii invalid utf8", func(p *Problems) { p.Charset("title", "a\xff", ASCII) },
			[]FieldError{{"title", "charset", "ascii", "1 character outside printable ASCII (U+0020-U+007E), the first at position 2"}}},
		{"no_multibyte ok", func(p *Problems) { p.Charset("secret_name", "a\tb\x7f", NoMultibyte) }, nil},
		{"no_multibyte", func(p *Problems) { p.Charset("secret_name", "日本x語", NoMultibyte) },
			[]FieldError{{"secret_name", "charset", "no_multibyte", "3 characters multibyte, the first at position 1"}}},
		{"no charset", func(p *Problems) { p.Charset("x", "日本", 0) }, nil},
		{"opt charset nil", func(p *Problems) { p.OptCharset("title", nil, ASCII) }, nil},
		{"opt charset", func(p *Problems) { p.OptCharset("title", str("é"), ASCII) },
			[]FieldError{{"title", "charset", "ascii", "1 character outside printable ASCII (U+0020-U+007E), the first at position 1"}}},

		{"forbidden ok", func(p *Problems) { p.Forbidden("folder", "safe folder", "/:*?\"<>|\t") }, nil},
		{"forbidden", func(p *Problems) { p.Forbidden("folder", "ab:c/d", "/:*?\"<>|\t") },
			[]FieldError{{"folder", "forbidden", `"/:*?\"<>|\t"`, "2 characters forbidden, the first at position 3"}}},
		{"forbidden tab", func(p *Problems) { p.Forbidden("file", "a\tb", "\\/:*?\"<>|\t") },
			[]FieldError{{"file", "forbidden", `"\\/:*?\"<>|\t"`, "1 character forbidden, the first at position 2"}}},
		{"opt forbidden nil", func(p *Problems) { p.OptForbidden("folder", nil, "/") }, nil},
		{"opt forbidden", func(p *Problems) { p.OptForbidden("folder", str("a/"), "/") },
			[]FieldError{{"folder", "forbidden", `"/"`, "1 character forbidden, the first at position 2"}}},

		{"int nil", func(p *Problems) { p.IntRange("port", nil, Bound(1), Bound(65535)) }, nil},
		{"int ok", func(p *Problems) { p.IntRange("port", i64(1), Bound(1), Bound(65535)) }, nil},
		{"int ok max", func(p *Problems) { p.IntRange("port", i64(65535), Bound(1), Bound(65535)) }, nil},
		{"min", func(p *Problems) { p.IntRange("port", i64(0), Bound(1), Bound(65535)) }, []FieldError{{"port", "min", "1", "value below the minimum"}}},
		{"max", func(p *Problems) { p.IntRange("port", i64(65536), Bound(1), Bound(65535)) }, []FieldError{{"port", "max", "65535", "value above the maximum"}}},
		{"no bounds", func(p *Problems) { p.IntRange("n", i64(-1<<62), nil, nil) }, nil},
		{"min only", func(p *Problems) { p.IntRange("n", i64(-1), Bound(0), nil) }, []FieldError{{"n", "min", "0", "value below the minimum"}}},

		{"enum unset", func(p *Problems) { p.Enum("details", "", []string{"None", "Basic", "All"}) }, nil},
		{"enum ok", func(p *Problems) { p.Enum("details", "Basic", []string{"None", "Basic", "All"}) }, nil},
		{"enum", func(p *Problems) { p.Enum("details", "basic", []string{"None", "Basic", "All"}) },
			[]FieldError{{"details", "enum", "None|Basic|All", "not one of the 3 allowed values"}}},

		{"ids nil", func(p *Problems) { p.IDSet("ids", nil) }, nil},
		{"ids ok", func(p *Problems) { p.IDSet("ids", IDSet{{1, 5}, {9, 9}}) }, nil},
		{"ids", func(p *Problems) { p.IDSet("ids", IDSet{{1, 5}, {9, 8}}) }, []FieldError{{"ids", "ids", "", "entry 2: range start is greater than its end"}}},
		{"ips ok", func(p *Problems) { p.IPSet("ips", IPSet{{mustAddr("10.0.0.1"), mustAddr("10.0.0.2")}}) }, nil},
		{"ips", func(p *Problems) { p.IPSet("ips", IPSet{{mustAddr("10.0.0.1"), mustAddr("::1")}}) }, []FieldError{{"ips", "ips", "", "entry 1: range mixes IPv4 and IPv6"}}},

		{"rule ok", func(p *Problems) { p.Rule("windows_domain", "required_if", "required when db_local=0", false) }, nil},
		{"rule", func(p *Problems) { p.Rule("windows_domain", "required_if", "required when db_local=0", true) },
			[]FieldError{{"windows_domain", "required_if", "required when db_local=0", ""}}},
		{"add", func(p *Problems) { p.Add("folder", "max_total_length", "170", "172 characters") },
			[]FieldError{{"folder", "max_total_length", "170", "172 characters"}}},
	}
	for _, tt := range tests {
		var p Problems
		tt.check(&p)
		err := p.Err("auth/greenplum", "create")
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: error %v is not a *ValidationError", tt.name, err)
			continue
		}
		want := &ValidationError{Endpoint: "auth/greenplum", Action: "create", Errors: tt.want}
		if diff := cmp.Diff(want, ve); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestOptLen(t *testing.T) {
	s := "földer"
	if OptLen(nil) != 0 || OptLen(&s) != 6 {
		t.Errorf("OptLen = %d, %d", OptLen(nil), OptLen(&s))
	}
}

func TestValidationErrorText(t *testing.T) {
	// Values a request might carry, secrets among them; none may show.
	const (
		password = "hunter2é:secret" // not ASCII: a charset problem
		folder   = "vault/folder-name-padded-to-171-" + "characters"
		title    = "secret title"
	)
	folderVal := folder + strings.Repeat("x", 171-len(folder))
	var p Problems
	p.Required("title", false)
	p.Length("folder", folderVal, 0, 169)
	p.Forbidden("folder", folderVal, "/:*?\"<>|\t")
	p.Charset("password", password, ASCII)
	p.Enum("login_type", title, []string{"basic", "vault"})
	p.IntRange("port", Bound(70000), Bound(1), Bound(65535))
	p.IDSet("ids", IDSet{{424242, 1}})
	p.IPSet("ips", IPSet{{mustAddr("10.9.8.7"), mustAddr("10.9.8.6")}})
	p.Rule("windows_domain", "required_if", "required when db_local=0", true)
	p.Rule("password", "one_of_required", "one of password, login_type=vault is required", true)
	p.Rule("ips", "exclusive", "at most one of ips, add_ips", true)
	p.Rule("folder", "max_total_length", "folder + file together at most 170 characters", true)
	err := p.Err("auth/greenplum", "create")
	if err == nil {
		t.Fatal("no error")
	}
	want := `auth/greenplum create: 12 invalid parameters:
  title: required
  folder: max_length 169: 171 characters
  folder: forbidden "/:*?\"<>|\t": 1 character forbidden, the first at position 6
  password: charset ascii: 1 character outside printable ASCII (U+0020-U+007E), the first at position 8
  login_type: enum basic|vault: not one of the 2 allowed values
  port: max 65535: value above the maximum
  ids: ids: entry 1: range start is greater than its end
  ips: ips: entry 1: range start is greater than its end
  windows_domain: required_if required when db_local=0
  password: one_of_required one of password, login_type=vault is required
  ips: exclusive at most one of ips, add_ips
  folder: max_total_length folder + file together at most 170 characters`
	if got := err.Error(); got != want {
		t.Errorf("Error():\n%s\nwant:\n%s", got, want)
	}
	for _, v := range []string{password, "hunter2", folderVal, "folder-name", title, "secret", "70000", "424242", "10.9.8"} {
		if strings.Contains(err.Error(), v) {
			t.Errorf("Error() shows the value %q", v)
		}
	}

	var one Problems
	one.Required("title", false)
	if got, want := one.Err("auth/unix", "update").Error(), "auth/unix update: 1 invalid parameter:\n  title: required"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestProblemsErrCopies(t *testing.T) {
	var p Problems
	p.Required("a", false)
	err := p.Err("e", "a").(*ValidationError)
	p.Required("b", false)
	if len(err.Errors) != 1 {
		t.Errorf("a later problem changed an earlier error: %v", err)
	}
	if err := p.Err("e", "a").(*ValidationError); len(err.Errors) != 2 {
		t.Errorf("Err() = %v, want 2 problems", err)
	}
}
