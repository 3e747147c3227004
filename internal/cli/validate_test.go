package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/internal/testenv"
)

const validateDTD = `<!ELEMENT LIST_OUTPUT (RESPONSE)>
<!ELEMENT RESPONSE (DATETIME, ID_SET?)>
<!ELEMENT DATETIME (#PCDATA)>
<!ELEMENT ID_SET (ID|ID_RANGE)+>
<!ELEMENT ID (#PCDATA)>
<!ELEMENT ID_RANGE (#PCDATA)>
<!ELEMENT PASSPHRASE_INFO EMPTY>
<!ATTLIST PASSPHRASE_INFO type (basic|vault) "basic">
`

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "list.dtd", validateDTD)
	write(t, dir, "good.xml", "<?xml version=\"1.0\"?>\n<LIST_OUTPUT><RESPONSE><DATETIME>now</DATETIME><ID_SET><ID>1</ID></ID_SET></RESPONSE></LIST_OUTPUT>\n")
	write(t, dir, "bad.xml", `<LIST_OUTPUT>
  <RESPONSE>
    <ID_SET>text</ID_SET>
    <FOO/>
  </RESPONSE>
</LIST_OUTPUT>
`)
	write(t, dir, "doctype.xml", "<!DOCTYPE OTHER_OUTPUT SYSTEM \"https://example.invalid/other.dtd\">\n<LIST_OUTPUT><RESPONSE><DATETIME>now</DATETIME></RESPONSE></LIST_OUTPUT>\n")
	write(t, dir, "broken.xml", "<LIST_OUTPUT><RESPONSE></LIST_OUTPUT>\n")
	write(t, dir, "attr.xml", "<PASSPHRASE_INFO type=\"cloud\"/>\n")

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"valid", []string{"good.xml"}, 0, ""},
		{"every problem of an invalid document", []string{"bad.xml"}, 1, `bad.xml:3:5: element RESPONSE: expected DATETIME as first child, found ID_SET
bad.xml:3:13: element ID_SET may not contain text
bad.xml:3:17: element ID_SET: content ended too early, expected ID or ID_RANGE
bad.xml:4:5: element FOO is not declared
`},
		{"a DOCTYPE naming another root is a warning", []string{"doctype.xml"}, 0, "doctype.xml:1:11: warning: DOCTYPE names OTHER_OUTPUT, but the root element is LIST_OUTPUT\n"},
		{"not well-formed", []string{"broken.xml"}, 1, "broken.xml:1:24: not well-formed: element <RESPONSE> (line 1) closed by </LIST_OUTPUT>\n"},
		{"any declared element may be the root", []string{"attr.xml"}, 1, `attr.xml:1:18: attribute type of PASSPHRASE_INFO: value "cloud" is not one of (basic | vault)` + "\n"},
		{"-root", []string{"-root", "LIST_OUTPUT", "attr.xml"}, 1, `attr.xml:1:1: root element is PASSPHRASE_INFO, expected LIST_OUTPUT
attr.xml:1:18: attribute type of PASSPHRASE_INFO: value "cloud" is not one of (basic | vault)
`},
		{"several documents", []string{"good.xml", "missing.xml", "broken.xml"}, 1, `qgen validate: open missing.xml: no such file or directory
broken.xml:1:24: not well-formed: element <RESPONSE> (line 1) closed by </LIST_OUTPUT>
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"validate", "-dtd", "list.dtd"}, tc.args...)
			stdout, stderr, code := run(t, dir, args...)
			if code != tc.code || stderr != tc.stderr || stdout != "" {
				t.Errorf("qgen %s: exit %d (want %d)\nstderr:\n%s\nwant:\n%s\nstdout:\n%s", strings.Join(args, " "), code, tc.code, stderr, tc.stderr, stdout)
			}
		})
	}
}

// TestValidateSeedSample runs the command on a release-notes sample, in
// place, with the root element its DTD defines.
func TestValidateSeedSample(t *testing.T) {
	seed := filepath.Join(testenv.RepoRoot(), "testdata", "seed")
	dtd := filepath.Join(seed, "dtd", "restored", "auth_greenplum_list_output.dtd")
	good := filepath.Join(seed, "samples", "printed", "20-greenplum-list-all-details.xml")
	_, stderr, code := run(t, t.TempDir(), "validate", "-dtd", dtd, "-root", "AUTH_GREENPLUM_LIST_OUTPUT", good)
	if code != 0 || stderr != "" {
		t.Errorf("valid sample: exit %d, stderr:\n%s", code, stderr)
	}
	bad := filepath.Join(seed, "samples", "printed", "13-auth-records-list-sharepoint-section.xml")
	_, stderr, code = run(t, t.TempDir(), "validate", "-dtd", filepath.Join(seed, "dtd", "restored", "auth_records.dtd"), bad)
	want := bad + ":43:13: element AUTH_RECORDS: expected end of content after AUTH_MICROSOFT_SHAREPOINT_IDS, found AUTH_GREENPLUM_IDS\n"
	if code != 1 || stderr != want {
		t.Errorf("invalid sample: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}

func TestValidateUsageAndInputErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "list.dtd", validateDTD)
	write(t, dir, "bad.dtd", "<!ELEMENT A (B C)>\n")
	write(t, dir, "doc.xml", "<LIST_OUTPUT/>")
	for _, args := range [][]string{
		{"validate", "doc.xml"},                           // no -dtd
		{"validate", "-dtd", "list.dtd"},                  // no document
		{"validate", "-dtd", "list.dtd", "-x", "doc.xml"}, // unknown flag
		{"validate", "-dtd"},                              // flag without value
	} {
		_, stderr, code := run(t, dir, args...)
		if code != 2 || stderr == "" {
			t.Errorf("qgen %v: exit %d (want 2), stderr %q", args, code, stderr)
		}
	}
	_, stderr, code := run(t, dir, "validate", "-dtd", "bad.dtd", "doc.xml")
	want := `bad.dtd:1:16: expected ',', '|' or ')' in the content model of ELEMENT A, found the name 'C'
    <!ELEMENT A (B C)>
                   ^
qgen validate: bad.dtd has errors; no document was checked
`
	if code != 1 || stderr != want {
		t.Errorf("DTD with errors: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	_, stderr, code = run(t, dir, "validate", "-dtd", "missing.dtd", "doc.xml")
	if code != 1 || stderr != "qgen validate: open missing.dtd: no such file or directory\n" {
		t.Errorf("missing DTD: exit %d, stderr %q", code, stderr)
	}
}

func TestValidateHelp(t *testing.T) {
	dir := t.TempDir()
	out, _, code := run(t, dir, "help", "validate")
	if code != 0 || !strings.HasPrefix(out, "Usage: qgen validate (-dtd FILE.dtd [-root NAME] | -endpoint NAME -action ACTION [-spec DIR]...) DOC.xml...\n") ||
		!strings.Contains(out, "never fetched") || !strings.Contains(out, "-dtd FILE") || !strings.Contains(out, "-root NAME") || !strings.Contains(out, "-endpoint ENDPOINT") {
		t.Errorf("qgen help validate: exit %d\n%s", code, out)
	}
	out, _, code = run(t, dir, "help")
	if code != 0 || !strings.Contains(out, "validate   check XML documents against a DTD or an endpoint's response DTD") {
		t.Errorf("qgen help: exit %d\n%s", code, out)
	}
}

// TestValidateEndpoint validates against the response DTD of an action of
// the built-in spec, whose root element the document must have.
func TestValidateEndpoint(t *testing.T) {
	dir := t.TempDir()
	samples := filepath.Join(testenv.RepoRoot(), "testdata", "seed", "samples")
	ok := filepath.Join(samples, "printed", "20-greenplum-list-all-details.xml")
	other := filepath.Join(samples, "printed", "15-sharepoint-list-all-details.xml")
	if _, stderr, code := run(t, dir, "validate", "-endpoint", "auth/greenplum", "-action", "list", ok); code != 0 {
		t.Errorf("valid Greenplum list: exit %d\n%s", code, stderr)
	}
	_, stderr, code := run(t, dir, "validate", "-endpoint", "auth/greenplum", "-action", "list", other)
	if code != 1 || !strings.Contains(stderr, "15-sharepoint-list-all-details.xml:4:1: root element is AUTH_MICROSOFT_SHAREPOINT_LIST_OUTPUT, expected AUTH_GREENPLUM_LIST_OUTPUT") {
		t.Errorf("SharePoint list against the Greenplum action: exit %d\n%s", code, stderr)
	}
	for _, args := range [][]string{
		{"validate", "-endpoint", "auth/greenplum", ok},
		{"validate", "-endpoint", "auth/nope", "-action", "list", ok},
		{"validate", "-endpoint", "auth/greenplum", "-action", "frobnicate", ok},
		{"validate", "-endpoint", "scan", "-action", "fetch", ok},
		{"validate", "-dtd", "x.dtd", "-endpoint", "auth/greenplum", "-action", "list", ok},
		{"validate", "-action", "list", ok},
	} {
		if _, stderr, code := run(t, dir, args...); code != 2 {
			t.Errorf("qgen %v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
}
