package changelog

import "testing"

func TestCheckEndpoints(t *testing.T) {
	r := comparePair(t, "endpoints")
	expect(t, r, "endpoints",
		"new: endpoint-added /api/2.0/fo/new/ compatible",
		"old: endpoint-removed /api/2.0/fo/old/ breaking",
	)
	if e := endpoint(t, r, "new"); e.Status != StatusNew || e.DTD != DTDNew || len(e.DTDFiles) != 1 || e.DTDFiles[0] != "new_list_output.dtd" {
		t.Errorf("new: %s, DTD %s %v; want New, New [new_list_output.dtd] (simple_return.dtd is not new)", e.Status, e.DTD, e.DTDFiles)
	}
	if e := endpoint(t, r, "old"); e.Status != StatusRemoved || e.DTD != DTDRemoved || len(e.DTDFiles) != 1 || e.DTDFiles[0] != "old_list_output.dtd" {
		t.Errorf("old: %s, DTD %s %v; want Removed, Removed [old_list_output.dtd]", e.Status, e.DTD, e.DTDFiles)
	}
	if len(r.Unchanged) != 1 || r.Unchanged[0] != "thing" {
		t.Errorf("unchanged: %v, want [thing]", r.Unchanged)
	}
	if r.Breaking != 1 || r.Compatible != 1 || !r.HasBreaking() {
		t.Errorf("%d breaking, %d compatible; want 1 and 1", r.Breaking, r.Compatible)
	}
}

// TestIdentical compares a spec with itself: no change at all.
func TestIdentical(t *testing.T) {
	m := load(t, "testdata/rules/after", "after")
	r := Compare(m, load(t, "testdata/rules/after", "after"), "a", "b")
	if len(r.Endpoints) != 0 || r.Breaking+r.Compatible != 0 || len(r.Unchanged) != 1 {
		t.Errorf("a spec against itself:\n%s", r.Markdown())
	}
	if got, want := r.Markdown(), "# API changes: `a` → `b`\n\nNo changes.\n"; got != want {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, want)
	}
}
