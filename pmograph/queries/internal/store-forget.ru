# Remove one bookkeeping fact from a server's meta graph.
DELETE { GRAPH ?meta { ?store ?property ?value } }
WHERE { GRAPH ?meta { ?store ?property ?value } }
