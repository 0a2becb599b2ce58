package api

// Exported for the tests of package api_test: a test that leaves a claim in flight, as a
// crashed process would, needs the request's hash.
var RequestHash = requestHash
