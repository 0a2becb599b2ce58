// Package bench is OpenCity's benchmark kit: Go benchmarks of the store and the handlers on
// synthetic databases (go test -bench . ./bench), and the load script load.sh, which drives
// the real binary with wrk and compares it with the ceiling of the machine. BENCHMARKS.md at
// the top of the repository has the commands and the figures.
//
// The package has no code of its own; its tests and benchmarks are in *_test.go.
package bench
