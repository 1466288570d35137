package storywatch_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/storywatch/storywatch"

// TestDependencyRule enforces the layering of design.md: the root package
// is standard library only; diff and facts are pure; the I/O packages never
// import store, config or each other; only cmd wires concrete parts.
func TestDependencyRule(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkgs[f[0]] = f[1:]
	}
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	rel := func(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, module), "/") }
	peers := []string{"scraper", "tracker", "schedule", "alert", "report", "web"}
	ioPkgs := []string{"net", "net/http", "os", "os/exec", "database/sql", "io/fs", "syscall"}
	for pkg, imports := range pkgs {
		name := rel(pkg)
		top, _, _ := strings.Cut(name, "/")
		for _, imp := range imports {
			internal := strings.HasPrefix(imp, module)
			target := rel(imp)
			targetTop, _, _ := strings.Cut(target, "/")
			switch {
			case name == "":
				if strings.Contains(strings.Split(imp, "/")[0], ".") {
					t.Errorf("root package imports %s: it must use the standard library only", imp)
				}
			case (top == "diff" || top == "facts") && (slices.Contains(ioPkgs, imp) || (internal && target != "" && targetTop != "diff" && targetTop != "facts" && !strings.HasPrefix(target, "internal/"))):
				t.Errorf("%s is pure but imports %s", name, imp)
			case internal && targetTop == "cmd":
				t.Errorf("%s imports %s: nothing imports cmd", name, imp)
			case internal && top != "cmd" && (targetTop == "config"):
				t.Errorf("%s imports config: only cmd/storywatch does", name)
			case internal && slices.Contains(peers, top) && (targetTop == "store" || (slices.Contains(peers, targetTop) && targetTop != top)):
				t.Errorf("%s imports %s: declare the narrow interface it needs instead", name, target)
			}
		}
	}
}
