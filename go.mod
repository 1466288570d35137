module github.com/storywatch/storywatch

go 1.26
