lint --max-errors 3 tests/data/golden-mistakes.yaml
