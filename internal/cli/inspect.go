package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/qgen-project/qgen/dtdparse"
)

var inspectCmd = &command{
	name:    "inspect",
	args:    "FILE.dtd...",
	summary: "print DTDs as the parser understood them",
	help: `Inspect parses each DTD file and prints it in a compact, stable text form:
elements with their content models and attributes, entities, notations, then
warnings and remarks. Errors go to standard error as file:line:col: message,
with the source line and a caret. Exit 0 when every file parsed (warnings
allowed), 1 when any file had an error, 2 for usage errors.`,
	run: func(fs *flag.FlagSet, e *env) func([]string) int {
		return func(args []string) int {
			if len(args) == 0 {
				fmt.Fprintln(e.stderr, "qgen inspect: name at least one file")
				return ExitUsage
			}
			code := ExitOK
			for i, name := range args {
				if i > 0 {
					fmt.Fprintln(e.stdout)
				}
				if !strings.HasSuffix(name, ".dtd") && !strings.HasSuffix(name, ".ent") {
					fmt.Fprintf(e.stderr, "qgen inspect: %s: not a DTD (want a .dtd file)\n", name)
					return ExitUsage
				}
				src, err := os.ReadFile(name)
				if err != nil {
					fmt.Fprintf(e.stderr, "qgen inspect: %v\n", err)
					code = ExitInput
					continue
				}
				d, err := dtdparse.Parse(name, src)
				if err != nil {
					code = ExitInput
					var list dtdparse.ErrorList
					if errors.As(err, &list) {
						fmt.Fprintln(e.stderr, list.Pretty())
					} else {
						fmt.Fprintln(e.stderr, err)
					}
					continue
				}
				fmt.Fprint(e.stdout, dtdparse.Format(d))
			}
			return code
		}
	},
}
