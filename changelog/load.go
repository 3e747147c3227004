package changelog

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// LoadDir loads a complete spec folder laid out like spec/ (params/,
// params/_shared/, dtd/) on its own, not over the built-in spec. name is how
// its files are named in messages ("" for the folder itself). Errors are the
// loader's diag.ErrorList.
func LoadDir(dir, name string) (*spec.Model, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder (want a spec folder laid out like spec/)", dir)
	}
	if name == "" {
		name = filepath.ToSlash(filepath.Clean(dir))
	}
	return spec.LoadLayers(spec.Layer{Name: name, FS: os.DirFS(dir)})
}

// GitSpec writes the spec/ folder of the git repository that holds dir, as
// it is at revision rev, into a new temporary folder, and returns that
// folder (the caller removes it) and the working tree's spec/ folder.
func GitSpec(dir, rev string) (tmp, worktree string, err error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", "", fmt.Errorf("bad git revision %q", rev)
	}
	top, err := git(dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", err
	}
	root := strings.TrimSpace(string(top))
	var archive bytes.Buffer
	if _, err := git(root, &archive, "archive", "--format=tar", rev+":spec"); err != nil {
		return "", "", err
	}
	tmp, err = os.MkdirTemp("", "qgen-changelog-")
	if err != nil {
		return "", "", err
	}
	if err := untar(&archive, tmp); err != nil {
		os.RemoveAll(tmp)
		return "", "", err
	}
	return tmp, filepath.Join(root, "spec"), nil
}

// git runs git in dir; its output goes to out when given, else is returned.
func git(dir string, out *bytes.Buffer, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if out != nil {
		cmd.Stdout = out
	}
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return stdout.Bytes(), nil
}

// untar writes the regular files of a tar stream under dir.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(h.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("git archive: unexpected path %q", h.Name)
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.Create(target)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
