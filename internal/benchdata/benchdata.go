// Package benchdata builds the synthetic documents that the decoding
// benchmarks and the streaming check read: an AUTH_UNIX_LIST_OUTPUT of any
// size, either whole in memory (UnixList) or produced lazily, record by
// record, in constant memory (NewUnixListReader), so that a 1 GB answer can
// be streamed without ever being held.
//
// The document is built from the unix list sample of the release notes
// (testdata/seed/samples/printed/03-unix-list-checkpoint-auth-unix-list-output.xml):
// its prolog, DOCTYPE and layout, and its one AUTH_UNIX record repeated with
// new IDs, titles, user names, IPs and dates, so that decoders meet the
// shapes the API sends rather than one record copied verbatim. Record n
// (from 0):
//
//   - logs in "basic", without DIGITAL_VAULT, when n%3 == 0 (else "vault");
//   - adds an IP_RANGE to its IP_SET when n%4 == 1;
//   - ends with a COMMENTS holding entity references when n%5 == 4;
//   - has a non-ASCII title when n%11 == 10 ("&" in its CDATA when n%7 == 6).
//
// The output is deterministic (a size always gives the same bytes) and
// valid against spec/dtd/auth_unix_list_output.dtd.
//
// # Finding the sample
//
// The package-level functions read the sample from the module root, found by
// walking up from this package's source folder (runtime.Caller), or, when
// that path does not exist (a binary built with -trimpath or moved to
// another machine), from the working directory, to the first folder with a
// go.mod and the sample. LoadUnix takes the root explicitly, and
// NewUnixTemplate the sample's bytes.
package benchdata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// UnixSample is the path of the sample, relative to the module root.
const UnixSample = "testdata/seed/samples/printed/03-unix-list-checkpoint-auth-unix-list-output.xml"

// UnixDTD is the path of the DTD the document is valid against, relative to
// the module root.
const UnixDTD = "spec/dtd/auth_unix_list_output.dtd"

// Root returns the module root: the first folder, walking up from this
// package's source folder (else from the working directory), that holds a
// go.mod and the sample.
func Root() (string, error) {
	var starts []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for {
			if isFile(filepath.Join(dir, "go.mod")) && isFile(filepath.Join(dir, filepath.FromSlash(UnixSample))) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", fmt.Errorf("benchdata: no folder with go.mod and %s above %s", UnixSample, strings.Join(starts, " or "))
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

var std struct {
	once sync.Once
	t    *UnixTemplate
	err  error
}

// defaultUnix loads the template from Root once per process.
func defaultUnix() (*UnixTemplate, error) {
	std.once.Do(func() {
		root, err := Root()
		if err != nil {
			std.err = err
			return
		}
		std.t, std.err = LoadUnix(root)
	})
	return std.t, std.err
}

// UnixList returns the whole document of at least size bytes (see
// UnixTemplate.Document), built from the sample under Root.
func UnixList(size int64) ([]byte, error) {
	t, err := defaultUnix()
	if err != nil {
		return nil, err
	}
	return t.Document(size), nil
}

// NewUnixListReader returns a reader of the same bytes as UnixList(size),
// produced record by record in constant memory (see UnixTemplate.NewReader).
func NewUnixListReader(size int64) (io.Reader, error) {
	t, err := defaultUnix()
	if err != nil {
		return nil, err
	}
	return t.NewReader(size), nil
}

// Records returns the number of AUTH_UNIX records of UnixList(size),
// without building the document.
func Records(size int64) (int, error) {
	n, _, err := Measure(size)
	return n, err
}

// Len returns the length in bytes of UnixList(size), without building the
// document.
func Len(size int64) (int64, error) {
	_, n, err := Measure(size)
	return n, err
}

// Measure returns both the number of records and the length of
// UnixList(size) in one pass (which, for 1 GiB, formats every record once:
// about half a second).
func Measure(size int64) (records int, length int64, err error) {
	t, err := defaultUnix()
	if err != nil {
		return 0, 0, err
	}
	records, length = t.Measure(size)
	return records, length, nil
}

// UnixTemplate is the sample cut into the parts between the values that
// change from record to record. It is immutable and safe for concurrent use.
type UnixTemplate struct {
	prolog, tail []byte // before the first AUTH_UNIX; after the last one
	// The record between its values, in order: pID (from <AUTH_UNIX>),
	// the ID, pTitle, the title, pUser, the user name, ...
	pID, pTitle, pUser, pIP, pIPEnd, pAfterIP []byte
	loginEnd, vaultStart, pVaultRest          []byte
	pCreated, pModified, pEnd                 []byte
}

// LoadUnix reads the sample under the module root root.
func LoadUnix(root string) (*UnixTemplate, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(UnixSample)))
	if err != nil {
		return nil, fmt.Errorf("benchdata: %w", err)
	}
	return NewUnixTemplate(src)
}

// NewUnixTemplate cuts sample, the unix list sample's bytes, into its
// parts. It fails, naming what is missing, when the sample no longer has
// the shape the generator relies on: one AUTH_UNIX record holding the
// sample's values, with a DIGITAL_VAULT.
func NewUnixTemplate(sample []byte) (*UnixTemplate, error) {
	s := string(sample)
	const open, closing = "            <AUTH_UNIX>\n", "            </AUTH_UNIX>\n"
	i := strings.Index(s, open)
	j := strings.Index(s, closing)
	if i < 0 || j < i || strings.Count(s, open) != 1 {
		return nil, errors.New("benchdata: the unix sample no longer holds exactly one indented AUTH_UNIX record")
	}
	rec := s[i : j+len(closing)]
	var missing []string
	// cut returns the record's text up to sep and drops sep from it.
	cut := func(sep string) []byte {
		before, after, ok := strings.Cut(rec, sep)
		if !ok {
			missing = append(missing, strconv.Quote(sep))
			return nil
		}
		rec = after
		return []byte(before)
	}
	t := &UnixTemplate{prolog: []byte(s[:i]), tail: []byte(s[j+len(closing):])}
	t.pID = cut("2376623")
	t.pTitle = cut("My Record")
	t.pUser = cut("root")
	t.pIP = cut("10.10.36.47")
	t.pIPEnd = append(cut("</IP>\n"), "</IP>\n"...)
	t.pAfterIP = cut("<![CDATA[vault]]>")
	pVault := cut("1741212")
	t.pVaultRest = cut("                <CREATED>\n")
	t.pCreated = cut("2020-03-11T22:15:56Z")
	t.pModified = cut("2020-03-11T22:15:56Z")
	t.pEnd = cut(closing)
	if len(missing) > 0 {
		return nil, fmt.Errorf("benchdata: the unix sample's record no longer has, in order: %s", strings.Join(missing, ", "))
	}
	if rec != "" {
		return nil, fmt.Errorf("benchdata: the unix sample's record has an unexpected tail %q", rec)
	}
	// pVault runs from the end of the LOGIN_TYPE CDATA to the CDATA of
	// DIGITAL_VAULT_ID: split it where DIGITAL_VAULT starts, which the
	// basic records leave out.
	const dv = "                <DIGITAL_VAULT>\n"
	loginEnd, vaultStart, ok := bytes.Cut(pVault, []byte(dv))
	if !ok {
		return nil, errors.New("benchdata: the unix sample's record has no DIGITAL_VAULT after LOGIN_TYPE")
	}
	t.loginEnd = loginEnd
	t.vaultStart = append([]byte(dv), vaultStart...)
	return t, nil
}

// appendRecord appends record n. It formats with strconv rather than fmt:
// a reader of a 1 GB stream formats some 1.5 million records, and must
// stay well ahead of the decoders it feeds.
func (t *UnixTemplate) appendRecord(b []byte, n int) []byte {
	b = append(b, t.pID...) // from <AUTH_UNIX> to the ID's text
	b = strconv.AppendInt(b, int64(2376623+n), 10)
	b = append(b, t.pTitle...)
	switch {
	case n%11 == 10:
		b = append(b, "Serveur de données n°"...)
	case n%7 == 6:
		b = append(b, "Checkpoint fw & co #"...)
	default:
		b = append(b, "My Record "...)
	}
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, t.pUser...)
	if n%4 == 0 {
		b = append(b, "root"...)
	} else {
		b = append(b, "svc_"...)
		b = append2(b, n%50)
	}
	b = append(b, t.pIP...)
	b = append(b, "10."...)
	b = strconv.AppendInt(b, int64((n>>16)&255), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64((n>>8)&255), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(n&255), 10)
	b = append(b, t.pIPEnd...)
	if n%4 == 1 {
		b = append(b, "                    <IP_RANGE>10.200."...)
		b = strconv.AppendInt(b, int64(n&255), 10)
		b = append(b, ".1-10.200."...)
		b = strconv.AppendInt(b, int64(n&255), 10)
		b = append(b, ".254</IP_RANGE>\n"...)
	}
	b = append(b, t.pAfterIP...)
	if n%3 == 0 {
		b = append(b, "<![CDATA[basic]]>"...)
		b = append(b, t.loginEnd...)
	} else {
		b = append(b, "<![CDATA[vault]]>"...)
		b = append(b, t.loginEnd...)
		b = append(b, t.vaultStart...)
		b = strconv.AppendInt(b, int64(1741212+n%1000), 10)
		b = append(b, t.pVaultRest...)
	}
	b = append(b, "                <CREATED>\n"...)
	b = append(b, t.pCreated...)
	b = appendDate(b, "2020-", 1+n%12, 1+n%28, n%24, n%60, (n/60)%60)
	b = append(b, t.pModified...)
	b = appendDate(b, "2021-", 1+n%12, 1+n%28, n%24, (n/60)%60, n%60)
	b = append(b, t.pEnd...)
	if n%5 == 4 {
		b = append(b, "                <COMMENTS>rotated by ops &amp; audit &lt;weekly&gt; ("...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ")</COMMENTS>\n"...)
	}
	return append(b, "            </AUTH_UNIX>\n"...)
}

// appendDate appends year (such as "2020-") and the rest of a Qualys
// date-time, YYYY-MM-DDTHH:MM:SSZ.
func appendDate(b []byte, year string, month, day, hour, minute, second int) []byte {
	b = append(b, year...)
	b = append2(b, month)
	b = append(b, '-')
	b = append2(b, day)
	b = append(b, 'T')
	b = append2(b, hour)
	b = append(b, ':')
	b = append2(b, minute)
	b = append(b, ':')
	b = append2(b, second)
	return append(b, 'Z')
}

// append2 appends v, 0 <= v < 100, as two digits.
func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// generator produces the document in pieces: the prolog, each record, the
// tail. Records are added while the document so far (prolog included) is
// shorter than size, and there is always at least one, because the DTD
// requires it (AUTH_UNIX_LIST is AUTH_UNIX+): so the document is at least
// size bytes, and at most size plus one record and the tail.
type generator struct {
	t       *UnixTemplate
	size    int64
	n       int   // records produced
	written int64 // bytes produced
	stage   uint8 // 0: prolog next, 1: records, 2: tail next, 3: done
	buf     []byte
}

// next returns the next piece, or nil at the end. The piece is valid until
// the next call and must not be modified.
func (g *generator) next() []byte {
	var p []byte
	switch g.stage {
	case 0:
		g.stage = 1
		p = g.t.prolog
	case 1:
		if g.n == 0 || g.written < g.size {
			g.buf = g.t.appendRecord(g.buf[:0], g.n)
			g.n++
			p = g.buf
			break
		}
		g.stage = 3
		p = g.t.tail
	default:
		return nil
	}
	g.written += int64(len(p))
	return p
}

// Document returns the whole document of at least size bytes: the sample's
// prolog, as many records as it takes (at least one), and the sample's tail.
func (t *UnixTemplate) Document(size int64) []byte {
	g := &generator{t: t, size: size}
	var b bytes.Buffer
	// One record is under 1 KiB; the tail is a few lines.
	b.Grow(int(max(size, 0)) + 4<<10)
	for p := g.next(); p != nil; p = g.next() {
		b.Write(p)
	}
	return b.Bytes()
}

// Measure returns the number of records and the length of Document(size),
// without keeping the document.
func (t *UnixTemplate) Measure(size int64) (records int, length int64) {
	g := &generator{t: t, size: size}
	for g.next() != nil {
	}
	return g.n, g.written
}

// NewReader returns a reader of the bytes of Document(size), which formats
// one record at a time into a buffer it reuses: its memory does not depend
// on size.
func (t *UnixTemplate) NewReader(size int64) io.Reader {
	return &reader{g: generator{t: t, size: size}}
}

type reader struct {
	g       generator
	pending []byte // the rest of the current piece
}

// Read fills p as far as the document goes, so that a caller's large
// buffer is not handed back one ~700-byte record at a time.
func (r *reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.pending) == 0 {
			r.pending = r.g.next()
			if r.pending == nil {
				if n == 0 {
					return 0, io.EOF
				}
				break
			}
		}
		c := copy(p[n:], r.pending)
		r.pending = r.pending[c:]
		n += c
	}
	return n, nil
}
