# Remove an old catalog version from a server: its triples in the data graph, and its record.
DELETE { GRAPH ?data { ?s ?p ?o } GRAPH ?record { ?s ?p ?o } }
WHERE { GRAPH ?record { ?s ?p ?o } }
