lint tests/data/e2e-invalid.yaml tests/data/golden-bike.yaml
