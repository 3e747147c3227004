package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qgen-project/qgen/diag"
	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/spec"
)

var inspectCmd = &command{
	name:    "inspect",
	args:    "FILE.dtd|TABLE.yaml...",
	summary: "print DTDs and spec tables as qgen understood them",
	help: `Inspect prints each file as qgen resolved it, in a compact, stable text form.

A DTD (.dtd) is parsed on its own: elements with their content models and
attributes, entities, notations, then warnings and remarks.

A spec table (.yaml) must sit in a folder laid out like spec/ (DIR/params/NAME.yaml,
or DIR/params/_shared/NAME.yaml for a fragment). DIR is loaded as an overlay on
the built-in spec and the endpoint is printed with its actions, the parameters
and rules of each, and the response types.

Errors go to standard error as file:line:col: message, with the source line and
a caret. Exit 0 when every file loaded (warnings allowed), 1 when any had an
error, 2 for usage errors.`,
	run: func(fs *flag.FlagSet, e *env) func([]string) int {
		return func(args []string) int {
			if len(args) == 0 {
				fmt.Fprintln(e.stderr, "qgen inspect: name at least one .dtd or .yaml file")
				return ExitUsage
			}
			for _, name := range args {
				if ext := filepath.Ext(name); ext != ".dtd" && ext != ".ent" && ext != ".yaml" {
					fmt.Fprintf(e.stderr, "qgen inspect: %s: want a .dtd or .yaml file\n", name)
					return ExitUsage
				}
			}
			code := ExitOK
			for i, name := range args {
				if i > 0 {
					fmt.Fprintln(e.stdout)
				}
				var out string
				var err error
				if filepath.Ext(name) == ".yaml" {
					out, err = inspectTable(name)
				} else {
					out, err = inspectDTD(name)
				}
				if err != nil {
					code = ExitInput
					printError(e, "inspect", err)
					continue
				}
				fmt.Fprint(e.stdout, out)
			}
			return code
		}
	},
}

// printError prints an error list with source lines and carets, or a plain
// error prefixed with the command.
func printError(e *env, cmd string, err error) {
	var list diag.ErrorList
	if errors.As(err, &list) {
		fmt.Fprintln(e.stderr, list.Pretty())
		return
	}
	fmt.Fprintf(e.stderr, "qgen %s: %v\n", cmd, err)
}

func inspectDTD(name string) (string, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	d, err := dtdparse.Parse(name, src)
	if err != nil {
		return "", err
	}
	return dtdparse.Format(d), nil
}

// inspectTable loads the spec folder holding the table as an overlay and
// prints the table's endpoint or fragment.
func inspectTable(name string) (string, error) {
	if _, err := os.Stat(name); err != nil {
		return "", err
	}
	dir, base := filepath.Split(filepath.Clean(name))
	dir = filepath.Clean(dir)
	fragment := false
	if filepath.Base(dir) == "_shared" {
		fragment = true
		dir = filepath.Dir(dir)
	}
	if filepath.Base(dir) != "params" {
		return "", fmt.Errorf("%s: a table must be in a folder laid out like spec/ (DIR/params/NAME.yaml or DIR/params/_shared/NAME.yaml)", name)
	}
	root := filepath.Dir(dir)
	m, err := spec.Load(root)
	if err != nil {
		return "", err
	}
	stem := strings.TrimSuffix(base, ".yaml")
	var b strings.Builder
	if fragment {
		for _, f := range m.Fragments {
			if f.Name == stem {
				b.WriteString(spec.FormatFragment(f))
			}
		}
	} else {
		file := filepath.ToSlash(filepath.Join(filepath.Clean(root), "params", base))
		for _, ep := range m.Endpoints {
			if ep.File == file {
				b.WriteString(spec.FormatEndpoint(m, ep))
			}
		}
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("%s: no endpoint or fragment was loaded from this file", name)
	}
	for _, w := range m.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	return b.String(), nil
}
