lint tests/data/golden-tab.yaml tests/data/golden-colon.yaml
