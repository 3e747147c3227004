package templates

import (
	"fmt"

	"github.com/qgen-project/qgen/spec"
)

// The Go names and types the emitters give to the spec, for tools that
// reason about the generated API without generating it (qgen changelog).

// RequestName is the Go type of an action's request.
func RequestName(e *spec.Endpoint, a *spec.Action) string { return requestName(e, a) }

// EnumName is the Go type of an enum parameter.
func EnumName(e *spec.Endpoint, p *spec.Param) string { return enumName(e, p) }

// EnumConst is the Go constant of one value of an enum parameter.
func EnumConst(e *spec.Endpoint, p *spec.Param, value string) string {
	return enumName(e, p) + goIdent(value)
}

// ParamGoType is the Go type of a request field, such as *int64 or
// qgenrt.IDSet.
func ParamGoType(e *spec.Endpoint, p *spec.Param, required bool) string {
	return fmt.Sprintf("%#v", paramType(e, &spec.ActionParam{Param: p, Required: required}))
}

// FieldGoType is the Go type of a response field, such as *string or
// []AuthGreenplum.
func FieldGoType(f *spec.Field) string { return fmt.Sprintf("%#v", fieldType(f)) }
