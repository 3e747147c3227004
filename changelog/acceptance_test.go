package changelog

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/internal/golden"
	"github.com/qgen-project/qgen/internal/testenv"
)

// beforeV10 builds, from the current spec, the spec as it was before the
// v10.x release notes: no SharePoint and Greenplum endpoints, no
// pgsql_win_conf_path / WIN_CONF_FILE, no fqdn on scans and schedules, no
// Thycotic Secret Server for Cisco and Checkpoint Firewall records, and no
// AUTH_GREENPLUM_IDS / AUTH_MICROSOFT_SHAREPOINT_IDS in auth_records. Every
// edit must apply exactly once: a test failure here means the current spec
// changed under it.
func beforeV10(t *testing.T) string {
	t.Helper()
	cur := filepath.Join(testenv.RepoRoot(), "spec")
	dir := filepath.Join(t.TempDir(), "before")
	for _, sub := range []string{"params", "dtd"} {
		copyTree(t, filepath.Join(cur, sub), filepath.Join(dir, sub))
	}
	e := &editor{t: t, dir: dir}

	// New APIs: Microsoft SharePoint and Pivotal Greenplum records.
	e.remove("params/auth_microsoft_sharepoint.yaml", "params/auth_greenplum.yaml",
		"dtd/auth_microsoft_sharepoint_list_output.dtd", "dtd/auth_greenplum_list_output.dtd")
	e.regexp("dtd/auth_records.dtd", `,\s*AUTH_GREENPLUM_IDS\?`, "")
	e.regexp("dtd/auth_records.dtd", `,\s*AUTH_MICROSOFT_SHAREPOINT_IDS\?`, "")
	e.replace("dtd/auth_records.dtd", "<!ELEMENT AUTH_GREENPLUM_IDS (ID_SET)>\n", "")
	e.replace("dtd/auth_records.dtd", "<!ELEMENT AUTH_MICROSOFT_SHAREPOINT_IDS (ID_SET)>\n", "")

	// PostgreSQL on Windows hosts.
	e.dropBlock("params/auth_postgresql.yaml", "  pgsql_win_conf_path:\n")
	e.regexp("dtd/auth_postgresql_list_output.dtd", `WIN_CONF_FILE\?,\s*`, "")
	e.replace("dtd/auth_postgresql_list_output.dtd", "<!ELEMENT WIN_CONF_FILE (#PCDATA)>\n", "")

	// Scans and schedules on FQDNs.
	for _, f := range []string{"params/scan.yaml", "params/schedule_scan.yaml"} {
		e.dropBlock(f, "  fqdn:\n")
		e.replace(f, "params: [ip, asset_groups, fqdn, tag_set_include]", "params: [ip, asset_groups, tag_set_include]")
		e.dropBlock(f, "  - not_with:\n      param: fqdn\n")
	}
	e.dropBlock("params/schedule_scan.yaml", "  - requires:\n      param: fqdn\n")

	// Thycotic Secret Server in Cisco and Checkpoint Firewall records: before
	// v10 a Unix record of a sub-type could not use that vault type.
	e.append("params/auth_unix.yaml", `rules:
  - not_with:
      param: sub_type
      with: [{vault_type: Thycotic Secret Server}]
      doc: Thycotic Secret Server vault is not supported in Cisco and Checkpoint Firewall records.
`)
	return dir
}

// editor edits the files of a spec folder, failing the test when an edit
// does not apply exactly once.
type editor struct {
	t   *testing.T
	dir string
}

func (e *editor) read(name string) string {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, name))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *editor) write(name, text string) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, name), []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) remove(names ...string) {
	e.t.Helper()
	for _, n := range names {
		if err := os.Remove(filepath.Join(e.dir, n)); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *editor) replace(name, old, new string) {
	e.t.Helper()
	text := e.read(name)
	if n := strings.Count(text, old); n != 1 {
		e.t.Fatalf("%s: %q occurs %d times, want once (did the spec change?)", name, old, n)
	}
	e.write(name, strings.Replace(text, old, new, 1))
}

func (e *editor) regexp(name, expr, repl string) {
	e.t.Helper()
	text := e.read(name)
	re := regexp.MustCompile(expr)
	if n := len(re.FindAllStringIndex(text, -1)); n != 1 {
		e.t.Fatalf("%s: /%s/ matches %d times, want once (did the spec change?)", name, expr, n)
	}
	e.write(name, re.ReplaceAllString(text, repl))
}

func (e *editor) append(name, text string) {
	e.t.Helper()
	old := e.read(name)
	if !strings.HasSuffix(old, "\n") {
		old += "\n"
	}
	e.write(name, old+text)
}

// dropBlock removes the YAML block that starts with head: head's lines and
// the lines after them that are blank or indented deeper than head's first
// line.
func (e *editor) dropBlock(name, head string) {
	e.t.Helper()
	text := e.read(name)
	if n := strings.Count(text, head); n != 1 {
		e.t.Fatalf("%s: %q occurs %d times, want once (did the spec change?)", name, head, n)
	}
	start := strings.Index(text, head)
	indent := len(head) - len(strings.TrimLeft(head, " "))
	end := start + len(head)
	for end < len(text) {
		nl := strings.IndexByte(text[end:], '\n')
		line := text[end:]
		if nl >= 0 {
			line = text[end : end+nl+1]
		}
		trimmed := strings.TrimLeft(line, " ")
		if strings.TrimSpace(line) != "" && len(line)-len(trimmed) <= indent {
			break
		}
		end += len(line)
	}
	e.write(name, text[:start]+text[end:])
}

// v10Report is the changelog from the spec before v10 to the current spec,
// labelled as the README shows it: qgen changelog before spec.
func v10Report(t *testing.T) *Report {
	t.Helper()
	old := load(t, beforeV10(t), "before")
	cur := load(t, filepath.Join(testenv.RepoRoot(), "spec"), "spec")
	return Compare(old, cur, "before", "spec")
}

// TestBeforeV10 is the acceptance test: the changelog from the spec before
// v10 to the current spec says what the release notes say.
func TestBeforeV10(t *testing.T) {
	r := v10Report(t)

	// The release notes' tables.
	want := map[string][2]string{
		"auth":                      {StatusUpdated, DTDYes},
		"auth/microsoft_sharepoint": {StatusNew, DTDNew},
		"auth/greenplum":            {StatusNew, DTDNew},
		"auth/postgresql":           {StatusUpdated, DTDYes},
		"scan":                      {StatusUpdated, DTDNo},
		"schedule/scan":             {StatusUpdated, DTDNo},
		"auth/unix":                 {StatusUpdated, DTDNo},
	}
	files := map[string]string{
		"auth":                      "auth_records.dtd",
		"auth/microsoft_sharepoint": "auth_microsoft_sharepoint_list_output.dtd",
		"auth/greenplum":            "auth_greenplum_list_output.dtd",
		"auth/postgresql":           "auth_postgresql_list_output.dtd",
	}
	for name, w := range want {
		e := endpoint(t, r, name)
		if e.Status != w[0] || e.DTD != w[1] || strings.Join(e.DTDFiles, ",") != files[name] {
			t.Errorf("%s: %s, DTD %s %v; want %s, DTD %s [%s]", e.Path, e.Status, e.DTD, e.DTDFiles, w[0], w[1], files[name])
		}
	}
	if len(r.Endpoints) != len(want) || len(r.Unchanged) != 0 {
		t.Errorf("%d endpoints reported, %d unchanged; want %d and 0", len(r.Endpoints), len(r.Unchanged), len(want))
	}

	// Nothing breaks, as the notes say. The Greenplum and SharePoint DTDs
	// give DIGITAL_VAULT and the PRIVATE_KEY_* elements a second structure;
	// dtd/types.yaml pins the names the PostgreSQL and Unix types had, so
	// the generated code keeps them (without the pins, qgen would name every
	// variant after its DTD and report the renames as breaking).
	for _, e := range r.Endpoints {
		for _, ch := range e.Changes {
			if ch.Breaking {
				t.Errorf("%s: breaking change: %s — %s", e.Path, ch.Text, ch.Why)
			}
		}
	}
	expect(t, r, "gotypes")
	// The changes the notes describe, one by one.
	expect(t, r, "params",
		"auth/postgresql: param-added pgsql_win_conf_path compatible",
		"scan: param-added fqdn compatible",
		"schedule/scan: param-added fqdn compatible",
	)
	expect(t, r, "rules",
		"auth/unix: rule-removed not_with sub_type [vault_type=Thycotic Secret Server] compatible",
		"scan: rule-changed at_least_one [ip, asset_groups, fqdn, tag_set_include] compatible",
		"scan: rule-added not_with fqdn [target_from=tags, tag_include_selector, tag_exclude_selector, tag_set_by, tag_set_include, tag_set_exclude, use_ip_nt_range_tags] compatible",
		"schedule/scan: rule-changed at_least_one [ip, asset_groups, fqdn, tag_set_include] compatible",
		"schedule/scan: rule-added requires fqdn -> target_from=assets compatible",
		"schedule/scan: rule-added not_with fqdn [target_from=tags, tag_include_selector, tag_exclude_selector, tag_set_by, tag_set_include, tag_set_exclude, use_ip_nt_range_tags] compatible",
	)
	expect(t, r, "elements",
		"auth: element-added auth_records.dtd AUTH_RECORDS/AUTH_GREENPLUM_IDS compatible",
		"auth: element-added auth_records.dtd AUTH_RECORDS/AUTH_MICROSOFT_SHAREPOINT_IDS compatible",
		"auth/postgresql: element-added auth_postgresql_list_output.dtd AUTH_POSTGRESQL/WIN_CONF_FILE compatible",
	)
	for _, check := range []string{"actions", "param_use", "limits", "enums"} {
		expect(t, r, check)
	}

	golden.Check(t, filepath.Join("testdata", "acceptance", "before-v10.md"), r.Markdown())
	golden.Check(t, filepath.Join("testdata", "acceptance", "before-v10.json"), string(r.JSON()))
}

// TestBeforeV10Reverse compares the other way: everything v10 added is
// removed, which is breaking.
func TestBeforeV10Reverse(t *testing.T) {
	before := beforeV10(t)
	r := Compare(load(t, filepath.Join(testenv.RepoRoot(), "spec"), "spec"), load(t, before, "before"), "spec", "before")
	for _, name := range []string{"auth/microsoft_sharepoint", "auth/greenplum"} {
		if e := endpoint(t, r, name); e.Status != StatusRemoved || !e.Changes[0].Breaking {
			t.Errorf("%s: %s, breaking %v; want Removed, breaking", name, e.Status, e.Changes[0].Breaking)
		}
	}
	expect(t, r, "params",
		"auth/postgresql: param-removed pgsql_win_conf_path breaking",
		"scan: param-removed fqdn breaking",
		"schedule/scan: param-removed fqdn breaking",
	)
	if !r.HasBreaking() {
		t.Error("no breaking change")
	}
}
