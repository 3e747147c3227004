package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/internal/benchdata"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1234": 1234, "1b": 1, "50MiB": 50 << 20, "1GiB": 1 << 30, "1gib": 1 << 30,
		"512KiB": 512 << 10, "2TiB": 2 << 40, "3KB": 3000, "50MB": 50e6, "1GB": 1e9, " 7 MiB ": 7 << 20,
	} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "-1", "1.5GiB", "1 GiBs", "0x10", "9999999TiB"} {
		if got, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", in, got)
		}
	}
}

// A small list read in each mode: every record and byte counted, and the
// figures printed. The RSS limit is off: this process's RSS is the test
// binary's, not the command's.
func TestRun(t *testing.T) {
	const size = 256 << 10
	want, wantBytes, err := benchdata.Measure(size)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"client", "decode"} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"-mode", mode, "-size", "256KiB", "-max-rss-mib", "0"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", mode, code, stdout.String(), stderr.String())
		}
		out := stdout.String()
		for _, s := range []string{
			fmt.Sprintf("mode=%s size=256KiB records=%d bytes=%d ", mode, want, wantBytes),
			"peak RSS ", "(limit none; from ", "Go heap: in use ",
		} {
			if !strings.Contains(out, s) {
				t.Errorf("%s: output lacks %q:\n%s", mode, s, out)
			}
		}
	}
}

// A peak RSS above -max-rss-mib is exit 1 (any Go process is above 1 MiB);
// bad flags are exit 2.
func TestRunFailures(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-size", "16KiB", "-max-rss-mib", "1"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "above -max-rss-mib 1") {
		t.Errorf("-max-rss-mib 1: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	for _, args := range [][]string{{"-size", "big"}, {"-mode", "other"}, {"-max-body", "0"}, {"extra"}, {"-nosuchflag"}} {
		stdout.Reset()
		stderr.Reset()
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2 (usage)\n%s", args, code, stderr.String())
		}
	}
}

func TestParseVmHWM(t *testing.T) {
	status := "Name:\tstreamlist\nVmPeak:\t 1261256 kB\nVmHWM:\t   13572 kB\nVmRSS:\t   13544 kB\n"
	if got := parseVmHWM([]byte(status)); got != 13572<<10 {
		t.Errorf("parseVmHWM = %d, want %d", got, 13572<<10)
	}
	for _, bad := range []string{"", "VmRSS:\t 1 kB\n", "VmHWM:\t 12 MB\n", "VmHWM:\t x kB\n"} {
		if got := parseVmHWM([]byte(bad)); got != -1 {
			t.Errorf("parseVmHWM(%q) = %d, want -1", bad, got)
		}
	}
}
