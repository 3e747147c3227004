package changelog

import (
	"fmt"

	"github.com/qgen-project/qgen/spec"
	"github.com/qgen-project/qgen/templates"
)

// Check enums: the values of an enum parameter in both specs. A removed value
// is breaking (its Go constant is gone and Validate() rejects it); a new value
// is compatible (a new constant).
var enumsCheck = &check{name: "enums", run: func(c *context, oe, ne *spec.Endpoint) []*Change {
	var out []*Change
	for _, np := range ne.Params {
		op := oe.Param(np.Name)
		if op == nil || op.Kind != spec.Enum || np.Kind != spec.Enum {
			continue
		}
		for _, v := range np.Values {
			if !contains(op.Values, v) {
				out = append(out, &Change{
					Kind: "enum-value-added", Subject: np.Name + "=" + v,
					Text: fmt.Sprintf("parameter %s: new value %s", code(np.Name), code(v)),
					Why:  fmt.Sprintf("widened; a new constant %s", code(templates.EnumConst(ne, np, v))),
				})
			}
		}
		for _, v := range op.Values {
			if !contains(np.Values, v) {
				out = append(out, &Change{
					Kind: "enum-value-removed", Subject: np.Name + "=" + v, Breaking: true,
					Text: fmt.Sprintf("parameter %s: value %s removed", code(np.Name), code(v)),
					Why:  fmt.Sprintf("narrowed: the constant %s is gone and Validate() rejects the value", code(templates.EnumConst(oe, op, v))),
				})
			}
		}
	}
	return out
}}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
