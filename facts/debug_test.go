package facts

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var debugArticle = flag.String("article", "", "print the facts of one corpus article (dev/NAME or heldout/NAME)")

func TestDebugArticle(t *testing.T) {
	if *debugArticle == "" {
		t.Skip("set -article")
	}
	var a article
	if strings.HasPrefix(*debugArticle, "compare/") {
		// compare/STORY/vN: one version of a compare story.
		a.version = loadVersion(t, filepath.Join("testdata", *debugArticle+".txt"), 1)
	} else {
		b, err := os.ReadFile(filepath.Join("testdata", *debugArticle+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		a, err = parseArticle(*debugArticle, string(b))
		if err != nil {
			t.Fatal(err)
		}
	}
	d := newDoc(a.version)
	for _, e := range d.entities() {
		t.Logf("entity %q noun=%s n=%d k=%v perp=%v susp=%v vict=%v off=%v wit=%v spk=%v rel=%v sum=%v", e.name, e.noun, e.count, e.k.list(), e.perp, e.suspect, e.victim, e.official, e.witness, e.speaker, e.relative, e.summary)
	}
	out, _ := json.MarshalIndent(Extract(a.version), "", " ")
	t.Log(string(out))
}
