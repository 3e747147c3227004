package qgenrt

import (
	"fmt"
	"strings"
	"time"
)

// DateTimeLayout is the Qualys date-time form, as in 2020-03-12T21:37:52Z:
// RFC 3339 in UTC, whole seconds. Forms send times in it.
const DateTimeLayout = "2006-01-02T15:04:05Z"

// DateTime is a Qualys date-time in response element text or an attribute.
// Its zero value is an absent or empty date-time.
type DateTime struct{ time.Time }

// UnmarshalText parses RFC 3339 text such as 2020-03-12T21:37:52Z (other
// offsets and fractional seconds are accepted too), ignoring surrounding
// white space. Empty text is the zero time, without error.
func (t *DateTime) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("qgenrt: date-time %q is not RFC 3339 such as 2020-03-12T21:37:52Z", s)
	}
	t.Time = v
	return nil
}

// MarshalText writes the time in UTC in DateTimeLayout (fractions of a
// second are dropped) and the zero time as empty text.
func (t DateTime) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	return []byte(t.UTC().Format(DateTimeLayout)), nil
}

// Equal reports whether t and u are the same instant. It shadows
// time.Time.Equal (use t.Time.Equal for a time.Time) so that go-cmp and
// similar tools can compare values holding a DateTime.
func (t DateTime) Equal(u DateTime) bool { return t.Time.Equal(u.Time) }
