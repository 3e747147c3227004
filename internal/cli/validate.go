package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/spec"
	"github.com/qgen-project/qgen/xmlvalid"
)

var validateCmd = &command{
	name:    "validate",
	args:    "(-dtd FILE.dtd [-root NAME] | -endpoint NAME -action ACTION [-spec DIR]...) DOC.xml...",
	summary: "check XML documents against a DTD or an endpoint's response DTD",
	help: `Validate checks each XML document against the content models and attribute
declarations of the DTD, as xmllint --noout --nonet --dtdvalid does: every
element declared, children in the order and number the model allows, no text
in element-only content, attributes declared, #REQUIRED ones present, legal
values for enumerated, #FIXED, ID, IDREF, NMTOKEN and ENTITY attributes, IDs
unique and IDREFs resolved.

Each problem is printed to standard error as DOC.xml:line:col: message, every
problem of a document, not only the first; a document that is not well-formed
XML is checked up to its first syntax error. A DOCTYPE in a document is read
but its SYSTEM URL is never fetched: the DTD is the one -dtd names, or, with
-endpoint and -action, the response DTD of that action in the spec the
binding is generated from (the built-in spec plus -spec overlays), whose
root element the document must have. This is how to check that a live
response still matches the DTD the binding was generated from. When the
DOCTYPE's name differs from the root element a warning is printed (it does not
make the document invalid). Exit 0 when every document is valid, 1 when any is
invalid, not well-formed or unreadable (or the DTD has errors), 2 for usage
errors.`,
	run: func(fs *flag.FlagSet, e *env) func([]string) int {
		dtdPath := fs.String("dtd", "", "the DTD `FILE` to validate against")
		root := fs.String("root", "", "the `NAME` the root element must have (default: any element the DTD declares)")
		endpoint := fs.String("endpoint", "", "validate against the response DTD of an `ENDPOINT` of the spec, such as auth/greenplum (with -action)")
		action := fs.String("action", "", "the `ACTION` of -endpoint whose response to validate against, such as list")
		var specs multiFlag
		fs.Var(&specs, "spec", "overlay folder laid out like spec/, for -endpoint (repeatable)")
		return func(args []string) int {
			switch {
			case *dtdPath == "" && *endpoint == "":
				fmt.Fprintln(e.stderr, "qgen validate: give -dtd FILE.dtd, or -endpoint NAME -action ACTION")
				return ExitUsage
			case *dtdPath != "" && *endpoint != "":
				fmt.Fprintln(e.stderr, "qgen validate: give -dtd or -endpoint, not both")
				return ExitUsage
			case *endpoint != "" && *action == "":
				fmt.Fprintln(e.stderr, "qgen validate: -endpoint needs -action (such as -action list)")
				return ExitUsage
			case *endpoint == "" && (*action != "" || len(specs) > 0):
				fmt.Fprintln(e.stderr, "qgen validate: -action and -spec go with -endpoint")
				return ExitUsage
			case len(args) == 0:
				fmt.Fprintln(e.stderr, "qgen validate: name at least one XML document")
				return ExitUsage
			}
			var d *dtdparse.DTD
			if *endpoint != "" {
				var code int
				d, *root, code = endpointDTD(e, specs, *endpoint, *action, *root)
				if d == nil {
					return code
				}
			} else {
				src, err := os.ReadFile(*dtdPath)
				if err != nil {
					fmt.Fprintf(e.stderr, "qgen validate: %v\n", err)
					return ExitInput
				}
				d, err = dtdparse.Parse(*dtdPath, src)
				if err != nil {
					printError(e, "validate", err)
					fmt.Fprintf(e.stderr, "qgen validate: %s has errors; no document was checked\n", *dtdPath)
					return ExitInput
				}
			}
			v := xmlvalid.New(d)
			code := ExitOK
			for _, name := range args {
				doc, err := os.ReadFile(name)
				if err != nil {
					fmt.Fprintf(e.stderr, "qgen validate: %v\n", err)
					code = ExitInput
					continue
				}
				problems := v.Validate(name, doc, xmlvalid.Options{Root: *root})
				for _, p := range problems {
					fmt.Fprintln(e.stderr, p)
				}
				if !xmlvalid.Valid(problems) {
					code = ExitInput
				}
			}
			return code
		}
	},
}

// endpointDTD finds the response DTD and root element of an action of the
// spec. On failure it prints the problem and returns a nil DTD and the exit
// code.
func endpointDTD(e *env, specs []string, endpoint, action, root string) (*dtdparse.DTD, string, int) {
	m, err := spec.Load(specs...)
	if err != nil {
		printError(e, "validate", err)
		return nil, "", ExitInput
	}
	ep := m.Endpoint(endpoint)
	if ep == nil {
		var names []string
		for _, x := range m.Endpoints {
			names = append(names, x.Name)
		}
		fmt.Fprintf(e.stderr, "qgen validate: no endpoint %q in the spec (have: %s)\n", endpoint, strings.Join(names, ", "))
		return nil, "", ExitUsage
	}
	a := ep.Action(action)
	if a == nil {
		var names []string
		for _, x := range ep.Actions {
			names = append(names, x.Name)
		}
		fmt.Fprintf(e.stderr, "qgen validate: endpoint %s has no action %q (have: %s)\n", endpoint, action, strings.Join(names, ", "))
		return nil, "", ExitUsage
	}
	if a.Response.DTD == nil {
		fmt.Fprintf(e.stderr, "qgen validate: %s action=%s does not answer with XML (%s)\n", endpoint, action, a.Response.Raw)
		return nil, "", ExitUsage
	}
	if root == "" {
		root = a.Response.DTD.Root
	}
	return a.Response.DTD.Parsed, root, ExitOK
}
