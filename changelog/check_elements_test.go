package changelog

import "testing"

func TestCheckElements(t *testing.T) {
	r := comparePair(t, "elements")
	const dtd = "thing_list_output.dtd "
	expect(t, r, "elements",
		"thing: element-model-changed "+dtd+"RESPONSE compatible",
		"thing: element-occurrence-changed "+dtd+"THING_LIST/THING compatible",
		"thing: element-added "+dtd+"THING/NEW_OPT compatible",
		"thing: element-added "+dtd+"THING/NEW_REQ compatible",
		"thing: element-removed "+dtd+"THING/OLD_FIELD breaking",
		"thing: element-occurrence-changed "+dtd+"THING/TAG breaking",
		"thing: element-occurrence-changed "+dtd+"THING/NOTE breaking",
		"thing: element-occurrence-changed "+dtd+"THING/HOST breaking",
		"thing: attribute-changed "+dtd+"THING@kind compatible",
		"thing: attribute-added "+dtd+"THING@added compatible",
		"thing: attribute-changed "+dtd+"THING@state compatible",
		"thing: attribute-removed "+dtd+"THING@gone breaking",
		"thing: element-form-changed "+dtd+"NAME breaking",
		"thing: element-declared "+dtd+"ORPHAN compatible",
	)
	if e := endpoint(t, r, "thing"); e.DTD != DTDYes || len(e.DTDFiles) != 1 || e.DTDFiles[0] != "thing_list_output.dtd" {
		t.Errorf("thing: DTD %s %v, want Yes [thing_list_output.dtd]", e.DTD, e.DTDFiles)
	}
	// other_list_output.dtd differs in comments and white space only.
	if len(r.Unchanged) != 1 || r.Unchanged[0] != "other" {
		t.Errorf("unchanged: %v, want [other]", r.Unchanged)
	}
	for _, c := range []struct{ kind, subject, want string }{
		{"element-occurrence-changed", dtd + "THING/TAG", "the field `Thing.Tag` changes from `*string` to `[]string`"},
		{"element-occurrence-changed", dtd + "THING_LIST/THING", "the field `ThingList.Thing []Thing` keeps its Go type"},
		{"element-added", dtd + "THING/NEW_REQ", "a new field `Thing.NewReq string`"},
		{"element-form-changed", dtd + "NAME", "its Go form changes from `string` to the struct `Name`: the field `Thing.Name` changes from `string` to `Name`"},
	} {
		if w := why(t, r, "elements", c.kind, c.subject); w != c.want {
			t.Errorf("%s %s: why %q, want %q", c.kind, c.subject, w, c.want)
		}
	}
	// The Go types follow the DTD: the elements check explains them, the
	// gotypes check does not repeat them.
	expect(t, r, "gotypes")
}
