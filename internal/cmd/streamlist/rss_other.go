//go:build !unix

package main

// maxRSS is unknown (-1) where getrusage is not available.
func maxRSS() int64 { return -1 }
