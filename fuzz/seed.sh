#!/bin/sh
# Seeds each target's corpus with the project's own inputs. Run from fuzz/.
set -e
mkdir -p corpus/text_reader corpus/parser corpus/docx_reader corpus/rule_file
cp ../fixtures/plans/*.txt ../examples/*.txt ../fixtures/bad/*.txt corpus/text_reader/
cp ../fixtures/plans/*.txt ../examples/*.txt corpus/parser/
cp ../fixtures/docx/*.docx ../fixtures/bad/*.docx corpus/docx_reader/
find ../fixtures/rules -name '*.docx' -exec cp {} corpus/docx_reader/ \;
find ../fixtures/rules -name '*.txt' | head -n 200 | while read -r f; do
    cp "$f" "corpus/text_reader/$(echo "$f" | tr / _)"
done
find ../rules -name '*.toml' -exec cp {} corpus/rule_file/ \;
