package main

import (
	"bytes"
	"os"
	"strconv"
)

// peakRSS returns the process's peak resident set size in bytes, and where
// the figure comes from; -1 when it is unknown.
//
// On Linux it is VmHWM of /proc/self/status, the high-water mark of this
// process's own memory. getrusage's Maxrss is not used there because Linux
// carries it across fork and exec: under "go run" it starts at the go
// command's RSS at the fork (some 27 MiB), above the limit being checked.
// Elsewhere it is Maxrss, which shares that flaw; run the built binary.
func peakRSS() (int64, string) {
	if n := vmHWM(); n >= 0 {
		return n, "VmHWM"
	}
	return maxRSS(), "getrusage Maxrss"
}

// vmHWM reads VmHWM from /proc/self/status, or -1.
func vmHWM() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	return parseVmHWM(status)
}

// parseVmHWM returns the bytes of the line "VmHWM:   13572 kB" of a
// /proc/PID/status, or -1.
func parseVmHWM(status []byte) int64 {
	for _, line := range bytes.Split(status, []byte("\n")) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		kb, ok := bytes.CutSuffix(bytes.TrimSpace(rest), []byte(" kB"))
		if n, err := strconv.ParseInt(string(bytes.TrimSpace(kb)), 10, 64); ok && err == nil {
			return n << 10
		}
		return -1
	}
	return -1
}
