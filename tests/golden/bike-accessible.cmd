quiz --tree tests/data/golden-bike.yaml --clinic tests/data/golden-bike-clinic.yaml
