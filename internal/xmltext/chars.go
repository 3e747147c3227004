// Package xmltext holds what the XML readers of qgen (dtdparse, xmlvalid)
// share: the character classes of XML 1.0 (fifth edition, as libxml2 and
// encoding/xml read them) and the decoding of input bytes to UTF-8.
package xmltext

// Character classes of XML 1.0 (fifth edition), the edition libxml2 and
// encoding/xml follow.

// IsChar reports whether r matches the Char production [2].
func IsChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// IsSpace reports whether b is one of the four S [3] characters.
func IsSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// IsNameStartChar reports whether r matches NameStartChar [4].
func IsNameStartChar(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == ':'
	}
	switch {
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

// IsNameChar reports whether r matches NameChar [4a].
func IsNameChar(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '_' || r == ':' || r == '-' || r == '.'
	}
	return IsNameStartChar(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// IsName reports whether s matches the Name production [5].
func IsName(s string) bool {
	for i, r := range s {
		if i == 0 && !IsNameStartChar(r) || !IsNameChar(r) {
			return false
		}
	}
	return s != ""
}

// IsPubidChar reports whether r matches PubidChar [13].
func IsPubidChar(r rune) bool {
	if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
		return true
	}
	switch r {
	case ' ', '\r', '\n', '-', '\'', '(', ')', '+', ',', '.', '/', ':', '=', '?', ';', '!', '*', '#', '@', '$', '_', '%':
		return true
	}
	return false
}

// IsNmtoken reports whether s matches Nmtoken [7].
func IsNmtoken(s string) bool {
	for _, r := range s {
		if !IsNameChar(r) {
			return false
		}
	}
	return s != ""
}
