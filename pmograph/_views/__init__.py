"""Views: networkx graphs of the whole organisation and of the catalog, built from SELECTs."""
