paths --tree tests/data/golden-bike.yaml --walks --boundaries
