package main

import (
	"context"
	"fmt"

	"github.com/qgen-project/qgen/gen"
	"github.com/qgen-project/qgen/internal/benchdata"
	"github.com/qgen-project/qgen/qgenrt"
)

// viaDecoder reads the generator's stream with the generated decoder
// alone, record by record (StreamAuthUnix).
func viaDecoder(ctx context.Context, size int64, _ ...qgenrt.Option) (result, error) {
	r, err := benchdata.NewUnixListReader(size)
	if err != nil {
		return result{}, err
	}
	cr := &countingReader{r: r}
	var out gen.AuthUnixListOutput
	var res result
	for rec, err := range out.StreamAuthUnix(qgenrt.NewDecoder(cr)) {
		if err != nil {
			res.bytes = cr.n
			return res, err
		}
		if rec.ID == 0 {
			return res, fmt.Errorf("record %d has no ID", res.records)
		}
		res.records++
		if res.records%65536 == 0 && ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
	res.bytes = cr.n
	return res, nil
}
