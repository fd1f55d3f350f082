quiz --tree tests/data/golden-bike2.yaml --clinic tests/data/golden-bike-clinic.yaml
