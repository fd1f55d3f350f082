test --tree tests/data/golden-bike.yaml tests/data/walks-bike-mistakes.yaml
