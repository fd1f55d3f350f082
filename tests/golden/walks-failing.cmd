test --tree tests/data/golden-bike.yaml tests/data/walks-bike.yaml tests/data/walks-bike-failing.yaml
