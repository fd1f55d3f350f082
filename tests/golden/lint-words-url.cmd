lint tests/data/golden-words.yaml tests/data/golden-clinic-url.yaml
