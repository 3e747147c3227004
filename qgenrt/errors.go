package qgenrt

import (
	"strconv"
)

// DecodeError is an answer that is not the well-formed XML Do expects:
// truncated, malformed, with text or elements after the root element, or
// with a value its Go type refuses (a date, an ID set). Do then leaves its
// out as it was: a partly decoded result is never returned.
type DecodeError struct {
	StatusCode int    // HTTP status of the answer
	Endpoint   string // of the call
	Action     string
	Root       string // the answer's root element; "" when the prolog failed
	// Offset is the byte offset, from 0, where the decoder stopped in the
	// answer (after echoed secrets were redacted, see Do); Line and Column
	// (from 1) are the same place. Offset is -1 when unknown.
	Offset       int64
	Line, Column int
	Err          error // what the XML decoder or the value's type reported
}

// Error is "qualys ENDPOINT ACTION: malformed ROOT answer at line L, column
// C (byte O): ERR", with "XML" for ROOT when the root element is unknown.
func (e *DecodeError) Error() string {
	what := e.Root
	if what == "" {
		what = "XML"
	}
	s := "qualys " + e.Endpoint + " " + e.Action + ": malformed " + what + " answer"
	if e.Offset >= 0 {
		s += " at line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) +
			" (byte " + strconv.FormatInt(e.Offset, 10) + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// BodyTooLargeError is an answer longer than the client's MaxBodySize.
// Only Limit+1 bytes of it were read, and none of it is returned.
type BodyTooLargeError struct {
	StatusCode int
	Limit      int64 // MaxBodySize
	Length     int64 // the answer's Content-Length; -1 when it gave none
	Endpoint   string
	Action     string
}

// Error is "qualys ENDPOINT ACTION: answer larger than the MaxBodySize of N bytes".
func (e *BodyTooLargeError) Error() string {
	s := "qualys " + e.Endpoint + " " + e.Action + ": answer larger than the MaxBodySize of " +
		strconv.FormatInt(e.Limit, 10) + " bytes"
	if e.Length >= 0 {
		s += " (Content-Length " + strconv.FormatInt(e.Length, 10) + ")"
	}
	return s
}
