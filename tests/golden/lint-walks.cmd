lint tests/data/walks-bike.yaml tests/data/walks-bike-mistakes.yaml
