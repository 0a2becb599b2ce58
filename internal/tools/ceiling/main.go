// Command ceiling is the baseline of OpenCity's load tests (bench/load.sh): the cheapest
// Echo server that can answer like the API, one handler writing a fixed, pre-encoded body.
// Whatever the API does beyond this — middleware, queries, encoding — is its cost above the
// ceiling of this machine.
//
//	ceiling --addr 127.0.0.1:18090 --body page.json
//
// serves GET /bench/ceiling with the bytes of page.json (say, a saved 50-row list page) as
// application/json, behind the same net/http server settings as opencity. It is a tool of its
// own so that the product binary has no benchmark-only route.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:18090", "address to listen on")
	bodyFile := fs.String("body", "", "file whose bytes every response carries (required)")
	contentType := fs.String("content-type", echo.MIMEApplicationJSON, "Content-Type of the responses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bodyFile == "" {
		return errors.New("--body is required")
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/bench/ceiling", func(c echo.Context) error {
		return c.Blob(http.StatusOK, *contentType, body)
	})
	// The same server settings as opencity's main.go.
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ceiling: serving %d bytes at http://%s/bench/ceiling\n", len(body), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
