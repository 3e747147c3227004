// Command streamlist checks that a very large list answer is read in
// constant memory. It serves a synthetic AUTH_UNIX_LIST_OUTPUT of -size bytes
// (internal/benchdata, produced record by record, never held whole) and
// counts its records, then prints records, bytes, seconds, MB/s (10^6
// bytes a second, as go test reports), the process's peak RSS and Go heap
// figures, and exits 1 when the peak RSS is above -max-rss-mib, when a
// record is missing, or on any error.
//
//	go run ./internal/cmd/streamlist -size 1GiB              # through the client
//	go run ./internal/cmd/streamlist -size 1GiB -mode decode # the decoder alone
//
// Modes:
//
//   - client (default): an httptest server on loopback (real net/http)
//     answers action=list with the document as text/xml, chunked, with no
//     Content-Length, and the generated client reads it with
//     AuthUnix().ListRecords. A client that buffers the answer refuses
//     anything above qgenrt.MaxBodySize (256 MiB by default) with a
//     *qgenrt.BodyTooLargeError, and would hold it all in memory under a
//     larger -max-body; a streaming ListRecords does neither.
//   - decode: the generated decoder reads the generator directly
//     (StreamAuthUnix), with no HTTP: the floor the client mode can reach.
//
// The peak RSS covers the whole process, server and generator included,
// which is why the generator keeps one record in memory at a time. On Linux
// it is the process's VmHWM, which "go run" does not inflate (see peakRSS).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/internal/benchdata"
	"github.com/qgen-project/qgen/qgenrt"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// result is what a mode read.
type result struct {
	records int
	bytes   int64
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("streamlist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizeFlag := fs.String("size", "1GiB", "`SIZE` of the list: bytes, or with a unit (KiB, MiB, GiB; KB, MB, GB)")
	mode := fs.String("mode", "client", "`MODE`: client (through HTTP and the generated client) or decode (the decoder alone)")
	maxRSSFlag := fs.Float64("max-rss-mib", 16, "exit 1 when the peak RSS is above this many `MiB` (0: no limit)")
	maxBodyFlag := fs.String("max-body", "", "`SIZE` given to qgenrt.MaxBodySize in client mode (default: the client's default, 256MiB)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "streamlist: unexpected arguments %q\n", fs.Args())
		return 2
	}
	size, err := parseSize(*sizeFlag)
	if err != nil {
		fmt.Fprintf(stderr, "streamlist: -size: %v\n", err)
		return 2
	}
	var opts []qgenrt.Option
	if *maxBodyFlag != "" {
		n, err := parseSize(*maxBodyFlag)
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "streamlist: -max-body: %v\n", orPositive(err))
			return 2
		}
		opts = append(opts, qgenrt.MaxBodySize(n))
	}
	var read func(context.Context, int64, ...qgenrt.Option) (result, error)
	switch *mode {
	case "client":
		read = viaClient
	case "decode":
		read = viaDecoder
	default:
		fmt.Fprintf(stderr, "streamlist: -mode %q: want client or decode\n", *mode)
		return 2
	}

	// The expected figures, from a pass over the generator that keeps
	// nothing (so it does not raise the peak RSS).
	want, wantBytes, err := benchdata.Measure(size)
	if err != nil {
		fmt.Fprintf(stderr, "streamlist: %v\n", err)
		return 1
	}
	start := time.Now()
	got, err := read(ctx, size, opts...)
	secs := time.Since(start).Seconds()

	code := 0
	fmt.Fprintf(stdout, "streamlist: mode=%s size=%s records=%d bytes=%d seconds=%.2f MB/s=%.1f\n",
		*mode, *sizeFlag, got.records, got.bytes, secs, float64(got.bytes)/1e6/secs)
	if err != nil {
		fmt.Fprintf(stderr, "streamlist: %v\n", err)
		var tooLarge *qgenrt.BodyTooLargeError
		if errors.As(err, &tooLarge) {
			fmt.Fprintln(stderr, "streamlist: the client buffered the answer and refused it at qgenrt.MaxBodySize: ListRecords does not stream")
		}
		code = 1
	} else if got.records != want || got.bytes != wantBytes {
		fmt.Fprintf(stderr, "streamlist: read %d records and %d bytes, the document has %d and %d\n", got.records, got.bytes, want, wantBytes)
		code = 1
	}

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, source := peakRSS()
	limit := "none"
	if *maxRSSFlag > 0 {
		limit = fmt.Sprintf("%g MiB", *maxRSSFlag)
	}
	if rss < 0 {
		fmt.Fprintf(stdout, "streamlist: peak RSS unknown on %s (limit %s)\n", runtime.GOOS, limit)
	} else {
		other := ""
		if source != "getrusage Maxrss" {
			if m := maxRSS(); m >= 0 {
				other = fmt.Sprintf("; getrusage Maxrss %.1f MiB", mib(uint64(m)))
			}
		}
		fmt.Fprintf(stdout, "streamlist: peak RSS %.1f MiB (limit %s; from %s%s)\n", mib(uint64(rss)), limit, source, other)
	}
	fmt.Fprintf(stdout, "streamlist: Go heap: in use %.1f MiB, from the OS %.1f MiB (runtime total %.1f MiB); %.1f MiB allocated in all, %d objects, %d GCs\n",
		mib(ms.HeapInuse), mib(ms.HeapSys), mib(ms.Sys), mib(ms.TotalAlloc), ms.Mallocs, ms.NumGC)
	if *maxRSSFlag > 0 && rss > int64(*maxRSSFlag*(1<<20)) {
		fmt.Fprintf(stderr, "streamlist: peak RSS %.1f MiB is above -max-rss-mib %g\n", mib(uint64(rss)), *maxRSSFlag)
		code = 1
	}
	return code
}

func orPositive(err error) error {
	if err != nil {
		return err
	}
	return errors.New("must be at least 1 byte")
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// viaClient serves the document over loopback and reads it with the
// generated client's ListRecords. The byte count is the server's: what
// went through the connection.
func viaClient(ctx context.Context, size int64, opts ...qgenrt.Option) (result, error) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/2.0/fo/auth/unix/" || r.FormValue("action") != "list" {
			http.Error(w, "streamlist serves action=list of /api/2.0/fo/auth/unix/ only", http.StatusBadRequest)
			return
		}
		body, err := benchdata.NewUnixListReader(size)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusOK)
		// Sending the headers before the body makes the answer chunked,
		// with no Content-Length, whatever its size, as Qualys sends
		// large lists: the client cannot size its buffer from it.
		w.(http.Flusher).Flush()
		n, _ := io.Copy(w, body)
		served.Add(n)
	}))
	// Close waits for the handler, so served is final after it.
	defer srv.Close()

	// One try: a retried 1 GB answer would only measure the retry.
	opts = append([]qgenrt.Option{qgenrt.AllowHTTP(), qgenrt.BasicAuth("u", "p"),
		qgenrt.Retry(1, qgenrt.DefaultBackoffBase, qgenrt.DefaultBackoffCap)}, opts...)
	c, err := gen.NewClient(srv.URL, opts...)
	if err != nil {
		return result{}, err
	}
	var res result
	for rec, err := range c.AuthUnix().ListRecords(ctx, nil) {
		if err != nil {
			srv.Close()
			res.bytes = served.Load()
			return res, err
		}
		if rec.ID == 0 {
			return res, fmt.Errorf("record %d has no ID", res.records)
		}
		res.records++
	}
	srv.Close()
	res.bytes = served.Load()
	return res, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// units are the suffixes parseSize accepts, matched without regard to case.
var units = []struct {
	suffix string
	factor int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"b", 1},
}

// parseSize reads a size: a whole number of bytes, optionally followed by
// one of units (1GiB = 1<<30 bytes, 1GB = 10^9 bytes).
func parseSize(s string) (int64, error) {
	num, factor := strings.TrimSpace(s), int64(1)
	lower := strings.ToLower(num)
	for _, u := range units {
		if strings.HasSuffix(lower, u.suffix) {
			num, factor = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size such as 1073741824, 50MiB or 1GiB", s)
	}
	if n > (1<<62)/factor {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n * factor, nil
}
