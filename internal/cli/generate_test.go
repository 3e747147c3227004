package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateCheckDiff runs generate, check and diff as a user would, in a
// folder with a qgen.yaml, and checks their output and exit codes.
func TestGenerateCheckDiff(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "qgen.yaml", "out: qualys\npackage: qualys\nendpoints: [auth/greenplum]\n")

	out, stderr, code := run(t, dir, "check")
	if code != 1 || !strings.Contains(out, "qualys/client.go: stale (generate would create it)") || !strings.Contains(stderr, "files are not up to date") {
		t.Errorf("check before generate: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = run(t, dir, "generate")
	if code != 0 || !strings.Contains(out, "created qualys/auth_greenplum_calls.go") {
		t.Fatalf("generate: exit %d\n%s%s", code, out, stderr)
	}
	if out, stderr, code = run(t, dir, "check"); code != 0 || out != "" {
		t.Errorf("check after generate: exit %d\n%s%s", code, out, stderr)
	}
	if out, _, code = run(t, dir, "diff"); code != 0 || out != "" {
		t.Errorf("diff after generate: exit %d\n%s", code, out)
	}
	if out, _, code = run(t, dir, "generate"); code != 0 || out != "" {
		t.Errorf("second generate should write nothing: exit %d\n%s", code, out)
	}

	// A hand edit of a generated file is drift.
	path := filepath.Join(dir, "qualys", "client.go")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(src), "Client calls the Qualys API.", "Client calls Qualys.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, dir, "check")
	if code != 1 || out != "qualys/client.go: stale (generate would update it)\n" {
		t.Errorf("check after an edit: exit %d\n%s", code, out)
	}
	out, _, code = run(t, dir, "diff")
	if code != 1 || !strings.Contains(out, "--- a/qualys/client.go") || !strings.Contains(out, "-// Client calls Qualys.") || !strings.Contains(out, "+// Client calls the Qualys API.") {
		t.Errorf("diff after an edit: exit %d\n%s", code, out)
	}
}

func TestGenerateErrors(t *testing.T) {
	dir := t.TempDir()
	// No config and no -out: usage.
	if _, stderr, code := run(t, dir, "generate"); code != 2 || !strings.Contains(stderr, "no output folder") {
		t.Errorf("generate without -out: exit %d\n%s", code, stderr)
	}
	if _, _, code := run(t, dir, "generate", "-out", "x", "extra"); code != 2 {
		t.Errorf("generate with an argument: exit %d", code)
	}
	if _, _, code := run(t, dir, "check", "-nosuchflag"); code != 2 {
		t.Errorf("check with an unknown flag: exit %d", code)
	}
	// A spec error: exit 1, the error with its position, nothing written.
	os.MkdirAll(filepath.Join(dir, "bad", "params"), 0o755)
	write(t, dir, "bad/params/auth.yaml", "path: /api/2.0/fo/auth/\nactions:\n  list: {methods: [GET], response: nope}\n")
	_, stderr, code := run(t, dir, "generate", "-out", "qualys", "-spec", "bad")
	if code != 1 || !strings.Contains(stderr, "bad/params/auth.yaml:3:36: action list answers with DTD \"nope\"") {
		t.Errorf("generate with a spec error: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "qualys")); !os.IsNotExist(err) {
		t.Errorf("a failed generate created the output folder")
	}
	// A bad config file.
	write(t, dir, "qgen.yaml", "out: qualys\npackges: x\n")
	if _, stderr, code := run(t, dir, "generate"); code != 1 || !strings.Contains(stderr, "packges") {
		t.Errorf("generate with a bad config: exit %d\n%s", code, stderr)
	}
}
