module github.com/qgen-project/qgen

go 1.23

require github.com/alecthomas/participle/v2 v2.1.4

require github.com/google/go-cmp v0.7.0

require github.com/goccy/go-yaml v1.19.2 // indirect
