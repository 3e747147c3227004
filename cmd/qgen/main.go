// Command qgen generates a typed, validated Go client for the Qualys VM/PC
// API v2.0 from DTDs and YAML parameter tables. Run "qgen help" for the
// commands.
package main

import (
	"os"

	"github.com/qgen-project/qgen/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
