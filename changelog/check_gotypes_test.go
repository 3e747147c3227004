package changelog

import "testing"

func TestCheckGoTypes(t *testing.T) {
	r := comparePair(t, "gotypes")
	expect(t, r, "gotypes",
		"thing: go-field-renamed ip_addr breaking",
		"thing: go-field-renamed kind breaking",
		"thing: go-type-renamed Response breaking",
		"thing: go-field-type-changed Thing.Port breaking",
		"thing: go-type-renamed Vault breaking",
	)
	// thing_list_output.dtd is the same file: the DTD did not change, the
	// Go code did (a new DTD elsewhere, dtd/types.yaml, go_name).
	if e := endpoint(t, r, "thing"); e.Status != StatusUpdated || e.DTD != DTDNo {
		t.Errorf("thing: %s, DTD %s; want Updated, No", e.Status, e.DTD)
	}
	want := "code that names `Vault` no longer compiles; element `VAULT` has 2 different structures across the spec's DTDs, 1 before, and qgen names the type of each after a DTD when there are several"
	if w := why(t, r, "gotypes", "go-type-renamed", "Vault"); w != want {
		t.Errorf("why: %s", w)
	}
	if w := why(t, r, "gotypes", "go-field-renamed", "kind"); w != "code that sets `Kind` no longer compiles; its enum type `ThingKind` is now `ThingSort`" {
		t.Errorf("why: %s", w)
	}
	expect(t, r, "elements")
}
