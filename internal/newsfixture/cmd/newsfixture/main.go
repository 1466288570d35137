// Command newsfixture serves the fixture news site on an address, for the
// end-to-end CLI tests and the demo. Versions are switched through the
// control endpoint: POST /_control/story?path=/news/x&version=2.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/storywatch/storywatch/internal/newsfixture"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	robots := flag.String("robots", "allow", "robots.txt mode: allow, disallow, partial, 5xx, huge, missing")
	addrFile := flag.String("addr-file", "", "write the base URL to this file once listening")
	flag.Parse()
	if err := run(*addr, *robots, *addrFile); err != nil {
		fmt.Fprintln(os.Stderr, "newsfixture:", err)
		os.Exit(1)
	}
}

func run(addr, robots, addrFile string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	site := newsfixture.NewSite(newsfixture.Options{})
	site.SetRobots(newsfixture.RobotsMode(robots))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	base := "http://" + ln.Addr().String()
	fmt.Println(base)
	if addrFile != "" {
		if err := os.WriteFile(addrFile, []byte(base+"\n"), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", addrFile, err)
		}
	}
	srv := &http.Server{Handler: site.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	slog.Info("serving fixture site", "url", base)
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
