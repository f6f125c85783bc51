// Command pitstop-ferretdb runs FerretDB (a MongoDB wire-protocol server) with its
// SQLite backend, embedded as a library. `go install` of FerretDB's own command panics
// at start (a generated version file is missing from the module), so the project keeps
// this launcher and builds it itself. It is the embedded default for development and
// tests; production points MONGODB_URI at a MongoDB replica set instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "", "directory for the SQLite database files (required)")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "pitstop-ferretdb: -data-dir is required")
		os.Exit(2)
	}
	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pitstop-ferretdb: %v\n", err)
		os.Exit(2)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fmt.Fprintf(os.Stderr, "pitstop-ferretdb: cannot create data dir: %v\n", err)
		os.Exit(2)
	}

	// Errors only: at lower levels FerretDB logs wire messages, whose bodies would
	// carry children's personal data into the log.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

	f, err := ferretdb.New(&ferretdb.Config{
		Logger:    logger,
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pitstop-ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Stop with the owner (npm start, the test run) even when it dies without a chance
	// to signal us, so a killed run never leaves a server holding the port.
	go func() {
		owner := os.Getppid()
		for range time.Tick(time.Second) {
			if os.Getppid() != owner {
				stop()
				return
			}
		}
	}()

	// The parent process (scripts/infra) waits for the port to answer; this line is
	// for people reading the output.
	fmt.Fprintf(os.Stderr, "pitstop-ferretdb: listening on %s, data in %s\n", *listen, abs)
	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "pitstop-ferretdb: %v\n", err)
		os.Exit(1)
	}
}
