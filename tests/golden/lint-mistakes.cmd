lint tests/data/golden-mistakes.yaml
