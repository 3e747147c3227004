package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/changelog"
	"github.com/qgen-project/qgen/internal/testenv"
)

// changelogPair returns the before and after folders of a changelog test pair.
func changelogPair(name string) (before, after string) {
	dir := filepath.Join(testenv.RepoRoot(), "changelog", "testdata", name)
	return filepath.Join(dir, "before"), filepath.Join(dir, "after")
}

// changelogCopy copies the files of src under dst.
func changelogCopy(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChangelogMarkdownAndJSON(t *testing.T) {
	dir := t.TempDir()
	before, after := changelogPair("rules")
	changelogCopy(t, before, filepath.Join(dir, "old"))
	changelogCopy(t, after, filepath.Join(dir, "new"))

	// The binary prints the library's report, labelled with the folders as given.
	old, err := changelog.LoadDir(filepath.Join(dir, "old"), "old")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := changelog.LoadDir(filepath.Join(dir, "new"), "new")
	if err != nil {
		t.Fatal(err)
	}
	want := changelog.Compare(old, cur, "old", "new")

	out, stderr, code := run(t, dir, "changelog", "old", "new")
	if code != 0 || stderr != "" || out != want.Markdown() {
		t.Errorf("changelog old new: exit %d, stderr %q\n%s\nwant:\n%s", code, stderr, out, want.Markdown())
	}
	if !strings.Contains(out, "| /api/2.0/fo/thing/ | Updated | No |") || !strings.Contains(out, "- **breaking**: rule `requires r -> q=x` added (create)") {
		t.Errorf("the Markdown lacks the table row or a breaking change:\n%s", out)
	}

	out, stderr, code = run(t, dir, "changelog", "-json", "old", "new")
	if code != 0 || stderr != "" || out != string(want.JSON()) {
		t.Errorf("changelog -json: exit %d, stderr %q\n%s", code, stderr, out)
	}
	var got struct {
		Old, New   string
		Breaking   int
		Compatible int
		Endpoints  []struct {
			Name, Path, Status, DTD string
			DTDFiles                []string `json:"dtd_files"`
			Changes                 []struct {
				Check, Kind, Subject, Text, Why string
				Breaking                        bool
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("the JSON does not parse: %v\n%s", err, out)
	}
	if got.Old != "old" || got.New != "new" || got.Breaking != 5 || got.Compatible != 6 || len(got.Endpoints) != 1 || got.Endpoints[0].Status != "Updated" || got.Endpoints[0].DTD != "No" {
		t.Errorf("JSON: %+v", got)
	}

	// -fail-on-breaking: the same report, exit 1.
	out, stderr, code = run(t, dir, "changelog", "-fail-on-breaking", "old", "new")
	if code != 1 || out != want.Markdown() || stderr != "qgen changelog: 5 breaking changes\n" {
		t.Errorf("changelog -fail-on-breaking: exit %d, stderr %q", code, stderr)
	}
	// Without breaking changes it passes.
	out, stderr, code = run(t, dir, "changelog", "-fail-on-breaking", "new", "new")
	if code != 0 || stderr != "" || !strings.Contains(out, "No changes.") {
		t.Errorf("changelog -fail-on-breaking new new: exit %d, stderr %q\n%s", code, stderr, out)
	}
}

func TestChangelogUsageErrors(t *testing.T) {
	dir := t.TempDir()
	before, after := changelogPair("enums")
	for _, args := range [][]string{
		{"changelog"},
		{"changelog", before},
		{"changelog", before, after, after},
		{"changelog", before, after, "-json"},
		{"changelog", "-nosuchflag", before, after},
		{"changelog", "-git", "HEAD", before, after},
	} {
		out, stderr, code := run(t, dir, args...)
		if code != 2 || stderr == "" || out != "" {
			t.Errorf("qgen %v: exit %d (want 2), stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	out, _, code := run(t, dir, "help", "changelog")
	if code != 0 || !strings.HasPrefix(out, "Usage: qgen changelog [-json] [-fail-on-breaking] OLD NEW | -git REV [NEW]") || !strings.Contains(out, "-fail-on-breaking") {
		t.Errorf("qgen help changelog: exit %d\n%s", code, out)
	}
	out, _, _ = run(t, dir, "help")
	if !strings.Contains(out, "changelog") {
		t.Errorf("qgen help does not list changelog:\n%s", out)
	}
}

func TestChangelogSpecErrors(t *testing.T) {
	dir := t.TempDir()
	_, after := changelogPair("enums")
	changelogCopy(t, after, filepath.Join(dir, "bad"))
	write(t, dir, "bad/params/thing.yaml", `path: /api/2.0/fo/thing/
title: Things
actions:
  list: {methods: [GET, POST], response: thing_list_output}
params:
  kind: {type: integer, in: {list: optional}}
`)
	out, stderr, code := run(t, dir, "changelog", "bad", after)
	if code != 1 || out != "" || !strings.Contains(stderr, "bad/params/thing.yaml:6:") || !strings.Contains(stderr, "^") {
		t.Errorf("changelog with a bad spec: exit %d, stdout %q\nstderr:\n%s", code, out, stderr)
	}
	// Both folders' problems are reported.
	out, stderr, code = run(t, dir, "changelog", "missing", "bad")
	if code != 1 || out != "" || !strings.Contains(stderr, "missing: not a spec folder") || !strings.Contains(stderr, "bad/params/thing.yaml:6:") {
		t.Errorf("changelog missing bad: exit %d\nstderr:\n%s", code, stderr)
	}
	// A folder that is not laid out like spec/.
	write(t, dir, "notes.txt", "x")
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, dir, "changelog", "empty", "bad")
	if code != 1 || !strings.Contains(stderr, "spec folder empty has no params/*.yaml") {
		t.Errorf("changelog empty bad: exit %d\nstderr:\n%s", code, stderr)
	}
}

// TestChangelogGit compares a spec committed in a throwaway repository with
// its working tree.
func TestChangelogGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("SKIPPED: git is not installed")
	}
	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=qgen test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	before, after := changelogPair("enums")
	changelogCopy(t, before, filepath.Join(repo, "spec"))
	git("init", "-q")
	git("add", "spec")
	git("commit", "-q", "-m", "before")
	if err := os.RemoveAll(filepath.Join(repo, "spec")); err != nil {
		t.Fatal(err)
	}
	changelogCopy(t, after, filepath.Join(repo, "spec"))
	if err := os.MkdirAll(filepath.Join(repo, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}

	// From the root and from a subfolder: the repository's spec/.
	for _, dir := range []string{repo, filepath.Join(repo, "sub")} {
		out, stderr, code := run(t, dir, "changelog", "-git", "HEAD")
		if code != 0 || stderr != "" || !strings.HasPrefix(out, "# API changes: `spec@HEAD` → `spec`") || !strings.Contains(out, "value `legacy` removed") {
			t.Errorf("changelog -git HEAD in %s: exit %d, stderr %q\n%s", dir, code, stderr, out)
		}
	}
	_, stderr, code := run(t, repo, "changelog", "-git", "HEAD", "-fail-on-breaking")
	if code != 1 || stderr != "qgen changelog: 1 breaking change\n" {
		t.Errorf("changelog -fail-on-breaking -git HEAD: exit %d, stderr %q", code, stderr)
	}
	// NEW may be another folder.
	out, _, code := run(t, repo, "changelog", "-git", "HEAD", before)
	if code != 0 || !strings.Contains(out, "No changes.") {
		t.Errorf("changelog -git HEAD BEFORE: exit %d\n%s", code, out)
	}
	out, stderr, code = run(t, repo, "changelog", "-git", "nosuchrev")
	if code != 1 || out != "" || !strings.Contains(stderr, "nosuchrev") {
		t.Errorf("changelog -git nosuchrev: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	// Outside a repository.
	_, stderr, code = run(t, t.TempDir(), "changelog", "-git", "HEAD")
	if code != 1 || !strings.Contains(stderr, "git") {
		t.Errorf("changelog -git outside a repository: exit %d, stderr %q", code, stderr)
	}
}
