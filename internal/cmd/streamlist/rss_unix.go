//go:build unix

package main

import (
	"runtime"
	"syscall"
)

// maxRSS returns getrusage's peak resident set size in bytes (Maxrss is in
// KiB on Linux and the BSDs, in bytes on macOS), or -1.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}
