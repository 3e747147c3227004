module github.com/qgen-project/qgen

go 1.23

require github.com/alecthomas/participle/v2 v2.1.4

require (
	github.com/aymanbagabas/go-udiff v0.3.1
	github.com/dave/jennifer v1.7.1
	github.com/goccy/go-yaml v1.19.2
	github.com/google/go-cmp v0.7.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
)

require golang.org/x/text v0.14.0 // indirect
