package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qgen-project/qgen/changelog"
)

var changelogCmd = &command{
	name:    "changelog",
	args:    "[-json] [-fail-on-breaking] OLD NEW | -git REV [NEW]",
	summary: "report what changed in the API between two specs, breaking changes marked",
	help: `Changelog compares two spec folders laid out like spec/ (params/,
params/_shared/, dtd/), each loaded on its own, and reports what changed in the
API, as the release notes do: per endpoint, New, Updated or Removed, and
whether the DTDs it answers with changed (Yes, No, New, with the file names;
comments and white space do not count), then each change: parameters added,
removed or changed (type, required / optional / not accepted per action,
limits, enum values, defaults, secret), rules added, removed or changed,
response elements and attributes added, removed or changed, and Go names and
types of the generated code that change.

Each change is breaking for clients of the generated code (code that no longer
compiles, or requests valid before that now fail validation: a removed
endpoint, parameter or element, a newly required parameter, a narrowed enum,
limit or rule, a changed Go type or name) or compatible, and says why.

With -git REV, OLD is this repository's spec/ folder at git revision REV and
NEW the working tree's spec/ folder (or the NEW folder given):

    qgen changelog -git HEAD~1
    qgen changelog -git main -fail-on-breaking

The report is Markdown, or JSON with -json. Spec errors are reported as qgen
inspect reports them. Exit codes: 0 ok, 1 a spec error or (with
-fail-on-breaking) a breaking change, 2 usage.`,
	run: func(fs *flag.FlagSet, e *env) func([]string) int {
		asJSON := fs.Bool("json", false, "print the report as JSON instead of Markdown")
		failOnBreaking := fs.Bool("fail-on-breaking", false, "exit 1 when any change is breaking (for CI)")
		rev := fs.String("git", "", "compare this repository's spec/ at git revision `REV` with the working tree's")
		return func(args []string) int {
			for _, a := range args {
				if strings.HasPrefix(a, "-") {
					fmt.Fprintf(e.stderr, "qgen changelog: flag %s after the arguments; flags come first\n", a)
					return ExitUsage
				}
			}
			var oldDir, newDir, oldName, newName string
			if *rev != "" {
				if len(args) > 1 {
					fmt.Fprintln(e.stderr, "qgen changelog: with -git REV, give at most one folder (NEW; default: the working tree's spec/)")
					return ExitUsage
				}
				tmp, worktree, err := changelog.GitSpec(".", *rev)
				if err != nil {
					fmt.Fprintf(e.stderr, "qgen changelog: %v\n", err)
					return ExitInput
				}
				defer os.RemoveAll(tmp)
				oldDir, oldName = tmp, "spec@"+*rev
				newDir, newName = worktree, "spec"
				if len(args) == 1 {
					newDir, newName = args[0], label(args[0])
				}
			} else {
				if len(args) != 2 {
					fmt.Fprintln(e.stderr, "qgen changelog: give two spec folders, OLD and NEW (or -git REV)")
					return ExitUsage
				}
				oldDir, oldName = args[0], label(args[0])
				newDir, newName = args[1], label(args[1])
			}
			oldModel, oldErr := changelog.LoadDir(oldDir, oldName)
			newModel, newErr := changelog.LoadDir(newDir, newName)
			if oldErr != nil || newErr != nil {
				for _, err := range []error{oldErr, newErr} {
					if err != nil {
						printError(e, "changelog", specError(err))
					}
				}
				return ExitInput
			}
			r := changelog.Compare(oldModel, newModel, oldName, newName)
			if *asJSON {
				e.stdout.Write(r.JSON())
			} else {
				fmt.Fprint(e.stdout, r.Markdown())
			}
			if *failOnBreaking && r.HasBreaking() {
				what := "changes"
				if r.Breaking == 1 {
					what = "change"
				}
				fmt.Fprintf(e.stderr, "qgen changelog: %d breaking %s\n", r.Breaking, what)
				return ExitInput
			}
			return ExitOK
		}
	},
}

// label is how a folder given on the command line is named in the report.
func label(dir string) string { return filepath.ToSlash(filepath.Clean(dir)) }

// specError keeps the loader's error list (printed with carets) and says
// what a plain error is about.
func specError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: not a spec folder: %v", pe.Path, pe.Err)
	}
	return err
}
