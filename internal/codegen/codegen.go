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
	"path/filepath"
	"sort"
	"strings"

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

// Change is what generate would do to one file of the output folder.
type Change struct {
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
	files, err := templates.Generate(m, templates.Options{Package: c.PackageName(), Endpoints: c.Endpoints})
	if err != nil {
		return nil, err
	}
	produced := map[string][]byte{}
	for _, f := range files {
		produced[f.Name] = f.Source
	}
	var changes []Change
	entries, err := os.ReadDir(c.Out)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	existing := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(c.Out, e.Name()))
		if err != nil {
			return nil, err
		}
		existing[e.Name()] = data
		if _, ok := produced[e.Name()]; !ok && bytes.HasPrefix(data, []byte(templates.HeaderPrefix)) {
			changes = append(changes, Change{Name: e.Name(), Old: data})
		}
	}
	for _, f := range files {
		old, ok := existing[f.Name]
		switch {
		case !ok:
			changes = append(changes, Change{Name: f.Name, New: f.Source})
		case !bytes.Equal(old, f.Source):
			if !bytes.HasPrefix(old, []byte(templates.HeaderPrefix)) {
				return nil, fmt.Errorf("%s exists and was not written by qgen (it lacks the %q header); qgen will not overwrite it", filepath.Join(c.Out, f.Name), strings.TrimSpace(templates.HeaderPrefix))
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
	for _, ch := range changes {
		path := filepath.Join(c.Out, ch.Name)
		if ch.New == nil {
			if err := os.Remove(path); err != nil {
				return err
			}
			continue
		}
		tmp, err := os.CreateTemp(c.Out, ".qgen-*.tmp")
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
		if err := os.Rename(tmp.Name(), path); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

// Diff renders the changes as a unified diff with paths a/OUT/NAME and
// b/OUT/NAME.
func Diff(c *Config, changes []Change) string {
	var b strings.Builder
	for _, ch := range changes {
		name := filepath.ToSlash(filepath.Join(c.Out, ch.Name))
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
