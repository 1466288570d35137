// Package facts turns an article version into the facts whose changes
// storywatch tracks: casualty figures, the people of the event and claims of
// responsibility (design.md, "Facts JSON").
//
// It is rule based: a sentence splitter and tokenizer, the numwords number
// reader, cue tables for every figure kind and gazetteers of titles, person
// nouns and nationalities. Statistical NER was measured too slow for the
// tracker's budget and mislabels organisations as people, so every rule here
// is local to a sentence or to a short chain of references ("a man … the
// victim … he"), which keeps extraction linear in the article's length.
package facts
