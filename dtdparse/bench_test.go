package dtdparse_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/qgen-project/qgen/dtdparse"
)

// benchDTD builds a Qualys-style DTD of about size bytes: list outputs of
// records with vaults, attributes, comments and a few parameter entities.
func benchDTD(size int) []byte {
	var b strings.Builder
	b.WriteString("<!-- QUALYS BENCH_LIST_OUTPUT DTD -->\n<!ENTITY % idset \"(ID|ID_RANGE)+\">\n")
	b.WriteString("<!ELEMENT ID (#PCDATA)>\n<!ELEMENT ID_RANGE (#PCDATA)>\n<!ELEMENT ID_SET %idset;>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<!-- record type %d -->\n", i)
		fmt.Fprintf(&b, "<!ELEMENT AUTH_%d_LIST (AUTH_%d+)>\n", i, i)
		fmt.Fprintf(&b, "<!ELEMENT AUTH_%d (ID, TITLE_%d, USERNAME_%d?, (IP_%d|IP_RANGE_%d)*, LOGIN_TYPE_%d?,\n  DIGITAL_VAULT_%d?, CREATED_%d, COMMENTS_%d?)>\n", i, i, i, i, i, i, i, i, i)
		for _, leaf := range []string{"TITLE", "USERNAME", "IP", "IP_RANGE", "LOGIN_TYPE", "COMMENTS", "VAULT_ID", "VAULT_TYPE"} {
			fmt.Fprintf(&b, "<!ELEMENT %s_%d (#PCDATA)>\n", leaf, i)
		}
		fmt.Fprintf(&b, "<!ELEMENT DIGITAL_VAULT_%d (VAULT_ID_%d, VAULT_TYPE_%d, ID_SET?)>\n", i, i, i)
		fmt.Fprintf(&b, "<!ATTLIST DIGITAL_VAULT_%d type (basic|vault) \"basic\" id ID #IMPLIED>\n", i)
		fmt.Fprintf(&b, "<!ELEMENT CREATED_%d (#PCDATA | ID)*>\n", i)
	}
	return []byte(b.String())
}

// BenchmarkParse parses a ~1 MB DTD. Compare with
// xmllint --noout --dtdvalid on the same file: make bench-dtd writes it.
func BenchmarkParse(b *testing.B) {
	src := benchDTD(1 << 20)
	if path := os.Getenv("QGEN_WRITE_BENCH_DTD"); path != "" {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := dtdparse.Parse("bench.dtd", src); err != nil {
			b.Fatal(err)
		}
	}
}
