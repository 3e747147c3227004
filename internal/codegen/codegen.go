// Package codegen runs qgen generate, check and diff: it reads the
// configuration, loads the spec, renders the binding with the templates and
// compares it with the output folder or writes it. Nothing is written unless
// every file rendered, so a failed run leaves the output folder as it was.
package codegen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/aymanbagabas/go-udiff"
	"github.com/goccy/go-yaml"

	"github.com/qgen-project/qgen/spec"
	"github.com/qgen-project/qgen/templates"
)

// Config is qgen.yaml (see spec/schema/config.schema.json).
type Config struct {
	// Out is the output folder, relative to the config file.
	Out string `yaml:"out"`
	// Package is the Go package name; default: the output folder's name.
	Package string `yaml:"package"`
	// Endpoints limits generation to these endpoints (default: all).
	Endpoints []string `yaml:"endpoints"`
	// Spec lists overlay folders laid out like spec/, relative to the config file.
	Spec []string `yaml:"spec"`
	// Fake turns the fake server package (<out>/<package>fake) on or off.
	// Unset, it is on when the output folder is in a Go module (a go.mod in
	// it or a folder above), whose path gives the generated package's
	// import path; set to true without a module, Plan fails.
	Fake *bool `yaml:"fake"`
	// dir is the folder of the config file.
	dir string
}

// DefaultConfig is the file qgen reads when no -config is given.
const DefaultConfig = "qgen.yaml"

// ReadConfig reads a config file; relative paths in it are made relative to
// its folder.
func ReadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := yaml.UnmarshalWithOptions(data, &c, yaml.Strict(), yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("%s: %s", path, yaml.FormatError(err, false, true))
	}
	c.dir = filepath.Dir(path)
	c.Out = c.rel(c.Out)
	for i, s := range c.Spec {
		c.Spec[i] = c.rel(s)
	}
	return &c, nil
}

func (c *Config) rel(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// PackageName is the configured package, or the output folder's name.
func (c *Config) PackageName() string {
	if c.Package != "" {
		return c.Package
	}
	abs, err := filepath.Abs(c.Out)
	if err != nil {
		return "qualys"
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return -1
	}, filepath.Base(abs))
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return "qualys"
	}
	return name
}

// FakePlan says whether generate writes the fake server package, and the
// import path of the generated package it imports.
func (c *Config) FakePlan() (on bool, importPath string, err error) {
	if c.Fake != nil && !*c.Fake {
		return false, "", nil
	}
	importPath, err = ImportPath(c.Out)
	if err != nil {
		if c.Fake == nil && errors.Is(err, ErrNoModule) {
			return false, "", nil
		}
		return false, "", fmt.Errorf("the fake server package imports the generated package, whose import path comes from go.mod: %w (fake: false in the config turns the fake off)", err)
	}
	return true, importPath, nil
}

// ErrNoModule is the error of ImportPath for a folder outside any Go module.
var ErrNoModule = errors.New("no go.mod in the folder or a folder above it")

// ImportPath is the import path of the Go package in folder dir (which
// need not exist yet): the module path of the nearest go.mod in dir or a
// folder above it, followed by dir's path below that go.mod's folder, as
// the go command sees it. A folder in another module's tree that has its
// own go.mod belongs to that nested module, as in Go.
func ImportPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for root := abs; ; {
		data, err := os.ReadFile(filepath.Join(root, "go.mod"))
		switch {
		case err == nil:
			mod, err := modulePath(data)
			if err != nil {
				return "", fmt.Errorf("%s: %v", filepath.Join(root, "go.mod"), err)
			}
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return mod, nil
			}
			for _, elem := range strings.Split(filepath.ToSlash(rel), "/") {
				if !validPathElem(elem) {
					return "", fmt.Errorf("%s: the folder name %q cannot be part of an import path", abs, elem)
				}
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		case !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return "", err
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("%s: %w", abs, ErrNoModule)
		}
		root = parent
	}
}

// modulePath reads the module directive of a go.mod file: "module path",
// with the path quoted or not, or in a block "module ( path )".
func modulePath(data []byte) (string, error) {
	inBlock := false
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			continue
		case inBlock && f[0] == ")":
			inBlock = false
			continue
		case inBlock:
		case f[0] == "module" && len(f) == 2 && f[1] == "(":
			inBlock = true
			continue
		case f[0] == "module":
			f = f[1:]
		default:
			continue
		}
		if len(f) == 0 {
			return "", errors.New("malformed module directive")
		}
		p := f[0]
		if len(f) != 1 {
			return "", errors.New("malformed module directive")
		}
		if strings.HasPrefix(p, "\"") || strings.HasPrefix(p, "`") {
			u, err := strconv.Unquote(p)
			if err != nil {
				return "", errors.New("malformed module path " + p)
			}
			p = u
		}
		if p == "" {
			return "", errors.New("empty module path")
		}
		return p, nil
	}
	return "", errors.New("no module directive")
}

// validPathElem reports whether a folder name may be an element of an
// import path (letters, digits and -._~+, not starting with a dot).
func validPathElem(s string) bool {
	if s == "" || s[0] == '.' || s == ".." {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("-._~+", r):
		default:
			return false
		}
	}
	return true
}

// Change is what generate would do to one file of the output folder.
type Change struct {
	// Name is the file's path in the output folder, with "/": "client.go",
	// "genfake/server.go".
	Name string
	// Old is the file's current content (nil when it does not exist);
	// New its generated content (nil when qgen would remove it).
	Old, New []byte
}

// Kind says "create", "update" or "remove".
func (c Change) Kind() string {
	switch {
	case c.Old == nil:
		return "create"
	case c.New == nil:
		return "remove"
	}
	return "update"
}

// Plan loads the spec, renders the binding and compares it with the output
// folder. It returns the changes generate would make, sorted by file name.
func Plan(c *Config) ([]Change, error) {
	if c.Out == "" {
		return nil, errors.New("no output folder: give -out or out: in the config")
	}
	m, err := spec.Load(c.Spec...)
	if err != nil {
		return nil, err
	}
	fake, importPath, err := c.FakePlan()
	if err != nil {
		return nil, err
	}
	files, err := templates.Generate(m, templates.Options{Package: c.PackageName(), Endpoints: c.Endpoints, Fake: fake, ImportPath: importPath})
	if err != nil {
		return nil, err
	}
	produced := map[string][]byte{}
	for _, f := range files {
		produced[f.Name] = f.Source
	}
	var changes []Change
	// The output folder and the fake package's folder, which is read even
	// when the fake is off, so that its files are removed.
	existing := map[string][]byte{}
	for _, dir := range []string{"", templates.FakeDir(c.PackageName())} {
		entries, err := os.ReadDir(filepath.Join(c.Out, dir))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			name := path.Join(dir, e.Name())
			data, err := os.ReadFile(filepath.Join(c.Out, filepath.FromSlash(name)))
			if err != nil {
				return nil, err
			}
			existing[name] = data
			if _, ok := produced[name]; !ok && bytes.HasPrefix(data, []byte(templates.HeaderPrefix)) {
				changes = append(changes, Change{Name: name, Old: data})
			}
		}
	}
	for _, f := range files {
		old, ok := existing[f.Name]
		switch {
		case !ok:
			changes = append(changes, Change{Name: f.Name, New: f.Source})
		case !bytes.Equal(old, f.Source):
			if !bytes.HasPrefix(old, []byte(templates.HeaderPrefix)) {
				return nil, fmt.Errorf("%s exists and was not written by qgen (it lacks the %q header); qgen will not overwrite it", filepath.Join(c.Out, filepath.FromSlash(f.Name)), strings.TrimSpace(templates.HeaderPrefix))
			}
			changes = append(changes, Change{Name: f.Name, Old: old, New: f.Source})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Name < changes[j].Name })
	return changes, nil
}

// Apply makes the changes in the output folder. Each file is written to a
// temporary file and renamed, so a reader never sees half a file; files
// that do not change are not touched (their modification time is kept).
func Apply(c *Config, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return err
	}
	emptied := map[string]bool{} // folders below the output folder that lost files
	for _, ch := range changes {
		file := filepath.Join(c.Out, filepath.FromSlash(ch.Name))
		dir := filepath.Dir(file)
		if ch.New == nil {
			if err := os.Remove(file); err != nil {
				return err
			}
			if dir != filepath.Clean(c.Out) {
				emptied[dir] = true
			}
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(dir, ".qgen-*.tmp")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(ch.New)
		cerr := tmp.Close()
		if werr != nil || cerr != nil {
			os.Remove(tmp.Name())
			return errors.Join(werr, cerr)
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), file); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	// A subfolder left empty (the fake turned off) goes too; os.Remove
	// removes only an empty folder.
	for dir := range emptied {
		if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 {
			os.Remove(dir)
		}
	}
	return nil
}

// Diff renders the changes as a unified diff with paths a/OUT/NAME and
// b/OUT/NAME.
func Diff(c *Config, changes []Change) string {
	var b strings.Builder
	for _, ch := range changes {
		name := filepath.ToSlash(filepath.Join(c.Out, filepath.FromSlash(ch.Name)))
		oldName, newName := "a/"+name, "b/"+name
		if ch.Old == nil {
			oldName = "/dev/null"
		}
		if ch.New == nil {
			newName = "/dev/null"
		}
		b.WriteString(udiff.Unified(oldName, newName, string(ch.Old), string(ch.New)))
	}
	return b.String()
}
