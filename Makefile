VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/storywatch/storywatch.AppVersion=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build test lint bench install clean

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o bin/storywatch ./cmd/storywatch

test:
	go vet ./...
	go test -race -count=1 ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	go run $(STATICCHECK) ./...

bench: build
	go run ./bench $(BENCHFLAGS)

install: build
	install -D -m 0755 bin/storywatch $(DESTDIR)/usr/local/bin/storywatch

clean:
	rm -rf bin
