package changelog

import "testing"

func TestCheckEnums(t *testing.T) {
	r := comparePair(t, "enums")
	// order only changed the order of its values: no change.
	expect(t, r, "enums",
		"thing: enum-value-added kind=Thycotic Secret Server compatible",
		"thing: enum-value-removed kind=legacy breaking",
	)
	if w := why(t, r, "enums", "enum-value-removed", "kind=legacy"); w != "narrowed: the constant `ThingKindLegacy` is gone and Validate() rejects the value" {
		t.Errorf("why: %s", w)
	}
}
