package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/internal/testenv"
)

var qgen string

// TestMain builds the real qgen binary; the tests run it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "qgen-cli")
	if err != nil {
		panic(err)
	}
	qgen = filepath.Join(dir, "qgen")
	build := exec.Command("go", "build", "-o", qgen, "./cmd/qgen")
	build.Dir = testenv.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func run(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(qgen, args...)
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHelp(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		out, _, code := run(t, dir, args...)
		if code != 0 || !strings.Contains(out, "inspect") || !strings.Contains(out, "Exit codes") {
			t.Errorf("qgen %v: exit %d, output:\n%s", args, code, out)
		}
	}
	out, _, code := run(t, dir, "help", "inspect")
	if code != 0 || !strings.HasPrefix(out, "Usage: qgen inspect FILE.dtd|TABLE.yaml...") {
		t.Errorf("qgen help inspect: exit %d\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "notes.txt", "x")
	for _, args := range [][]string{{}, {"frobnicate"}, {"inspect"}, {"inspect", "-nosuchflag", "a.dtd"}, {"inspect", "notes.txt"}, {"inspect", "good.dtd", "notes.txt"}, {"help", "frobnicate"}} {
		_, stderr, code := run(t, dir, args...)
		if code != 2 || stderr == "" {
			t.Errorf("qgen %v: exit %d (want 2), stderr %q", args, code, stderr)
		}
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.dtd", "<!-- QUALYS GOOD DTD -->\n<!ELEMENT GOOD (ID_SET?)>\n<!ELEMENT ID_SET (ID|ID_RANGE)+>\n<!ELEMENT ID (#PCDATA)>\n")
	write(t, dir, "bad.dtd", "<!ELEMENT A (B C)>\n<!ELEMENT B EMPTY>\n<!ATTLIST B t CDATA>\n")
	out, stderr, code := run(t, dir, "inspect", "good.dtd")
	want := `dtd good.dtd: 3 elements, 0 attributes, 0 entities, 0 notations
  -- QUALYS GOOD DTD
element GOOD (ID_SET?)
element ID_SET (ID | ID_RANGE)+
element ID (#PCDATA)
good.dtd:3:22: warning: ELEMENT ID_SET refers to ID_RANGE, which is not declared
`
	if code != 0 || out != want || stderr != "" {
		t.Errorf("inspect good.dtd: exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, out, want, stderr)
	}
	out, stderr, code = run(t, dir, "inspect", "good.dtd", "bad.dtd", "missing.dtd")
	wantErr := `bad.dtd:1:16: expected ',', '|' or ')' in the content model of ELEMENT A, found the name 'C'
    <!ELEMENT A (B C)>
                   ^
bad.dtd:3:20: expected white space, then #REQUIRED, #IMPLIED, #FIXED "value" or a quoted default value in the definition of attribute t of ATTLIST B, found '>'
    <!ATTLIST B t CDATA>
                       ^
qgen inspect: open missing.dtd: no such file or directory
`
	if code != 1 || stderr != wantErr || !strings.HasPrefix(out, "dtd good.dtd") {
		t.Errorf("inspect with errors: exit %d\nstderr:\n%s\nwant:\n%s", code, stderr, wantErr)
	}
}
