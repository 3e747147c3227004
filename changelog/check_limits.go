package changelog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qgen-project/qgen/spec"
)

// Check limits: max_length, min_length, min, max, charset and forbidden
// characters of a parameter in both specs (of the same type; a type change
// is the params check's). A narrowed limit is breaking: values valid before
// now fail Validate(). A widened one is compatible.
var limitsCheck = &check{name: "limits", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	for _, np := range ne.Params {
		op := oe.Param(np.Name)
		if op == nil || op.Kind != np.Kind {
			continue
		}
		lim := func(kind, what, was, now string, narrowed bool, example string) {
			ch := &Change{Kind: kind, Subject: np.Name, Breaking: narrowed,
				Text: fmt.Sprintf("parameter %s: %s %s, was %s", code(np.Name), what, now, was)}
			if narrowed {
				ch.Why = "narrowed: " + example + " valid before now fail Validate()"
			} else {
				ch.Why = "widened, every value valid before still is"
			}
			out = append(out, ch)
		}
		if op.MaxLength != np.MaxLength {
			narrowed := np.MaxLength > 0 && (op.MaxLength == 0 || np.MaxLength < op.MaxLength)
			ex := fmt.Sprintf("values longer than %d characters", np.MaxLength)
			lim("max-length-changed", "max_length", limitText(op.MaxLength > 0, op.MaxLength), limitText(np.MaxLength > 0, np.MaxLength), narrowed, ex)
		}
		if op.MinLength != np.MinLength {
			narrowed := np.MinLength > op.MinLength
			ex := fmt.Sprintf("values shorter than %d characters", np.MinLength)
			lim("min-length-changed", "min_length", limitText(op.MinLength > 0, op.MinLength), limitText(np.MinLength > 0, np.MinLength), narrowed, ex)
		}
		if op.HasMin != np.HasMin || op.Min != np.Min {
			narrowed := np.HasMin && (!op.HasMin || np.Min > op.Min)
			ex := fmt.Sprintf("values below %d", np.Min)
			lim("min-changed", "min", limitText(op.HasMin, op.Min), limitText(np.HasMin, np.Min), narrowed, ex)
		}
		if op.HasMax != np.HasMax || op.Max != np.Max {
			narrowed := np.HasMax && (!op.HasMax || np.Max < op.Max)
			ex := fmt.Sprintf("values above %d", np.Max)
			lim("max-changed", "max", limitText(op.HasMax, op.Max), limitText(np.HasMax, np.Max), narrowed, ex)
		}
		if op.Charset != np.Charset {
			narrowed := charsetRank(np.Charset) > charsetRank(op.Charset)
			ex := "values with characters outside " + np.Charset
			lim("charset-changed", "charset", orAny(op.Charset), orAny(np.Charset), narrowed, ex)
		}
		if op.Forbidden != np.Forbidden {
			added := missingRunes(np.Forbidden, op.Forbidden)
			ex := "values with " + strconv.Quote(added)
			lim("forbidden-changed", "forbidden characters", quoteOrNone(op.Forbidden), quoteOrNone(np.Forbidden), added != "", ex)
		}
	}
	return out
}}

func limitText(has bool, n int) string {
	if !has {
		return "none"
	}
	return strconv.Itoa(n)
}

// charsetRank orders the charsets from the widest: any, no_multibyte
// (every character below U+0080), ascii (printable ASCII only).
func charsetRank(cs string) int {
	switch cs {
	case "no_multibyte":
		return 1
	case "ascii":
		return 2
	}
	return 0
}

func orAny(cs string) string {
	if cs == "" {
		return "any"
	}
	return cs
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return strconv.Quote(s)
}

// missingRunes returns the characters of s that are not in from, in order.
func missingRunes(s, from string) string {
	var b strings.Builder
	for _, r := range s {
		if !strings.ContainsRune(from, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
