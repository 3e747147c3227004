// Package cli implements the qgen command line. Each command is an entry in
// the commands table with its own flag set; Run dispatches and maps outcomes
// to exit codes: 0 ok, 1 a problem with the input (or drift), 2 usage.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes shared by every command.
const (
	ExitOK    = 0
	ExitInput = 1
	ExitUsage = 2
)

// command is one qgen subcommand.
type command struct {
	name    string
	args    string // argument synopsis for usage lines
	summary string // one line for "qgen help"
	help    string // paragraph for "qgen help NAME"
	// flags declares the command's flags on fs; the returned func runs the
	// command with the remaining arguments.
	run func(fs *flag.FlagSet, env *env) func(args []string) int
}

// env is what a command may touch.
type env struct {
	stdout, stderr io.Writer
}

func commands() []*command {
	return []*command{generateCmd, checkCmd, diffCmd, inspectCmd, validateCmd, changelogCmd}
}

// Run runs qgen with args (without the program name) and returns the exit
// code.
func Run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				commandHelp(stdout, c)
				return ExitOK
			}
			fmt.Fprintf(stderr, "qgen: unknown command %q\n", args[1])
			usage(stderr)
			return ExitUsage
		}
		usage(stdout)
		return ExitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "qgen: unknown command %q\n", args[0])
		usage(stderr)
		return ExitUsage
	}
	fs := flag.NewFlagSet("qgen "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	run := c.run(fs, e)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandHelp(stdout, c)
			return ExitOK
		}
		fmt.Fprintf(stderr, "qgen %s: %v\n", c.name, err)
		commandHelp(stderr, c)
		return ExitUsage
	}
	return run(fs.Args())
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "qgen generates a typed, validated Go client for the Qualys VM/PC API v2.0.")
	fmt.Fprintln(w, "\nUsage:\n  qgen <command> [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"qgen help <command>\" for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 a problem with the input, 2 usage error.")
}

func commandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: qgen %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.help))
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.run(fs, &env{stdout: io.Discard, stderr: io.Discard})
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
