package dtdparse

import "github.com/qgen-project/qgen/diag"

// Diagnostic is one problem found in a DTD (see package diag).
type Diagnostic = diag.Diagnostic

// ErrorList holds every error found in a file, in file order.
type ErrorList = diag.ErrorList

// Severity ranks a diagnostic.
type Severity = diag.Severity

// Severities, re-exported for convenience.
const (
	Info    = diag.Info
	Warning = diag.Warning
	Error   = diag.Error
)
