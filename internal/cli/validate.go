package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/qgen-project/qgen/dtdparse"
	"github.com/qgen-project/qgen/xmlvalid"
)

var validateCmd = &command{
	name:    "validate",
	args:    "-dtd FILE.dtd [-root NAME] DOC.xml...",
	summary: "check XML documents against a DTD",
	help: `Validate checks each XML document against the content models and attribute
declarations of the DTD, as xmllint --noout --nonet --dtdvalid does: every
element declared, children in the order and number the model allows, no text
in element-only content, attributes declared, #REQUIRED ones present, legal
values for enumerated, #FIXED, ID, IDREF, NMTOKEN and ENTITY attributes, IDs
unique and IDREFs resolved.

Each problem is printed to standard error as DOC.xml:line:col: message, every
problem of a document, not only the first; a document that is not well-formed
XML is checked up to its first syntax error. A DOCTYPE in a document is read
but its SYSTEM URL is never fetched: the DTD is the one -dtd names. When the
DOCTYPE's name differs from the root element a warning is printed (it does not
make the document invalid). Exit 0 when every document is valid, 1 when any is
invalid, not well-formed or unreadable (or the DTD has errors), 2 for usage
errors.`,
	run: func(fs *flag.FlagSet, e *env) func([]string) int {
		dtdPath := fs.String("dtd", "", "the DTD `FILE` to validate against (required)")
		root := fs.String("root", "", "the `NAME` the root element must have (default: any element the DTD declares)")
		return func(args []string) int {
			if *dtdPath == "" {
				fmt.Fprintln(e.stderr, "qgen validate: -dtd FILE.dtd is required")
				return ExitUsage
			}
			if len(args) == 0 {
				fmt.Fprintln(e.stderr, "qgen validate: name at least one XML document")
				return ExitUsage
			}
			src, err := os.ReadFile(*dtdPath)
			if err != nil {
				fmt.Fprintf(e.stderr, "qgen validate: %v\n", err)
				return ExitInput
			}
			d, err := dtdparse.Parse(*dtdPath, src)
			if err != nil {
				var list dtdparse.ErrorList
				if errors.As(err, &list) {
					fmt.Fprintln(e.stderr, list.Pretty())
				} else {
					fmt.Fprintln(e.stderr, err)
				}
				fmt.Fprintf(e.stderr, "qgen validate: %s has errors; no document was checked\n", *dtdPath)
				return ExitInput
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
